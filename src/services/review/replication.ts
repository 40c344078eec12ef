import type { Clock } from '../../clock.ts';
import { settleReplicationCount } from '../../db/models/derived-counts.ts';
import { Initiative, Unit } from '../../db/models/index.ts';
import { can, type Principal } from '../../domain/permissions.ts';
import { claimWithAudit, recipients } from '../actors.ts';
import { checkKeptAnswers, fail, type Id, invalid, type ReplicationResult } from './results.ts';
import { campaignReadOnlyOf, loadInitiative, targetOf } from './shared.ts';

/** Replication: a model that copies an honoured one names its source, and the source counts it. */

/** The id of the model with this code (as typed, or in capitals), or null. */
export async function modelIdByCode(code: string): Promise<string | null> {
  const text = code.trim();
  if (!text) return null;
  const s = await Initiative.findOne({ code: { $in: [text, text.toUpperCase()] } }, { _id: 1 }).lean();
  return s ? String(s._id) : null;
}

/**
 * Records that `replicaId` replicates `sourceId`: sets `replicatedFrom` on the new model and
 * counts one more replication on the source. Checked against the new model's scope (the source
 * is usually elsewhere), which must have been honoured. Once only: the audit key
 * `initiative:<replica>:replicated-from` is the claim. Both owners are told.
 */
export async function recordReplication(
  p: Principal,
  input: { sourceId: Id; replicaId: Id; answers?: Record<string, unknown> },
  clock: Clock,
  /** `source`: recorded from the source's side (services/replications.ts), checked against its scope or owner. */
  opts: { side?: 'replica' | 'source' } = {},
): Promise<ReplicationResult> {
  if (String(input.sourceId) === String(input.replicaId)) return invalid('same-model');
  const kept = checkKeptAnswers('replicate', input.answers);
  if (!kept.ok) return kept;
  const [source, replica] = await Promise.all([
    loadInitiative(input.sourceId),
    loadInitiative(input.replicaId),
  ]);
  if (!source || !replica) return fail('not-found');
  const allowed =
    opts.side === 'source'
      ? String(source.createdBy) === p.userId || can(p, 'initiative.replicate', targetOf(source))
      : can(p, 'initiative.replicate', targetOf(replica));
  if (!allowed) return fail('not-allowed');
  // As in registration: a model is replicated from one that was honoured.
  if (source.status !== 'honoured' && (source.honours?.length ?? 0) === 0) {
    return fail('wrong-status', { current: source.status });
  }
  if (replica.replicatedFrom) return fail('already-linked', { current: String(replica.replicatedFrom) });
  const closed =
    (await campaignReadOnlyOf(replica.campaignId, clock)) ??
    (opts.side === 'source' ? await campaignReadOnlyOf(source.campaignId, clock) : null);
  if (closed) return closed;

  const now = clock.now();
  const key = `initiative:${String(replica._id)}:replicated-from`;
  const claimed = await claimWithAudit(p, {
    key,
    at: now,
    entity: 'initiative',
    entityId: replica._id,
    action: 'replicate',
    from: null,
    to: String(source._id),
    note: `${source.code} -> ${replica.code}`,
    unitPath: replica.unitPath,
    change: JSON.stringify({ $set: { ...kept.value, replicatedFrom: String(source._id) } }),
  });
  if (!claimed) {
    const now2 = await Initiative.findById(replica._id, { replicatedFrom: 1 }).lean();
    return fail('already-linked', { current: String(now2?.replicatedFrom ?? '') });
  }
  await Initiative.updateOne({ _id: replica._id }, { $set: { ...kept.value, replicatedFrom: source._id } });
  await settleReplicationCount(source._id);
  const [s, r, unit] = await Promise.all([
    loadInitiative(source._id),
    loadInitiative(replica._id),
    Unit.findById(replica.unitId, { name: 1 }).lean(),
  ]);
  return {
    ok: true,
    source: s!,
    replica: r!,
    replicaUnitName: unit?.name ?? '',
    notify: await recipients([source.createdBy, replica.createdBy]),
  };
}
