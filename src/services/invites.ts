import { createHash, randomInt } from 'node:crypto';
import type { Types } from 'mongoose';
import type { Clock } from '../clock.ts';
import { Claim, Invite, type InviteDoc, type Role, tryClaim, Unit } from '../db/models/index.ts';
import { INVITE_ALPHABET, normaliseInviteCode } from '../domain/input.ts';
import { recordAudit } from './audit.ts';
import { grantRole } from './users.ts';

export const hashInviteCode = (code: string) => createHash('sha256').update(code).digest('hex');

function newCode(): string {
  let s = '';
  for (let i = 0; i < 10; i++) s += INVITE_ALPHABET[randomInt(INVITE_ALPHABET.length)];
  return s;
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
  await recordAudit({
    at: now,
    actorId: input.createdBy ?? null,
    entity: 'invite',
    entityId: invite._id,
    action: 'create',
    to: input.role,
    unitPath: unit?.path ?? [],
  });
  return { code, invite: invite.toObject() as InviteDoc };
}

export type RedeemResult =
  | { ok: true; role: Role; unitId: Types.ObjectId }
  | { ok: false; reason: 'malformed' | 'unknown' | 'expired' | 'used-up' | 'already-used' };

/**
 * Spends one use of a code for this person, then grants the role. Uses are claims (unique-key
 * inserts `invite:<id>:slot:<n>`), so two people racing for the last use cannot both get it, on
 * MongoDB or FerretDB; a person claims `invite:<id>:user:<telegramId>` once.
 */
export async function redeemInvite(rawCode: string, telegramId: number, clock: Clock): Promise<RedeemResult> {
  const code = normaliseInviteCode(rawCode);
  if (!code) return { ok: false, reason: 'malformed' };
  const now = clock.now();
  const inv = await Invite.findOne({ codeHash: hashInviteCode(code) }).lean<InviteDoc>();
  if (!inv || inv.revoked) return { ok: false, reason: 'unknown' };
  if (inv.expiresAt <= now) return { ok: false, reason: 'expired' };
  if (inv.usedBy.includes(telegramId)) return { ok: false, reason: 'already-used' };
  if (inv.usesLeft <= 0) return { ok: false, reason: 'used-up' };
  const userKey = `invite:${String(inv._id)}:user:${telegramId}`;
  if (!(await tryClaim(userKey, now))) return { ok: false, reason: 'already-used' };
  let slot = -1;
  for (let k = inv.maxUses - inv.usesLeft; k < inv.maxUses; k++) {
    if (await tryClaim(`invite:${String(inv._id)}:slot:${k}`, now, String(telegramId))) {
      slot = k;
      break;
    }
  }
  if (slot < 0) {
    await Claim.deleteOne({ _id: userKey });
    return { ok: false, reason: 'used-up' };
  }
  await Invite.updateOne(
    { _id: inv._id },
    { $set: { usesLeft: inv.maxUses - slot - 1 }, $addToSet: { usedBy: telegramId } },
  );
  const user = await grantRole(telegramId, inv.role as Role, inv.unitId, { userId: inv.createdBy, clock });
  await recordAudit({
    at: now,
    actorId: user._id,
    actorTelegramId: telegramId,
    entity: 'invite',
    entityId: inv._id,
    action: 'redeem',
    to: inv.role,
  });
  return { ok: true, role: inv.role as Role, unitId: inv.unitId };
}
