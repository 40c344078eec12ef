import ExcelJS from 'exceljs';
import { beforeEach, describe, expect, it } from 'vitest';
import { CouncilScore, Initiative, Nomination, ProgressReport, Round } from '../../src/db/models/index.ts';
import { localDay } from '../../src/domain/calendar.ts';
import { buildExportWorkbook } from '../../src/services/exports.ts';
import { type InitiativeDoc, type UserDoc, useDataWorld } from '../support/data-world.ts';
import { monthKey, monthShown, moved, NOW, type World } from '../support/fixtures.ts';
import { table } from '../support/workbook.ts';

/*
 * Issue 10 item 8: the workbook holds everything a cadre wrote and everything a council decided.
 * A known model with every registration part filled, a verified report, and a district round with
 * three council members are exported; each column is checked against what was stored.
 */

const the = useDataWorld((w) => ({ world } = w));

const TODAY = localDay(NOW, 'Asia/Ho_Chi_Minh');

let world: World;
let cadre: UserDoc;
let model: InitiativeDoc;
let source: InitiativeDoc;
let other: InitiativeDoc;

async function read(buffer: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  return wb;
}

const utcDay = (day: string) => new Date(`${day}T00:00:00Z`);

beforeEach(async () => {
  cadre = await the.user('cadre', world.communes[0]!, 'Cán bộ xã');
  source = await the.model(cadre, world.rachGia, { status: 'honoured', title: 'Mô hình gốc' });
  model = await the.model(cadre, world.communes[0]!, {
    status: 'nurturing',
    title: 'Mô hình "Tiết kiệm vì người nghèo"',
  });
  const long = (word: string) => `${word} `.repeat(600).trim(); // 3,000+ characters, kept whole
  await Initiative.updateOne(
    { _id: model._id },
    {
      $set: {
        // The other parts as makeInitiative writes them (SAMPLE_MODEL).
        situation: long('Thựctrạng'),
        startDate: `${monthKey(0)}-01`,
        evaluationDate: moved('2027-10-31'),
        milestones: '12/2026: giải ngân đợt 1; 06/2027: sơ kết',
        indicators: [
          { name: 'Số hộ được vay', unit: 'hộ', target: 10, current: 4 },
          { name: 'Vốn quay vòng', unit: 'triệu đồng', target: 50, current: null },
        ],
        replicatedFrom: source._id,
      },
    },
  );
  model = (await Initiative.findById(model._id).lean<InitiativeDoc>())!;
  const report = await the.report(model, cadre, monthKey(0));
  await ProgressReport.updateOne(
    { _id: report._id },
    { $set: { verification: 'verified', verifiedAt: NOW, activities: 'Họp chi hội, giải ngân cho 2 hộ.' } },
  );
  other = await the.model(cadre, world.communes[1]!, {
    status: 'selected',
    title: 'Mô hình thứ hai',
  });
});

describe('the workbook has everything', () => {
  it('has every registration part as a column of the models sheet, each equal to what was stored', async () => {
    const wb = await read(await buildExportWorkbook({ campaign: world.campaign, today: TODAY }));
    const rows = table(wb.getWorksheet('Mô hình')!, 'Mã mô hình');
    const row = rows.find((r) => r['Mã mô hình'] === model.code)!;
    expect(row).toMatchObject({
      'Tên mô hình': model.title,
      'Đơn vị': 'Xã Bình An',
      'Thực trạng, lý do': model.situation,
      'Mục tiêu, tiêu chí đánh giá': 'Mỗi năm giúp 10 hộ có vốn làm ăn.',
      'Nội dung, cách làm': 'Hội viên góp tiết kiệm hằng tháng, cho hộ nghèo vay không lãi.',
      'Phạm vi, địa bàn thực hiện': 'Ấp Bình Lợi',
      'Đối tượng hưởng lợi': 'Hộ nghèo, cận nghèo',
      'Lực lượng thực hiện': 'Chi hội Phụ nữ chủ trì, Mặt trận phối hợp',
      'Nguồn lực': 'Tiền góp của hội viên',
      'Ngày bắt đầu': utcDay(`${monthKey(0)}-01`),
      'Ngày đánh giá': utcDay(moved('2027-10-31')),
      'Các mốc thực hiện': '12/2026: giải ngân đợt 1; 06/2027: sơ kết',
      'Sản phẩm kiểm chứng được': 'Sổ theo dõi vốn vay, biên bản họp',
      'Chỉ tiêu (hiện đạt/mục tiêu)': 'Số hộ được vay: 4/10 hộ; Vốn quay vòng: —/50 triệu đồng',
      'Khả năng duy trì, nhân rộng': 'Vốn quay vòng, nhân rộng sang ấp khác',
      'Nhân rộng từ mô hình': source.code,
    });
    // The 3,000-character part arrives whole.
    expect(String(row['Thực trạng, lý do']).length).toBeGreaterThan(3000);

    const indicators = table(wb.getWorksheet('Chỉ tiêu')!, 'Mã mô hình').filter(
      (r) => r['Mã mô hình'] === model.code,
    );
    expect(
      indicators.map((r) => [
        r['Chỉ tiêu'],
        r['Đơn vị tính'],
        r['Mục tiêu'],
        r['Hiện đạt'],
        r['Đạt (% mục tiêu)'],
      ]),
    ).toEqual([
      ['Số hộ được vay', 'hộ', 10, 4, 40],
      ['Vốn quay vòng', 'triệu đồng', 50, null, null],
    ]);
  });

  it('has every report field as a column of the reports sheet', async () => {
    const wb = await read(await buildExportWorkbook({ campaign: world.campaign, today: TODAY }));
    const rows = table(wb.getWorksheet('Báo cáo')!, 'Mã mô hình');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      'Mã mô hình': model.code,
      Kỳ: monthShown(0),
      'Ngày gửi': utcDay(TODAY),
      'Lần sửa': 1,
      'Tiến độ (%)': 20,
      'Người tham gia': 25,
      'Người hưởng lợi': 2,
      'Kinh phí huy động (đồng)': 10_000_000,
      'Số minh chứng': 1,
      'Xác minh': 'Đã xác minh',
      'Tóm tắt kết quả': 'Đúng tiến độ.',
      'Việc đã làm': 'Họp chi hội, giải ngân cho 2 hộ.',
      'Kết quả theo chỉ tiêu': 'Số hộ được vay: 2',
      'Ngày xác minh': utcDay(TODAY),
    });
  });

  it('has one sheet per round: nominees ranked by the council mean, each member’s score, outcome and decision', async () => {
    const members = await Promise.all(
      ['Ủy viên Một', 'Ủy viên Hai', 'Ủy viên Ba'].map((n) => the.user('coordinator', world.chauThanh, n)),
    );
    const round = await Round.create({
      campaignId: world.campaign._id,
      defCode: 'so-ket-1',
      name: 'Sơ kết lần 1',
      nameEn: 'First review conference',
      kind: 'honouring',
      phaseCode: 'step-2',
      targetLevel: 'district',
      unitId: world.chauThanh._id,
      unitPath: world.chauThanh.path,
      unitName: 'Huyện Châu Thành',
      occasion: 1,
      quota: 1,
      opensOn: '2026-11-01',
      closesOn: '2026-11-30',
      conferenceOn: '2026-12-05',
      chairId: members[0]!._id,
      chairName: 'Ủy viên Một',
      council: members.map((m) => ({ userId: m._id, name: m.name, unitId: world.chauThanh._id })),
      status: 'decided',
      decisionNo: '45/QĐ-BCĐ',
      decisionDate: '2026-12-05',
      openedAt: NOW,
    });
    for (const [ini, outcome] of [
      [model, 'honoured'],
      [other, 'not-selected'],
    ] as const) {
      await Nomination.create({
        roundId: round._id,
        campaignId: world.campaign._id,
        initiativeId: ini._id,
        code: ini.code,
        title: ini.title,
        ownerName: ini.ownerName,
        unitId: ini.unitId,
        unitPath: ini.unitPath,
        nominatedBy: cadre._id,
        nominatedAt: NOW,
        outcome,
        honouredAt: outcome === 'honoured' ? NOW : null,
      });
    }
    const score = (ini: InitiativeDoc, m: UserDoc, total: number) =>
      CouncilScore.create({
        roundId: round._id,
        initiativeId: ini._id,
        memberId: m._id,
        memberName: m.name,
        scores: [{ criterion: 'x', score: total }],
        total,
        max: 100,
        at: NOW,
      });
    await score(model, members[0]!, 90);
    await score(model, members[1]!, 80);
    await score(model, members[2]!, 85);
    await score(other, members[0]!, 70);
    await score(other, members[1]!, 75);
    await score(other, members[2]!, 71);

    const wb = await read(await buildExportWorkbook({ campaign: world.campaign, today: TODAY }));
    const ws = wb.getWorksheet('Sơ kết lần 1 · Huyện Châu Thành')!;
    expect(ws, wb.worksheets.map((w) => w.name).join(', ')).toBeDefined();
    const info = new Map<unknown, unknown>();
    ws.eachRow((r) => {
      info.set(r.getCell(1).value, r.getCell(2).value);
    });
    expect(info.get('Cấp xét chọn')).toBe('Huyện');
    expect(info.get('Số lượng được chọn tối đa')).toBe(1);
    expect(info.get('Hội đồng thẩm định')).toBe('Ủy viên Một; Ủy viên Hai; Ủy viên Ba');
    expect(info.get('Số quyết định')).toBe('45/QĐ-BCĐ');
    expect(info.get('Ngày quyết định')).toEqual(utcDay('2026-12-05'));
    const nominees = table(ws, 'Xếp hạng');
    expect(
      nominees.map((r) => [
        r['Xếp hạng'],
        r['Mã mô hình'],
        r['Điểm bình quân'],
        r['Điểm của Ủy viên Một'],
        r['Điểm của Ủy viên Hai'],
        r['Điểm của Ủy viên Ba'],
        r['Kết quả'],
      ]),
    ).toEqual([
      [1, model.code, 85, 90, 80, 85, 'Được biểu dương'],
      [2, other.code, 72, 70, 75, 71, 'Không được chọn'],
    ]);

    // A coordinator of another district gets no sheet for Châu Thành's round.
    const rachGia = await read(
      await buildExportWorkbook({ campaign: world.campaign, today: TODAY, scopeUnitId: world.rachGia._id }),
    );
    expect(rachGia.worksheets.map((w) => w.name)).not.toContain('Sơ kết lần 1 · Huyện Châu Thành');
  });
});
