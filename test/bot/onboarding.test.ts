import { describe, expect, it } from 'vitest';
import { accessDecisionButton, inviteButton } from '../../src/bot/callback-data.ts';
import { ManualClock } from '../../src/clock.ts';
import { AccessRequest, Invite, User } from '../../src/db/models/index.ts';
import { createInvite } from '../../src/services/invites.ts';
import { useBotWorld } from '../support/bot-world.ts';
import { clock, makeUser, NOW, type World } from '../support/fixtures.ts';
import { type FakeTelegram, makeBot, Person } from '../support/telegram.ts';

let world: World;
let tg: FakeTelegram;
let nextId = 900_000;

const the = useBotWorld((w) => ({ world, tg } = w));

describe('/start: invites, language, name', () => {
  it('binds a newcomer to a unit and role through an invite link, then asks language and name', async () => {
    const { code } = await createInvite(
      { role: 'cadre', unitId: world.communes[1]!._id, days: 7, maxUses: 5 },
      clock(),
    );
    const p = new Person(tg, makeBot(tg, clock()), nextId++, 'Hùng');
    await p.send(`/start ${code}`);
    expect(p.textsSince(0).join('\n')).toContain('Cán bộ</b> tại Xã Giục Tượng');
    expect(p.lastText()).toContain('Chọn ngôn ngữ');
    await p.tap('English');
    expect(p.lastText()).toContain('What name should appear');
    await p.send('Lê Văn Hùng');
    expect(p.lastText()).toContain('Thank you, <b>Lê Văn Hùng</b>');
    const user = (await User.findOne({ telegramId: p.id }).lean())!;
    expect(user).toMatchObject({ name: 'Lê Văn Hùng', language: 'en', onboarded: true });
    expect(user.roles.map((r) => [r.role, String(r.unitId)])).toEqual([
      ['cadre', String(world.communes[1]!._id)],
    ]);
    expect((await Invite.findOne().lean())!.usesLeft).toBe(4);
    await p.send('/help');
    expect(p.lastText()).toContain('/register');
  });

  it('accepts a code typed by hand, in any case and with spaces', async () => {
    const { code } = await createInvite(
      { role: 'cadre', unitId: world.chauThanh._id, days: 7, maxUses: 5 },
      clock(),
    );
    const p = new Person(tg, makeBot(tg, clock()), nextId++);
    await p.send('/start');
    expect(p.lastText()).toContain('mã mời');
    await p.send(`${code.slice(0, 5).toLowerCase()} ${code.slice(5)}`);
    expect(p.textsSince(0).join('\n')).toContain('Mã mời hợp lệ');
  });

  it('refuses an expired code', async () => {
    const { code } = await createInvite(
      { role: 'cadre', unitId: world.chauThanh._id, days: 1, maxUses: 5 },
      clock(),
    );
    const later = new ManualClock(new Date(NOW.getTime() + 2 * 86_400_000));
    const p = new Person(tg, makeBot(tg, later), nextId++);
    await p.send(`/start ${code}`);
    expect(p.lastText()).toContain('hết hạn');
    expect((await User.findOne({ telegramId: p.id }).lean())!.roles).toEqual([]);
  });

  it('refuses a used-up code, a code used twice by the same person, and an unknown code', async () => {
    const { code } = await createInvite(
      { role: 'coordinator', unitId: world.chauThanh._id, days: 7, maxUses: 1 },
      clock(),
    );
    const bot = makeBot(tg, clock());
    const first = new Person(tg, bot, nextId++);
    const second = new Person(tg, bot, nextId++);
    await first.send(`/start ${code}`);
    await first.tap('Tiếng Việt');
    await first.tap('Dùng');
    await first.send(`/start ${code}`);
    expect(first.lastText()).toContain('đã dùng mã mời này');
    await second.send(`/start ${code}`);
    expect(second.lastText()).toContain('hết lượt');
    await second.send('/start ABCDEFGHJK');
    expect(second.lastText()).toContain('không đúng');
    expect((await User.findOne({ telegramId: second.id }).lean())!.roles).toEqual([]);
  });

  it('gives exactly one of many people racing for a single-use code the role', async () => {
    const { code } = await createInvite(
      { role: 'coordinator', unitId: world.chauThanh._id, days: 7, maxUses: 1 },
      clock(),
    );
    const bot = makeBot(tg, clock());
    const people = Array.from({ length: 8 }, () => new Person(tg, bot, nextId++));
    await Promise.all(people.map((p) => p.send(`/start ${code}`)));
    const holders = await User.countDocuments({
      telegramId: { $in: people.map((p) => p.id) },
      'roles.0': { $exists: true },
    });
    expect(holders).toBe(1);
  });
});

describe('access requests', () => {
  it('lets a person without a code ask to join a unit; a coordinator approves and the person becomes a cadre', async () => {
    const coordinator = await makeUser('coordinator', world.chauThanh, 'Trần Văn Minh');
    const bot = makeBot(tg, clock());
    const p = new Person(tg, bot, nextId++, 'Tư');
    await p.send('/start');
    await p.tap('Gửi yêu cầu tham gia');
    expect(p.lastText()).toContain('tham gia <b>đơn vị</b> nào');
    await p.send('mong tho');
    await p.tap('Xã Mong Thọ');
    await p.send('Võ Văn Tư');
    await p.tap('Xác nhận');
    expect(p.lastText()).toContain('Đã gửi yêu cầu');
    const c = new Person(tg, bot, coordinator.telegramId);
    expect(c.lastText()).toContain('Võ Văn Tư');
    await c.tap('Đồng ý');
    expect(c.lastText()).toContain('Đã chấp thuận');
    expect(p.lastText()).toContain('đã được chấp thuận');
    const user = (await User.findOne({ telegramId: p.id }).lean())!;
    expect(user.roles.map((r) => [r.role, String(r.unitId)])).toEqual([
      ['cadre', String(world.communes[3]!._id)],
    ]);
    await c.press(c.buttonData('Từ chối'));
    expect(c.callbackAnswers().at(-1)).toContain('đã được xử lý');
  });

  it('refuses a decision from a coordinator of another unit', async () => {
    await makeUser('coordinator', world.chauThanh);
    const outsider = await makeUser('coordinator', world.rachGia);
    const bot = makeBot(tg, clock());
    const p = new Person(tg, bot, nextId++);
    await p.send('/start');
    await p.tap('Gửi yêu cầu tham gia');
    await p.send('Bình An');
    await p.tap('Xã Bình An');
    await p.send('Võ Văn Tư');
    await p.tap('Xác nhận');
    const req = (await AccessRequest.findOne().lean())!;
    const o = new Person(tg, bot, outsider.telegramId);
    await o.press(accessDecisionButton.build({ d: 'a', i: String(req._id) }));
    expect(o.callbackAnswers().at(-1)).toContain('không có quyền');
    expect((await AccessRequest.findById(req._id).lean())!.status).toBe('pending');
  });
});

describe('/moi: coordinators create invites', () => {
  it('creates a cadre invite for a commune under the coordinator and shows the link once', async () => {
    const c = await the.person('coordinator', world.chauThanh);
    await c.send('/moi');
    await c.tap('Xã Minh Hòa');
    const roles = tg.sent('editMessageText').at(-1)!.payload;
    expect(roles.text).toContain('Xã Minh Hòa');
    // The role buttons replace the unit buttons in the same message: press "Cán bộ" there.
    const raw = roles.reply_markup;
    const markup = (typeof raw === 'string' ? JSON.parse(raw) : raw) as {
      inline_keyboard: { text: string; callback_data: string }[][];
    };
    const cadreButton = markup.inline_keyboard.flat().find((b) => b.text === 'Cán bộ')!;
    await c.press(cadreButton.callback_data);
    expect(c.lastText()).toMatch(/https:\/\/t\.me\/danvan_test_bot\?start=[A-Z2-9]{10}/);
    const invite = (await Invite.findOne().lean())!;
    expect(invite).toMatchObject({ role: 'cadre', maxUses: 50 });
    expect(c.lastText()).not.toContain(invite.codeHash);
  });

  it('refuses a cadre and a forged invite for a unit outside the coordinator subtree', async () => {
    const cadre = await makeUser('cadre', world.chauThanh);
    const coordinator = await makeUser('coordinator', world.chauThanh);
    const bot = makeBot(tg, clock());
    const k = new Person(tg, bot, cadre.telegramId);
    await k.send('/moi');
    expect(k.lastText()).toContain('Chỉ thành viên Ban Chỉ đạo');
    const c = new Person(tg, bot, coordinator.telegramId);
    await c.press(inviteButton.build({ u: String(world.rachGia._id), r: 'coordinator' }));
    await c.press(inviteButton.build({ u: String(world.chauThanh._id), r: 'admin' }));
    expect(c.callbackAnswers().slice(-2)).toEqual([
      expect.stringContaining('không có quyền'),
      expect.stringContaining('không có quyền'),
    ]);
    expect(await Invite.countDocuments()).toBe(0);
  });
});
