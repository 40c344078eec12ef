import { isValidObjectId, type Types } from 'mongoose';
import type { Clock } from '../clock.ts';
import { countReplications, settleReplicationCount } from '../db/models/derived-counts.ts';
import {
  Campaign,
  type CampaignDoc,
  Initiative,
  type InitiativeDoc,
  isDuplicateKey,
  Unit,
  UnitReplication,
} from '../db/models/index.ts';
import { localDay } from '../domain/calendar.ts';
import { can, type Principal } from '../domain/permissions.ts';
import { campaignReadOnly } from '../domain/read-only.ts';
import { recordAudit } from './audit.ts';
import { type ReplicationResult, type ReviewFailure, recordReplication } from './reviews.ts';

/**
 * Replications recorded from the source's side (issue 10, item 5). The new model's registration
 * (or its reviewer) names the source; here the source's owner, or a coordinator or board member
 * whose scope holds the source, records "replicated as model Y" (Y's `replicatedFrom` is set,
 * with the same claim as the other side, so it happens once whichever side records it) or
 * "replicated at unit X" (a `UnitReplication`, one per source and unit). The count on the source
 * is derived from those records (`settleReplicationCount`), never incremented.
 */

type Id = Types.ObjectId | string;
const TZ = 'Asia/Ho_Chi_Minh';

const fail = (reason: ReviewFailure['reason'], extra: Omit<ReviewFailure, 'ok' | 'reason'> = {}) =>
  ({ ok: false, reason, ...extra }) as ReviewFailure;

export interface ReplicationsView {
  source: {
    id: string;
    code: string;
    title: string;
    unitName: string;
    /** Its honours, oldest first (an honour before the campaign is marked). */
    honours: {
      level: string;
      occasion: number;
      decisionNo: string;
      decisionDate: string | null;
      year: number;
      beforeCampaign: boolean;
    }[];
  };
  count: number;
  /** Models that name the source, from either side. */
  models: { code: string; title: string; unitName: string }[];
  /** Units recorded from the source's side without a model there. */
  units: { unitName: string; note: string }[];
  /** False when the source's campaign has ended or was closed (read-only). */
  canRecord: boolean;
  /** The campaign's root unit: the unit picker starts there. */
  root: { id: string; name: string };
}

function readOnlyFailure(campaign: Pick<CampaignDoc, 'status' | 'end'>, clock: Clock): ReviewFailure | null {
  const ro = campaignReadOnly(campaign, localDay(clock.now(), TZ));
  return ro.readOnly ? fail('campaign-read-only', { current: ro.why, detail: campaign.end }) : null;
}

/** The source's owner or a coordinator or board member whose scope holds it. */
function mayRecord(p: Principal, src: Pick<InitiativeDoc, 'createdBy' | 'unitPath' | 'unitId'>): boolean {
  return (
    String(src.createdBy) === p.userId ||
    can(p, 'initiative.replicate', {
      unitPath: src.unitPath.map(String),
      unitId: String(src.unitId),
      ownerId: String(src.createdBy),
    })
  );
}

const wasHonoured = (i: Pick<InitiativeDoc, 'status' | 'honours'>) =>
  i.status === 'honoured' || (i.honours?.length ?? 0) > 0;

async function loadSource(p: Principal, sourceId: Id) {
  if (!isValidObjectId(sourceId)) return fail('not-found');
  const src = await Initiative.findById(sourceId).lean<InitiativeDoc>();
  if (!src) return fail('not-found');
  if (!mayRecord(p, src)) return fail('not-allowed');
  if (!wasHonoured(src)) return fail('wrong-status', { current: src.status });
  const campaign = await Campaign.findById(src.campaignId).lean<CampaignDoc>();
  if (!campaign) return fail('not-found');
  return { src, campaign };
}

/** The source's card: every replication recorded from either side, and whether more may be added. */
export async function sourceReplications(
  p: Principal,
  sourceId: Id,
  clock: Clock,
): Promise<{ ok: true; view: ReplicationsView } | ReviewFailure> {
  const loaded = await loadSource(p, sourceId);
  if ('ok' in loaded) return loaded;
  const { src, campaign } = loaded;
  const [models, units, count] = await Promise.all([
    Initiative.find({ replicatedFrom: src._id }, { code: 1, title: 1, unitId: 1 }).sort({ code: 1 }).lean(),
    UnitReplication.find({ sourceId: src._id }).sort({ recordedAt: 1, _id: 1 }).lean(),
    countReplications(src._id),
  ]);
  const names = new Map(
    (
      await Unit.find(
        { _id: { $in: [src.unitId, campaign.rootUnitId, ...models.map((m) => m.unitId)] } },
        { name: 1 },
      ).lean()
    ).map((u) => [String(u._id), u.name]),
  );
  const modelUnits = new Set(models.map((m) => String(m.unitId)));
  return {
    ok: true,
    view: {
      source: {
        id: String(src._id),
        code: src.code,
        title: src.title,
        unitName: names.get(String(src.unitId)) ?? '',
        honours: (src.honours ?? []).map((h) => ({
          level: h.level,
          occasion: h.occasion ?? 1,
          decisionNo: h.decisionNo,
          decisionDate: h.decisionDate ?? null,
          year: h.year,
          beforeCampaign: h.beforeCampaign === true,
        })),
      },
      count,
      models: models.map((m) => ({
        code: m.code,
        title: m.title,
        unitName: names.get(String(m.unitId)) ?? '',
      })),
      units: units
        .filter((u) => !modelUnits.has(String(u.unitId)))
        .map((u) => ({ unitName: u.unitName, note: u.note ?? '' })),
      canRecord: readOnlyFailure(campaign, clock) === null,
      root: { id: String(campaign.rootUnitId), name: names.get(String(campaign.rootUnitId)) ?? '' },
    },
  };
}

/** Checked before the form asks anything: may this person record a replication of this source now? */
export async function replicationCheck(
  p: Principal,
  sourceId: Id,
  clock: Clock,
): Promise<ReviewFailure | null> {
  const loaded = await loadSource(p, sourceId);
  if ('ok' in loaded) return loaded;
  return readOnlyFailure(loaded.campaign, clock);
}

/**
 * "Replicated as model Y", from the source's side: Y (by its code, any campaign) gets
 * `replicatedFrom`, exactly as if its own side had recorded it; refused if Y already names a source.
 */
export async function recordReplicaByCode(
  p: Principal,
  input: { sourceId: Id; replicaCode: string },
  clock: Clock,
): Promise<ReplicationResult | { ok: false; reason: 'unknown-code' }> {
  const typed = input.replicaCode.trim();
  const replica = /^[A-Za-z0-9-]{3,40}$/.test(typed)
    ? await Initiative.findOne({ code: { $in: [typed, typed.toUpperCase()] } }, { _id: 1 }).lean()
    : null;
  if (!replica) return { ok: false, reason: 'unknown-code' };
  return recordReplication(p, { sourceId: input.sourceId, replicaId: replica._id }, clock, {
    side: 'source',
  });
}

export type UnitReplicationResult =
  | { ok: true; created: boolean; source: InitiativeDoc; unitName: string; count: number }
  | ReviewFailure;

/**
 * "Replicated at unit X", from the source's side. One record per source and unit (the `_id` is the
 * claim: a second press or a second person finds it there). A unit of the campaign's tree only.
 */
export async function recordReplicationAtUnit(
  p: Principal,
  input: { sourceId: Id; unitId: Id; note?: string | null },
  clock: Clock,
): Promise<UnitReplicationResult> {
  const loaded = await loadSource(p, input.sourceId);
  if ('ok' in loaded) return loaded;
  const { src, campaign } = loaded;
  const closed = readOnlyFailure(campaign, clock);
  if (closed) return closed;
  const note = (input.note ?? '').trim();
  if (note.length > 500) return fail('invalid', { problem: 'note-too-long', detail: '500' });
  const unit = isValidObjectId(input.unitId)
    ? await Unit.findOne({ _id: input.unitId, active: true }, { name: 1, path: 1 }).lean()
    : null;
  if (!unit?.path.some((id) => id.equals(campaign.rootUnitId))) return fail('not-found');
  const now = clock.now();
  let created = true;
  try {
    await UnitReplication.create({
      _id: `${String(src._id)}:${String(unit._id)}`,
      sourceId: src._id,
      unitId: unit._id,
      unitPath: unit.path,
      unitName: unit.name,
      note,
      recordedBy: p.userId,
      recordedAt: now,
    });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    created = false;
  }
  if (created) {
    await recordAudit({
      at: now,
      actorId: p.userId,
      actorTelegramId: null,
      entity: 'initiative',
      entityId: src._id,
      action: 'replicate',
      to: String(unit._id),
      note: `${src.code} replicated at ${unit.name}`,
      unitPath: src.unitPath,
    });
  }
  const count = await settleReplicationCount(src._id);
  return { ok: true, created, source: src, unitName: unit.name, count };
}
