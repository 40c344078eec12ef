/**
 * What scripts/ferretdb-id-index.patch changes: reads and updates by `_id` in a collection of
 * BENCH_DOCS documents (default 50,000), on the server at MONGODB_URI.
 *
 *   bash scripts/test-db.sh npx tsx bench/id-lookup.bench.ts                      # patched (default)
 *   FERRETDB_UNPATCHED=1 bash scripts/test-db.sh npx tsx bench/id-lookup.bench.ts # as published
 *   FERRETDB_HANDLER=sqlite ...                                                    # either handler
 *
 * Prints one line: the server's plan for a find by _id, and the median ms of BENCH_OPS (default
 * 200) findOne({_id}), updateOne({_id}, {$set}) and find({_id: {$in: [50 ids]}}) each, one after
 * the other.
 */
import { performance } from 'node:perf_hooks';
import { MongoClient, ObjectId } from 'mongodb';

const uri = process.env.MONGODB_URI;
if (!uri) throw new Error('MONGODB_URI is required (run through scripts/test-db.sh)');
const docs = Number(process.env.BENCH_DOCS ?? 50_000);
const ops = Number(process.env.BENCH_OPS ?? 200);

const client = await MongoClient.connect(uri);
const db = client.db(`bench_id_${Date.now()}`);
const col = db.collection<{ _id: ObjectId; n: number; pad: string }>('docs');
const ids: ObjectId[] = [];
for (let i = 0; i < docs; i += 1000) {
  const batch = Array.from({ length: Math.min(1000, docs - i) }, (_, j) => {
    const _id = new ObjectId();
    ids.push(_id);
    return { _id, n: i + j, pad: 'x'.repeat(200) };
  });
  await col.insertMany(batch);
}
const explain = await db.command({ explain: { find: 'docs', filter: { _id: ids[0] } } });
const planText = JSON.stringify(explain.queryPlanner ?? explain);
const plan = /Index Scan|USING INDEX|IXSCAN|IDHACK/.test(planText) ? 'index' : 'scan';

async function median(fn: (i: number) => Promise<unknown>): Promise<number> {
  const t: number[] = [];
  for (let i = 0; i < ops; i++) {
    const t0 = performance.now();
    await fn(i);
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  return t[Math.floor(t.length / 2)]!;
}
const pick = (i: number) => ids[(i * 7919) % ids.length]!;
const find = await median((i) => col.findOne({ _id: pick(i) }));
const update = await median((i) => col.updateOne({ _id: pick(i) }, { $set: { n: -i } }));
const list = (i: number) => Array.from({ length: 50 }, (_, j) => pick(i * 50 + j));
const findIn = await median((i) => col.find({ _id: { $in: list(i) } }).toArray());
console.log(
  JSON.stringify({
    handler: process.env.FERRETDB_HANDLER ?? '?',
    patched: process.env.FERRETDB_UNPATCHED !== '1',
    docs,
    plan,
    findByIdMs: +find.toFixed(2),
    updateByIdMs: +update.toFixed(2),
    find50InMs: +findIn.toFixed(2),
  }),
);
await db.dropDatabase();
await client.close();
