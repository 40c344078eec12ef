import {
  EvidenceFile,
  type EvidenceFileDoc,
  OnsiteDraw,
  type OnsiteVisitDoc,
} from '../db/models/evidence.ts';
import { Initiative, ProgressReport, type ProgressReportDoc } from '../db/models/index.ts';
import type { Principal } from '../domain/permissions.ts';
import { evidenceRecord } from './evidence/archive.ts';
import { visitOf } from './evidence/onsite.ts';

/**
 * What the checks found about one report's evidence, as data for the review card (the bot
 * renders it, src/bot/features/evidence-card.ts): the archived files with their flags, the
 * earlier file of each reuse flag (with its model's code, and whether this reviewer may see it),
 * the model's pins of other periods, the on-site visit or draw.
 */
export interface EvidenceFindings {
  /** Archived files of the report, by id. */
  files: Map<string, EvidenceFileDoc>;
  /** The earlier file named by each reuse flag, by its id. */
  earlier: Map<string, { file: EvidenceFileDoc | null; modelCode: string | null; visible: boolean }>;
  /** Location pins of the model's reports of other periods (only read when the report has a pin). */
  pins: { lat: number; lon: number; periodKey: string }[];
  visit: OnsiteVisitDoc | null;
  /** Drawn for an on-site check (and not visited yet, or visited: see `visit`). */
  drawn: boolean;
}

/** The model code of an initiative, or null. */
async function codeOf(id: unknown): Promise<string | null> {
  const m = await Initiative.findById(id, { code: 1 }).lean<{ code: string }>();
  return m?.code ?? null;
}

export async function evidenceFindings(
  principal: Principal,
  report: Pick<
    ProgressReportDoc,
    '_id' | 'evidence' | 'initiativeId' | 'periodKey' | 'campaignId' | 'unitId'
  >,
): Promise<EvidenceFindings> {
  const ids = report.evidence.filter((e) => e.archiveId).map((e) => e.archiveId!);
  const files = new Map(
    (await EvidenceFile.find({ _id: { $in: ids } }).lean<EvidenceFileDoc[]>()).map((f) => [String(f._id), f]),
  );
  const earlier: EvidenceFindings['earlier'] = new Map();
  for (const f of files.values()) {
    for (const flag of f.flags ?? []) {
      if (flag.kind !== 'reused' || !flag.otherId || earlier.has(String(flag.otherId))) continue;
      const other = await EvidenceFile.findById(flag.otherId).lean<EvidenceFileDoc>();
      earlier.set(String(flag.otherId), {
        file: other,
        modelCode: other ? await codeOf(other.initiativeId) : null,
        visible: other ? (await evidenceRecord(principal, String(other._id))).ok : false,
      });
    }
  }
  const hasPin = report.evidence.some(
    (e) => e.kind === 'location' && e.latitude != null && e.longitude != null,
  );
  const visit = await visitOf(String(report._id));
  let drawn = false;
  if (!visit) {
    const draw = await OnsiteDraw.findById(
      `onsite:${String(report.campaignId)}:${report.periodKey}:${String(report.unitId)}`,
      { chosen: 1 },
    ).lean();
    drawn = Boolean(draw?.chosen.includes(String(report._id)));
  }
  return { files, earlier, pins: hasPin ? await modelPins(report) : [], visit, drawn };
}

/** Location pins of the model's reports of other periods. */
async function modelPins(
  report: Pick<ProgressReportDoc, 'initiativeId' | 'periodKey'>,
): Promise<{ lat: number; lon: number; periodKey: string }[]> {
  const others = await ProgressReport.find(
    { initiativeId: report.initiativeId },
    { periodKey: 1, evidence: 1 },
  ).lean<Pick<ProgressReportDoc, '_id' | 'periodKey' | 'evidence'>[]>();
  return others
    .filter((r) => r.periodKey !== report.periodKey)
    .flatMap((r) =>
      r.evidence
        .filter((e) => e.kind === 'location' && e.latitude != null && e.longitude != null)
        .map((e) => ({ lat: e.latitude!, lon: e.longitude!, periodKey: r.periodKey })),
    );
}
