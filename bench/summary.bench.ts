/**
 * Summary latency against the number of progress reports, on the real database.
 *
 *   bash scripts/test-db.sh npm run bench:summary     (throwaway FerretDB)
 *   MONGODB_URI=mongodb://... npm run bench:summary   (any MongoDB-compatible server)
 *
 * Three datasets, each in a database of its own (dropped afterwards), on the 2011 Kiên Giang tree
 * with ten communes under each of its 20 district-level units:
 *   A  10,000 reports and the ~1,150 models they belong to (up to ten monthly reports each);
 *   B 200,000 reports and the ~23,000 models they belong to (the same, 20 times bigger);
 *   C  A's models and reports plus 190,000 reports of another campaign (another province) in
 *      the same collection: reports grow 20x, the campaign's models do not.
 * For each: the median and p95 of `buildSummary` for the board (whole province) and for one
 * district's coordinator, and, for contrast, one aggregation that does scan the reports (what a
 * summary counting reports per period would cost). Prints a markdown table.
 */

import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import mongoose, { Types } from 'mongoose';
import { connectMongoose } from '../src/db/connection.ts';
import {
  Campaign,
  type CampaignDoc,
  Initiative,
  ProgressReport,
  Unit,
  type UnitDoc,
} from '../src/db/models/index.ts';
import type { InitiativeStatus } from '../src/domain/lifecycle.ts';
import { buildSummary } from '../src/services/summaries.ts';
import { BENCH_PLAN, benchCampaign, benchHolder, rng, seedProvinceTree } from './province.ts';

const TODAY = '2026-11-27';
const PERIODS = [
  '2026-02',
  '2026-03',
  '2026-04',
  '2026-05',
  '2026-06',
  '2026-07',
  '2026-08',
  '2026-09',
  '2026-10',
  '2026-11',
];
const BATCH = 2000;
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

const uri = process.env.MONGODB_URI;
if (!uri) {
  console.error('MONGODB_URI is not set: run `bash scripts/test-db.sh npm run bench:summary`.');
  process.exit(2);
}

/** Deterministic pseudo-random numbers, so every run builds the same data. */
interface World {
  campaign: CampaignDoc;
  communes: UnitDoc[];
  district: UnitDoc;
}

async function seedWorld(): Promise<World> {
  // Ten communes under each district-level unit: about 200 communes.
  await seedProvinceTree((district, i) => `Xã ${i + 1} (${district})`);
  const campaign = await benchCampaign('2026-01-01', TODAY);
  const communes = await Unit.find({ level: 'commune' }).lean<UnitDoc[]>();
  const district = (await Unit.findOne({ code: 'kg-chau-thanh' }).lean<UnitDoc>())!;
  return { campaign, communes, district };
}

const STATUSES: [InitiativeStatus, number][] = [
  ['registered', 0.08],
  ['returned', 0.02],
  ['nurturing', 0.6],
  ['submitted', 0.1],
  ['appraised', 0.06],
  ['selected', 0.04],
  ['honoured', 0.07],
  ['withdrawn', 0.03],
];

function pick<T>(r: number, weighted: [T, number][]): T {
  let acc = 0;
  for (const [v, w] of weighted) {
    acc += w;
    if (r < acc) return v;
  }
  return weighted.at(-1)![0];
}

type Doc = Record<string, unknown>;
const into =
  (model: { insertMany(docs: Doc[], opts: { ordered: boolean; lean: boolean }): Promise<unknown> }) =>
  (docs: Doc[]) =>
    model.insertMany(docs, { ordered: false, lean: true });

async function insertInBatches(
  insert: (docs: Doc[]) => Promise<unknown>,
  docs: Iterable<Doc>,
): Promise<number> {
  let batch: Record<string, unknown>[] = [];
  let n = 0;
  for (const d of docs) {
    batch.push(d);
    if (batch.length === BATCH) {
      await insert(batch);
      n += batch.length;
      batch = [];
    }
  }
  if (batch.length) {
    await insert(batch);
    n += batch.length;
  }
  return n;
}

/**
 * Models and their monthly reports (up to ten each; none while registered or returned), made
 * until there are exactly `reportTarget` reports. The models carry the denormalised report fields.
 */
async function seedModels(w: World, reportTarget: number, reportsPerModel: number, seed: number) {
  const rand = rng(seed);
  const owner = new Types.ObjectId();
  const models: Record<string, unknown>[] = [];
  let remaining = reportTarget;
  for (let i = 0; remaining > 0; i++) {
    const unit = w.communes[Math.floor(rand() * w.communes.length)]!;
    const status = pick(rand(), STATUSES);
    const reports =
      status === 'registered' || status === 'returned'
        ? 0
        : Math.min(remaining, reportsPerModel - Math.floor(rand() * 3));
    remaining -= reports;
    const created = new Date(Date.UTC(2026, 0, 1 + Math.floor(rand() * 30)));
    models.push({
      _id: new Types.ObjectId(),
      code: `B${seed}-${i}`,
      sourceKey: `b${seed}-${i}`,
      ...benchHolder(w.campaign._id, unit, owner, rand),
      targetLevel: 'grassroots',
      title: `Mô hình số ${i}`,
      ...BENCH_PLAN,
      status,
      statusChangedAt: created,
      honours:
        status === 'honoured'
          ? [{ level: 'grassroots', year: 2026, decisionNo: `${i}/QĐ`, at: created }]
          : [],
      lastReportPeriod: reports ? PERIODS[PERIODS.length - 1 - (reportsPerModel - reports)] : null,
      lastReportAt: reports ? created : null,
      reportCount: reports,
      progress: reports * 8,
      createdAt: created,
      updatedAt: created,
      _reports: reports,
    });
  }
  const reportDocs = function* () {
    for (const m of models) {
      const n = m._reports as number;
      const last = PERIODS.indexOf(m.lastReportPeriod as string);
      for (let k = 0; k < n; k++) yield reportOf(m, PERIODS[last - k]!);
    }
  };
  const modelCount = await insertInBatches(
    into(Initiative),
    models.map(({ _reports, ...m }) => m),
  );
  const reportCount = await insertInBatches(into(ProgressReport), reportDocs());
  return { modelCount, reportCount };
}

function reportOf(m: Record<string, unknown>, periodKey: string): Record<string, unknown> {
  return {
    initiativeId: m._id,
    campaignId: m.campaignId,
    unitId: m.unitId,
    unitPath: m.unitPath,
    periodKey,
    activities: 'Họp chi hội, giải ngân cho 2 hộ.',
    indicatorValues: [{ name: 'Số hộ', value: 2 }],
    progress: 40,
    participants: 25,
    beneficiaries: 2,
    funds: 10_000_000,
    evidence: [{ kind: 'photo', fileId: 'AgAC', fileUniqueId: 'u' }],
    difficulties: '',
    summary: 'Đúng tiến độ.',
    submittedBy: m.createdBy,
    submittedAt: new Date('2026-11-20T03:00:00Z'),
    revision: 1,
    history: [],
    verification: 'pending',
  };
}

/** Reports of models in another campaign: they share the collection, not the campaign. */
async function seedForeignReports(w: World, count: number) {
  const other = await Campaign.create({
    ...w.campaign,
    _id: new Types.ObjectId(),
    code: `${w.campaign.code}-other`,
  });
  const unit = w.communes[0]!;
  const docs = function* () {
    for (let i = 0; i < count; i++) {
      yield reportOf(
        {
          _id: new Types.ObjectId(),
          campaignId: other._id,
          unitId: unit._id,
          unitPath: unit.path,
          createdBy: new Types.ObjectId(),
        },
        PERIODS[i % PERIODS.length]!,
      );
    }
  };
  return insertInBatches(into(ProgressReport), docs());
}

const stats = (samples: number[]) => {
  const ms = [...samples].sort((a, b) => a - b);
  return {
    median: ms[Math.floor(ms.length / 2)]!,
    p95: ms[Math.min(ms.length - 1, Math.ceil(ms.length * 0.95) - 1)]!,
  };
};

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

interface Dataset {
  name: string;
  dbName: string;
  world: World;
  models: number;
  reports: number;
  seedSeconds: number;
  board: number[];
  district: number[];
  scan: number[];
}

async function use(dbName: string) {
  await mongoose.disconnect();
  await mongoose.connect(uri!, { dbName, autoIndex: false });
}

async function seed(
  name: string,
  reportTarget: number,
  foreignReports: number,
  seedNo: number,
): Promise<Dataset> {
  const dbName = `dvb_bench_${randomBytes(4).toString('hex')}`;
  await mongoose.disconnect();
  await connectMongoose(uri!, dbName);
  const t0 = performance.now();
  const world = await seedWorld();
  const seeded = await seedModels(world, reportTarget, PERIODS.length, seedNo);
  const foreign = foreignReports ? await seedForeignReports(world, foreignReports) : 0;
  const seedSeconds = (performance.now() - t0) / 1000;
  const reports = await ProgressReport.estimatedDocumentCount();
  if (reports !== seeded.reportCount + foreign)
    throw new Error(`expected ${seeded.reportCount + foreign} reports, found ${reports}`);
  const s = await buildSummary({ campaign: world.campaign, today: TODAY });
  if (s.totals.all !== seeded.modelCount)
    throw new Error(`summary counted ${s.totals.all} of ${seeded.modelCount} models`);
  console.error(
    `${name}: ${seeded.modelCount} models, ${reports} reports, seeded in ${seedSeconds.toFixed(0)} s`,
  );
  return {
    name,
    dbName,
    world,
    models: seeded.modelCount,
    reports,
    seedSeconds,
    board: [],
    district: [],
    scan: [],
  };
}

const fmt = (n: number) => n.toLocaleString('en-US');
const ms = (samples: number[]) => {
  const x = stats(samples);
  return `${fmt(Math.round(x.median))} ms (p95 ${fmt(Math.round(x.p95))})`;
};

const only = process.env.BENCH_SCENARIOS?.split(',');
const plan: [string, number, number][] = [
  ['A', 10_000, 0],
  ['B', 200_000, 0],
  ['C', 10_000, 190_000],
];
const sets: Dataset[] = [];
try {
  for (const [name, reports, foreign] of plan) {
    if (only && !only.includes(name)) continue;
    // C reuses A's seed: the same models and reports, plus another campaign's reports.
    sets.push(await seed(name, reports, foreign, name === 'C' ? 1 : sets.length + 1));
  }
  // Rounds alternate between the datasets so that a busy moment on a shared machine weighs on
  // all of them alike; the first round is a warm-up.
  for (let round = 0; round <= RUNS; round++) {
    for (const d of sets) {
      await use(d.dbName);
      const board = await timed(() => buildSummary({ campaign: d.world.campaign, today: TODAY }));
      const district = await timed(() =>
        buildSummary({ campaign: d.world.campaign, scopeUnitId: d.world.district._id, today: TODAY }),
      );
      if (round > 0) {
        d.board.push(board);
        d.district.push(district);
      }
    }
  }
  // What counting this period's reports costs (a summary that read reports): slow, so twice.
  for (let round = 0; round < 2; round++) {
    for (const d of sets) {
      await use(d.dbName);
      d.scan.push(
        await timed(() =>
          ProgressReport.aggregate([
            { $match: { campaignId: d.world.campaign._id, periodKey: '2026-11' } },
            { $group: { _id: '$unitId', n: { $sum: 1 } } },
          ]),
        ),
      );
    }
  }
} finally {
  for (const d of sets) {
    if (process.env.BENCH_KEEP_DB) {
      console.error(`kept database ${d.dbName}`);
      continue;
    }
    await use(d.dbName);
    await mongoose.connection.dropDatabase().catch(() => {});
  }
  await mongoose.disconnect();
}

console.log(
  `\n### Summary latency (buildSummary, ${RUNS} alternating rounds after a warm-up; median and p95)\n`,
);
console.log(
  `Database: ${uri.replace(/\/\/[^@]*@/, '//')} · node ${process.version} · ${new Date().toISOString().slice(0, 10)}\n`,
);
console.log(
  '| dataset | models | reports | board (whole province) | district coordinator | report scan, for contrast |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const d of sets) {
  console.log(
    `| ${d.name} | ${fmt(d.models)} | ${fmt(d.reports)} | ${ms(d.board)} | ${ms(d.district)} | ${ms(d.scan)} |`,
  );
}
const ratio = (x: Dataset, y: Dataset, k: 'board' | 'district' | 'scan') =>
  (stats(x[k]).median / stats(y[k]).median).toFixed(2);
const a = sets.find((r) => r.name === 'A');
const b = sets.find((r) => r.name === 'B');
const c = sets.find((r) => r.name === 'C');
console.log('');
if (a && b) {
  console.log(
    `Ratio B / A (200,000 vs 10,000 reports, models growing with them ${(b.models / a.models).toFixed(1)}x): board ${ratio(b, a, 'board')}x, district ${ratio(b, a, 'district')}x, report scan ${ratio(b, a, 'scan')}x.`,
  );
}
if (a && c) {
  console.log(
    `Ratio C / A (200,000 vs 10,000 reports, the same ${fmt(a.models)} models): board ${ratio(c, a, 'board')}x, district ${ratio(c, a, 'district')}x, report scan ${ratio(c, a, 'scan')}x.`,
  );
}
