/**
 * Generation time of the official documents (issue 11) for a province of 25,000 models.
 *
 *   bash scripts/test-db.sh npx tsx bench/documents.bench.ts        (throwaway FerretDB)
 *   BENCH_MODELS=25000 BENCH_RUNS=3 BENCH_OUT=/tmp/docs ...           (sizes, runs, where to write the files)
 *
 * The 2011 Kiên Giang tree with ten communes under each of its district-level units; BENCH_MODELS
 * models spread over the communes (statuses, fields and owners drawn from a fixed seed), one report
 * for the current month from each model under way (a third of them verified), and the sơ kết round
 * decided in every district with two of its models honoured and one not selected. For each
 * document: the median and the slowest of BENCH_RUNS builds (figures read from the database, the
 * Word file laid out and zipped) and the file's size. Prints a markdown table.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import mongoose, { Types } from 'mongoose';
import { connectMongoose } from '../src/db/connection.ts';
import {
  Campaign,
  type CampaignDoc,
  Initiative,
  Nomination,
  ProgressReport,
  Round,
  Unit,
  type UnitDoc,
} from '../src/db/models/index.ts';
import { buildDocument, type DocumentKind } from '../src/services/documents/index.ts';
import { BENCH_PLAN, benchCampaign, benchHolder, rng, seedProvinceTree } from './province.ts';

const TODAY = '2026-11-27';
const PERIOD = '2026-11';
const MODELS = Number(process.env.BENCH_MODELS ?? 25_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const OUT = process.env.BENCH_OUT ?? null;
const TZ = 'Asia/Ho_Chi_Minh';
const BATCH = 2000;

const uri = process.env.MONGODB_URI;
if (!uri) {
  console.error('MONGODB_URI is not set: run `bash scripts/test-db.sh npx tsx bench/documents.bench.ts`.');
  process.exit(2);
}

const STATUSES = [
  ['registered', 0.08],
  ['nurturing', 0.7],
  ['submitted', 0.08],
  ['honoured', 0.1],
  ['withdrawn', 0.04],
] as const;
const WORDS = ['Ánh', 'Bình', 'Cộng', 'Dân', 'Đoàn', 'Em', 'Gia', 'Hòa', 'Ích', 'Khéo', 'Lợi', 'Mới'];

async function insertAll(model: { insertMany(d: unknown[], o: object): Promise<unknown> }, docs: unknown[]) {
  for (let i = 0; i < docs.length; i += BATCH)
    await model.insertMany(docs.slice(i, i + BATCH), { ordered: false, lean: true });
}

async function seed(): Promise<{ campaign: CampaignDoc; district: UnitDoc }> {
  await seedProvinceTree(
    (district, i) => `Xã ${WORDS[i]} ${district.replace(/^(Huyện|Thị xã|Thành phố) /, '')}`,
  );
  const created = await benchCampaign('2025-01-01', TODAY);
  // The sơ kết round opened on 01/07/2026, so "registered since" compares with a day in the data.
  const rounds = created.rounds.map((r) => (r.code === 'so-ket-1' ? { ...r, opensOn: '2026-07-01' } : r));
  await Campaign.updateOne({ _id: created._id }, { $set: { rounds } });
  const campaign = (await Campaign.findById(created._id).lean<CampaignDoc>())!;
  const communes = await Unit.find({ level: 'commune' }).lean<UnitDoc[]>();
  const rand = rng(42);
  const owner = new Types.ObjectId();
  const models: Record<string, unknown>[] = [];
  const reports: Record<string, unknown>[] = [];
  for (let i = 0; i < MODELS; i++) {
    const unit = communes[Math.floor(rand() * communes.length)]!;
    let acc = 0;
    const r = rand();
    const status =
      STATUSES.find(([, w]) => {
        acc += w;
        return r < acc;
      })?.[0] ?? 'nurturing';
    const createdAt = new Date(Date.UTC(2026, Math.floor(rand() * 10), 1 + Math.floor(rand() * 28)));
    const id = new Types.ObjectId();
    const reported = status !== 'registered' && status !== 'withdrawn' && rand() < 0.8;
    const verified = reported && rand() < 0.34;
    models.push({
      _id: id,
      code: `DVK-2026-${String(i + 1).padStart(5, '0')}`,
      sourceKey: `bench-${i}`,
      ...benchHolder(campaign._id, unit, owner, rand),
      targetLevel: rand() < 0.8 ? 'grassroots' : 'district',
      title: `${WORDS[Math.floor(rand() * WORDS.length)]} ${WORDS[Math.floor(rand() * WORDS.length)]} số ${i}`,
      ...BENCH_PLAN,
      status,
      statusChangedAt: createdAt,
      acceptedAt: status === 'registered' ? null : createdAt,
      honours:
        status === 'honoured'
          ? [{ level: 'district', year: 2026, decisionNo: `${i}/QĐ`, at: createdAt }]
          : [],
      lastReportPeriod: reported ? PERIOD : null,
      lastVerifiedPeriod: verified ? PERIOD : null,
      replicatedFrom: rand() < 0.05 ? new Types.ObjectId() : null,
      createdAt,
    });
    if (reported)
      reports.push({
        initiativeId: id,
        campaignId: campaign._id,
        unitId: unit._id,
        unitPath: unit.path,
        periodKey: PERIOD,
        activities: 'a',
        indicatorValues: [],
        progress: 50,
        summary: 's',
        submittedBy: owner,
        submittedAt: createdAt,
        verification: verified ? 'verified' : 'pending',
      });
  }
  await insertAll(Initiative, models);
  await insertAll(ProgressReport, reports);
  // The sơ kết round, decided in every district: two honoured, one not selected.
  const def = campaign.rounds.find((r) => r.code === 'so-ket-1')!;
  for (const d of await Unit.find({ parentId: campaign.rootUnitId }).lean<UnitDoc[]>()) {
    const round = await Round.create({
      campaignId: campaign._id,
      defCode: def.code,
      name: def.name,
      kind: 'honouring',
      phaseCode: def.phaseCode,
      targetLevel: def.targetLevel,
      unitId: d._id,
      unitPath: d.path,
      unitName: d.name,
      quota: 2,
      opensOn: def.opensOn,
      closesOn: def.closesOn,
      status: 'decided',
      decisionNo: `${d.order}-QĐ/BCĐ`,
      decisionDate: '2026-11-20',
      openedAt: new Date('2026-07-01T02:00:00Z'),
    });
    const mine = models
      .filter((m) => (m.unitPath as Types.ObjectId[]).some((x) => x.equals(d._id)))
      .slice(0, 3);
    await Nomination.insertMany(
      mine.map((m, i) => ({
        roundId: round._id,
        campaignId: campaign._id,
        initiativeId: m._id,
        code: m.code,
        title: m.title,
        ownerName: m.ownerName,
        ownerKind: m.ownerKind,
        field: m.field,
        unitId: m.unitId,
        unitPath: m.unitPath,
        nominatedBy: owner,
        nominatedAt: new Date('2026-10-01T02:00:00Z'),
        outcome: i < 2 ? 'honoured' : 'not-selected',
      })),
    );
  }
  const district = (await Unit.findOne({ code: 'kg-chau-thanh' }).lean<UnitDoc>())!;
  return { campaign, district };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  await connectMongoose(uri!, `dvb_bench_docs_${randomBytes(4).toString('hex')}`);
  try {
    const t0 = performance.now();
    const { campaign, district } = await seed();
    console.error(`seeded ${MODELS} models in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    if (OUT) mkdirSync(OUT, { recursive: true });
    const cases: [string, DocumentKind, string][] = [
      ['báo cáo sơ kết, province', 'report', String(campaign.rootUnitId)],
      ['báo cáo sơ kết, one district', 'report', String(district._id)],
      ['danh sách đề nghị khen thưởng, province', 'commendation', String(campaign.rootUnitId)],
      ['danh sách mô hình, one district', 'models', String(district._id)],
      ['danh sách mô hình, province', 'models', String(campaign.rootUnitId)],
    ];
    const rows: string[] = [];
    for (const [label, kind, unit] of cases) {
      const times: number[] = [];
      let size = 0;
      for (let i = 0; i < RUNS; i++) {
        const s = performance.now();
        const doc = await buildDocument({
          kind,
          campaign,
          scopeUnitId: unit,
          defCode: 'so-ket-1',
          today: TODAY,
          timeZone: TZ,
          number: '12',
        });
        times.push(performance.now() - s);
        size = doc.buffer.length;
        if (OUT && i === 0) writeFileSync(join(OUT, doc.fileName), doc.buffer);
      }
      rows.push(
        `| ${label} | ${MODELS.toLocaleString('en')} | ${Math.round(median(times)).toLocaleString('en')} | ${Math.round(Math.max(...times)).toLocaleString('en')} | ${(size / 1024).toFixed(0)} |`,
      );
      console.error(rows.at(-1));
    }
    console.log('| document | models in the campaign | median ms | slowest ms | file KB |');
    console.log('| --- | ---: | ---: | ---: | ---: |');
    for (const r of rows) console.log(r);
  } finally {
    await mongoose.connection.dropDatabase().catch(() => {});
    await mongoose.disconnect();
  }
}

await main();
