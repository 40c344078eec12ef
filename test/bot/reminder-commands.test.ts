import { describe, expect, it } from 'vitest';
import { Reminder, User } from '../../src/db/models/index.ts';
import { useBotWorld } from '../support/bot-world.ts';
import { at, clock, makeInitiative, makeUser, shown, type World, YEAR } from '../support/fixtures.ts';
import { type FakeTelegram, makeBot, Person } from '../support/telegram.ts';

let world: World;
let tg: FakeTelegram;

useBotWorld((w) => ({ world, tg } = w));

describe('/lichnhac, /tatnhac, /admin', () => {
  it('shows the current phase, the next deadlines with days left, and a coordinator her units behind', async () => {
    const coordinator = await makeUser('coordinator', world.chauThanh);
    const cadre = await makeUser('cadre', world.communes[0]!);
    await makeInitiative(world, cadre, world.communes[0]!);
    const c = new Person(tg, makeBot(tg, clock()), coordinator.telegramId);
    await c.send('/lichnhac');
    const text = c.lastText();
    expect(text).toContain('Giai đoạn hiện tại</b>: Bước 1');
    expect(text).toContain(`${shown(21)}</b> (còn 21 ngày)`);
    expect(text).toContain('Huyện Châu Thành');
    expect(text).toContain(
      '⚠️ Huyện Châu Thành: 3 trên 4 xã trực thuộc chưa có mô hình đăng ký: Xã Giục Tượng, Xã Minh Hòa, Xã Mong Thọ',
    );
  });

  it('mutes reminders until a day, refuses a past or malformed day, and turns them back on', async () => {
    const cadre = await makeUser('cadre', world.chauThanh);
    const p = new Person(tg, makeBot(tg, clock()), cadre.telegramId);
    await p.send(`/tatnhac 31/02/${YEAR + 1}`);
    expect(p.lastText()).toContain('không có trên lịch');
    await p.send(`/tatnhac ${shown(-26)}`);
    expect(p.lastText()).toContain('đã qua');
    await p.send(`/tatnhac ${shown(18)}`);
    expect(p.lastText()).toContain(shown(18));
    const until = (await User.findOne({ telegramId: cadre.telegramId }).lean())!.snoozeUntil!;
    expect(until.toISOString()).toBe(at(19, 0).toISOString()); // end of that day in Hồ Chí Minh City
    await p.send('/lichnhac');
    expect(p.lastText()).toContain(`tắt đến hết ngày ${shown(18)}`);
    await p.send('/tatnhac bat');
    expect((await User.findOne({ telegramId: cadre.telegramId }).lean())!.snoozeUntil).toBeNull();
  });

  it('shows failed deliveries to admins only', async () => {
    const admin = await makeUser('admin', world.province);
    const cadre = await makeUser('cadre', world.chauThanh);
    await Reminder.create({
      key: 'k1',
      kind: 'report-nudge',
      telegramId: 777,
      dueAt: at(-2, 8),
      staleAt: at(3, 8),
      status: 'failed',
      attempts: 5,
      lastError: 'Bad Request: chat not found',
    });
    const bot = makeBot(tg, clock());
    const a = new Person(tg, bot, admin.telegramId);
    await a.send('/admin');
    expect(a.lastText()).toContain('chat not found');
    const k = new Person(tg, bot, cadre.telegramId);
    await k.send('/admin');
    expect(k.lastText()).toContain('không có quyền');
  });
});
