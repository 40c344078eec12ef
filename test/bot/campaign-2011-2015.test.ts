import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.ts';
import { Initiative, type InitiativeDoc, ProgressReport, Round } from '../../src/db/models/index.ts';
import { zonedInstant } from '../../src/domain/calendar.ts';
import { useTestDatabase } from '../support/database.ts';
import { makeUser, seedWorld } from '../support/fixtures.ts';
import { FakeTelegram, makeBot, Person } from '../support/telegram.ts';
import { table } from '../support/workbook.ts';

useTestDatabase({ clean: 'never' });

/**
 * The 2011-2015 plan of Kiên Giang, run through the bot from registration to the provincial
 * honour of 15/10/2015, on the template's own dates (not shifted: independent of today's date).
 * The clock moves through the phases; every action is a command, a typed answer to a question,
 * or a press of a button the bot showed in its last messages (no callback data typed here).
 */
const TZ = 'Asia/Ho_Chi_Minh';

/** The label/value rows at the top of a round sheet. */
function info(ws: ExcelJS.Worksheet): Map<unknown, unknown> {
  const out = new Map<unknown, unknown>();
  ws.eachRow((r) => {
    out.set(r.getCell(1).value, r.getCell(2).value);
  });
  return out;
}
const on = (day: string, hour = 9) => zonedInstant(day, TZ, hour);

async function register(
  p: Person,
  o: { title: string; kind: 'Tập thể' | 'Cá nhân'; owner: string; search: string; unit: string },
) {
  await p.send('/dangky');
  await p.send(o.title);
  await p.tap(o.kind);
  await p.send(o.owner);
  // A cadre of a unit without sub-units is not asked for the unit.
  if (!p.lastText().includes('lĩnh vực')) {
    await p.send(o.search);
    await p.tap(o.unit);
  }
  await p.tap('Kinh tế');
  await p.tap('Huyện');
  await p.send('Nhiều hộ nghèo thiếu vốn làm ăn.');
  await p.send('Đến cuối năm 2013, 20 hộ có vốn sản xuất.');
  await p.send('Hội viên góp tiết kiệm hằng tháng, cho hộ nghèo vay không lãi.');
  await p.send('Ấp Bình Lợi');
  await p.send('Hộ nghèo, cận nghèo');
  await p.send('Chi hội chủ trì, Mặt trận phối hợp');
  await p.send('Tiền góp của hội viên');
  await p.send('01/12/2011');
  await p.send('30/11/2013');
  await p.send('Sổ theo dõi vốn vay');
  await p.send('Số hộ được vay');
  await p.send('hộ');
  await p.send('20');
  await p.tap('Xong');
  await p.send('Vốn quay vòng, nhân rộng sang ấp khác');
  await p.tap('Bỏ qua');
  await p.tap('Xác nhận');
}

async function report(p: Person, period: string) {
  await p.send('/baocao');
  await p.tap(period);
  await p.send('Họp chi hội, giải ngân cho 3 hộ.');
  await p.send('3');
  await p.send('30%');
  await p.send('25');
  await p.send('120');
  await p.send('5tr');
  await p.sendPhoto('Buổi họp chi hội');
  await p.tap('Xong');
  await p.tap('Bỏ qua');
  await p.send('Đúng tiến độ.');
  await p.tap('Xác nhận');
}

async function score(p: Person, code: string, scores: number[]) {
  await p.send('/duyet');
  await p.tap('Chờ chấm điểm');
  await p.tap(`Chấm: ${code}`);
  for (const s of scores) await p.send(String(s));
  await p.tap('Bỏ qua');
  await p.tap(/Xác nhận \d+\/100/);
}

describe('the 2011-2015 plan, end to end through the bot', () => {
  it('registers, reports, appraises, selects and honours from sơ kết to the provincial honour of 15/10/2015', async () => {
    const world = await seedWorld({ start: '2011-10-14' }); // the template's own start: no shift
    expect(world.campaign.start).toBe('2011-10-14');
    expect(world.campaign.honouringDate).toBe('2015-10-15');
    const clock = new ManualClock(on('2011-11-15'));
    const tg = new FakeTelegram();
    const bot = makeBot(tg, clock);
    const person = async (
      role: 'cadre' | 'coordinator' | 'board',
      unit: (typeof world)['province'],
      name: string,
    ) => new Person(tg, bot, (await makeUser(role, unit, name)).telegramId, name);
    const cadreA = await person('cadre', world.communes[0]!, 'Cán bộ Bình An');
    const cadreB = await person('cadre', world.chauThanh, 'Cán bộ huyện');
    const cadreC = await person('cadre', world.communes[1]!, 'Cán bộ Giục Tượng');
    const m1 = await person('coordinator', world.chauThanh, 'Trần Văn Minh');
    const m2 = await person('coordinator', world.chauThanh, 'Lê Thị Hoa');
    const m3 = await person('coordinator', world.chauThanh, 'Phạm Văn Tâm');
    const b1 = await person('board', world.province, 'Nguyễn Văn Tỉnh');
    const b2 = await person('board', world.province, 'Đỗ Thị Thu');

    // Step 1 (2011): registration at commune and district.
    await register(cadreA, {
      title: 'Tiết kiệm vì người nghèo',
      kind: 'Tập thể',
      owner: 'Chi hội Phụ nữ ấp Bình Lợi',
      search: 'binh an',
      unit: 'Xã Bình An',
    });
    await register(cadreB, {
      title: 'Dân vận trong cải cách hành chính',
      kind: 'Cá nhân',
      owner: 'Nguyễn Văn Bảy',
      search: 'chau thanh',
      unit: 'Huyện Châu Thành',
    });
    await register(cadreC, {
      title: 'Đường làng sáng đẹp',
      kind: 'Tập thể',
      owner: 'Chi đoàn ấp Giục Tượng',
      search: 'giuc tuong',
      unit: 'Xã Giục Tượng',
    });
    const models = await Initiative.find().sort({ code: 1 }).lean<InitiativeDoc[]>();
    expect(models).toHaveLength(3);
    const [A, B, C] = models.map((m) => m.code) as [string, string, string];
    expect(models.map((m) => m.targetLevel)).toEqual(['district', 'district', 'district']);

    // The district committee accepts them from /duyet.
    for (const code of [A, B, C]) {
      await m1.send('/duyet');
      await m1.tap(code);
      await m1.tap('Tiếp nhận');
    }
    expect((await Initiative.find().lean()).map((m) => m.status)).toEqual([
      'nurturing',
      'nurturing',
      'nurturing',
    ]);

    // Step 2 (2012): reports with evidence, verified by another member.
    clock.set(on('2012-03-10'));
    await report(cadreA, '02/2012');
    await report(cadreA, '03/2012');
    await report(cadreB, '03/2012');
    for (const label of [`${A} · 02/2012`, `${A} · 03/2012`, `${B} · 03/2012`]) {
      await m2.send('/duyet');
      await m2.tap(label);
      await m2.tap('Đã xác minh');
    }
    expect(await ProgressReport.countDocuments({ verification: 'verified' })).toBe(3);

    // 2013: the district opens its sơ kết round; the council is its three coordinators.
    clock.set(on('2013-03-01'));
    await m1.send('/duyet');
    expect(
      m1
        .messages()
        .at(-2)!
        .buttons.map((b) => b.text),
    ).toContain('🗓 Đợt xét chọn (1)');
    await m1.tap('Đợt xét chọn');
    await m1.tap('Mở đợt');
    expect(m1.lastText()).toContain(
      'Hội đồng: Trần Văn Minh, Lê Thị Hoa, Phạm Văn Tâm. Chủ tịch: Trần Văn Minh',
    );

    // The owner puts A forward from /mohinh (two verified reports); the committee puts B and C forward.
    await cadreA.send('/mohinh');
    await cadreA.tap(A);
    await cadreA.tap('Đưa ra xét chọn');
    expect(cadreA.lastText()).toContain(`Đã đưa ${A} vào đợt`);
    for (const code of [B, C]) {
      await m1.send('/duyet');
      await m1.tap('Chờ đưa ra xét');
      await m1.tap(`Đưa ra xét: ${code}`);
    }
    // Three members score each nominee; every score kept, the result is the mean.
    const given: Record<string, number[][]> = {
      [A]: [
        [28, 22, 14, 14, 13],
        [27, 23, 13, 14, 14],
        [29, 22, 14, 13, 14],
      ],
      [B]: [
        [25, 20, 12, 12, 12],
        [24, 21, 12, 12, 12],
        [26, 20, 12, 12, 12],
      ],
      [C]: [
        [20, 18, 10, 10, 10],
        [21, 17, 10, 10, 10],
        [19, 18, 10, 10, 10],
      ],
    };
    for (const code of [A, B, C]) {
      for (const [i, member] of [m1, m2, m3].entries()) await score(member, code, given[code]![i]!);
    }
    expect(m3.lastText()).toContain(`Hội đồng đã chấm xong ${C}: điểm trung bình 67,7`);

    // The chair ranks and selects within the quota of 2.
    clock.set(on('2013-12-20'));
    await m1.send('/duyet');
    await m1.tap('Chờ xét chọn');
    await m1.tap('Xếp hạng');
    const card = m1.lastText();
    expect(card).toContain('Chỉ tiêu: 2');
    expect(card.indexOf(`1. ${A}`)).toBeGreaterThan(-1);
    expect(card).toContain(`1. ${A} · Tiết kiệm vì người nghèo · điểm TB 91,3 (3 phiếu)`);
    expect(card).toContain(`2. ${B}`);
    expect(card).toContain(`3. ${C}`);
    await m1.tap(`Chọn ${A}`);
    await m1.tap(`Chọn ${B}`);
    expect(m1.messages().at(-2)!.text).toContain('(2/2 chỉ tiêu)');
    expect(
      m1
        .messages()
        .at(-1)!
        .buttons.map((b) => b.text)
        .join(),
    ).not.toContain(`Chọn ${C}`);
    await m1.tap('Ghi quyết định');
    await m1.send('45/QĐ-BCĐ');
    await m1.send('20/12/2013');
    expect(m1.lastText()).toContain('2 mô hình được biểu dương, 1 mô hình trở lại chăm bồi');
    expect(cadreA.lastText()).toContain(`Mô hình ${A}`);
    expect(cadreA.lastText()).toContain(
      'được biểu dương cấp Huyện (lần 1) theo quyết định 45/QĐ-BCĐ ngày 20/12/2013',
    );
    expect(cadreC.lastText()).toContain('chưa được chọn');
    // The round's card names the decision as recorded (by the rows of the review-action table).
    await m1.tap('Xếp hạng');
    expect(m1.lastText()).toContain('Quyết định số 45/QĐ-BCĐ ngày 20/12/2013');

    // Step 3 (2014): A registers for the province; the provincial board accepts it.
    clock.set(on('2014-03-01'));
    await cadreA.send('/mohinh');
    await cadreA.tap(A);
    await cadreA.tap('Đăng ký cấp Tỉnh');
    expect(cadreA.lastText()).toContain(`Đã đăng ký ${A} ở cấp Tỉnh`);
    await b1.send('/duyet');
    await b1.tap(A);
    await b1.tap('Tiếp nhận');

    // The provincial round opens in the second half of 2014; its council is the board.
    clock.set(on('2014-08-01'));
    await b1.send('/duyet');
    await b1.tap('Đợt xét chọn');
    await b1.tap('Mở đợt: Biểu dương cấp tỉnh');
    expect(b1.lastText()).toContain('Hội đồng: Nguyễn Văn Tỉnh, Đỗ Thị Thu');
    await cadreA.send('/mohinh');
    await cadreA.tap(A);
    await cadreA.tap('Đưa ra xét chọn');
    await score(b1, A, [29, 24, 14, 14, 14]);
    await score(b2, A, [28, 24, 14, 14, 13]);

    // 2015: tổng kết at the district honours B a second time.
    clock.set(on('2015-03-01'));
    await m1.send('/duyet');
    await m1.tap('Đợt xét chọn');
    await m1.tap('Mở đợt: Tổng kết');
    await m1.send('/duyet');
    await m1.tap('Chờ đưa ra xét');
    // C is offered too; its button is kept to press once the campaign has ended.
    const forwardC = m1.buttonData(`Đưa ra xét: ${C}`);
    await m1.tap(`Đưa ra xét: ${B}`);
    for (const [i, member] of [m1, m2, m3].entries()) await score(member, B, given[B]![i]!);
    clock.set(on('2015-09-25'));
    await m1.send('/duyet');
    await m1.tap('Chờ xét chọn');
    await m1.tap('Xếp hạng');
    await m1.tap(`Chọn ${B}`);
    await m1.tap('Ghi quyết định');
    await m1.send('112/QĐ-BCĐ');
    await m1.send('25/09/2015');
    expect(cadreB.lastText()).toContain(
      'được biểu dương cấp Huyện (lần 2) theo quyết định 112/QĐ-BCĐ ngày 25/09/2015',
    );

    // 15/10/2015: the provincial honouring on the 85th anniversary.
    clock.set(on('2015-10-15'));
    await b1.send('/duyet');
    await b1.tap('Chờ xét chọn');
    await b1.tap('Xếp hạng');
    expect(b1.lastText()).toContain(`1. ${A}`);
    await b1.tap(`Chọn ${A}`);
    await b1.tap('Ghi quyết định');
    await b1.send('215/QĐ-BCĐ');
    await b1.send('15/10/2015');
    expect(cadreA.lastText()).toContain(
      'được biểu dương cấp Tỉnh (lần 1) theo quyết định 215/QĐ-BCĐ ngày 15/10/2015',
    );

    const a = (await Initiative.findOne({ code: A }).lean())!;
    const b = (await Initiative.findOne({ code: B }).lean())!;
    const c = (await Initiative.findOne({ code: C }).lean())!;
    expect(a.honours.map((h) => [h.level, h.occasion, h.decisionNo, h.decisionDate])).toEqual([
      ['district', 1, '45/QĐ-BCĐ', '2013-12-20'],
      ['province', 1, '215/QĐ-BCĐ', '2015-10-15'],
    ]);
    expect(b.honours.map((h) => [h.level, h.occasion, h.decisionNo])).toEqual([
      ['district', 1, '45/QĐ-BCĐ'],
      ['district', 2, '112/QĐ-BCĐ'],
    ]);
    expect(c.honours).toEqual([]);
    expect(c.status).toBe('nurturing');
    expect(
      (await Round.find().sort({ openedAt: 1 }).lean()).map((r) => [r.defCode, r.status, r.decisionNo]),
    ).toEqual([
      ['so-ket-1', 'decided', '45/QĐ-BCĐ'],
      ['bieu-duong-tinh', 'decided', '215/QĐ-BCĐ'],
      ['tong-ket', 'decided', '112/QĐ-BCĐ'],
    ]);

    // The summary and the workbook (on 15/10/2015; the campaign runs to 31/12/2015).
    await b1.send('/tonghop');
    const summary =
      b1
        .allMessages()
        .map((m) => m.text)
        .find((t) => t.includes('TỔNG HỢP')) ?? '';
    expect(summary).toContain('3 đăng ký');
    expect(summary).toContain('2 được biểu dương');
    expect(summary).toContain('Hiệu quả: có báo cáo được xác minh trong 2 kỳ gần nhất');
    await b1.send('/xuat');
    expect(tg.sent('sendDocument', b1.id).length).toBeGreaterThan(0);

    // 2016: the campaign has ended (31/12/2015). The board reads it through the campaign picker.
    clock.set(on('2016-01-04'));
    await b1.send('/tonghop');
    expect(b1.lastText()).toContain('Hiện không có phong trào nào đang diễn ra');
    await b1.tap(world.campaign.name);
    const ended = b1.lastText();
    expect(ended).toContain('đã kết thúc ngày 31/12/2015: số liệu tính đến ngày đó, chỉ xem');
    // Figures of its last day: three registered, two honoured (A and B), none effective in the
    // last two periods (the verified reports are of 2012).
    expect(ended).toContain('Mô hình: 3 đăng ký · 0 hiệu quả · 2 được biểu dương');
    expect(ended).toContain('Tập thể: 2 · Cá nhân: 1');
    expect(ended).toContain('Hiệu quả: có báo cáo được xác minh trong 2 kỳ gần nhất');
    const documents = tg.sent('sendDocument', b1.id).length;
    await b1.tap('Xuất Excel');
    expect(tg.sent('sendDocument', b1.id)).toHaveLength(documents + 1);
    const sent = tg.sent('sendDocument', b1.id).at(-1)!;
    expect(String(sent.payload.caption)).toContain('đã kết thúc ngày 31/12/2015');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((sent.payload.document as { data: Buffer }).data as unknown as ArrayBuffer);
    const byTitle = (title: string) => {
      const ws = wb.worksheets.find((w) => w.getCell(1, 1).value === title);
      expect(ws, wb.worksheets.map((w) => w.name).join(', ')).toBeDefined();
      return ws!;
    };
    const soKet = byTitle('Sơ kết, biểu dương lần 1 mô hình cấp huyện');
    expect(info(soKet).get('Số quyết định')).toBe('45/QĐ-BCĐ');
    expect(info(soKet).get('Hội đồng thẩm định')).toBe('Trần Văn Minh; Lê Thị Hoa; Phạm Văn Tâm');
    expect(
      table(soKet, 'Xếp hạng').map((r) => [
        r['Xếp hạng'],
        r['Mã mô hình'],
        r['Điểm bình quân'],
        r['Điểm của Trần Văn Minh'],
        r['Điểm của Lê Thị Hoa'],
        r['Điểm của Phạm Văn Tâm'],
        r['Kết quả'],
      ]),
    ).toEqual([
      [1, A, 91.33, 91, 91, 92, 'Được biểu dương'],
      [2, B, 81.33, 81, 81, 82, 'Được biểu dương'],
      [3, C, 67.67, 68, 68, 67, 'Không được chọn'],
    ]);
    const tongKet = byTitle('Tổng kết, biểu dương lần 2 mô hình cấp huyện');
    expect(info(tongKet).get('Lần')).toBe(2);
    expect(info(tongKet).get('Số quyết định')).toBe('112/QĐ-BCĐ');
    expect(
      table(tongKet, 'Xếp hạng').map((r) => [r['Mã mô hình'], r['Điểm bình quân'], r['Kết quả']]),
    ).toEqual([[B, 81.33, 'Được biểu dương']]);
    const tinh = byTitle(
      'Biểu dương cấp tỉnh nhân kỷ niệm 85 năm Ngày truyền thống công tác dân vận (15/10/2015)',
    );
    expect(info(tinh).get('Cấp xét chọn')).toBe('Tỉnh');
    expect(info(tinh).get('Số quyết định')).toBe('215/QĐ-BCĐ');
    expect(
      table(tinh, 'Xếp hạng').map((r) => [
        r['Mã mô hình'],
        r['Điểm bình quân'],
        r['Điểm của Nguyễn Văn Tỉnh'],
        r['Điểm của Đỗ Thị Thu'],
        r['Kết quả'],
      ]),
    ).toEqual([[A, 94, 95, 93, 'Được biểu dương']]);
    const honours = table(wb.getWorksheet('Khen thưởng')!, 'Mã mô hình').map((r) => [
      r['Mã mô hình'],
      r['Cấp biểu dương'],
      r['Số quyết định'],
    ]);
    expect(honours).toEqual(
      expect.arrayContaining([
        [A, 'Huyện', '45/QĐ-BCĐ'],
        [A, 'Tỉnh', '215/QĐ-BCĐ'],
        [B, 'Huyện', '45/QĐ-BCĐ'],
        [B, 'Huyện', '112/QĐ-BCĐ'],
      ]),
    );
    expect(honours).toHaveLength(4);

    // /xuat goes through the same picker.
    await b1.send('/xuat');
    await b1.tap(world.campaign.name);
    expect(tg.sent('sendDocument', b1.id)).toHaveLength(documents + 2);

    // Read-only: a button the bot showed while the campaign ran is refused with the reason, and
    // nothing changes.
    const refusal = 'Phong trào đã kết thúc ngày 31/12/2015: chỉ có thể xem';
    await m1.press(forwardC);
    expect(m1.callbackAnswers().at(-1)).toContain(refusal);
    await m3.press(m3.buttonData(`Chấm: ${B}`));
    expect(m3.callbackAnswers().at(-1)).toContain(refusal);
    expect((await Initiative.findOne({ code: C }).lean())!.status).toBe('nurturing');
    expect(await Round.countDocuments({ status: 'open' })).toBe(0);
    // /duyet offers the ended campaign through the picker; its cards carry no action buttons.
    await m1.send('/duyet');
    expect(m1.lastText()).toContain('Hiện không có phong trào nào đang diễn ra');
    await m1.tap(world.campaign.name);
    expect(m1.lastText()).toContain('đã kết thúc ngày 31/12/2015');
  }, 600_000);
});
