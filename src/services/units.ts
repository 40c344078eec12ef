import type { Types } from 'mongoose';
import { Unit, type UnitDoc } from '../db/models/index.ts';
import { rawCollection, toId } from '../db/raw.ts';
import type { UnitRow } from '../domain/templates.ts';

export class UnitImportError extends Error {}

/**
 * Creates or updates units by code. Parents may come earlier in the same rows or already exist.
 * Paths are computed here, so `{ path: X }` finds X's whole subtree.
 */
export async function importUnits(rows: readonly UnitRow[]): Promise<{ created: number; updated: number }> {
  const codes = new Set<string>();
  for (const r of rows) {
    if (codes.has(r.code)) throw new UnitImportError(`the code ${r.code} appears twice`);
    codes.add(r.code);
  }
  const known = new Map<string, { _id: Types.ObjectId; path: Types.ObjectId[] }>();
  const parentCodes = [
    ...new Set(rows.map((r) => r.parent).filter((p): p is string => !!p && !codes.has(p))),
  ];
  for (const u of await Unit.find({ code: { $in: parentCodes } }, { code: 1, path: 1 }).lean()) {
    known.set(u.code, { _id: u._id, path: u.path });
  }
  // Order rows so every parent comes before its children.
  const pending = [...rows];
  const ordered: UnitRow[] = [];
  const placed = new Set(known.keys());
  while (pending.length) {
    const i = pending.findIndex((r) => r.parent === null || placed.has(r.parent));
    if (i < 0) {
      const r = pending[0]!;
      throw new UnitImportError(
        `the parent ${r.parent} of ${r.code} is neither in the file nor in the database`,
      );
    }
    const [r] = pending.splice(i, 1);
    ordered.push(r!);
    placed.add(r!.code);
  }
  let created = 0;
  let updated = 0;
  // One read for every unit already there (a tree of 100+ communes is not 100 round trips more).
  const existingIds = new Map(
    (await Unit.find({ code: { $in: ordered.map((r) => r.code) } }, { code: 1 }).lean()).map((u) => [
      u.code,
      u._id,
    ]),
  );
  for (const r of ordered) {
    const parent = r.parent ? known.get(r.parent) : undefined;
    const existingId = existingIds.get(r.code);
    const existing = existingId ? { _id: existingId } : null;
    const _id = existing?._id ?? new Unit()._id;
    const path = [...(parent?.path ?? []), _id];
    await Unit.updateOne(
      { code: r.code },
      {
        $set: {
          name: r.name,
          level: r.level,
          parentId: parent?._id ?? null,
          path,
          depth: path.length - 1,
          pilot: r.pilot,
          order: r.order,
          ...(r.kind ? { kind: r.kind } : {}),
          ...(r.officialCode ? { officialCode: r.officialCode } : {}),
        },
        $setOnInsert: { _id, code: r.code },
      },
      { upsert: true, runValidators: true },
    );
    if (existing) updated++;
    else created++;
    known.set(r.code, { _id, path });
  }
  return { created, updated };
}

export async function unitByCode(code: string): Promise<UnitDoc | null> {
  return Unit.findOne({ code }).lean<UnitDoc>();
}

export async function childUnits(parentId: Types.ObjectId | string | null): Promise<UnitDoc[]> {
  return Unit.find({ parentId, active: true }).sort({ order: 1, name: 1 }).lean<UnitDoc[]>();
}

/** Units in the subtrees of `roots` whose name contains `query` (accent- and case-insensitive). */
export async function searchUnits(
  roots: readonly (Types.ObjectId | string)[] | 'all',
  query: string,
  limit = 8,
): Promise<UnitDoc[]> {
  const filter = roots === 'all' ? { active: true } : { path: { $in: roots.map(toId) }, active: true };
  const needle = fold(query).replace(/\s+/g, ' ');
  const all = await rawCollection<UnitDoc>(Unit)
    .find(filter, {
      projection: { code: 1, name: 1, level: 1, path: 1, parentId: 1, depth: 1, pilot: 1, order: 1 },
      sort: { depth: 1, order: 1 },
    })
    .toArray();
  return all.filter((u) => fold(u.name).replace(/\s+/g, ' ').includes(needle)).slice(0, limit);
}

/** Lower-case, no diacritics, đ -> d: "Châu Thành" and "chau thanh" match. */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .trim();
}
