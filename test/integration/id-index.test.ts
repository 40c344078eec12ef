import mongoose, { Types } from 'mongoose';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.ts';

/**
 * Every per-update read of the bot is by `_id` (conversation state, drafts, users, claims), and
 * names of units, models and recipients are read by `_id: {$in: [...]}`.
 * FerretDB 1.24.2 as published scans the whole table for it on both handlers; the build in
 * scripts/ferretdb.sh applies scripts/ferretdb-id-index.patch so that the `_id` index is used.
 * This asks the server's query planner (explain), so it fails on an unpatched FerretDB.
 * MongoDB answers IDHACK / EXPRESS_IXSCAN / IXSCAN; FerretDB passes on PostgreSQL's plan
 * ("Index Scan") or SQLite's ("SEARCH ... USING INDEX").
 */
useTestDatabase();

const USES_INDEX =
  /IDHACK|EXPRESS_IXSCAN|IXSCAN|"Index Scan"|"Index Only Scan"|"Bitmap Index Scan"|USING (COVERING )?INDEX/;

async function plan(collection: string, filter: object): Promise<string> {
  const out = await mongoose.connection.db!.command({ explain: { find: collection, filter } });
  return JSON.stringify(out.queryPlanner ?? out);
}

describe('_id lookups use the _id index', () => {
  it('for ObjectId and string ids, and a filter on another field still scans', async () => {
    const db = mongoose.connection.db!;
    const strings = db.collection<{ _id: string; n: number }>('idx_str');
    const ids = Array.from({ length: 300 }, () => new Types.ObjectId());
    await db.collection('idx_oid').insertMany(ids.map((_id, n) => ({ _id, n })));
    await strings.insertMany(ids.map((_, n) => ({ _id: `${n}:register`, n })));

    expect(await plan('idx_oid', { _id: ids[150] })).toMatch(USES_INDEX);
    expect(await plan('idx_str', { _id: '150:register' })).toMatch(USES_INDEX);
    // The check can fail: a filter without an index is reported as a scan.
    expect(await plan('idx_oid', { n: 150 })).not.toMatch(USES_INDEX);
    // And the answer is the right document.
    expect(await db.collection('idx_oid').findOne({ _id: ids[150] })).toEqual({ _id: ids[150], n: 150 });
    expect(await strings.findOne({ _id: '150:register' })).toEqual({
      _id: '150:register',
      n: 150,
    });
    await strings.updateOne({ _id: '7:register' }, { $set: { n: -7 } });
    expect(await strings.countDocuments({ n: -7 })).toBe(1);
  });

  it('for _id: {$in: [...]}, alone or with another condition, and the answer is the same as a scan', async () => {
    const db = mongoose.connection.db!;
    const byOid = db.collection<{ _id: Types.ObjectId; n: number; even: boolean; touched?: boolean }>(
      'idx_in',
    );
    const byStr = db.collection<{ _id: string; n: number }>('idx_in_str');
    const ids = Array.from({ length: 300 }, () => new Types.ObjectId());
    await byOid.insertMany(ids.map((_id, n) => ({ _id, n, even: n % 2 === 0 })));
    await byStr.insertMany(ids.map((_, n) => ({ _id: `u${n}`, n })));
    const id = (n: number) => ids[n] as Types.ObjectId;
    const some = [id(3), id(150), id(299), new Types.ObjectId()];

    expect(await plan('idx_in', { _id: { $in: some } })).toMatch(USES_INDEX);
    expect(await plan('idx_in', { _id: { $in: some }, even: true })).toMatch(USES_INDEX);
    expect(await plan('idx_in_str', { _id: { $in: ['u1', 'u2'] } })).toMatch(USES_INDEX);
    // Not pushed down (and still answered correctly): an empty list, a list with a pattern in it.
    expect(await plan('idx_in', { _id: { $in: [] } })).not.toMatch(USES_INDEX);
    expect(await plan('idx_in_str', { _id: { $in: ['u1', /^u29\d$/] } })).not.toMatch(USES_INDEX);

    const found = await byOid
      .find({ _id: { $in: some } })
      .sort({ n: 1 })
      .toArray();
    expect(found.map((d) => d.n)).toEqual([3, 150, 299]);
    // The other condition still applies to what the index returns.
    const even = await byOid.find({ _id: { $in: some }, even: true }).toArray();
    expect(even.map((d) => d.n)).toEqual([150]);
    expect(await byOid.countDocuments({ _id: { $in: [] } })).toBe(0);
    const mixed = await byStr.find({ _id: { $in: ['u1', /^u29\d$/] } }).toArray();
    expect(mixed.map((d) => d._id).sort()).toEqual([
      'u1',
      ...Array.from({ length: 10 }, (_, k) => `u29${k}`),
    ]);
    // Updates and deletes by a list of ids change exactly those.
    await byOid.updateMany({ _id: { $in: some } }, { $set: { touched: true } });
    expect(await byOid.countDocuments({ touched: true })).toBe(3);
    await byOid.deleteMany({ _id: { $in: [id(0), id(1)] } });
    expect(await byOid.countDocuments({})).toBe(298);
  });
});
