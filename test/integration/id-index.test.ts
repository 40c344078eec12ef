import mongoose, { Types } from 'mongoose';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.ts';

/**
 * Every per-update read of the bot is by `_id` (conversation state, drafts, users, claims).
 * FerretDB 1.24.2 as published scans the whole table for it on both handlers; the build in
 * scripts/ferretdb.sh applies scripts/ferretdb-id-index.patch so that the `_id` index is used.
 * This asks the server's query planner (explain), so it fails on an unpatched FerretDB.
 * MongoDB answers IDHACK / EXPRESS_IXSCAN / IXSCAN; FerretDB passes on PostgreSQL's plan
 * ("Index Scan") or SQLite's ("SEARCH ... USING INDEX").
 */
useTestDatabase();

const USES_INDEX = /IDHACK|EXPRESS_IXSCAN|IXSCAN|"Index Scan"|"Index Only Scan"|USING (COVERING )?INDEX/;

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
});
