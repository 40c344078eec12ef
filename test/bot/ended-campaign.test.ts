import { describe, expect, it } from 'vitest';
import { pickCampaign } from '../../src/bot/views/campaign-picker.ts';
import { ManualClock } from '../../src/clock.ts';
import { Campaign, Initiative, ProgressReport } from '../../src/db/models/index.ts';
import { addDays, formatDay, zonedInstant } from '../../src/domain/calendar.ts';
import { shiftTemplate } from '../../src/domain/templates.ts';
import { createCampaign, loadTemplate } from '../../src/services/campaigns.ts';
import { useBotWorld } from '../support/bot-world.ts';
import { makeInitiative, makeReport, makeUser, monthKey, NOW, type World } from '../support/fixtures.ts';
import { type FakeTelegram, makeBot, Person } from '../support/telegram.ts';

/*
 * Issue 10 item 7: after a campaign's end date /tonghop, /xuat and /duyet still reach it through
 * a campaign picker; everything can be read, nothing changed.
 */

const TZ = 'Asia/Ho_Chi_Minh';
let world: World;
let tg: FakeTelegram;

/** 09:00 local on the day after the campaign's last day, or `days` later. */
const afterEnd = (days = 1) => zonedInstant(addDays(world.campaign.end, days), TZ, 9);

const the = useBotWorld((w) => ({ world, tg } = w));

describe('an ended campaign stays readable', () => {
  it('gives the board the summary and the workbook of the ended campaign by pressing the picker', async () => {
    const cadre = await makeUser('cadre', world.communes[0]!);
    const a = await makeInitiative(world, cadre, world.communes[0]!, { status: 'nurturing' });
    await makeReport(a, cadre, monthKey(0));
    await makeInitiative(world, cadre, world.rachGia, { status: 'nurturing', field: 'culture-society' });
    const board = await makeUser('board', world.province);
    const b = new Person(tg, makeBot(tg, new ManualClock(afterEnd(30))), board.telegramId);

    await b.send('/tonghop');
    expect(b.lastText()).toContain('Hiện không có phong trào nào đang diễn ra');
    const end = formatDay(world.campaign.end);
    const label = `${world.campaign.name} (${formatDay(world.campaign.start)}–${end}) · đã kết thúc`;
    expect(
      b
        .messages()
        .at(-1)!
        .buttons.map((x) => x.text),
    ).toEqual([label]);
    await b.tap(label);
    const summary = b.lastText();
    expect(summary).toContain(`đã kết thúc ngày ${end}: số liệu tính đến ngày đó, chỉ xem`);
    expect(summary).toContain('Tỉnh Kiên Giang');
    expect(summary).toMatch(/Mô hình: 2 đăng ký/);
    expect(tg.sent('sendPhoto', board.telegramId)).toHaveLength(1);

    await b.tap('Xuất Excel');
    const doc = tg.sent('sendDocument', board.telegramId).at(-1)!;
    expect((doc.payload.document as { filename: string }).filename).toMatch(
      /^tong-hop-dan-van-kheo-kg-\d{8}\.xlsx$/,
    );
    expect((doc.payload.document as { bytes: number }).bytes).toBeGreaterThan(5000);
    expect(String(doc.payload.caption)).toContain(`đã kết thúc ngày ${end}`);

    // /xuat goes through the same picker.
    await b.send('/xuat');
    await b.tap(label);
    expect(tg.sent('sendDocument', board.telegramId)).toHaveLength(2);
  });

  it('refuses review actions on an ended campaign: stale buttons, forms before any question, and shows cards without actions', async () => {
    const cadre = await makeUser('cadre', world.communes[0]!);
    const coordinator = await makeUser('coordinator', world.chauThanh);
    const reg = await makeInitiative(world, cadre, world.communes[0]!, { title: 'Mô hình chờ duyệt' });
    const nur = await makeInitiative(world, cadre, world.communes[1]!, { status: 'nurturing' });
    const rep = await makeReport(nur, cadre, monthKey(0));
    const time = new ManualClock(NOW);
    const c = new Person(tg, makeBot(tg, time), coordinator.telegramId);

    // While it runs: the card of the registration with its buttons, and the report's.
    await c.send('/duyet');
    await c.tap(/🆕/);
    const acceptData = c.buttonData('Tiếp nhận');
    const returnData = c.buttonData('Trả lại');
    await c.send('/duyet');
    await c.tap(/📊/);
    const verifyData = c.buttonData('Đã xác minh');

    time.set(afterEnd());
    const end = formatDay(world.campaign.end);
    const refusal = `Phong trào đã kết thúc ngày ${end}: chỉ có thể xem`;
    for (const data of [acceptData, verifyData]) {
      await c.press(data);
      expect(c.callbackAnswers().at(-1)).toContain(refusal);
    }
    const before = c.messages().length;
    await c.press(returnData);
    expect(c.callbackAnswers().at(-1)).toContain(refusal);
    expect(c.messages()).toHaveLength(before); // no question asked
    expect((await Initiative.findById(reg._id).lean())!.status).toBe('registered');
    expect((await ProgressReport.findById(rep._id).lean())!.verification).toBe('pending');

    // After the end: /duyet offers the picker; the queue and the cards are there to read.
    await c.send('/duyet');
    expect(c.lastText()).toContain('Hiện không có phong trào nào đang diễn ra');
    await c.tap(world.campaign.name);
    expect(c.lastText()).toContain(`đã kết thúc ngày ${end}`);
    expect(c.lastText()).toContain('1 đăng ký mới, 1 báo cáo mới');
    await c.tap(/🆕/);
    const card = c.messages().at(-1)!;
    expect(card.text).toContain('Mô hình chờ duyệt');
    expect(card.text).toContain(refusal);
    expect(card.buttons).toEqual([]);
  });

  it('refuses registration and reports once the campaign has ended, with a clear line', async () => {
    const cadre = await makeUser('cadre', world.communes[0]!);
    await makeInitiative(world, cadre, world.communes[0]!, { status: 'nurturing' });
    const p = new Person(tg, makeBot(tg, new ManualClock(afterEnd())), cadre.telegramId);
    await p.send('/baocao');
    expect(p.lastText()).toContain('Phong trào đã kết thúc hoặc đã đóng: không nhận báo cáo mới');
    await p.send('/dangky');
    expect(p.lastText()).toContain('Hiện không có phong trào thi đua nào đang diễn ra');
    // Permission before anything is shown: a cadre gets no picker from /duyet, /tonghop or /xuat.
    await p.send('/duyet');
    expect(p.lastText()).toContain('Bạn không có quyền');
    await p.send('/tonghop');
    expect(p.lastText()).toBe('Tổng hợp và xuất dữ liệu dành cho Ban Chỉ đạo các cấp.');
    await p.send('/xuat');
    expect(p.lastText()).toBe('Tổng hợp và xuất dữ liệu dành cho Ban Chỉ đạo các cấp.');
    expect(p.messages().every((m) => m.buttons.length === 0)).toBe(true);
    expect(await ProgressReport.countDocuments()).toBe(0);
  });

  it('opens on a campaign closed before its end date, read-only, and says it is closed', async () => {
    const cadre = await makeUser('cadre', world.communes[0]!);
    await makeInitiative(world, cadre, world.communes[0]!, { status: 'nurturing' });
    await Campaign.updateOne({ _id: world.campaign._id }, { $set: { status: 'closed' } });
    const b = await the.person('board', world.province);
    // Its dates still cover today: /tonghop opens on it, saying it is closed.
    await b.send('/tonghop');
    expect(b.lastText()).toContain('đã đóng: chỉ xem');
    expect(b.lastText()).toMatch(/Mô hình: 1 đăng ký/);
  });

  it('opens on the running campaign and offers the others: an older, ended one is one press away', async () => {
    const older = await createCampaign(
      shiftTemplate(loadTemplate(), { years: -5 }, { code: 'old-kg', name: 'Phong trào cũ' }),
      'kg',
      { now: NOW },
    );
    const cadre = await makeUser('cadre', world.communes[0]!);
    const old = await makeInitiative(world, cadre, world.communes[0]!, { status: 'honoured' });
    await Initiative.updateOne({ _id: old._id }, { $set: { campaignId: older._id } });
    await makeInitiative(world, cadre, world.communes[0]!, { status: 'nurturing' });
    await makeInitiative(world, cadre, world.communes[1]!, { status: 'nurturing' });
    const c = await the.person('coordinator', world.chauThanh);

    await c.send('/tonghop');
    expect(c.lastText()).toMatch(/Mô hình: 2 đăng ký/);
    await c.tap('Phong trào khác');
    const picker = c.messages().at(-1)!;
    expect(picker.text).toBe('Chọn phong trào:');
    expect(picker.buttons.map((x) => x.text)).toEqual([
      expect.stringMatching(/^✓ .*· đang diễn ra$/),
      expect.stringMatching(/^Phong trào cũ .*· đã kết thúc$/),
    ]);
    await c.tap('Phong trào cũ');
    expect(c.lastText()).toContain('“Phong trào cũ” đã kết thúc');
    expect(c.lastText()).toMatch(/Huyện Châu Thành[\s\S]*Mô hình: 1 đăng ký/);
  });

  it('refuses a forged picker payload for a campaign the person has no grant in', async () => {
    const b = await the.person('board', world.rachGia);
    const board = b.user;
    // A campaign rooted at Hà Tiên: this Rạch Giá board member has no grant in it.
    const { _id: _ignored, ...plan } = world.campaign;
    const foreign = await Campaign.create({
      ...plan,
      code: 'ha-tien',
      name: 'Hà Tiên',
      rootUnitId: world.unit('kg-ha-tien')._id,
    });
    await makeInitiative(world, await makeUser('cadre', world.unit('kg-ha-tien')), world.unit('kg-ha-tien'));
    for (const to of ['sm', 'sx', 'rv'] as const) {
      await b.press(pickCampaign.build({ to, c: String(foreign._id) }));
      expect(b.callbackAnswers().at(-1)).toContain('không còn dùng được');
    }
    expect(tg.sent('sendMessage', board.telegramId)).toHaveLength(0);
    expect(tg.sent('sendDocument', board.telegramId)).toHaveLength(0);
  });
});
