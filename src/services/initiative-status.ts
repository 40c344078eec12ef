import type { Types, UpdateQuery } from 'mongoose';
import type { Clock } from '../clock.ts';
import { AuditEvent, Initiative, type InitiativeDoc, isDuplicateKey } from '../db/models/index.ts';
import {
  type Actor,
  checkTransition,
  type InitiativeStatus,
  type TransitionName,
} from '../domain/lifecycle.ts';

export interface TransitionRequest {
  initiativeId: Types.ObjectId | string;
  name: TransitionName;
  actor: { userId: Types.ObjectId | string; telegramId?: number | null; as: Actor };
  note?: string | null;
  /** Extra fields set in the same update (return reason, selected level ...). */
  set?: Record<string, unknown>;
  /** Subdocuments pushed in the same update (an appraisal, an honour). */
  push?: Record<string, unknown>;
  /** The status the actor saw; if the record moved on since, the change is refused as a conflict. */
  expectedStatus?: InitiativeStatus;
}

export type TransitionResult =
  | { ok: true; initiative: InitiativeDoc; from: InitiativeStatus; to: InitiativeStatus }
  | {
      ok: false;
      reason: 'not-found' | 'wrong-status' | 'not-allowed' | 'top-level' | 'conflict';
      current?: InitiativeStatus;
    };

/** A claim older than this whose change never reached the record is completed by the next caller. */
const STUCK_AFTER_MS = 30_000;

/**
 * Every status change goes through here. The record carries a version; the audit event of a
 * change has the unique key `initiative:<id>:v<version>`, so inserting it claims that version:
 * of two people acting at once exactly one insert succeeds, on MongoDB and on FerretDB alike
 * (whose conditional updates are not atomic). Only the winner then updates the record, guarded
 * by `{ _id, version }` as well. The audit event is written first, so no change goes unaudited.
 */
export async function changeStatus(req: TransitionRequest, clock: Clock): Promise<TransitionResult> {
  const current = await Initiative.findById(req.initiativeId, {
    status: 1,
    targetLevel: 1,
    version: 1,
    unitPath: 1,
  }).lean();
  if (!current) return { ok: false, reason: 'not-found' };
  const from = current.status as InitiativeStatus;
  if (req.expectedStatus && req.expectedStatus !== from)
    return { ok: false, reason: 'conflict', current: from };
  const check = checkTransition(req.name, from, req.actor.as, { targetLevel: current.targetLevel });
  if (!check.ok) return { ok: false, reason: check.reason, current: from };

  const now = clock.now();
  const version = current.version ?? 0;
  const update: UpdateQuery<InitiativeDoc> = {
    $set: { status: check.to, statusChangedAt: now, version: version + 1, ...(req.set ?? {}) },
  };
  if (req.push) update.$push = req.push;
  const key = `initiative:${String(current._id)}:v${version}`;
  try {
    await AuditEvent.create({
      key,
      at: now,
      actorId: req.actor.userId,
      actorTelegramId: req.actor.telegramId ?? null,
      entity: 'initiative',
      entityId: current._id,
      action: req.name,
      from,
      to: check.to,
      note: req.note ?? null,
      unitPath: current.unitPath,
      change: JSON.stringify(update),
    });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    await completeStuckChange(key, current._id, version, now);
    const after = await Initiative.findById(req.initiativeId, { status: 1 }).lean();
    return { ok: false, reason: 'conflict', current: after?.status as InitiativeStatus | undefined };
  }
  const updated = await Initiative.findOneAndUpdate({ _id: current._id, version }, update, {
    returnDocument: 'after',
    runValidators: true,
  }).lean<InitiativeDoc>();
  if (!updated)
    throw new Error(`initiative ${String(current._id)} changed without a claim on version ${version}`);
  return { ok: true, initiative: updated, from, to: check.to };
}

/** A process that died between claiming a version and updating the record: finish its change. */
async function completeStuckChange(
  key: string,
  id: Types.ObjectId,
  version: number,
  now: Date,
): Promise<void> {
  const claim = await AuditEvent.findOne({ key }, { at: 1, change: 1 }).lean();
  if (!claim?.change || now.getTime() - claim.at.getTime() < STUCK_AFTER_MS) return;
  const restored = JSON.parse(claim.change, (_k, v) =>
    typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(v) ? new Date(v) : v,
  );
  await Initiative.updateOne({ _id: id, version }, restored);
}
