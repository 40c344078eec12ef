import type { Types } from 'mongoose';
import { Confirmation } from '../../db/models/evidence.ts';
import { ProgressReport, Unit } from '../../db/models/index.ts';
import type { Translate } from '../../i18n.ts';
import { statsOf } from './citizens.ts';

export interface EvidenceSummary {
  reports: number;
  flagged: number;
  /** Units with at least one flagged report, most flagged first. */
  byUnit: { unitId: string; unit: string; flagged: number; reports: number }[];
  people: { count: number; models: number; rating: number | null };
}

/**
 * For /tonghop and the workbook (issue 13): reports whose evidence was flagged (a reused photo, a
 * capture date outside the period), counted per unit, and the people's confirmations.
 */
export async function evidenceSummary(req: {
  campaignId: Types.ObjectId | string;
  scopeUnitId: Types.ObjectId | string;
  periodKey?: string | null;
}): Promise<EvidenceSummary> {
  const match: Record<string, unknown> = { campaignId: req.campaignId, unitPath: req.scopeUnitId };
  if (req.periodKey) match.periodKey = req.periodKey;
  const reports = await ProgressReport.find(match, { unitId: 1, evidence: 1 }).lean();
  const per = new Map<string, { flagged: number; reports: number }>();
  let flagged = 0;
  for (const r of reports) {
    const k = String(r.unitId);
    const u = per.get(k) ?? { flagged: 0, reports: 0 };
    u.reports++;
    if (r.evidence.some((e) => (e.flags ?? []).length > 0)) {
      u.flagged++;
      flagged++;
    }
    per.set(k, u);
  }
  const ids = [...per].filter(([, v]) => v.flagged > 0).map(([k]) => k);
  const names = new Map(
    (await Unit.find({ _id: { $in: ids } }, { name: 1 }).lean()).map((u) => [String(u._id), u.name]),
  );
  const answers = await Confirmation.find(
    { campaignId: req.campaignId, unitPath: req.scopeUnitId },
    { initiativeId: 1, knows: 1, benefits: 1, rating: 1, comment: 1 },
  ).lean();
  const s = statsOf(answers);
  return {
    reports: reports.length,
    flagged,
    byUnit: ids
      .map((id) => ({ unitId: id, unit: names.get(id) ?? id, ...per.get(id)! }))
      .sort((a, b) => b.flagged - a.flagged || a.unit.localeCompare(b.unit, 'vi')),
    people: {
      count: s.count,
      models: new Set(answers.map((a) => String(a.initiativeId))).size,
      rating: s.rating,
    },
  };
}

export function formatEvidenceSummary(s: EvidenceSummary, t: Translate, esc: (x: string) => string): string {
  const nf = new Intl.NumberFormat('vi-VN');
  const lines = [t('ev-summary-title'), t('ev-summary-flagged', { count: s.flagged })];
  for (const u of s.byUnit.slice(0, 15))
    lines.push(t('ev-summary-unit', { unit: esc(u.unit), flagged: u.flagged, reports: u.reports }));
  lines.push(
    t('ev-summary-people', {
      count: s.people.count,
      models: s.people.models,
      rating: s.people.rating == null ? '—' : nf.format(s.people.rating),
    }),
  );
  return lines.join('\n');
}
