/**
 * Evidence checks: time and memory to hash 1,000 photos (dHash through sharp/libvips), and the
 * reuse comparison against the stored hashes on the real database.
 *
 *   npm run bench:evidence                                  (hashing only)
 *   bash scripts/test-db.sh npm run bench:evidence          (hashing, then the comparison on FerretDB)
 *   PHOTOS=1000 STORED=1000,10000                            (the defaults)
 *
 * The photos are generated first (800×600 JPEG, quality 90, ~100-150 KB: drawn scenes with sensor
 * grain, as test/evidence/images.ts makes them) and kept in memory; only the hashing is timed.
 * Memory: peak RSS sampled every 10 ms during hashing, and RSS before/after.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import mongoose, { Types } from 'mongoose';
import sharp from 'sharp';
import { connectMongoose } from '../src/db/connection.ts';
import { EvidenceFile } from '../src/db/models/evidence.ts';
import { findReuse } from '../src/services/evidence/archive.ts';
import { dHash } from '../src/services/evidence/phash.ts';
import { scenePhoto } from '../test/evidence/images.ts';

const N = Number(process.env.PHOTOS ?? 1000);
const STORED = (process.env.STORED ?? '1000,10000').split(',').map(Number);
const mb = (b: number) => (b / 1024 / 1024).toFixed(0);

async function hashing(): Promise<void> {
  sharp.cache(false);
  const t0 = performance.now();
  const photos: Buffer[] = [];
  for (let i = 0; i < N; i++) photos.push(await scenePhoto(1000 + i, { noise: i + 1 }));
  const genS = (performance.now() - t0) / 1000;
  const bytes = photos.reduce((s, p) => s + p.length, 0);
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  const times: number[] = [];
  const start = performance.now();
  for (const p of photos) {
    const s = performance.now();
    await dHash(p);
    times.push(performance.now() - s);
  }
  const total = performance.now() - start;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  times.sort((a, b) => a - b);
  const q = (x: number) => times[Math.min(times.length - 1, Math.floor(x * times.length))]!.toFixed(1);
  // Four at a time, as four cadres sending at once would.
  const s4 = performance.now();
  for (let i = 0; i < photos.length; i += 4) await Promise.all(photos.slice(i, i + 4).map((p) => dHash(p)));
  const total4 = performance.now() - s4;
  console.log(`photos: ${N}, 800×600 JPEG, ${mb(bytes)} MB in memory (generated in ${genS.toFixed(0)} s)`);
  console.log('| hashing | total s | photos/s | p50 ms | p95 ms | p99 ms | RSS before MB | peak RSS MB |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  console.log(
    `| one at a time | ${(total / 1000).toFixed(1)} | ${((N / total) * 1000).toFixed(0)} | ${q(0.5)} | ${q(0.95)} | ${q(0.99)} | ${mb(rssBefore)} | ${mb(peak)} |`,
  );
  console.log(
    `| four at a time | ${(total4 / 1000).toFixed(1)} | ${((N / total4) * 1000).toFixed(0)} | | | | | ${mb(Math.max(peak, process.memoryUsage().rss))} |`,
  );
}

async function comparison(uri: string): Promise<void> {
  const dbName = `dvb_bench_evidence_${randomBytes(4).toString('hex')}`;
  await connectMongoose(uri, dbName);
  try {
    const campaignId = new Types.ObjectId();
    const unitId = new Types.ObjectId();
    console.log('\n| stored photo hashes | reuse check (find + compare) p50 ms | p95 ms |');
    console.log('| ---: | ---: | ---: |');
    let have = 0;
    for (const target of STORED) {
      const batch = [];
      for (; have < target; have++) {
        batch.push({
          ownerId: new Types.ObjectId(),
          campaignId,
          initiativeId: new Types.ObjectId(),
          unitId,
          unitPath: [unitId],
          periodKey: '2026-11',
          kind: 'photo',
          mime: 'image/jpeg',
          size: 100_000,
          sha256: randomBytes(32).toString('hex'),
          phash: randomBytes(8).toString('hex'),
          at: new Date(),
        });
        if (batch.length === 1000) await EvidenceFile.insertMany(batch.splice(0), { ordered: false });
      }
      if (batch.length) await EvidenceFile.insertMany(batch, { ordered: false });
      const times: number[] = [];
      for (let i = 0; i < 7; i++) {
        const s = performance.now();
        await findReuse(randomBytes(8).toString('hex'), {
          userId: new Types.ObjectId(),
          initiative: { _id: new Types.ObjectId(), campaignId, unitId, unitPath: [unitId] },
          periodKey: '2026-11',
        });
        times.push(performance.now() - s);
      }
      times.sort((a, b) => a - b);
      console.log(`| ${target.toLocaleString('en')} | ${times[3]!.toFixed(0)} | ${times[6]!.toFixed(0)} |`);
    }
  } finally {
    await mongoose.connection.dropDatabase().catch(() => {});
    await mongoose.disconnect();
  }
}

await hashing();
if (process.env.MONGODB_URI) await comparison(process.env.MONGODB_URI);
else console.log('\n(no MONGODB_URI: the comparison against stored hashes was not run)');
