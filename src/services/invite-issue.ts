import type { Types } from 'mongoose';
import type { Clock } from '../clock.ts';
import type { InviteDoc } from '../db/models/index.ts';
import type { Principal, RoleName } from '../domain/permissions.ts';
import { createInvite } from './invites.ts';
import { invitableUnit } from './unit-choices.ts';

/** How long and how often an invite made in the bot works, by role: wide for cadres, single-use for the rest. */
export const INVITE_TERMS: Record<RoleName, { days: number; maxUses: number }> = {
  cadre: { days: 14, maxUses: 50 },
  coordinator: { days: 7, maxUses: 1 },
  board: { days: 7, maxUses: 1 },
  admin: { days: 2, maxUses: 1 },
};

export type InviteAsResult =
  | { ok: true; code: string; invite: InviteDoc; unitName: string; days: number }
  | { ok: false; reason: 'not-allowed' };

/**
 * A coordinator, board member or admin makes an invite (`/moi`): allowed only for a unit and role
 * they may invite to (checked here, against the unit named by the button), with the role's terms.
 */
export async function inviteAs(
  principal: Principal,
  input: { unitId: string; role: RoleName; createdBy: Types.ObjectId | null },
  clock: Clock,
): Promise<InviteAsResult> {
  const unit = await invitableUnit(principal, input.unitId);
  if (!unit?.roles.includes(input.role)) return { ok: false, reason: 'not-allowed' };
  const terms = INVITE_TERMS[input.role];
  const { code, invite } = await createInvite(
    {
      role: input.role,
      unitId: unit.id,
      days: terms.days,
      maxUses: terms.maxUses,
      createdBy: input.createdBy,
    },
    clock,
  );
  return { ok: true, code, invite, unitName: unit.name, days: terms.days };
}
