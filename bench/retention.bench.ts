/**
 * The retention job's purge of old sent logs: BENCH_DOCS (default 100,000) sent logs 70 days old,
 * whose reminders are gone, plus 1,000 recent ones that must stay, on the server at MONGODB_URI.
 *
 *   bash scripts/test-db.sh npx tsx bench/retention.bench.ts
 *   FERRETDB_HANDLER=sqlite bash scripts/test-db.sh npx tsx bench/retention.bench.ts
 *
 * Prints one line: the time to insert them, documents deleted, kept, and the wall time of one
 * `runOnce()`.
 */
import { performance } from 'node:perf_hooks';
import mongoose from 'mongoose';
import { createRetentionJob } from '../jobs/retention.ts';
import { ManualClock } from '../src/clock.ts';
import { connectMongoose } from '../src/db/connection.ts';
import { SentLog } from '../src/db/models/index.ts';
import { createLogger } from '../src/logger.ts';

const uri = process.env.MONGODB_URI;
if (!uri) throw new Error('MONGODB_URI is required (run through scripts/test-db.sh)');
const docs = Number(process.env.BENCH_DOCS ?? 100_000);
const now = new Date('2026-11-27T02:00:00Z');
const DAY = 86_400_000;

await connectMongoose(uri, `bench_retention_${Date.now()}`);
try {
  const col = SentLog.collection;
  const tInsert = performance.now();
  for (let i = 0; i < docs; i += 5000) {
    await col.insertMany(
      Array.from({ length: Math.min(5000, docs - i) }, (_, j) => ({
        key: `notice:old:${i + j}`,
        telegramId: 1,
        messageId: i + j,
        sentAt: new Date(now.getTime() - 70 * DAY),
        instance: 'bench',
      })),
    );
  }
  await col.insertMany(
    Array.from({ length: 1000 }, (_, j) => ({
      key: `notice:recent:${j}`,
      telegramId: 1,
      messageId: j,
      sentAt: new Date(now.getTime() - DAY),
      instance: 'bench',
    })),
  );
  const insertSeconds = Number(((performance.now() - tInsert) / 1000).toFixed(1));
  const job = createRetentionJob({
    config: { TIME_ZONE: 'Asia/Ho_Chi_Minh' },
    logger: createLogger('silent'),
    clock: new ManualClock(now),
    instanceId: 'bench',
  });
  const t0 = performance.now();
  const result = await job.runOnce();
  const ms = performance.now() - t0;
  if (!result.ran) throw new Error(`did not run: ${result.reason}`);
  console.log(
    JSON.stringify({
      handler: process.env.FERRETDB_HANDLER ?? 'default',
      insertSeconds,
      deleted: result.report.sentLogs,
      kept: await col.countDocuments(),
      seconds: Number((ms / 1000).toFixed(1)),
    }),
  );
} finally {
  await mongoose.connection.dropDatabase().catch(() => {});
  await mongoose.disconnect();
}
