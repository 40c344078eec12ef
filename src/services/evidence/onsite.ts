import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import {
  OnsiteDraw,
  type OnsiteDrawDoc,
  OnsiteVisit,
  type OnsiteVisitDoc,
} from '../../db/models/evidence.ts';
import { isDuplicateKey, ProgressReport, type ProgressReportDoc } from '../../db/models/index.ts';
import { can, type Principal } from '../../domain/permissions.ts';

/**
 * On-site checks (issue 13, item 4). Each period a share of each unit's reports is drawn for a
 * coordinator to visit. Nobody chooses: the seed is the SHA-256 of `campaign:period:unit`, the
 * candidates are the unit's reports of the period ordered by id, and the draw is a Fisher-Yates
 * shuffle driven by mulberry32 from that seed. The draw is stored (seed, candidates, chosen) the
 * first time anyone asks, by a unique-key insert, so it happens once and can be replayed.
 */

/** mulberry32 (Tommy Ettinger's 32-bit PRNG): same seed, same sequence, on every machine. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function drawSeed(campaignId: string, periodKey: string, unitId: string): string {
  return createHash('sha256').update(`${campaignId}:${periodKey}:${unitId}`).digest('hex');
}

/** How many of `n` reports a share draws: at least one when there is any. */
export function sampleSize(n: number, share: number): number {
  if (n === 0 || share <= 0) return 0;
  return Math.min(n, Math.max(1, Math.ceil(n * share)));
}

/** The draw itself: pure, so anyone can check a stored draw from its seed and candidates. */
export function replayDraw(seed: string, candidates: readonly string[], share: number): string[] {
  const next = mulberry32(Number.parseInt(seed.slice(0, 8), 16));
  const order = [...candidates];
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order.slice(0, sampleSize(order.length, share));
}

/** The period's draw for one unit: made (and logged) on the first call, read afterwards. */
export async function drawOnsiteSample(
  campaign: { _id: Types.ObjectId | string; onsiteShare?: number | null },
  periodKey: string,
  unit: { _id: Types.ObjectId | string; path: readonly (Types.ObjectId | string)[] },
  now: Date,
): Promise<OnsiteDrawDoc> {
  const key = `onsite:${String(campaign._id)}:${periodKey}:${String(unit._id)}`;
  const existing = await OnsiteDraw.findById(key).lean<OnsiteDrawDoc>();
  if (existing) return existing;
  const reports = await ProgressReport.find(
    { campaignId: campaign._id, unitId: unit._id, periodKey },
    { _id: 1 },
  ).lean();
  const candidates = reports.map((r) => String(r._id)).sort();
  const seed = drawSeed(String(campaign._id), periodKey, String(unit._id));
  const share = campaign.onsiteShare ?? 0.1;
  const doc = {
    _id: key,
    campaignId: campaign._id,
    periodKey,
    unitId: unit._id,
    unitPath: [...unit.path],
    seed,
    share,
    candidates,
    chosen: replayDraw(seed, candidates, share),
    at: now,
  };
  try {
    await OnsiteDraw.create(doc);
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  return (await OnsiteDraw.findById(key).lean<OnsiteDrawDoc>())!;
}

export interface VisitInput {
  visitDay: string;
  who: string;
  seen: string;
  photoIds: string[];
  verdict: 'verified' | 'questioned';
}

export type VisitResult =
  | { ok: true; visit: OnsiteVisitDoc; report: ProgressReportDoc }
  | { ok: false; reason: 'not-found' | 'not-allowed' | 'not-drawn' | 'already' | 'invalid' };

/** Records a coordinator's visit to a drawn report: once per report (unique key). */
export async function recordVisit(
  principal: Principal,
  reportId: string,
  input: VisitInput,
  now: Date,
): Promise<VisitResult> {
  if (!Types.ObjectId.isValid(reportId)) return { ok: false, reason: 'not-found' };
  const report = await ProgressReport.findById(reportId).lean<ProgressReportDoc>();
  if (!report) return { ok: false, reason: 'not-found' };
  if (!can(principal, 'report.verify', { unitPath: report.unitPath.map(String) }))
    return { ok: false, reason: 'not-allowed' };
  const draw = await OnsiteDraw.findById(
    `onsite:${String(report.campaignId)}:${report.periodKey}:${String(report.unitId)}`,
  ).lean<OnsiteDrawDoc>();
  if (!draw?.chosen.includes(reportId)) return { ok: false, reason: 'not-drawn' };
  const who = input.who.trim();
  const seen = input.seen.trim();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.visitDay) || !who || !seen || who.length > 300 || seen.length > 2000)
    return { ok: false, reason: 'invalid' };
  try {
    const created = await OnsiteVisit.create({
      _id: `visit:${reportId}`,
      reportId: report._id,
      initiativeId: report.initiativeId,
      unitPath: report.unitPath,
      visitDay: input.visitDay,
      byId: principal.userId,
      who,
      seen,
      photoIds: input.photoIds,
      verdict: input.verdict,
      at: now,
    });
    return { ok: true, visit: created.toObject() as OnsiteVisitDoc, report };
  } catch (err) {
    if (isDuplicateKey(err)) return { ok: false, reason: 'already' };
    throw err;
  }
}

export async function visitOf(reportId: string): Promise<OnsiteVisitDoc | null> {
  return OnsiteVisit.findById(`visit:${reportId}`).lean<OnsiteVisitDoc>();
}
