import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import mongoose from 'mongoose';
import { beforeEach, describe, expect, it } from 'vitest';
import { Campaign, Initiative, ProgressReport } from '../../src/db/models/index.ts';
import { zonedInstant } from '../../src/domain/calendar.ts';
import { buildExportWorkbook, exportFileName, writeExportWorkbook } from '../../src/services/exports.ts';
import { buildSummary } from '../../src/services/summaries.ts';
import { type InitiativeDoc, type UserDoc, useDataWorld } from '../support/data-world.ts';
import { monthKey, monthShown, NOW, shown, TODAY, TZ, type World, YEAR } from '../support/fixtures.ts';

const the = useDataWorld((w) => ({ world } = w));

// The base date's month is the current period (11/2026 with the default base date).
/** 20:00 UTC on the 15th of the previous month: already the 16th in Hồ Chí Minh City. */
const REGISTERED = new Date(`${monthKey(-1)}-15T20:00:00Z`);
/** The local day of the previous period's report: the 28th at 10:00 in Hồ Chí Minh City. */
const PREVIOUS_REPORT_AT = zonedInstant(`${monthKey(-1)}-28`, TZ, 10);

let world: World;
let cadre: UserDoc;
let models: Record<'A' | 'B' | 'C' | 'D', InitiativeDoc>;

async function honour(ini: InitiativeDoc, level: string, decisionNo: string) {
  await Initiative.updateOne(
    { _id: ini._id },
    { $push: { honours: { level, year: YEAR, decisionNo, at: NOW } }, $set: { status: 'honoured' } },
  );
}

beforeEach(async () => {
  cadre = await the.user('cadre', world.province);
  const [c0, c1] = world.communes as [World['communes'][0], World['communes'][0]];
  const make = (unit: typeof c0, o: Parameters<typeof the.model>[2]) =>
    the.model(cadre, unit, { createdAt: REGISTERED, ...o });
  models = {
    A: await make(c0, { status: 'nurturing', title: 'Mô hình A: Tiết kiệm vì người nghèo' }),
    B: await make(c1, {
      status: 'nurturing',
      field: 'culture-society',
      ownerKind: 'individual',
      title: 'Mô hình B: Dân vận khéo trong xây dựng nông thôn mới',
    }),
    C: await make(world.rachGia, { status: 'nurturing', title: 'Mô hình C: Ngày chủ nhật xanh' }),
    D: await make(world.chauThanh, {
      status: 'returned',
      field: 'defence-security',
      title: 'Mô hình D: Tổ tự quản',
    }),
  };
  await Initiative.updateOne({ _id: models.D._id }, { $set: { returnReason: 'Thiếu minh chứng' } });
  const a10 = await the.report(models.A, cadre, monthKey(-1), { submittedAt: PREVIOUS_REPORT_AT });
  await the.report(models.A, cadre, monthKey(0), { progress: 45 });
  await the.report(models.B, cadre, monthKey(0));
  await the.report(models.C, cadre, monthKey(0));
  await ProgressReport.updateOne(
    { _id: a10._id },
    { $set: { verification: 'questioned', verificationNote: 'Ảnh chưa rõ' } },
  );
  // This period's reports of A, B and C were verified ("effective" counts verified reports only).
  await Initiative.updateMany(
    { _id: { $in: [models.A._id, models.B._id, models.C._id] } },
    { $set: { lastVerifiedPeriod: monthKey(0) } },
  );
  await honour(models.B, 'district', '125/QĐ-UBND');
  await honour(models.C, 'grassroots', '7/QĐ-UBND');
  await Initiative.updateOne({ _id: models.B._id }, { $set: { replicatedFrom: models.C._id } });
  await Initiative.updateOne({ _id: models.C._id }, { $set: { replicationCount: 1 } });
  // Another campaign's model and report in the same commune never appear.
  const other = await Campaign.create({
    ...world.campaign,
    _id: new mongoose.Types.ObjectId(),
    code: `other-${Date.now()}`,
  });
  const stray = await make(c0, { status: 'nurturing', title: 'Ngoài phong trào' });
  await Initiative.updateOne({ _id: stray._id }, { $set: { campaignId: other._id } });
  await ProgressReport.create({
    ...(await ProgressReport.findOne({ initiativeId: models.A._id }).lean()),
    _id: new mongoose.Types.ObjectId(),
    initiativeId: stray._id,
    campaignId: other._id,
  });
});

async function read(buffer: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  return wb;
}

function rows(ws: ExcelJS.Worksheet): unknown[][] {
  const out: unknown[][] = [];
  ws.eachRow((row) => {
    out.push((row.values as unknown[]).slice(1));
  });
  return out;
}

/** The value beside a label in the first column of the summary sheet. */
function besideLabel(ws: ExcelJS.Worksheet, label: string): unknown {
  let found: unknown;
  ws.eachRow((row) => {
    if (row.getCell(1).value === label && found === undefined) found = row.getCell(2).value;
  });
  return found;
}

const exportOf = (o: Partial<Parameters<typeof buildExportWorkbook>[0]> = {}) =>
  buildExportWorkbook({ campaign: world.campaign, today: TODAY, ...o });

describe('Excel export', () => {
  it('opens with its sheets (summary, models, reports, honours, indicators), Vietnamese headers and one row per model, report and honour', async () => {
    const wb = await read(await exportOf());
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Tổng hợp',
      'Mô hình',
      'Báo cáo',
      'Khen thưởng',
      'Chỉ tiêu',
    ]);

    const m = rows(wb.getWorksheet('Mô hình')!);
    expect(m[0]!.slice(0, 10)).toEqual([
      'Mã mô hình',
      'Tên mô hình',
      'Đơn vị',
      'Mã đơn vị',
      'Lĩnh vực',
      'Tập thể / cá nhân',
      'Chủ thể thực hiện',
      'Cấp đăng ký',
      'Trạng thái',
      'Ngày đăng ký',
    ]);
    const body = m.slice(1);
    expect(body.map((r) => r[1]).sort()).toEqual(
      [models.A, models.B, models.C, models.D].map((x) => x.title).sort(),
    );
    const b = body.find((r) => r[0] === models.B.code)!;
    expect(b.slice(2, 9)).toEqual([
      'Xã Giục Tượng',
      'kg-ct-giuc-tuong',
      'Văn hóa - xã hội',
      'Cá nhân',
      'Chi hội Phụ nữ ấp Bình Lợi',
      'Cơ sở',
      'Đã biểu dương',
    ]);
    expect(b[9]).toEqual(new Date(`${monthKey(-1)}-16T00:00:00Z`));
    expect(b.slice(10, 13)).toEqual([monthShown(0), 20, 1]);
    expect(b[15]).toBe(1); // honoured once
    expect(b[16]).toBe(models.C.code); // replicated from C
    const c = body.find((r) => r[0] === models.C.code)!;
    expect(c[17]).toBe(1);
    const d = body.find((r) => r[0] === models.D.code)!;
    expect(d[8]).toBe('Trả lại để sửa');
    expect(d[18]).toBe('Thiếu minh chứng');
    expect(wb.getWorksheet('Mô hình')!.getCell('J2').numFmt).toBe('dd/mm/yyyy');

    const r = rows(wb.getWorksheet('Báo cáo')!);
    expect(r[0]!.slice(0, 5)).toEqual(['Mã mô hình', 'Tên mô hình', 'Đơn vị', 'Kỳ', 'Ngày gửi']);
    expect(r).toHaveLength(1 + 4);
    const a10 = r.find((x) => x[0] === models.A.code && x[3] === monthShown(-1))!;
    expect(a10[4]).toEqual(new Date(`${monthKey(-1)}-28T00:00:00Z`));
    expect(a10.slice(9, 13)).toEqual([10_000_000, 1, 'Cần làm rõ', 'Ảnh chưa rõ']);
    const a11 = r.find((x) => x[0] === models.A.code && x[3] === monthShown(0))!;
    expect(a11[6]).toBe(45);
    expect(a11[11]).toBe('Chờ xác minh');

    const h = rows(wb.getWorksheet('Khen thưởng')!);
    expect(
      h
        .slice(1)
        .map((x) => [x[0], x[4], x[5], x[6]])
        .sort(),
    ).toEqual(
      [
        [models.B.code, 'Huyện', YEAR, '125/QĐ-UBND'],
        [models.C.code, 'Cơ sở', YEAR, '7/QĐ-UBND'],
      ].sort(),
    );
  });

  it('has the same figures on its summary sheet as the summary', async () => {
    const s = await buildSummary({ campaign: world.campaign, today: TODAY });
    const ws = (await read(await exportOf())).getWorksheet('Tổng hợp')!;
    expect(s.totals.effective).toBe(3);
    // Each label of the sheet and the value beside it.
    const expected: Record<string, unknown> = {
      'Phạm vi': 'Tỉnh Kiên Giang',
      'Ngày lập': shown(0),
      'Bộ lọc': 'Không',
      'Mô hình đăng ký (không tính đã rút)': 4,
      'Mô hình hiệu quả': s.totals.effective,
      'Mô hình được biểu dương': 2,
      'Mô hình tập thể': 3,
      'Mô hình cá nhân': 1,
      // A, and the honoured B and C (an honoured model keeps reporting), reported in the current period.
      'Đã báo cáo trong kỳ': 3,
      'Tỷ lệ báo cáo trong kỳ (%)': 100,
      'Đang chăm bồi': 1,
      'Đã biểu dương': 2,
      'Kinh tế': 2,
      'Huyện Châu Thành': 3,
      'Thành phố Rạch Giá': 1,
      'Điểm chỉ đạo: Huyện Châu Thành': 3,
      'Các đơn vị còn lại': 1,
    };
    const shownBeside = Object.fromEntries(Object.keys(expected).map((l) => [l, besideLabel(ws, l)]));
    expect(shownBeside).toEqual(expected);
  });

  it("keeps to a coordinator's subtree", async () => {
    const wb = await read(await exportOf({ scopeUnitId: world.chauThanh._id }));
    const codes = rows(wb.getWorksheet('Mô hình')!)
      .slice(1)
      .map((r) => r[0]);
    expect(codes.sort()).toEqual([models.A.code, models.B.code, models.D.code].sort());
    expect(rows(wb.getWorksheet('Báo cáo')!)).toHaveLength(1 + 3);
    expect(rows(wb.getWorksheet('Khen thưởng')!).map((r) => r[0])).toEqual(['Mã mô hình', models.B.code]);
    expect(besideLabel(wb.getWorksheet('Tổng hợp')!, 'Phạm vi')).toBe('Huyện Châu Thành');
  });

  it('applies the field, owner-kind and period filters to every sheet', async () => {
    const eco = await read(await exportOf({ filters: { field: 'economy' } }));
    expect(
      rows(eco.getWorksheet('Mô hình')!)
        .slice(1)
        .map((r) => r[0])
        .sort(),
    ).toEqual([models.A.code, models.C.code].sort());
    expect(rows(eco.getWorksheet('Báo cáo')!)).toHaveLength(1 + 3);
    expect(rows(eco.getWorksheet('Khen thưởng')!)).toHaveLength(1 + 1);
    expect(besideLabel(eco.getWorksheet('Tổng hợp')!, 'Bộ lọc')).toBe('Kinh tế');

    const ind = await read(await exportOf({ filters: { ownerKind: 'individual' } }));
    expect(rows(ind.getWorksheet('Mô hình')!).map((r) => r[0])).toEqual(['Mã mô hình', models.B.code]);
    expect(rows(ind.getWorksheet('Báo cáo')!)).toHaveLength(1 + 1);

    const nov = await read(await exportOf({ filters: { periodKey: monthKey(-1) } }));
    const r = rows(nov.getWorksheet('Báo cáo')!);
    expect(r).toHaveLength(1 + 1);
    expect(r[1]!.slice(0, 4)).toEqual([models.A.code, models.A.title, 'Xã Bình An', monthShown(-1)]);
    expect(rows(nov.getWorksheet('Mô hình')!)).toHaveLength(1 + 4);
  });

  // 1,500 reports written and read back: more than 30 s on a loaded shared machine.
  it('streams many reports and says what it left out beyond the row limit', {
    timeout: 120_000,
  }, async () => {
    // 300 more models in Rạch Giá with five monthly reports each, plus reports of a model that
    // is not in the campaign's export (skipped, not listed).
    const { _id, ...model } = (await Initiative.findById(models.C._id).lean())!;
    const copies = Array.from({ length: 300 }, (_, i) => ({
      ...model,
      _id: new mongoose.Types.ObjectId(),
      code: `DVK-BULK-${String(i).padStart(4, '0')}`,
      sourceKey: `bulk-${i}`,
      honours: [],
    }));
    await Initiative.insertMany(copies);
    const { _id: _r, ...report } = (await ProgressReport.findOne({ initiativeId: models.C._id }).lean())!;
    const periods = [-4, -3, -2, -1, 0].map((n) => monthKey(n));
    await ProgressReport.insertMany(
      copies.flatMap((c) => periods.map((periodKey) => ({ ...report, initiativeId: c._id, periodKey }))),
    );
    await ProgressReport.insertMany(
      periods.map((periodKey) => ({ ...report, initiativeId: new mongoose.Types.ObjectId(), periodKey })),
    );
    const chunks: Buffer[] = [];
    const out = new PassThrough();
    out.on('data', (c: Buffer) => chunks.push(c));
    const counts = await writeExportWorkbook({ campaign: world.campaign, today: TODAY }, out);
    expect(counts).toEqual({ models: 304, reports: 4 + 1500, honours: 2, reportsLeftOut: 0, rounds: 0 });
    const wb = await read(Buffer.concat(chunks));
    expect(wb.getWorksheet('Báo cáo')!.actualRowCount).toBe(1 + 1504);
    expect(wb.getWorksheet('Mô hình')!.actualRowCount).toBe(1 + 304);

    const capped = await read(await exportOf({ maxReportRows: 2 }));
    const r = rows(capped.getWorksheet('Báo cáo')!);
    expect(r).toHaveLength(1 + 2 + 1);
    expect(String(r.at(-1)![0])).toContain('Chỉ xuất 2 dòng đầu');
    expect(String(r.at(-1)![0])).toContain('còn 1.502 báo cáo');
  });

  it('speaks English when asked and names the file after the unit and day', async () => {
    const wb = await read(await exportOf({ lang: 'en' }));
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Summary',
      'Models',
      'Reports',
      'Honours',
      'Indicators',
    ]);
    expect(rows(wb.getWorksheet('Models')!)[0]![0]).toBe('Model code');
    expect(exportFileName('kg-chau-thanh', TODAY)).toBe(
      `tong-hop-dan-van-kheo-kg-chau-thanh-${TODAY.replaceAll('-', '')}.xlsx`,
    );
    expect(exportFileName('kg/../x y', TODAY, 'en')).toBe(
      `dan-van-kheo-summary-kg-x-y-${TODAY.replaceAll('-', '')}.xlsx`,
    );
  });

  it('refuses a filter the summary refuses', async () => {
    await expect(exportOf({ filters: { field: 'sports' } })).rejects.toMatchObject({
      reason: 'field-unknown',
    });
    await expect(
      exportOf({ scopeUnitId: world.chauThanh._id, filters: { unitId: world.rachGia._id } }),
    ).rejects.toMatchObject({ reason: 'unit-out-of-scope' });
  });
});
