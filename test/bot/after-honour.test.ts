import { beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.ts';
import { Initiative, Nomination, UnitReplication } from '../../src/db/models/index.ts';
import { addDays, zonedInstant } from '../../src/domain/calendar.ts';
import type { InitiativeDoc, UserDoc } from '../support/data-world.ts';
import { useTestDatabase } from '../support/database.ts';
import { clock, makeInitiative, makeUser, NOW, seedWorld, type World, YEAR } from '../support/fixtures.ts';
import { FakeTelegram, makeBot, Person } from '../support/telegram.ts';

/*
 * Issue 10, item 5 through the bot: a model honoured before the campaign (2010) entered from
 * /duyet and put forward again in a round; replications recorded from the source's side in
 * /duyet's replications tab, counted once whichever side recorded them. Every action is a press
 * of a button the bot showed, except where a test proves a forged or stale press is refused.
 */

useTestDatabase({ clean: 'each' });

const TZ = 'Asia/Ho_Chi_Minh';
const on = (day: string, hour = 9) => zonedInstant(day, TZ, hour);
let tg: FakeTelegram;

beforeEach(() => {
  tg = new FakeTelegram();
});

describe('a model honoured before the campaign', () => {
  it('is entered by a coordinator from /duyet, shown as honoured with its old honour, and put forward again', async () => {
    const world = await seedWorld({ start: '2011-10-14' });
    const time = new ManualClock(on('2012-05-02'));
    const bot = makeBot(tg, time);
    const u1 = await makeUser('coordinator', world.chauThanh, 'Trần Văn Minh');
    const u2 = await makeUser('coordinator', world.chauThanh, 'Lê Thị Hoa');
    const m1 = new Person(tg, bot, u1.telegramId);
    const m2 = new Person(tg, bot, u2.telegramId);

    await m1.send('/duyet');
    await m1.tap('Nhập mô hình đã biểu dương trước phong trào');
    expect(m1.lastText()).toContain('Tên mô hình');
    await m1.send('Tổ tự quản đường làng sáng đẹp');
    await m1.send('binh an');
    await m1.tap('Xã Bình An');
    await m1.tap('Kinh tế');
    await m1.tap('Tập thể');
    await m1.send('Tổ tự quản ấp Bình Lợi');
    await m1.tap('Huyện');
    await m1.send('12/QĐ-UBND');
    // A date on or after the campaign's start is refused with the range, and asked again.
    await m1.send('15/10/2011');
    expect(m1.messages().at(-2)!.text).toContain('Ngày phải nằm trong khoảng 01/01/1990 – 13/10/2011');
    expect(m1.lastText()).toContain('Ngày ký quyết định');
    await m1.send('05/10/2010');
    expect(m1.lastText()).toContain('Kiểm tra lại mô hình đã biểu dương trước phong trào');
    expect(m1.lastText()).toContain('Xã Bình An');
    expect(await Initiative.countDocuments()).toBe(0); // nothing saved before confirming
    await m1.tap('Xác nhận');
    const ini = (await Initiative.findOne().lean<InitiativeDoc>())!;
    expect(m1.lastText()).toContain(
      `Đã nhập ${ini.code} “Tổ tự quản đường làng sáng đẹp”: đã được biểu dương cấp Huyện theo quyết định 12/QĐ-UBND ngày 05/10/2010 (trước phong trào)`,
    );
    expect(ini).toMatchObject({
      status: 'honoured',
      targetLevel: 'district',
      ownerKind: 'collective',
      ownerName: 'Tổ tự quản ấp Bình Lợi',
      unitId: world.communes[0]!._id,
      field: 'economy',
    });
    expect(String(ini.createdBy)).toBe(String(u1._id));
    expect(
      ini.honours.map((h) => [h.level, h.year, h.decisionNo, h.decisionDate, h.beforeCampaign, h.roundId]),
    ).toEqual([['district', 2010, '12/QĐ-UBND', '2010-10-05', true, null]]);

    // Listed with the honoured models (the replications tab), its card names the old decision.
    await m1.send('/duyet');
    await m1.tap('Nhân rộng (1)');
    expect(m1.lastText()).toContain(
      `${ini.code} · Tổ tự quản đường làng sáng đẹp · Xã Bình An · 0 nơi nhân rộng`,
    );
    await m1.tap(`Nhân rộng: ${ini.code}`);
    expect(m1.lastText()).toContain('🏅 Biểu dương cấp Huyện trước phong trào: 12/QĐ-UBND, 05/10/2010');

    // 2013: the district's sơ kết round opens; another coordinator puts it forward (re-assessment).
    time.set(on('2013-03-01'));
    await m1.send('/duyet');
    await m1.tap('Đợt xét chọn');
    await m1.tap('Mở đợt');
    await m2.send('/duyet');
    await m2.tap('Chờ đưa ra xét');
    await m2.tap(`Đưa ra xét: ${ini.code}`);
    expect(m2.lastText()).toContain(
      `Đã đưa ${ini.code} vào đợt “Sơ kết, biểu dương lần 1 mô hình cấp huyện”`,
    );
    expect((await Initiative.findById(ini._id).lean())!.status).toBe('submitted');
    expect(await Nomination.countDocuments({ initiativeId: ini._id })).toBe(1);
  }, 120_000);

  it('is refused before any question to a cadre and once the campaign has ended', async () => {
    const world = await seedWorld();
    const time = new ManualClock(NOW);
    const bot = makeBot(tg, time);
    const coordinator = new Person(tg, bot, (await makeUser('coordinator', world.chauThanh)).telegramId);
    const cadre = new Person(tg, bot, (await makeUser('cadre', world.communes[0]!)).telegramId);
    await coordinator.send('/duyet');
    const enter = coordinator.buttonData('Nhập mô hình đã biểu dương trước phong trào');

    // A cadre with a forged (copied) button: refused, nothing asked.
    await cadre.press(enter);
    expect(cadre.callbackAnswers().at(-1)).toContain('Bạn không có quyền');
    expect(cadre.messages()).toHaveLength(0);

    // After the end the tabs offer no such button, and the old one is refused with the reason.
    time.set(zonedInstant(addDays(world.campaign.end, 1), TZ, 9));
    const before = coordinator.messages().length;
    await coordinator.press(enter);
    expect(coordinator.callbackAnswers().at(-1)).toContain('Phong trào đã kết thúc');
    expect(coordinator.messages()).toHaveLength(before);
    expect(await Initiative.countDocuments()).toBe(0);
  });
});

describe('replications recorded from the source’s side', () => {
  let world: World;
  let source: InitiativeDoc;
  let replica: InitiativeDoc;
  let replicaOwner: UserDoc;
  let owner: UserDoc;

  beforeEach(async () => {
    world = await seedWorld();
    owner = await makeUser('cadre', world.communes[0]!, 'Chủ mô hình gốc');
    replicaOwner = await makeUser('cadre', world.communes[1]!, 'Chủ mô hình mới');
    source = await makeInitiative(world, owner, world.communes[0]!, {
      status: 'honoured',
      title: 'Mô hình gốc Bình An',
    });
    await Initiative.updateOne(
      { _id: source._id },
      { $set: { honours: [{ level: 'grassroots', year: YEAR, decisionNo: '7/QĐ', at: NOW, occasion: 1 }] } },
    );
    replica = await makeInitiative(world, replicaOwner, world.communes[1]!, {
      status: 'nurturing',
      title: 'Mô hình Giục Tượng',
    });
  });

  it("lets the honoured model's owner record a replication from /mohinh, and shows the button to nobody else", async () => {
    const bot = makeBot(tg, clock());
    const o = new Person(tg, bot, owner.telegramId);
    await o.send('/mohinh');
    await o.tap(source.code);
    await o.tap(`Nhân rộng: ${source.code}`);
    expect(o.lastText()).toContain('Nơi nhân rộng: 0');
    await o.tap('Nhân rộng tại đơn vị');
    await o.send('minh hoa');
    await o.tap('Xã Minh Hòa');
    expect(o.lastText()).toContain(
      `Đã ghi nhận ${source.code} được nhân rộng tại Xã Minh Hòa. Số nơi nhân rộng: 1.`,
    );
    expect((await Initiative.findById(source._id).lean())!.replicationCount).toBe(1);
    // The replica's owner sees their own (not honoured) model without that button.
    const r = new Person(tg, bot, replicaOwner.telegramId);
    await r.send('/mohinh');
    await r.tap(replica.code);
    const card = r.messages().at(-1)!;
    expect(card.text).toContain(replica.code);
    expect(card.buttons.length).toBeGreaterThan(0);
    expect(card.buttons.some((b) => b.text.includes('Nhân rộng'))).toBe(false);
  });

  it('records a model and a unit from the replications tab, each counted once, and both sides see it', async () => {
    const bot = makeBot(tg, clock());
    const c = new Person(tg, bot, (await makeUser('coordinator', world.chauThanh, 'Điều phối')).telegramId);
    const newOwner = new Person(tg, bot, replicaOwner.telegramId);
    await c.send('/duyet');
    await c.tap('Nhân rộng (1)');
    await c.tap(`Nhân rộng: ${source.code}`);
    expect(c.lastText()).toContain('Nơi nhân rộng: 0');
    expect(c.lastText()).toContain('Chưa ghi nhận nơi nào nhân rộng');

    // As a model: by its code; an unknown code is asked again.
    await c.tap('Nhân rộng thành mô hình');
    await c.send('DVK-2099-9999');
    expect(c.messages().at(-2)!.text).toContain('Không có mô hình mã DVK-2099-9999');
    await c.send(replica.code);
    expect(c.lastText()).toContain(
      `Đã ghi nhận ${replica.code} (Xã Giục Tượng) nhân rộng từ ${source.code}. Số nơi nhân rộng: 1.`,
    );
    expect(String((await Initiative.findById(replica._id).lean())!.replicatedFrom)).toBe(String(source._id));
    expect(newOwner.lastText()).toContain(`Mô hình ${source.code} đã được nhân rộng tại Xã Giục Tượng`);

    // The same model again: already linked, nothing counted twice.
    await c.tap('Nhân rộng thành mô hình');
    await c.send(replica.code);
    expect(c.lastText()).toContain('đã được ghi nhận là nhân rộng từ một mô hình khác');

    // At a unit: Minh Hòa counts; Minh Hòa again and Giục Tượng (where the model is) do not.
    const atUnit = async (search: string, name: string) => {
      await c.tap('Nhân rộng tại đơn vị');
      await c.send(search);
      await c.tap(name);
      return c.lastText();
    };
    expect(await atUnit('minh hoa', 'Xã Minh Hòa')).toContain(
      `Đã ghi nhận ${source.code} được nhân rộng tại Xã Minh Hòa. Số nơi nhân rộng: 2.`,
    );
    expect(await atUnit('minh hoa', 'Xã Minh Hòa')).toContain(
      `${source.code} đã được ghi nhận nhân rộng tại Xã Minh Hòa từ trước. Số nơi nhân rộng: 2.`,
    );
    expect(await atUnit('giuc tuong', 'Xã Giục Tượng')).toContain('Số nơi nhân rộng: 2.');
    expect(await UnitReplication.countDocuments()).toBe(2);
    expect((await Initiative.findById(source._id).lean())!.replicationCount).toBe(2);

    // The source's side: the tab and the card list both.
    await c.send('/duyet');
    await c.tap('Nhân rộng (1)');
    expect(c.lastText()).toContain(`${source.code} · Mô hình gốc Bình An · Xã Bình An · 2 nơi nhân rộng`);
    await c.tap(`Nhân rộng: ${source.code}`);
    const card = c.lastText();
    expect(card).toContain('Nơi nhân rộng: 2');
    expect(card).toContain(`Mô hình ${replica.code} · Mô hình Giục Tượng · Xã Giục Tượng`);
    expect(card).toContain('Tại Xã Minh Hòa');
    expect(card).not.toContain('Tại Xã Giục Tượng');
    // The replica's side: its card names the source.
    await c.send(`/duyet ${replica.code}`);
    expect(
      c
        .allMessages()
        .map((m) => m.text)
        .join('\n'),
    ).toContain(`${source.code} · Mô hình gốc Bình An`);
  }, 120_000);

  it('refuses a coordinator of another district and a cadre before any question, and an ended campaign', async () => {
    const time = new ManualClock(NOW);
    const bot = makeBot(tg, time);
    const c = new Person(tg, bot, (await makeUser('coordinator', world.chauThanh)).telegramId);
    await c.send('/duyet');
    await c.tap('Nhân rộng (1)');
    const view = c.buttonData(`Nhân rộng: ${source.code}`);
    await c.tap(`Nhân rộng: ${source.code}`);
    const addModel = c.buttonData('Nhân rộng thành mô hình');
    const addUnit = c.buttonData('Nhân rộng tại đơn vị');
    for (const who of [
      await makeUser('coordinator', world.rachGia, 'Điều phối Rạch Giá'),
      await makeUser('cadre', world.communes[1]!, 'Cán bộ khác'),
    ]) {
      const p = new Person(tg, bot, who.telegramId);
      for (const data of [view, addModel, addUnit]) {
        await p.press(data);
        expect(p.callbackAnswers().at(-1)).toContain('Bạn không có quyền');
      }
      expect(p.messages()).toHaveLength(0);
    }
    time.set(zonedInstant(addDays(world.campaign.end, 1), TZ, 9));
    const before = c.messages().length;
    await c.press(addUnit);
    expect(c.callbackAnswers().at(-1)).toContain('Phong trào đã kết thúc');
    expect(c.messages()).toHaveLength(before);
    // The card is still readable, without the buttons that add.
    await c.press(view);
    expect(c.lastText()).toContain('Nơi nhân rộng: 0');
    expect(c.messages().at(-1)!.buttons).toEqual([]);
    expect(await UnitReplication.countDocuments()).toBe(0);
  });
});
