import type { Types } from 'mongoose';
import type { Clock } from '../clock.ts';
import { roleKey, User, type UserDoc } from '../db/models/index.ts';
import type { Principal } from '../domain/permissions.ts';
import { type ActivationResult, holdersOf, mayManagePerson, setUserActivation } from './users.ts';

/**
 * A person's own record as the fronts change it (language, onboarding, unreachable), and the
 * people a front looks up (by Telegram id, the coordinators to tell, the seniors with a menu).
 */

const isId = (id: string) => /^[a-f0-9]{24}$/.test(id);

/** The person behind a Telegram id, or null. */
export async function userByTelegramId(telegramId: number): Promise<UserDoc | null> {
  return User.findOne({ telegramId }).lean<UserDoc>();
}

/** The language a person chose ('vi' for someone unknown or who never chose). */
export async function languageOf(telegramId: number): Promise<string> {
  const u = await User.findOne({ telegramId }, { language: 1 }).lean();
  return u?.language ?? 'vi';
}

/** A person sets their own language. */
export async function setLanguage(userId: Types.ObjectId | string, language: string): Promise<void> {
  await User.updateOne({ _id: userId }, { $set: { language } });
}

/** A person finished onboarding: the name on their records and their language. */
export async function finishOnboarding(
  userId: Types.ObjectId | string,
  input: { name: string; language: string },
): Promise<void> {
  await User.updateOne(
    { _id: userId },
    { $set: { name: input.name, language: input.language, onboarded: true } },
  );
}

/** Telegram refused a message because the person blocked the bot: they get no more until they write. */
export async function markUnreachable(telegramId: number): Promise<void> {
  await User.updateOne({ telegramId }, { $set: { active: false } });
}

/**
 * The coordinators closest to a unit: of the unit itself, else of the nearest ancestor that has
 * some. One read for the whole path (FerretDB scans the people once, not once per level).
 */
export async function nearestCoordinators(
  unitPath: readonly (Types.ObjectId | string)[],
): Promise<UserDoc[]> {
  if (!unitPath.length) return [];
  const all = await holdersOf('coordinator', unitPath);
  for (let i = unitPath.length - 1; i >= 0; i--) {
    const key = roleKey('coordinator', unitPath[i]);
    const found = all.filter((u) => u.roleKeys.includes(key));
    if (found.length) return found;
  }
  return [];
}

/** Active coordinators, board members and admins (each gets a command menu of their own). */
export async function seniorUsers(): Promise<Pick<UserDoc, '_id' | 'telegramId' | 'roles' | 'language'>[]> {
  return User.find(
    { active: true, 'roles.role': { $in: ['coordinator', 'board', 'admin'] } },
    { telegramId: 1, roles: 1, language: 1 },
  ).lean();
}

/**
 * A person named by a button whom `actor` may deactivate (not themselves, every grant in their
 * subtree): checked before the person's name is shown. Null for anyone else or a forged id.
 */
export async function manageablePerson(actor: Principal, id: string): Promise<UserDoc | null> {
  if (!isId(id)) return null;
  const target = await User.findById(id).lean<UserDoc>();
  if (!target || String(target._id) === actor.userId) return null;
  return (await mayManagePerson(actor, target)) ? target : null;
}

/** Deactivates the person named by a button (by record id); the checks are `setUserActivation`'s. */
export async function deactivatePerson(
  id: string,
  actor: { principal: Principal; userId: Types.ObjectId | null; telegramId: number; clock: Clock },
): Promise<ActivationResult> {
  if (!isId(id)) return { ok: false, reason: 'unknown-user' };
  const target = await User.findById(id, { telegramId: 1 }).lean();
  if (!target) return { ok: false, reason: 'unknown-user' };
  return setUserActivation(target.telegramId, false, actor);
}
