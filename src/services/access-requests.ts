import { Types } from 'mongoose';
import type { Clock } from '../clock.ts';
import {
  AccessRequest,
  type AccessRequestDoc,
  AuditEvent,
  Claim,
  isDuplicateKey,
  tryClaim,
  Unit,
  type UserDoc,
  unlessDuplicate,
} from '../db/models/index.ts';
import { can } from '../domain/permissions.ts';
import { recordAudit } from './audit.ts';
import { grantRole, principalOf } from './users.ts';

/** Open (pending) requests one person may have at once, across all units. */
export const MAX_OPEN_REQUESTS_PER_PERSON = 3;
/** Open requests one unit's coordinators may be asked to decide at once. */
export const MAX_OPEN_REQUESTS_PER_UNIT = 20;

export type OpenLimit = 'too-many-person' | 'too-many-unit';

/** The number each limit allows, for the message that names it. */
export const OPEN_REQUEST_MAX: Record<OpenLimit, number> = {
  'too-many-person': MAX_OPEN_REQUESTS_PER_PERSON,
  'too-many-unit': MAX_OPEN_REQUESTS_PER_UNIT,
};

/**
 * Whether this person may open another request (and, with a unit, whether that unit takes
 * another). Asked before the form starts and again when the request is stored. The counts are
 * not atomic across instances; one person's updates are handled in order, so a person cannot
 * race themselves past the limit.
 */
export async function openRequestLimit(
  telegramId: number,
  unitId?: Types.ObjectId | string,
): Promise<OpenLimit | null> {
  if ((await AccessRequest.countDocuments({ telegramId, status: 'pending' })) >= MAX_OPEN_REQUESTS_PER_PERSON)
    return 'too-many-person';
  if (
    unitId &&
    (await AccessRequest.countDocuments({ unitId, status: 'pending' })) >= MAX_OPEN_REQUESTS_PER_UNIT
  )
    return 'too-many-unit';
  return null;
}

export type CreateRequestResult =
  | { ok: true; request: AccessRequestDoc; unit: { name: string; path: Types.ObjectId[] } }
  | { ok: false; reason: 'gone' | 'duplicate' | OpenLimit };

/** Stores a request to join a unit as a cadre, within the limits; one open request per unit. */
export async function createAccessRequest(input: {
  telegramId: number;
  name: string;
  unitId: string;
}): Promise<CreateRequestResult> {
  const unit = await Unit.findById(input.unitId, { path: 1, name: 1, active: 1 }).lean();
  if (!unit || unit.active === false) return { ok: false, reason: 'gone' };
  const openKey = `${input.telegramId}:${input.unitId}`;
  if (await AccessRequest.exists({ openKey })) return { ok: false, reason: 'duplicate' };
  const limit = await openRequestLimit(input.telegramId, unit._id);
  if (limit) return { ok: false, reason: limit };
  const req = await unlessDuplicate(() =>
    AccessRequest.create({
      telegramId: input.telegramId,
      name: input.name,
      unitId: unit._id,
      unitPath: unit.path,
      openKey,
    }),
  );
  if (!req) return { ok: false, reason: 'duplicate' };
  return {
    ok: true,
    request: req.toObject() as AccessRequestDoc,
    unit: { name: unit.name, path: unit.path },
  };
}

export type DecideResult =
  | {
      ok: true;
      request: AccessRequestDoc;
      approved: boolean;
      /** False when someone else's decision was found (and completed if it had stopped half-way). */
      mine: boolean;
    }
  | { ok: false; reason: 'not-found' | 'not-allowed' | 'already-decided' };

/** A fault to inject in tests: thrown right after the decision's claim. */
export interface DecideFaults {
  afterClaim?: () => void | Promise<void>;
}

interface Decision {
  approved: boolean;
  by: string;
  byTelegramId: number | null;
  at: Date;
}

/**
 * A coordinator approves or denies a request. Permission first (the request's unit must be in
 * their subtree). The decision is a claim carrying what was decided, then four steps, each safe to
 * repeat: the request's status, the grant (if approved), the audit event (its key marks the
 * decision complete). A decision that stopped half-way is completed by the next attempt, whoever
 * makes it, so nobody is left locked out behind "already decided".
 */
export async function decideAccessRequest(
  requestId: string,
  approve: boolean,
  actor: UserDoc,
  clock: Clock,
  faults: DecideFaults = {},
): Promise<DecideResult> {
  if (!/^[a-f0-9]{24}$/.test(requestId)) return { ok: false, reason: 'not-found' };
  const req = await AccessRequest.findById(requestId).lean<AccessRequestDoc>();
  if (!req) return { ok: false, reason: 'not-found' };
  if (!can(principalOf(actor), 'access.decide', { unitPath: req.unitPath.map(String) }))
    return { ok: false, reason: 'not-allowed' };
  const key = `access-request:${requestId}:decision`;
  const now = clock.now();
  const mineDecision: Decision = {
    approved: approve,
    by: String(actor._id),
    byTelegramId: actor.telegramId,
    at: now,
  };
  let decision: Decision;
  let mine: boolean;
  if (await tryClaim(key, now, String(actor._id), mineDecision)) {
    if (req.status !== 'pending') {
      // Decided before decisions carried their claim: nothing to complete.
      await Claim.deleteOne({ _id: key, owner: String(actor._id) });
      return { ok: false, reason: 'already-decided' };
    }
    await faults.afterClaim?.();
    decision = mineDecision;
    mine = true;
  } else {
    const claim = await Claim.findById(key).lean();
    if (!claim?.payload) return { ok: false, reason: 'already-decided' };
    decision = claim.payload as Decision;
    mine = claim.owner === String(actor._id) && decision.approved === approve;
    if (await AuditEvent.exists({ key })) return { ok: false, reason: 'already-decided' };
  }
  const request = await completeDecision(req, decision, key, clock);
  return { ok: true, request, approved: decision.approved, mine };
}

async function completeDecision(
  req: AccessRequestDoc,
  d: Decision,
  key: string,
  clock: Clock,
): Promise<AccessRequestDoc> {
  const at = new Date(d.at);
  const by = new Types.ObjectId(d.by);
  const openKey = req.openKey.endsWith(`:${String(req._id)}`)
    ? req.openKey
    : `${req.openKey}:${String(req._id)}`;
  await AccessRequest.updateOne(
    { _id: req._id },
    { $set: { status: d.approved ? 'approved' : 'denied', decidedBy: by, decidedAt: at, openKey } },
  );
  if (d.approved) await grantRole(req.telegramId, 'cadre', req.unitId, { userId: by, clock });
  try {
    await recordAudit({
      key,
      at,
      actorId: by,
      actorTelegramId: d.byTelegramId,
      entity: 'access-request',
      entityId: req._id,
      action: d.approved ? 'approve' : 'deny',
      unitPath: req.unitPath,
    });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  return (await AccessRequest.findById(req._id).lean<AccessRequestDoc>()) ?? req;
}
