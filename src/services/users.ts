import { Types } from 'mongoose';
import type { Clock } from '../clock.ts';
import {
  isDuplicateKey,
  type Role,
  roleKey,
  Unit,
  User,
  type UserDoc,
  userWriteCount,
} from '../db/models/index.ts';
import { rawCollection } from '../db/raw.ts';
import { withDbRetry } from '../db/retry.ts';
import { isAdmin, type Principal, scopeRoots } from '../domain/permissions.ts';
import { recordAudit } from './audit.ts';

export function principalOf(user: Pick<UserDoc, '_id' | 'roles'>): Principal {
  return {
    userId: String(user._id),
    grants: (user.roles ?? []).map((g) => ({ role: g.role as Role, unitId: String(g.unitId) })),
  };
}

/**
 * The people of recent updates, per process: a person answering a form is not read again on
 * every answer. An entry is used only while
 * - no write to users went through the User model in this process since it was read (a role
 *   granted or revoked, a deactivation, a language or name change, onboarding: see
 *   `userWriteCount` in src/db/models/user.ts), and
 * - it is younger than `ttlMs`: a change made by another process (a second bot instance behind
 *   webhooks, the admin CLI, an edit in the database) takes effect here within that time.
 */
export const userCache = {
  ttlMs: 30_000,
  /** Monotonic milliseconds (not the injected clock: this is an age, not a date anyone sees). */
  now: () => performance.now(),
  max: 10_000,
  entries: new Map<number, { user: UserDoc; at: number; writes: number }>(),
  get(telegramId: number): UserDoc | null {
    const e = this.entries.get(telegramId);
    if (!e) return null;
    if (e.writes !== userWriteCount() || this.now() - e.at >= this.ttlMs) {
      this.entries.delete(telegramId);
      return null;
    }
    return e.user;
  },
  set(telegramId: number, user: UserDoc, writes: number): void {
    if (writes !== userWriteCount()) return; // a write ran meanwhile: what was read may be old
    if (this.entries.size >= this.max) this.entries.clear();
    this.entries.set(telegramId, { user, at: this.now(), writes });
  },
  clear(): void {
    this.entries.clear();
  },
};

/**
 * Finds or creates the person behind a Telegram id (no role: roles are only ever granted).
 * A plain insert, not an upsert: FerretDB drops empty arrays from `$setOnInsert`, and the unique
 * telegramId index settles two first messages arriving at once. Returns a copy: callers may
 * change it without changing what the cache holds.
 */
export async function ensureUser(from: {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}): Promise<UserDoc> {
  const cached = userCache.get(from.id);
  if (cached && (cached.deactivated || (cached.active && cached.username === (from.username ?? null))))
    return { ...cached };
  // The count before the read: a write that lands during the read makes the entry unusable.
  const writes = userWriteCount();
  const existing = await withDbRetry(() => findByTelegramId(from.id));
  if (existing) {
    // A deactivated person stays so whatever they send (only activateUser undoes it).
    if (existing.deactivated) {
      userCache.set(from.id, existing, writes);
      return { ...existing };
    }
    if (!existing.active || existing.username !== (from.username ?? null)) {
      await User.updateOne(
        { _id: existing._id },
        { $set: { active: true, username: from.username ?? null } },
      );
      return { ...existing, active: true, username: from.username ?? null };
    }
    userCache.set(from.id, existing, writes);
    return { ...existing };
  }
  const name = [from.first_name, from.last_name].filter(Boolean).join(' ').slice(0, 120);
  try {
    const created = await User.create({
      telegramId: from.id,
      name,
      username: from.username ?? null,
      language: from.language_code?.startsWith('en') ? 'en' : 'vi',
    });
    return created.toObject() as UserDoc;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    return (await User.findOne({ telegramId: from.id }).lean<UserDoc>())!;
  }
}

/**
 * ADMIN_TELEGRAM_IDS are admins from their first contact: the grant at the root unit (the first
 * unit without a parent), onboarded. Returns the person as they are now.
 */
export async function ensureConfiguredAdmin(user: UserDoc, clock: Clock): Promise<UserDoc> {
  if (user.roles.some((r) => r.role === 'admin')) return user;
  const root = await Unit.findOne({ parentId: null }).sort({ order: 1 }).lean();
  if (!root) return user;
  const granted = await grantRole(user.telegramId, 'admin', root._id, { clock });
  await User.updateOne({ _id: granted._id }, { $set: { onboarded: true } });
  return { ...granted, onboarded: true };
}

/**
 * Telegram id -> user _id never changes, so it is cached: every update then loads its user by
 * `_id`, the one lookup FerretDB serves from an index (any other filter scans).
 */
const idCache = new Map<number, Types.ObjectId>();
const ID_CACHE_MAX = 100_000;

async function findByTelegramId(telegramId: number): Promise<UserDoc | null> {
  const cached = idCache.get(telegramId);
  if (cached) {
    const byId = await User.findById(cached).lean<UserDoc>();
    if (byId) return byId;
    idCache.delete(telegramId);
  }
  const found = await User.findOne({ telegramId }).lean<UserDoc>();
  if (found) {
    if (idCache.size >= ID_CACHE_MAX) idCache.clear();
    idCache.set(telegramId, found._id);
  }
  return found;
}

export class RoleError extends Error {}

/** The audit event of a role granted (`role@unit` as the new value) or revoked (as the old one). */
function auditRole(
  by: { userId?: Types.ObjectId | null },
  at: Date,
  userId: Types.ObjectId,
  action: 'grant' | 'revoke',
  grant: string,
  unitPath: Types.ObjectId[],
): Promise<void> {
  const change = action === 'grant' ? { to: grant } : { from: grant };
  return recordAudit({
    at,
    actorId: by.userId ?? null,
    entity: 'user',
    entityId: userId,
    action,
    ...change,
    unitPath,
  });
}

/** Adds a role at a unit (idempotent: the same grant twice is one grant). */
export async function grantRole(
  telegramId: number,
  role: Role,
  unitCodeOrId: string | Types.ObjectId,
  by: { userId?: Types.ObjectId | null; clock: Clock },
): Promise<UserDoc> {
  const unit = await findUnit(unitCodeOrId);
  const now = by.clock.now();
  if (!(await User.exists({ telegramId }))) {
    await User.create({ telegramId, language: 'vi', name: '' }).catch((err) => {
      if (!isDuplicateKey(err)) throw err;
    });
  }
  const updated = await User.findOneAndUpdate(
    { telegramId, roleKeys: { $ne: roleKey(role, unit._id) } },
    {
      $push: {
        roles: { role, unitId: unit._id, grantedBy: by.userId ?? null, grantedAt: now },
        roleKeys: roleKey(role, unit._id),
      },
    },
    { returnDocument: 'after' },
  ).lean<UserDoc>();
  const user = updated ?? (await User.findOne({ telegramId }).lean<UserDoc>())!;
  if (updated) await auditRole(by, now, user._id, 'grant', `${role}@${unit.code}`, unit.path);
  return user;
}

export async function revokeRole(
  telegramId: number,
  role: Role,
  unitCodeOrId: string | Types.ObjectId,
  by: { userId?: Types.ObjectId | null; clock: Clock },
): Promise<boolean> {
  const unit = await findUnit(unitCodeOrId);
  // Read, filter, write: FerretDB's $pull only removes exact-equal subdocuments.
  const key = roleKey(role, unit._id);
  const current = await User.findOne({ telegramId, roleKeys: key }).lean<UserDoc>();
  const res = current
    ? await User.findOneAndUpdate(
        { _id: current._id },
        {
          $set: {
            roles: current.roles.filter((g) => !(g.role === role && String(g.unitId) === String(unit._id))),
            roleKeys: current.roleKeys.filter((k) => k !== key),
          },
        },
        { returnDocument: 'after' },
      ).lean<UserDoc>()
    : null;
  if (!res) return false;
  await auditRole(by, by.clock.now(), res._id, 'revoke', `${role}@${unit.code}`, unit.path);
  return true;
}

async function findUnit(codeOrId: string | Types.ObjectId) {
  const q =
    typeof codeOrId === 'string' && !Types.ObjectId.isValid(codeOrId)
      ? { code: codeOrId }
      : { _id: codeOrId };
  const unit = await Unit.findOne(q, { code: 1, path: 1 }).lean();
  if (!unit) throw new RoleError(`no unit ${String(codeOrId)}`);
  return unit;
}

/** Everyone active holding `role` at any of these units (pass a unit's path for "it or above"). */
export async function holdersOf(
  role: Role,
  unitIds: readonly (Types.ObjectId | string)[],
): Promise<UserDoc[]> {
  return rawCollection<UserDoc>(User)
    .find({ active: true, roleKeys: { $in: unitIds.map((u) => roleKey(role, u)) } })
    .toArray();
}

export type ActivationResult =
  | { ok: true; user: UserDoc; changed: boolean }
  | { ok: false; reason: 'unknown-user' | 'not-allowed' | 'self' };

/**
 * Whether `actor` may deactivate `target`: an operator (no principal) or an admin always; a
 * coordinator only for a person all of whose grants lie in the coordinator's subtree (someone with
 * a role elsewhere or above is not theirs to stop), never themselves.
 */
export async function mayManagePerson(actor: Principal | null, target: UserDoc): Promise<boolean> {
  if (!actor || isAdmin(actor)) return true;
  if (String(target._id) === actor.userId) return false;
  const roots = scopeRoots(actor, 'access.decide');
  if (roots === 'all') return true;
  if (roots.length === 0 || target.roles.length === 0) return false;
  if (target.roles.some((g) => g.role !== 'cadre' && g.role !== 'coordinator')) return false;
  const units = new Map(
    (await Unit.find({ _id: { $in: target.roles.map((g) => g.unitId) } }, { path: 1 }).lean()).map((u) => [
      String(u._id),
      u.path.map(String),
    ]),
  );
  // A cadre anywhere in the subtree; a coordinator only strictly below (not a peer).
  return target.roles.every((g) => {
    const path = units.get(String(g.unitId));
    return !!path && roots.some((r) => path.includes(r) && (g.role === 'cadre' || String(g.unitId) !== r));
  });
}

/**
 * Deactivates or reactivates a person. The check comes first; an audit event records each change.
 * `actor.principal` null is the operator's CLI.
 */
export async function setUserActivation(
  telegramId: number,
  activate: boolean,
  actor: {
    principal: Principal | null;
    userId?: Types.ObjectId | null;
    telegramId?: number | null;
    clock: Clock;
  },
): Promise<ActivationResult> {
  const target = await User.findOne({ telegramId }).lean<UserDoc>();
  if (!target) return { ok: false, reason: 'unknown-user' };
  if (actor.principal && String(target._id) === actor.principal.userId) return { ok: false, reason: 'self' };
  if (!(await mayManagePerson(actor.principal, target))) return { ok: false, reason: 'not-allowed' };
  if (Boolean(target.deactivated) === !activate) return { ok: true, user: target, changed: false };
  const updated = await User.findOneAndUpdate(
    { _id: target._id },
    { $set: activate ? { deactivated: false, active: true } : { deactivated: true, active: false } },
    { returnDocument: 'after' },
  ).lean<UserDoc>();
  await recordAudit({
    at: actor.clock.now(),
    actorId: actor.userId ?? null,
    actorTelegramId: actor.telegramId ?? null,
    entity: 'user',
    entityId: target._id,
    action: activate ? 'activate' : 'deactivate',
    unitPath: [],
  });
  return { ok: true, user: updated ?? target, changed: true };
}

/** People this coordinator may deactivate: holders of a grant in their subtree (newest first). */
export async function manageablePeople(actor: Principal, limit = 30): Promise<UserDoc[]> {
  const roots = scopeRoots(actor, 'access.decide');
  let filter: Record<string, unknown> = { deactivated: { $ne: true } };
  if (roots !== 'all') {
    if (roots.length === 0) return [];
    const units = await Unit.find({ path: { $in: roots } }, { _id: 1 }).lean();
    filter = { ...filter, 'roles.unitId': { $in: units.map((u) => u._id) } };
  }
  const people = await User.find(filter)
    .sort({ createdAt: -1 })
    .limit(limit * 2)
    .lean<UserDoc[]>();
  const out: UserDoc[] = [];
  for (const p of people) if (out.length < limit && (await mayManagePerson(actor, p))) out.push(p);
  return out;
}
