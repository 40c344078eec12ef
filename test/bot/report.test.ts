import { describe, expect, it } from 'vitest';
import { myModelsCb } from '../../src/bot/callback-data.ts';
import { Initiative, ProgressReport } from '../../src/db/models/index.ts';
import { useBotWorld } from '../support/bot-world.ts';
import {
  clock,
  makeInitiative,
  makeReport,
  makeUser,
  monthKey,
  monthShown,
  type World,
} from '../support/fixtures.ts';
import { type FakeTelegram, makeBot, Person } from '../support/telegram.ts';

let world: World;
let tg: FakeTelegram;

useBotWorld((w) => ({ world, tg } = w));

async function reportUpToEvidence(p: Person) {
  await p.tap(monthShown(0));
  await p.send('Họp chi hội 2 lần, giải ngân cho 3 hộ nghèo.');
  await p.send('3');
  await p.send('30%');
  await p.send('25');
  await p.send('1.200');
  await p.send('5tr');
}

describe('/baocao: reporting progress with evidence', () => {
  it('files a report with photos, a document and a location, updates the model and tells the coordinator', async () => {
    const cadre = await makeUser('cadre', world.communes[0]!, 'Nguyễn Thị Lan');
    const coordinator = await makeUser('coordinator', world.chauThanh);
    const ini = await makeInitiative(world, cadre, world.communes[0]!, { status: 'nurturing' });
    const p = new Person(tg, makeBot(tg, clock()), cadre.telegramId);
    await p.send('/baocao');
    expect(p.lastText()).toContain('Kỳ báo cáo');
    await reportUpToEvidence(p);
    expect(p.lastText()).toContain('Minh chứng');
    await p.sendPhoto('Buổi họp chi hội');
    await p.sendPhoto();
    await p.sendDocument('danh-sach-ho-vay.pdf');
    await p.sendLocation();
    expect(p.lastText()).toContain('Đã nhận 4 minh chứng');
    await p.tap('Xong');
    await p.tap('Bỏ qua'); // difficulties
    await p.send('Đúng tiến độ, bà con đồng tình.');
    expect(p.lastText()).toContain('Xem lại báo cáo');
    expect(p.lastText()).toContain('2 ảnh, 1 tài liệu, 1 vị trí');
    expect(p.lastText()).toContain('5.000.000 đ');
    expect(await ProgressReport.countDocuments()).toBe(0);
    await p.tap('Xác nhận');
    expect(p.lastText()).toContain(`Đã gửi báo cáo kỳ ${monthShown(0)}`);
    const report = (await ProgressReport.findOne().lean())!;
    expect(report).toMatchObject({
      periodKey: monthKey(0),
      progress: 30,
      participants: 25,
      beneficiaries: 1200,
      funds: 5_000_000,
      revision: 1,
    });
    expect(report.evidence.map((e) => e.kind)).toEqual(['photo', 'photo', 'document', 'location']);
    expect(report.evidence[0]).toMatchObject({
      fileId: expect.stringMatching(/^photo-/),
      caption: 'Buổi họp chi hội',
    });
    expect(report.evidence[2]).toMatchObject({
      fileName: 'danh-sach-ho-vay.pdf',
      mimeType: 'application/pdf',
    });
    expect(report.indicatorValues).toEqual([{ name: 'Số hộ được vay', value: 3 }]);
    const model = (await Initiative.findById(ini._id).lean())!;
    expect(model).toMatchObject({ lastReportPeriod: monthKey(0), progress: 30, reportCount: 1 });
    expect(model.indicators[0]!.current).toBe(3);
    expect(String(tg.sent('sendMessage', coordinator.telegramId)[0]?.payload.text)).toContain('Báo cáo mới');
    // The coordinator opens the report from the button of that notice, and can verify it there.
    const c = new Person(tg, makeBot(tg, clock()), coordinator.telegramId);
    const before = c.textsSince(0).length;
    await c.tap('Mở để xem xét');
    expect(c.textsSince(before).join('\n')).toContain('Đúng tiến độ, bà con đồng tình.');
    expect(c.messages().some((m) => m.buttons.some((b) => b.text.includes('Đã xác minh')))).toBe(true);
  });

  it('amends the report of the same period and keeps the previous version', async () => {
    const cadre = await makeUser('cadre', world.chauThanh);
    await makeInitiative(world, cadre, world.chauThanh, { status: 'nurturing' });
    const p = new Person(tg, makeBot(tg, clock()), cadre.telegramId);
    for (const progress of ['30', '45']) {
      await p.send('/baocao');
      await p.tap(monthShown(0));
      await p.send('Họp chi hội 2 lần, giải ngân cho 3 hộ nghèo.');
      await p.send('3');
      await p.send(progress);
      await p.send('25');
      await p.send('120');
      await p.tap('Bỏ qua');
      await p.sendPhoto();
      await p.tap('Xong');
      await p.tap('Bỏ qua');
      await p.send('Đúng tiến độ.');
      await p.tap('Xác nhận');
    }
    expect(p.lastText()).toContain('lần 2');
    const reports = await ProgressReport.find().lean();
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ progress: 45, revision: 2 });
    expect(reports[0]!.history).toHaveLength(1);
    expect(reports[0]!.history[0]).toMatchObject({ progress: 30, revision: 1 });
  });

  it('marks the periods that already have a report, per model, before the person picks one', async () => {
    const cadre = await makeUser('cadre', world.chauThanh);
    const a = await makeInitiative(world, cadre, world.chauThanh, {
      status: 'nurturing',
      title: 'Mô hình A',
    });
    const b = await makeInitiative(world, cadre, world.chauThanh, {
      status: 'nurturing',
      title: 'Mô hình B',
    });
    await makeReport(a, cadre, monthKey(0));
    await makeReport(b, cadre, monthKey(-1));
    const p = new Person(tg, makeBot(tg, clock()), cadre.telegramId);
    const periodsOf = async (model: string) => {
      await p.send('/baocao');
      // The first look left a draft (the model chosen): start again.
      if (p.lastText().includes('bản nháp')) await p.tap('Làm lại');
      await p.tap(`${model} · `);
      const labels = p
        .messages()
        .at(-1)!
        .buttons.map((x) => x.text);
      await p.send('/huy');
      return labels.filter((l) => /\d{2}\/\d{4}/.test(l));
    };
    const amend = ' · đã có, gửi lại sẽ cập nhật';
    expect(await periodsOf(a.code)).toEqual([`${monthShown(0)} (kỳ hiện tại)${amend}`, monthShown(-1)]);
    expect(await periodsOf(b.code)).toEqual([`${monthShown(0)} (kỳ hiện tại)`, `${monthShown(-1)}${amend}`]);
  });

  it('requires evidence: text instead of a photo is refused and Done is not offered before one arrives', async () => {
    const cadre = await makeUser('cadre', world.chauThanh);
    await makeInitiative(world, cadre, world.chauThanh, { status: 'nurturing' });
    const p = new Person(tg, makeBot(tg, clock()), cadre.telegramId);
    await p.send('/baocao');
    await reportUpToEvidence(p);
    expect(
      p
        .messages()
        .at(-1)!
        .buttons.map((b) => b.text),
    ).not.toContain('✅ Xong');
    await p.send('ảnh gửi sau');
    expect(p.textsSince(p.messages().length - 2)[0]).toContain('cần gửi ảnh, tệp tài liệu hoặc vị trí');
    expect(await ProgressReport.countDocuments()).toBe(0);
  });

  it('refuses 150% and a non-number for progress', async () => {
    const cadre = await makeUser('cadre', world.chauThanh);
    await makeInitiative(world, cadre, world.chauThanh, { status: 'nurturing' });
    const p = new Person(tg, makeBot(tg, clock()), cadre.telegramId);
    await p.send('/baocao');
    await p.tap(monthShown(0));
    await p.send('Họp chi hội 2 lần, giải ngân cho 3 hộ nghèo.');
    await p.send('3');
    await p.send('150%');
    expect(p.textsSince(p.messages().length - 2)).toEqual([
      expect.stringContaining('từ 0% đến 100%'),
      expect.stringContaining('Tiến độ chung'),
    ]);
    await p.send('nhiều');
    expect(p.textsSince(p.messages().length - 2)[0]).toContain('từ 0 đến 100');
    await p.send('-3');
    expect(p.textsSince(p.messages().length - 2)[0]).toContain('từ 0% đến 100%');
  });

  it('says so when the person has no model open for reports', async () => {
    const cadre = await makeUser('cadre', world.chauThanh);
    await makeInitiative(world, cadre, world.chauThanh, { status: 'registered' });
    const p = new Person(tg, makeBot(tg, clock()), cadre.telegramId);
    await p.send('/baocao');
    expect(p.lastText()).toContain('chưa có mô hình nào đang trong giai đoạn báo cáo');
  });

  it("refuses a cadre's forged button for another person's model", async () => {
    const owner = await makeUser('cadre', world.chauThanh);
    const other = await makeUser('cadre', world.chauThanh);
    const ini = await makeInitiative(world, owner, world.chauThanh, { status: 'nurturing' });
    const p = new Person(tg, makeBot(tg, clock()), other.telegramId);
    for (const data of [
      myModelsCb.report.build({ i: String(ini._id) }),
      myModelsCb.edit.build({ i: String(ini._id) }),
      myModelsCb.view.build({ i: String(ini._id) }),
      myModelsCb.withdrawYes.build({ i: String(ini._id), s: 'nurturing' }),
    ]) {
      await p.press(data);
      expect(p.callbackAnswers().at(-1)).toContain('không có quyền');
    }
    expect((await Initiative.findById(ini._id).lean())!.status).toBe('nurturing');
    expect(p.messages()).toHaveLength(0);
  });
});
