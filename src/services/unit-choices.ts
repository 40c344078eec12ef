import { Unit } from '../db/models/index.ts';
import { rawCollection, toId } from '../db/raw.ts';
import { type Action, can, invitableRoles, type Principal, type RoleName } from '../domain/permissions.ts';
import { principalOf } from './users.ts';

/**
 * Units as the fronts show them: names for labels, the choices of the unit picker, the units a
 * person may invite to. Plain data (string ids), safe to return from `conversation.external`.
 */

export interface UnitChoice {
  id: string;
  name: string;
  hasChildren: boolean;
}

/** Each unit with whether it has child units (the picker's ▸ button). */
export async function withChildFlags(units: { id: string; name: string }[]): Promise<UnitChoice[]> {
  const parents = new Set(
    (await rawCollection(Unit).distinct('parentId', { parentId: { $in: units.map((u) => toId(u.id)) } })).map(
      String,
    ),
  );
  return units.map((u) => ({ ...u, hasChildren: parents.has(u.id) }));
}

/** The active units right below a unit, in their order. */
export async function unitsUnder(parentId: string): Promise<UnitChoice[]> {
  const units = await Unit.find({ parentId, active: true }, { name: 1 }).sort({ order: 1, name: 1 }).lean();
  return withChildFlags(units.map((u) => ({ id: String(u._id), name: u.name })));
}

/** The active top-level units (the roots of every tree), in their order. */
export async function topUnits(): Promise<UnitChoice[]> {
  const top = await Unit.find({ parentId: null, active: true }, { name: 1 }).sort({ order: 1 }).lean();
  return withChildFlags(top.map((u) => ({ id: String(u._id), name: u.name })));
}

/**
 * The name of a unit chosen by a button, if it lies in the subtree of one of `rootIds` and, with
 * `check`, the person may do the action there; null otherwise (a forged or stale id).
 */
export async function pickableUnit(
  id: string,
  rootIds: readonly string[],
  check?: { user: Parameters<typeof principalOf>[0] | null; action: Action },
): Promise<string | null> {
  if (!/^[a-f0-9]{24}$/.test(id)) return null;
  const unit = await rawCollection<{ path: unknown[]; name: string }>(Unit).findOne(
    { _id: toId(id) },
    { projection: { path: 1, name: 1 } },
  );
  if (!unit) return null;
  const path = unit.path.map(String);
  if (!path.some((p) => rootIds.includes(p))) return null;
  if (check && (!check.user || !can(principalOf(check.user), check.action, { unitPath: path }))) return null;
  return unit.name;
}

/** Names of units by id (unknown ids are left out). */
export async function unitNames(ids: readonly unknown[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.map(String))].filter((id) => /^[a-f0-9]{24}$/.test(id));
  if (!wanted.length) return new Map();
  const units = await Unit.find({ _id: { $in: wanted } }, { name: 1 }).lean();
  return new Map(units.map((u) => [String(u._id), u.name]));
}

/** A unit's code and name, or null. */
export async function unitLabel(id: unknown): Promise<{ code: string; name: string } | null> {
  if (id == null || !/^[a-f0-9]{24}$/.test(String(id))) return null;
  const unit = await Unit.findById(String(id), { code: 1, name: 1 }).lean();
  return unit ? { code: unit.code, name: unit.name } : null;
}

/** The active units right below a unit, by name, at most `limit` (the summary's filter menu). */
export async function childUnitNames(
  parentId: unknown,
  limit: number,
): Promise<{ id: string; name: string }[]> {
  const children = await Unit.find({ parentId: String(parentId), active: true }, { name: 1 })
    .sort({ order: 1 })
    .limit(limit)
    .lean();
  return children.map((u) => ({ id: String(u._id), name: u.name }));
}

export interface InvitableUnit {
  id: string;
  name: string;
  roles: RoleName[];
}

/**
 * Units where this person may invite (their grant units above cadre and the units right below
 * them), each with the roles they may invite to; units where they may invite nobody are left out.
 */
export async function invitableUnits(principal: Principal): Promise<InvitableUnit[]> {
  const grantUnits = [...new Set(principal.grants.filter((g) => g.role !== 'cadre').map((g) => g.unitId))];
  const units = await Unit.find(
    { $or: [{ _id: { $in: grantUnits } }, { parentId: { $in: grantUnits } }], active: true },
    { name: 1, path: 1, depth: 1, order: 1 },
  )
    .sort({ depth: 1, order: 1 })
    .limit(60)
    .lean();
  return units
    .map((u) => ({ id: String(u._id), name: u.name, roles: invitableRoles(principal, u.path.map(String)) }))
    .filter((u) => u.roles.length > 0);
}

/** One unit named by a button, with the roles this person may invite to there; null if none. */
export async function invitableUnit(principal: Principal, id: string): Promise<InvitableUnit | null> {
  if (!/^[a-f0-9]{24}$/.test(id)) return null;
  const unit = await Unit.findById(id, { name: 1, path: 1 }).lean();
  if (!unit) return null;
  const roles = invitableRoles(principal, unit.path.map(String));
  return roles.length ? { id: String(unit._id), name: unit.name, roles } : null;
}
