import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeEach, describe, expect, it } from 'vitest';
import { runAdmin } from '../../src/admin/commands.ts';
import { ManualClock } from '../../src/clock.ts';
import {
  Campaign,
  Initiative,
  type InitiativeDoc,
  UnitReplication,
  type UserDoc,
} from '../../src/db/models/index.ts';
import { addDays, zonedInstant } from '../../src/domain/calendar.ts';
import { buildExportWorkbook } from '../../src/services/exports.ts';
import { enterHonouredBefore } from '../../src/services/honoured-before.ts';
import { recordReplicaByCode, recordReplicationAtUnit } from '../../src/services/replications.ts';
import { recordReplication } from '../../src/services/reviews.ts';
import { principalOf } from '../../src/services/users.ts';
import { useTestDatabase } from '../support/database.ts';
import { clock, makeInitiative, makeUser, NOW, seedWorld, TODAY, type World } from '../support/fixtures.ts';

/*
 * Issue 10, item 5 on a real server: replications recorded from either side are counted once
 * (the count is derived from the records, never incremented); models honoured before the
 * campaign are entered only inside the person's scope, before the campaign's start, and imported
 * from a CSV all at once or not at all.
 */

useTestDatabase({ clean: 'each' });

let world: World;
let source: InitiativeDoc;
let owner: UserDoc;
let coordinator: UserDoc;

const honour = { level: 'grassroots', year: 2026, decisionNo: '7/QĐ', at: NOW, occasion: 1 };
const p = (u: UserDoc) => principalOf(u);

beforeEach(async () => {
  world = await seedWorld();
  owner = await makeUser('cadre', world.communes[0]!, 'Chủ mô hình gốc');
  coordinator = await makeUser('coordinator', world.chauThanh, 'Điều phối Châu Thành');
  source = await makeInitiative(world, owner, world.communes[0]!, { status: 'honoured' });
  await Initiative.updateOne({ _id: source._id }, { $set: { honours: [honour] } });
});

describe('replications from either side', () => {
  it('counts a pair recorded from both sides at once exactly once', async () => {
    const replicaOwner = await makeUser('coordinator', world.rachGia, 'Điều phối Rạch Giá');
    const replica = await makeInitiative(world, replicaOwner, world.rachGia, { status: 'nurturing' });
    const [fromSource, fromReplica] = await Promise.all([
      recordReplicaByCode(p(coordinator), { sourceId: source._id, replicaCode: replica.code }, clock()),
      recordReplication(p(replicaOwner), { sourceId: source._id, replicaId: replica._id }, clock()),
    ]);
    expect([fromSource.ok, fromReplica.ok].sort()).toEqual([false, true]);
    const refused = [fromSource, fromReplica].find((r) => !r.ok)!;
    expect(refused).toMatchObject({ ok: false, reason: 'already-linked' });
    expect((await Initiative.findById(source._id).lean())!.replicationCount).toBe(1);
  });

  it('counts concurrent unit records without losing one, and a unit once with a model there', async () => {
    const units = [
      world.communes[1]!,
      world.communes[2]!,
      world.communes[3]!,
      world.chauThanh,
      world.rachGia,
    ];
    const results = await Promise.all(
      units.map((u) =>
        recordReplicationAtUnit(p(coordinator), { sourceId: source._id, unitId: u._id }, clock()),
      ),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    expect((await Initiative.findById(source._id).lean())!.replicationCount).toBe(5);
    // The same unit twice at once: one record.
    const twice = await Promise.all(
      [1, 2].map(() =>
        recordReplicationAtUnit(p(owner), { sourceId: source._id, unitId: world.communes[1]!._id }, clock()),
      ),
    );
    expect(twice.map((r) => r.ok && r.created)).toEqual([false, false]);
    expect(await UnitReplication.countDocuments()).toBe(5);
    // A model registered later at Rạch Giá naming the source: the unit and the model are one place.
    const cadre = await makeUser('coordinator', world.rachGia);
    const there = await makeInitiative(world, cadre, world.rachGia, { status: 'nurturing' });
    const r = await recordReplication(p(cadre), { sourceId: source._id, replicaId: there._id }, clock());
    expect(r.ok && r.source.replicationCount).toBe(5);
  });

  it('lets the source’s owner record one, and refuses others, a source never honoured and an ended campaign', async () => {
    const at = await recordReplicationAtUnit(
      p(owner),
      { sourceId: source._id, unitId: world.communes[1]!._id },
      clock(),
    );
    expect(at).toMatchObject({ ok: true, created: true, count: 1 });
    const stranger = await makeUser('coordinator', world.rachGia);
    const otherCadre = await makeUser('cadre', world.communes[0]!);
    for (const who of [stranger, otherCadre]) {
      expect(
        await recordReplicationAtUnit(
          p(who),
          { sourceId: source._id, unitId: world.communes[2]!._id },
          clock(),
        ),
      ).toMatchObject({ ok: false, reason: 'not-allowed' });
    }
    const plain = await makeInitiative(world, owner, world.communes[0]!, { status: 'nurturing' });
    expect(
      await recordReplicationAtUnit(
        p(coordinator),
        { sourceId: plain._id, unitId: world.communes[2]!._id },
        clock(),
      ),
    ).toMatchObject({ ok: false, reason: 'wrong-status' });
    expect(
      await recordReplicaByCode(p(coordinator), { sourceId: source._id, replicaCode: source.code }, clock()),
    ).toMatchObject({ ok: false, reason: 'invalid', problem: 'same-model' });
    const after = new ManualClock(zonedInstant(addDays(world.campaign.end, 1), 'Asia/Ho_Chi_Minh', 9));
    expect(
      await recordReplicationAtUnit(
        p(coordinator),
        { sourceId: source._id, unitId: world.communes[2]!._id },
        after,
      ),
    ).toMatchObject({ ok: false, reason: 'campaign-read-only' });
    expect(await UnitReplication.countDocuments()).toBe(1);
  });
});

describe('entering a model honoured before the campaign', () => {
  const entry = (unitId: string, extra: Record<string, unknown> = {}) => ({
    title: 'Tổ tự quản đường làng',
    unitId,
    field: 'economy',
    ownerKind: 'collective',
    ownerName: 'Tổ tự quản ấp 3',
    level: 'district',
    decisionNo: '12/QĐ-UBND',
    decisionDate: addDays(world.campaign.start, -400),
    ...extra,
  });
  const enter = (u: UserDoc, raw: unknown, key = 'k1', c = clock()) =>
    enterHonouredBefore(p(u), raw, { campaignId: world.campaign._id, sourceKey: key, clock: c });

  it('refuses every bad entry with its reason and saves nothing', async () => {
    const commune = String(world.communes[0]!._id);
    expect(await enter(coordinator, entry(String(world.rachGia._id)))).toMatchObject({
      ok: false,
      problem: 'outside-scope',
    });
    expect(await enter(coordinator, entry(commune, { decisionDate: world.campaign.start }))).toMatchObject({
      ok: false,
      problem: 'not-before-campaign',
    });
    expect(await enter(coordinator, entry(commune, { level: 'national' }))).toMatchObject({
      ok: false,
      problem: 'bad-level',
    });
    expect(await enter(coordinator, entry(commune, { field: 'sport' }))).toMatchObject({
      ok: false,
      problem: 'bad-field',
    });
    expect(await enter(coordinator, entry(commune, { title: 'ab' }))).toMatchObject({
      ok: false,
      problem: 'invalid',
    });
    expect(await enter(owner, entry(commune))).toMatchObject({ ok: false, reason: 'not-allowed' });
    const after = new ManualClock(zonedInstant(addDays(world.campaign.end, 1), 'Asia/Ho_Chi_Minh', 9));
    expect(await enter(coordinator, entry(commune), 'k1', after)).toMatchObject({
      ok: false,
      reason: 'campaign-read-only',
    });
    expect(await Initiative.countDocuments({ 'honours.beforeCampaign': true })).toBe(0);
  });

  it('saves one record for a confirm pressed twice, and it can be named as a replication’s source', async () => {
    const raw = entry(String(world.communes[1]!._id));
    const [a, b] = await Promise.all([enter(coordinator, raw), enter(coordinator, raw)]);
    expect(a.ok && b.ok && String(a.initiative._id) === String(b.initiative._id)).toBe(true);
    expect(await Initiative.countDocuments({ 'honours.beforeCampaign': true })).toBe(1);
    if (!a.ok) throw new Error('entry refused');
    const old = a.initiative;
    const replicaOwner = await makeUser('coordinator', world.rachGia);
    const replica = await makeInitiative(world, replicaOwner, world.rachGia, { status: 'nurturing' });
    const r = await recordReplication(
      p(replicaOwner),
      { sourceId: old._id, replicaId: replica._id },
      clock(),
    );
    expect(r.ok && r.source.replicationCount).toBe(1);
  });
});

describe('npm run admin -- models import-honoured', () => {
  let out: string[];
  let err: string[];
  let code: string;
  const run = (...argv: string[]) =>
    runAdmin(argv, { out: (l) => out.push(l), err: (l) => err.push(l), clock: clock() });
  const tmp = (content: string) => {
    const file = path.join(tmpdir(), `${Date.now()}-${Math.random().toString(36).slice(2)}-honoured.csv`);
    writeFileSync(file, content);
    return file;
  };
  /** The import of a file into the test campaign, entered by the district's coordinator. */
  const importFile = (file: string, campaign = code, by = String(coordinator.telegramId)) =>
    run('models', 'import-honoured', file, '--campaign', campaign, '--by', by);
  const HEADER = 'unit_code,title,field,owner_kind,owner_name,level,decision_no,decision_date';

  beforeEach(async () => {
    out = [];
    err = [];
    code = (await Campaign.findById(world.campaign._id).lean())!.code;
  });

  it('imports every row (codes or Vietnamese names), shows each as honoured before the campaign, and a second run adds nothing', async () => {
    const file = tmp(
      `${HEADER}\nkg-ct-binh-an,"Tiết kiệm vì người nghèo, ấp 3",kinh tế,tập thể,Chi hội Phụ nữ ấp 3,Huyện,45/QĐ-UBND,05/10/2010\n` +
        'kg-rach-gia,Dân vận trong cải cách hành chính,economy,individual,Nguyễn Văn Bảy,province,3/QĐ-UBND,2010-09-30\n',
    );
    expect(await importFile(file)).toBe(0);
    expect(out.at(-1)).toBe('2 model(s) imported, 0 already');
    const models = await Initiative.find({ 'honours.beforeCampaign': true }).sort({ code: 1 }).lean();
    expect(
      models.map((m) => [
        m.title,
        m.ownerKind,
        m.status,
        m.targetLevel,
        m.honours[0]!.decisionNo,
        m.honours[0]!.decisionDate,
      ]),
    ).toEqual([
      ['Tiết kiệm vì người nghèo, ấp 3', 'collective', 'honoured', 'district', '45/QĐ-UBND', '2010-10-05'],
      ['Dân vận trong cải cách hành chính', 'individual', 'honoured', 'province', '3/QĐ-UBND', '2010-09-30'],
    ]);
    // The workbook's honours sheet names the decision's date and which honours came before the
    // campaign (the source's honour, given by this campaign, does not).
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(
      (await buildExportWorkbook({ campaign: world.campaign, today: TODAY })) as unknown as ArrayBuffer,
    );
    const sheet: unknown[][] = [];
    wb.getWorksheet('Khen thưởng')!.eachRow((row) => sheet.push((row.values as unknown[]).slice(1)));
    expect(sheet[0]).toEqual([
      'Mã mô hình',
      'Tên mô hình',
      'Đơn vị',
      'Lĩnh vực',
      'Cấp biểu dương',
      'Năm',
      'Số quyết định',
      'Ngày quyết định',
      'Ngày ghi nhận',
      'Trước phong trào',
    ]);
    const byCode = new Map(sheet.slice(1).map((r) => [r[0], r]));
    expect(byCode.get(models[0]!.code)!.slice(4)).toEqual([
      'Huyện',
      2010,
      '45/QĐ-UBND',
      new Date('2010-10-05T00:00:00Z'),
      new Date(`${TODAY}T00:00:00Z`),
      'Có',
    ]);
    expect(byCode.get(models[1]!.code)!.slice(4, 8)).toEqual([
      'Tỉnh',
      2010,
      '3/QĐ-UBND',
      new Date('2010-09-30T00:00:00Z'),
    ]);
    expect(byCode.get(models[1]!.code)![9]).toBe('Có');
    expect(byCode.get(source.code)!.slice(6)).toEqual(['7/QĐ', undefined, new Date(`${TODAY}T00:00:00Z`)]);

    out = [];
    expect(await importFile(file)).toBe(0);
    expect(out.at(-1)).toBe('0 model(s) imported, 2 already');
    expect(await Initiative.countDocuments({ 'honours.beforeCampaign': true })).toBe(2);
  });

  it('refuses the whole file when any row is bad, naming every problem, and imports nothing', async () => {
    const file = tmp(
      `${HEADER}\n` +
        'kg-ct-binh-an,Mô hình tốt,economy,collective,Chi hội,district,1/QĐ,05/10/2010\n' +
        'kg-nowhere,Mô hình ở đâu,economy,collective,Chi hội,district,2/QĐ,05/10/2010\n' +
        'kg-ct-binh-an,Mô hình lĩnh vực lạ,thể thao,nhóm,Chi hội,quốc gia,3/QĐ,31/02/2010\n' +
        `kg-ct-binh-an,Mô hình sau ngày bắt đầu,economy,collective,Chi hội,district,4/QĐ,${world.campaign.start}\n` +
        'kg-ct-binh-an,ab,economy,collective,Chi hội,district,,05/10/2010\n' +
        'kg-ct-binh-an,Mô hình tốt,economy,collective,Chi hội,district,1/QĐ,05/10/2010\n',
    );
    expect(await importFile(file)).toBe(1);
    expect(err).toEqual([
      'line 3: unit_code: no active unit "kg-nowhere" in the campaign\'s tree',
      `line 4: field: "thể thao" is not one of ${world.campaign.fields.map((f) => f.code).join(', ')}`,
      'line 4: owner_kind: "nhóm" is not collective or individual',
      'line 4: level: "quốc gia" is not one of grassroots, district, province',
      'line 4: decision_date: "31/02/2010" is not a date (dd/mm/yyyy)',
      `line 5: decision_date: ${world.campaign.start} is not before the campaign's start ${world.campaign.start}`,
      'line 6: title: at least 5 characters',
      'line 6: decision_no: required',
      'line 7: the same model and decision as line 2',
      `${path.basename(file)}: 9 problem(s); nothing imported`,
    ]);
    expect(await Initiative.countDocuments()).toBe(1); // the source of the fixtures only
  });

  it('refuses a missing column, an unknown person or campaign, and a call without its options', async () => {
    const noColumn = tmp('unit_code,title\nkg,Mô hình\n');
    expect(await importFile(noColumn)).toBe(1);
    expect(err.at(-2)).toContain('the header lacks "field", "owner_kind"');
    const file = tmp(`${HEADER}\n`);
    expect(await importFile(file, code, '999999999')).toBe(1);
    expect(err.at(-2)).toContain('no person with Telegram id 999999999');
    expect(await importFile(file, 'nope')).toBe(1);
    expect(err.at(-2)).toBe('no campaign nope');
    expect(await run('models', 'import-honoured', file, '--by', String(coordinator.telegramId))).toBe(2);
    expect(err.at(-1)).toContain('--campaign');
    expect(await run('models', 'import-honoured', '--campaign', code)).toBe(2);
    expect(err.at(-1)).toContain('needs a CSV file');
    expect(await Initiative.countDocuments()).toBe(1);
  });
});
