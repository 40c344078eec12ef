import { createHash, randomInt } from 'node:crypto';
import type { Types } from 'mongoose';
import type { Clock } from '../clock.ts';
import {
  AuditEvent,
  Claim,
  Invite,
  type InviteDoc,
  isDuplicateKey,
  type Role,
  roleKey,
  tryClaim,
  Unit,
  User,
} from '../db/models/index.ts';
import { INVITE_ALPHABET, normaliseInviteCode } from '../domain/input.ts';
import { can, type Principal, scopeRoots } from '../domain/permissions.ts';
import { type AuditInput, recordAudit } from './audit.ts';
import { grantRole } from './users.ts';

export const hashInviteCode = (code: string) => createHash('sha256').update(code).digest('hex');

function newCode(): string {
  let s = '';
  for (let i = 0; i < 10; i++) s += INVITE_ALPHABET[randomInt(INVITE_ALPHABET.length)];
  return s;
}

/** The audit event of an invite made (its role as the new value) or revoked (as the old one). */
function auditInvite(
  by: Pick<AuditInput, 'at' | 'actorId' | 'actorTelegramId'>,
  invite: { _id: Types.ObjectId; role: Role },
  action: 'create' | 'revoke',
  unitPath: Types.ObjectId[],
): Promise<void> {
  const change = action === 'create' ? { to: invite.role } : { from: invite.role };
  return recordAudit({ ...by, entity: 'invite', entityId: invite._id, action, ...change, unitPath });
}

/** Makes an invite; the plain code is returned once and only its hash is stored. */
export async function createInvite(
  input: {
    role: Role;
    unitId: Types.ObjectId | string;
    days: number;
    maxUses: number;
    createdBy?: Types.ObjectId | null;
  },
  clock: Clock,
): Promise<{ code: string; invite: InviteDoc }> {
  const code = newCode();
  const now = clock.now();
  const invite = await Invite.create({
    codeHash: hashInviteCode(code),
    role: input.role,
    unitId: input.unitId,
    expiresAt: new Date(now.getTime() + input.days * 86_400_000),
    maxUses: input.maxUses,
    usesLeft: input.maxUses,
    createdBy: input.createdBy ?? null,
  });
  const unit = await Unit.findById(input.unitId, { path: 1 }).lean();
  await auditInvite({ at: now, actorId: input.createdBy ?? null }, invite, 'create', unit?.path ?? []);
  return { code, invite: invite.toObject() as InviteDoc };
}

export type RedeemResult =
  | { ok: true; role: Role; unitId: Types.ObjectId }
  | { ok: false; reason: 'malformed' | 'unknown' | 'expired' | 'used-up' | 'already-used' };

/** Faults to inject in tests: thrown after the person's claim, or after the use's slot claim. */
export interface RedeemFaults {
  afterClaim?: () => void | Promise<void>;
  afterSlot?: () => void | Promise<void>;
}

/**
 * Spends one use of a code for this person, then grants the role. Uses are claims (unique-key
 * inserts `invite:<id>:slot:<n>`), so two people racing for the last use cannot both get it, on
 * MongoDB or FerretDB; a person claims `invite:<id>:user:<telegramId>` once. The audit event
 * `invite:<id>:redeemed:<telegramId>` marks a redemption complete: a person whose redemption
 * stopped half-way (crash, lost connection) completes it by sending the code again, on the slot
 * they already hold, instead of being told "already used".
 */
export async function redeemInvite(
  rawCode: string,
  telegramId: number,
  clock: Clock,
  faults: RedeemFaults = {},
): Promise<RedeemResult> {
  const code = normaliseInviteCode(rawCode);
  if (!code) return { ok: false, reason: 'malformed' };
  const now = clock.now();
  const inv = await Invite.findOne({ codeHash: hashInviteCode(code) }).lean<InviteDoc>();
  if (!inv || inv.revoked) return { ok: false, reason: 'unknown' };
  const id = String(inv._id);
  const userKey = `invite:${id}:user:${telegramId}`;
  const doneKey = `invite:${id}:redeemed:${telegramId}`;
  const started = await Claim.findById(userKey).lean();
  if (started) {
    if (await AuditEvent.exists({ key: doneKey })) return { ok: false, reason: 'already-used' };
    // Redeemed before completions were marked (or stopped after the grant): the role is there.
    if (
      inv.usedBy.includes(telegramId) &&
      (await User.exists({ telegramId, roleKeys: roleKey(inv.role, inv.unitId) }))
    )
      return { ok: false, reason: 'already-used' };
    // Started before and stopped half-way: finish on the slot this person holds, or take one.
    const held = await heldSlot(inv, telegramId, started.payload);
    const slot = held ?? (await claimSlot(inv, telegramId, now));
    if (slot < 0) {
      await Claim.deleteOne({ _id: userKey });
      return { ok: false, reason: 'used-up' };
    }
    return completeRedemption(inv, telegramId, slot, now, clock);
  }
  if (inv.expiresAt <= now) return { ok: false, reason: 'expired' };
  if (inv.usedBy.includes(telegramId)) return { ok: false, reason: 'already-used' };
  if (inv.usesLeft <= 0) return { ok: false, reason: 'used-up' };
  if (!(await tryClaim(userKey, now))) return { ok: false, reason: 'already-used' };
  await faults.afterClaim?.();
  const slot = await claimSlot(inv, telegramId, now);
  if (slot < 0) {
    await Claim.deleteOne({ _id: userKey });
    return { ok: false, reason: 'used-up' };
  }
  await faults.afterSlot?.();
  return completeRedemption(inv, telegramId, slot, now, clock);
}

const slotKey = (inv: InviteDoc, k: number) => `invite:${String(inv._id)}:slot:${k}`;

async function claimSlot(inv: InviteDoc, telegramId: number, now: Date): Promise<number> {
  for (let k = inv.maxUses - inv.usesLeft; k < inv.maxUses; k++) {
    if (await tryClaim(slotKey(inv, k), now, String(telegramId))) return k;
  }
  return -1;
}

/** The slot this person won in an attempt that stopped: noted on their claim, or found by owner. */
async function heldSlot(inv: InviteDoc, telegramId: number, payload: unknown): Promise<number | null> {
  const noted = (payload as { slot?: number } | null)?.slot;
  if (typeof noted === 'number') return noted;
  const keys = Array.from({ length: inv.maxUses }, (_, k) => slotKey(inv, k));
  const found = await Claim.findOne({ _id: { $in: keys }, owner: String(telegramId) }).lean();
  return found ? Number(found._id.slice(found._id.lastIndexOf(':') + 1)) : null;
}

/** The steps after the slot, each safe to repeat; the audit event comes last and marks the end. */
async function completeRedemption(
  inv: InviteDoc,
  telegramId: number,
  slot: number,
  now: Date,
  clock: Clock,
): Promise<RedeemResult> {
  const id = String(inv._id);
  await Claim.updateOne({ _id: `invite:${id}:user:${telegramId}` }, { $set: { payload: { slot } } });
  await Invite.updateOne(
    { _id: inv._id },
    { $min: { usesLeft: inv.maxUses - slot - 1 }, $addToSet: { usedBy: telegramId } },
  );
  const user = await grantRole(telegramId, inv.role as Role, inv.unitId, { userId: inv.createdBy, clock });
  try {
    await recordAudit({
      key: `invite:${id}:redeemed:${telegramId}`,
      at: now,
      actorId: user._id,
      actorTelegramId: telegramId,
      entity: 'invite',
      entityId: inv._id,
      action: 'redeem',
      to: inv.role,
    });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  return { ok: true, role: inv.role as Role, unitId: inv.unitId };
}

export interface InviteListing {
  invite: InviteDoc;
  unit: { code: string; name: string };
}

/**
 * Invites that still work (not revoked, not expired, uses left), newest first; for a principal,
 * only those for units in the subtrees where they may invite (`null`: the operator, all of them).
 */
export async function listActiveInvites(
  actor: Principal | null,
  clock: Clock,
  opts: { unitIds?: (Types.ObjectId | string)[]; limit?: number } = {},
): Promise<InviteListing[]> {
  const roots = actor ? scopeRoots(actor, 'invite.create') : 'all';
  if (roots !== 'all' && roots.length === 0) return [];
  const inScope =
    roots === 'all' ? null : (await Unit.find({ path: { $in: roots } }, { _id: 1 }).lean()).map((u) => u._id);
  const filter: Record<string, unknown> = {
    revoked: { $ne: true },
    expiresAt: { $gt: clock.now() },
    usesLeft: { $gt: 0 },
  };
  const unitFilter = opts.unitIds ?? inScope;
  if (unitFilter) filter.unitId = { $in: unitFilter };
  const invites = await Invite.find(filter)
    .sort({ createdAt: -1 })
    .limit(opts.limit ?? 200)
    .lean<InviteDoc[]>();
  const units = new Map(
    (await Unit.find({ _id: { $in: invites.map((i) => i.unitId) } }, { code: 1, name: 1 }).lean()).map(
      (u) => [String(u._id), { code: u.code, name: u.name }],
    ),
  );
  return invites
    .filter((i) => !inScope || inScope.some((u) => String(u) === String(i.unitId)))
    .map((invite) => ({ invite, unit: units.get(String(invite.unitId)) ?? { code: '?', name: '?' } }));
}

export type RevokeResult =
  | { ok: true; invite: InviteDoc; unit: { code: string; name: string }; changed: boolean }
  | { ok: false; reason: 'unknown' | 'not-allowed' };

/**
 * Revokes an invite, found by its id or by the code itself (only the hash is stored). A coordinator
 * may revoke only invites for units in their subtree; the operator any. The code stops working at
 * once (redemption checks `revoked` first); an audit event records who did it.
 */
export async function revokeInvite(
  idOrCode: string,
  actor: {
    principal: Principal | null;
    userId?: Types.ObjectId | null;
    telegramId?: number | null;
    clock: Clock;
  },
): Promise<RevokeResult> {
  const code = normaliseInviteCode(idOrCode);
  const inv = /^[a-f0-9]{24}$/.test(idOrCode)
    ? await Invite.findById(idOrCode).lean<InviteDoc>()
    : code
      ? await Invite.findOne({ codeHash: hashInviteCode(code) }).lean<InviteDoc>()
      : null;
  if (!inv) return { ok: false, reason: 'unknown' };
  const unit = await Unit.findById(inv.unitId, { code: 1, name: 1, path: 1 }).lean();
  if (actor.principal && !can(actor.principal, 'invite.create', { unitPath: (unit?.path ?? []).map(String) }))
    return { ok: false, reason: 'not-allowed' };
  const label = { code: unit?.code ?? '?', name: unit?.name ?? '?' };
  if (inv.revoked) return { ok: true, invite: inv, unit: label, changed: false };
  await Invite.updateOne({ _id: inv._id }, { $set: { revoked: true } });
  const by = {
    at: actor.clock.now(),
    actorId: actor.userId ?? null,
    actorTelegramId: actor.telegramId ?? null,
  };
  await auditInvite(by, inv, 'revoke', unit?.path ?? []);
  return { ok: true, invite: { ...inv, revoked: true }, unit: label, changed: true };
}
