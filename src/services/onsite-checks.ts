import type { Types } from 'mongoose';
import { OnsiteDraw, OnsiteVisit } from '../db/models/evidence.ts';
import { Campaign, Initiative, ProgressReport, Unit, type UnitDoc } from '../db/models/index.ts';
import { can, type Principal, scopeRoots } from '../domain/permissions.ts';
import { drawOnsiteSample } from './evidence/onsite.ts';
import type { CampaignDoc } from './records.ts';

/**
 * What /kiemtra shows and what its visit form needs, read for the bot (issue 13, item 4): the
 * draws of the units in a person's scope, and a drawn report checked before anything is asked.
 */

export interface OnsiteUnitDraw {
  unitName: string;
  chosen: number;
  candidates: number;
  share: number;
  seed: string;
  reports: { reportId: string; code: string | null; title: string; done: boolean }[];
}

/** Units listed at most by /kiemtra. */
export const ONSITE_UNITS_SHOWN = 20;

/**
 * The draw of every unit in the person's `report.verify` scope that has reports for the period
 * (made the first time anyone asks, the same for everyone afterwards), by unit name.
 */
export async function onsiteOverview(
  principal: Principal,
  campaign: Pick<CampaignDoc, '_id' | 'onsiteShare'>,
  periodKey: string,
  now: Date,
): Promise<OnsiteUnitDraw[]> {
  const roots = scopeRoots(principal, 'report.verify');
  if (roots !== 'all' && roots.length === 0) return [];
  const match: Record<string, unknown> = { campaignId: campaign._id, periodKey };
  if (roots !== 'all') match.unitPath = { $in: roots };
  const unitIds = [
    ...new Set((await ProgressReport.find(match, { unitId: 1 }).lean()).map((r) => String(r.unitId))),
  ];
  if (!unitIds.length) return [];
  const units = (await Unit.find({ _id: { $in: unitIds } }).lean<UnitDoc[]>()).sort((a, b) =>
    a.name.localeCompare(b.name, 'vi'),
  );
  const out: OnsiteUnitDraw[] = [];
  for (const unit of units.slice(0, ONSITE_UNITS_SHOWN)) {
    const draw = await drawOnsiteSample(campaign, periodKey, unit, now);
    const reports = await ProgressReport.find({ _id: { $in: draw.chosen } }, { initiativeId: 1 }).lean();
    const models = new Map(
      (
        await Initiative.find(
          { _id: { $in: reports.map((r) => r.initiativeId as Types.ObjectId) } },
          { code: 1, title: 1 },
        ).lean()
      ).map((m) => [String(m._id), m]),
    );
    const items: OnsiteUnitDraw['reports'] = [];
    for (const r of reports) {
      const m = models.get(String(r.initiativeId));
      items.push({
        reportId: String(r._id),
        code: m?.code ?? null,
        title: m?.title ?? '',
        done: Boolean(await OnsiteVisit.exists({ _id: `visit:${String(r._id)}` })),
      });
    }
    out.push({
      unitName: unit.name,
      chosen: draw.chosen.length,
      candidates: draw.candidates.length,
      share: draw.share,
      seed: draw.seed,
      reports: items,
    });
  }
  return out;
}

export type OnsiteTarget =
  | { ok: false; reason: 'not-found' | 'not-allowed' | 'not-drawn' }
  | {
      ok: true;
      code: string;
      periodKey: string;
      initiative: { _id: string; campaignId: string; unitId: string; unitPath: string[] };
      settings: { evidenceTypes: string[]; evidenceMaxBytes: number };
      /** The campaign's first day: a visit cannot be earlier. */
      start: string;
    };

/**
 * A drawn report whose visit this person may record: checked (scope, the draw) before the form
 * asks anything. Plain data, for `conversation.external`.
 */
export async function onsiteTarget(principal: Principal, reportId: string): Promise<OnsiteTarget> {
  const report = /^[a-f0-9]{24}$/.test(reportId) ? await ProgressReport.findById(reportId).lean() : null;
  if (!report) return { ok: false, reason: 'not-found' };
  if (!can(principal, 'report.verify', { unitPath: report.unitPath.map(String) }))
    return { ok: false, reason: 'not-allowed' };
  const draw = await OnsiteDraw.findById(
    `onsite:${String(report.campaignId)}:${report.periodKey}:${String(report.unitId)}`,
    { chosen: 1 },
  ).lean();
  if (!draw?.chosen.includes(reportId)) return { ok: false, reason: 'not-drawn' };
  const ini = await Initiative.findById(report.initiativeId, { code: 1 }).lean();
  const campaign = await Campaign.findById(report.campaignId, {
    evidenceTypes: 1,
    evidenceMaxBytes: 1,
    start: 1,
  }).lean();
  return {
    ok: true,
    code: ini?.code ?? '',
    periodKey: report.periodKey,
    initiative: {
      _id: String(report.initiativeId),
      campaignId: String(report.campaignId),
      unitId: String(report.unitId),
      unitPath: report.unitPath.map(String),
    },
    settings: {
      evidenceTypes: [...(campaign?.evidenceTypes ?? [])],
      evidenceMaxBytes: campaign?.evidenceMaxBytes ?? 0,
    },
    start: campaign?.start ?? '2000-01-01',
  };
}
