import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  AccessRequest,
  AuditEvent,
  Campaign,
  Initiative,
  Invite,
  ProgressReport,
  Unit,
  type UnitDoc,
  User,
} from '../../src/db/models/index.ts';
import { addDays, addYears } from '../../src/domain/calendar.ts';
import { MAPPING_AN_GIANG_2025, UNITS_AN_GIANG_2025 } from '../../src/services/campaigns.ts';
import { createInvite } from '../../src/services/invites.ts';
import { importUnits } from '../../src/services/units.ts';
import { useAdminCli } from '../support/admin.ts';
import {
  clock,
  makeInitiative,
  makeReport,
  makeUser,
  monthKey,
  NOW,
  seedWorld,
  TODAY,
  type World,
  YEAR,
} from '../support/fixtures.ts';
import { AN_GIANG_YEARS } from '../support/world-2025.ts';

const { run, createAnGiang2026, out, err } = useAdminCli();

/** Every document of every collection the migration may touch, for "nothing changed" checks. */
async function snapshot() {
  const all = await Promise.all(
    [Unit, Initiative, ProgressReport, AccessRequest, AuditEvent, User, Invite, Campaign].map((m) =>
      (m as typeof Unit).find().sort({ _id: 1 }).lean(),
    ),
  );
  return JSON.stringify(all);
}

const ids = (path: readonly unknown[]) => path.map(String);

/**
 * A 2011-style database: Kiên Giang's tree (districts and the party blocs) with Châu Thành's
 * communes, models and reports at communes and at a district, roles, an access request, an
 * invite, audit events; and one commune of the old An Giang that 2025 split in two.
 */
async function world2011() {
  const w: World = await seedWorld();
  await importUnits([
    {
      code: 'kg-ct-vinh-hoa-phu',
      name: 'Xã Vĩnh Hòa Phú',
      level: 'commune',
      parent: 'kg-chau-thanh',
      pilot: false,
      order: 9,
    },
    { code: 'ag2011', name: 'Tỉnh An Giang', level: 'province', parent: null, pilot: false, order: 0 },
    {
      code: 'ag2011-an-phu',
      name: 'Huyện An Phú',
      level: 'district',
      parent: 'ag2011',
      pilot: false,
      order: 1,
    },
    {
      code: 'ag2011-ap-phu-hoi',
      name: 'Xã Phú Hội',
      level: 'commune',
      parent: 'ag2011-an-phu',
      pilot: false,
      order: 1,
    },
  ]);
  const u = async (code: string) => (await Unit.findOne({ code }).lean<UnitDoc>())!;
  const binhAn = w.unit('kg-ct-binh-an');
  const vinhHoaPhu = await u('kg-ct-vinh-hoa-phu');
  const phuHoi = await u('ag2011-ap-phu-hoi');
  const khoiCq = w.unit('kg-khoi-cq');

  const cadre = await makeUser('cadre', binhAn, 'Nguyễn Thị Lan');
  const { grantRole } = await import('../../src/services/users.ts');
  await grantRole(cadre.telegramId, 'cadre', vinhHoaPhu._id, { clock: clock() }); // both merge into one
  const coordinator = await makeUser('coordinator', w.chauThanh, 'Trần Văn Minh');
  const board = await makeUser('board', w.province, 'Lê Hoàng Phúc');
  const blocCadre = await makeUser('cadre', khoiCq, 'Cán bộ khối');

  const m1 = await makeInitiative(w, cadre, binhAn, {
    status: 'honoured',
    title: 'Tiết kiệm vì người nghèo',
  });
  const m2 = await makeInitiative(w, cadre, vinhHoaPhu, { title: 'Thắp sáng đường quê' });
  const m3 = await makeInitiative(w, coordinator, w.rachGia, { title: 'Kênh xanh' });
  const m4 = await makeInitiative(w, blocCadre, khoiCq, { status: 'honoured', title: 'Cơ quan dân vận' });
  const m5 = await makeInitiative(w, cadre, phuHoi, { title: 'Mô hình ở xã bị chia' });
  for (const m of [m1, m2, m3, m4, m5]) await makeReport(m, cadre, monthKey(0));
  await AccessRequest.create({
    telegramId: 555,
    name: 'Người xin vào',
    unitId: w.unit('kg-ct-giuc-tuong')._id,
    unitPath: w.unit('kg-ct-giuc-tuong').path,
    openKey: `555:${String(w.unit('kg-ct-giuc-tuong')._id)}`,
  });
  await createInvite({ role: 'cadre', unitId: w.unit('kg-ct-minh-hoa')._id, days: 7, maxUses: 1 }, clock());
  for (const m of [m1, m3, m4])
    await AuditEvent.create({
      key: randomUUID(),
      at: NOW,
      entity: 'initiative',
      entityId: m._id,
      action: 'status',
      unitPath: m.unitPath,
    });
  return { w, cadre, coordinator, board, blocCadre, models: { m1, m2, m3, m4, m5 } };
}

// A whole province of units per test: on a machine shared by several runs this takes more than
// the default 30 s (about 5-15 s alone).
describe('npm run admin -- units migrate (Kiên Giang 2011 onto An Giang 2025)', { timeout: 120_000 }, () => {
  it('refuses to run before the new tree is imported, changing nothing', async () => {
    await world2011();
    const before = await snapshot();
    expect(await run('units', 'migrate', MAPPING_AN_GIANG_2025)).toBe(1);
    expect(err.at(-1)).toMatch(/^error: no unit ag: import the new tree first/);
    expect(await snapshot()).toBe(before);
    expect(await run('units', 'migrate', '/no/such/mapping.json')).toBe(1);
    expect(err.at(-1)).toMatch(/cannot read/);
  });

  it('dry by default: prints merges, the split commune and the unmapped blocs, changes nothing', async () => {
    await world2011();
    expect(await run('units', 'import', UNITS_AN_GIANG_2025)).toBe(0);
    const before = await snapshot();
    expect(await run('units', 'migrate', MAPPING_AN_GIANG_2025)).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(
      /merged +kg-ct-binh-an \(Xã Bình An, Huyện Châu Thành\) -> ag-binh-an \(Xã Bình An\)/,
    );
    expect(text).toMatch(/merged +kg-ct-vinh-hoa-phu .* -> ag-binh-an/);
    expect(text).toMatch(/kg-rach-gia \(Thành phố Rạch Giá.*\) -> ag-rach-gia \(Phường Rạch Giá\)/);
    expect(text).toMatch(/kg \(Tỉnh Kiên Giang\) -> ag \(Tỉnh An Giang\)/);
    expect(text).toContain(
      'split    ag2011-ap-phu-hoi (Xã Phú Hội, Huyện An Phú) -> ag-an-phu | ag-nhon-hoi (suggested ag-an-phu): decide by hand, left alone',
    );
    expect(text).toContain('unmapped kg-khoi-cq (Đảng bộ Khối Các cơ quan tỉnh, Tỉnh Kiên Giang)');
    expect(text).toMatch(
      /records: 3 model\(s\), 3 report\(s\), 1 access request\(s\), 7 audit event\(s\), 3 user\(s\)/,
    );
    expect(out.at(-1)).toBe('dry run: nothing changed; run again with --apply to carry these over');
    expect(await snapshot()).toBe(before);
  });

  it('--apply carries every record to the new unit, leaves the split and the unmapped alone; a second run changes nothing', async () => {
    const { w, cadre, coordinator, board, blocCadre, models } = await world2011();
    expect(await run('units', 'import', UNITS_AN_GIANG_2025)).toBe(0);
    expect(await run('units', 'migrate', MAPPING_AN_GIANG_2025, '--apply')).toBe(0);
    expect(out.at(-1)).toBe('applied');

    const nu = async (code: string) => (await Unit.findOne({ code }).lean<UnitDoc>())!;
    const agBinhAn = await nu('ag-binh-an');
    const agRachGia = await nu('ag-rach-gia');
    const agChauThanh = await nu('ag-chau-thanh');
    const ag = await nu('ag');
    expect(ids(agBinhAn.path)).toEqual([String(ag._id), String(agBinhAn._id)]);

    // Models and their reports: the unit and the whole path of the new unit.
    const expectAt = async (m: { _id: unknown }, unit: UnitDoc) => {
      const ini = (await Initiative.findById(m._id).lean())!;
      expect(String(ini.unitId)).toBe(String(unit._id));
      expect(ids(ini.unitPath)).toEqual(ids(unit.path));
      for (const r of await ProgressReport.find({ initiativeId: ini._id }).lean()) {
        expect(String(r.unitId)).toBe(String(unit._id));
        expect(ids(r.unitPath)).toEqual(ids(unit.path));
      }
    };
    await expectAt(models.m1, agBinhAn);
    await expectAt(models.m2, agBinhAn);
    await expectAt(models.m3, agRachGia);
    // History stays: the honoured model keeps its status and its campaign.
    expect((await Initiative.findById(models.m1._id).lean())!).toMatchObject({
      status: 'honoured',
      campaignId: w.campaign._id,
    });
    // Left alone: the bloc's model and the split commune's model keep their old unit.
    await expectAt(models.m4, w.unit('kg-khoi-cq'));
    const phuHoi = await nu('ag2011-ap-phu-hoi');
    await expectAt(models.m5, phuHoi);
    expect(phuHoi.active).toBe(true);

    // Roles: the two cadre grants that merged become one; every role is on a new unit.
    const role = async (u: { _id: unknown }) => (await User.findById(u._id).lean())!;
    expect((await role(cadre)).roles.map((g) => [g.role, String(g.unitId)])).toEqual([
      ['cadre', String(agBinhAn._id)],
    ]);
    expect((await role(cadre)).roleKeys).toEqual([`cadre:${String(agBinhAn._id)}`]);
    expect((await role(coordinator)).roles.map((g) => String(g.unitId))).toEqual([String(agChauThanh._id)]);
    expect((await role(board)).roles.map((g) => String(g.unitId))).toEqual([String(ag._id)]);
    expect((await role(blocCadre)).roles.map((g) => String(g.unitId))).toEqual([
      String(w.unit('kg-khoi-cq')._id),
    ]);

    // The access request, the invite, the audit events and the campaign follow.
    const req = (await AccessRequest.findOne().lean())!;
    expect(String(req.unitId)).toBe(String(agChauThanh._id)); // Giục Tượng went into Châu Thành
    expect(ids(req.unitPath)).toEqual(ids(agChauThanh.path));
    expect(req.openKey).toBe(`555:${String(agChauThanh._id)}`);
    const agMyThanh = await nu('ag-chau-thanh'); // Minh Hòa went into Châu Thành too
    expect(String((await Invite.findOne().lean())!.unitId)).toBe(String(agMyThanh._id));
    const events = await AuditEvent.find().lean();
    const byEntity = new Map(events.map((e) => [String(e.entityId), ids(e.unitPath)]));
    expect(byEntity.get(String(models.m1._id))).toEqual(ids(agBinhAn.path));
    expect(byEntity.get(String(models.m3._id))).toEqual(ids(agRachGia.path));
    expect(byEntity.get(String(models.m4._id))).toEqual(ids(w.unit('kg-khoi-cq').path));
    expect(String((await Campaign.findById(w.campaign._id).lean())!.rootUnitId)).toBe(String(ag._id));

    // Old units retired into the new ones, except those that still hold an undecided unit.
    const old = async (code: string) => (await Unit.findOne({ code }).lean())!;
    expect(await old('kg-ct-binh-an')).toMatchObject({ active: false, mergedInto: agBinhAn._id });
    expect(await old('kg-rach-gia')).toMatchObject({ active: false, mergedInto: agRachGia._id });
    expect((await old('kg')).active).toBe(true); // the party blocs below it are left to decide
    expect((await old('ag2011-an-phu')).active).toBe(true); // holds the split commune

    // Every model and report now sits on a unit path that exists and ends at its unit.
    for (const r of [...(await Initiative.find().lean()), ...(await ProgressReport.find().lean())]) {
      const unit = (await Unit.findById(r.unitId).lean())!;
      expect(ids(r.unitPath)).toEqual(ids(unit.path));
    }

    const before = await snapshot();
    out.length = 0;
    expect(await run('units', 'migrate', MAPPING_AN_GIANG_2025, '--apply')).toBe(0);
    expect(out.at(-1)).toBe('nothing to change');
    expect(await snapshot()).toBe(before);
  });

  it('carries the honoured 2011-2015 models into the 2026 campaign as re-assessments, keeping their history', async () => {
    const { w, models } = await world2011();
    await run('units', 'import', UNITS_AN_GIANG_2025);
    await run('units', 'migrate', MAPPING_AN_GIANG_2025, '--apply');
    // The 2026-2030 plan moved by whole years so that the base date is in step 2, as with the default.
    expect(await createAnGiang2026('--years', String(AN_GIANG_YEARS))).toBe(0);
    const oldBefore = JSON.stringify(await Initiative.findById(models.m1._id).lean());

    out.length = 0;
    expect(await run('models', 'carry', '--from', w.campaign.code, '--to', 'dvk-ag-2026-2030')).toBe(0);
    expect(out).toEqual([
      `carry    ${models.m1.code} "Tiết kiệm vì người nghèo" at ag-binh-an`,
      `outside  ${models.m4.code} at kg-khoi-cq: not in dvk-ag-2026-2030's units (migrate them first)`,
      '1 model(s) to carry as reassessment, 0 already, 1 outside; dry run: nothing changed, add --apply',
    ]);
    expect(await Initiative.countDocuments({ replicatedFrom: { $ne: null } })).toBe(0);

    out.length = 0;
    expect(
      await run('models', 'carry', '--from', w.campaign.code, '--to', 'dvk-ag-2026-2030', '--apply'),
    ).toBe(0);
    const c2026 = (await Campaign.findOne({ code: 'dvk-ag-2026-2030' }).lean())!;
    const carried = (await Initiative.findOne({ campaignId: c2026._id }).lean())!;
    expect(out[0]).toBe(
      `carry    ${models.m1.code} "Tiết kiệm vì người nghèo" at ag-binh-an -> ${carried.code}`,
    );
    expect(carried).toMatchObject({
      title: 'Tiết kiệm vì người nghèo',
      status: 'registered',
      replicatedFrom: models.m1._id,
      unitId: (await Unit.findOne({ code: 'ag-binh-an' }).lean())!._id,
      startDate: TODAY,
      evaluationDate: addDays(addYears(TODAY, 1), -1),
    });
    expect(carried.code).toMatch(new RegExp(`^DVK-${YEAR}-\\d{4}$`));
    // The old record and its history are untouched; the new one says what it carries.
    expect(JSON.stringify(await Initiative.findById(models.m1._id).lean())).toBe(oldBefore);
    const event = (await AuditEvent.findOne({ entityId: carried._id }).lean())!;
    expect(event.note).toContain(`carried from ${models.m1.code} (${w.campaign.code}`);
    expect(event.note).toContain('as a reassessment');

    out.length = 0;
    const before = await snapshot();
    expect(
      await run('models', 'carry', '--from', w.campaign.code, '--to', 'dvk-ag-2026-2030', '--apply'),
    ).toBe(0);
    expect(out).toContain(`already  ${models.m1.code}`);
    expect(await snapshot()).toBe(before);

    expect(await run('models', 'carry', '--from', 'nope', '--to', 'dvk-ag-2026-2030')).toBe(1);
    expect(err.at(-1)).toBe('error: no campaign nope');
    expect(
      await run('models', 'carry', '--from', w.campaign.code, '--to', 'dvk-ag-2026-2030', '--as', 'copy'),
    ).toBe(2);
  });
});
