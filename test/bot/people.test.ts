import { describe, expect, it } from 'vitest';
import { peopleButtons } from '../../src/bot/callback-data.ts';
import { AccessRequest, AuditEvent, Invite, User } from '../../src/db/models/index.ts';
import { createAccessRequest } from '../../src/services/access-requests.ts';
import { createInvite, redeemInvite } from '../../src/services/invites.ts';
import { useBotWorld } from '../support/bot-world.ts';
import { clock, makeUser, type World } from '../support/fixtures.ts';
import { type FakeTelegram, makeBot, Person } from '../support/telegram.ts';

let world: World;
let tg: FakeTelegram;

useBotWorld((w) => ({ world, tg } = w));

describe('/nguoidung: a coordinator manages invites and people in their subtree', () => {
  it('lists only the invites of their subtree and revokes one by pressing it; the code stops working', async () => {
    const coordinator = await makeUser('coordinator', world.chauThanh);
    const mine = await createInvite(
      { role: 'cadre', unitId: world.communes[2]!._id, days: 14, maxUses: 50 },
      clock(),
    );
    await createInvite({ role: 'cadre', unitId: world.rachGia._id, days: 14, maxUses: 50 }, clock());
    const c = new Person(tg, makeBot(tg, clock()), coordinator.telegramId);
    await c.send('/nguoidung');
    await c.tap('Mã mời còn hiệu lực');
    expect(c.lastText()).toContain('Mã mời còn hiệu lực (1)');
    const buttons = c
      .messages()
      .at(-1)!
      .buttons.map((b) => b.text);
    expect(buttons).toEqual([expect.stringContaining('Xã Minh Hòa')]);
    await c.tap('Xã Minh Hòa');
    expect(c.lastText()).toContain('Đã thu hồi mã mời');
    expect((await Invite.findById(mine.invite._id).lean())!.revoked).toBe(true);
    expect(await redeemInvite(mine.code, 31337, clock())).toEqual({ ok: false, reason: 'unknown' });
    await c.send('/nguoidung');
    await c.tap('Mã mời còn hiệu lực');
    expect(c.lastText()).toContain('Không có mã mời nào còn hiệu lực');
  });

  it('deactivates a cadre of their subtree after asking; the cadre then gets one line whatever they send', async () => {
    const coordinator = await makeUser('coordinator', world.chauThanh);
    const cadre = await makeUser('cadre', world.communes[0]!, 'Nguyễn Thị <b>Lan</b>');
    await makeUser('cadre', world.rachGia, 'Cán bộ Rạch Giá');
    const peer = await makeUser('coordinator', world.chauThanh, 'Điều phối ngang cấp');
    const bot = makeBot(tg, clock());
    const c = new Person(tg, bot, coordinator.telegramId);
    await c.send('/nguoidung');
    await c.tap('Người dùng');
    const names = c
      .messages()
      .at(-1)!
      .buttons.map((b) => b.text);
    expect(names).toEqual([expect.stringContaining('Nguyễn Thị <b>Lan</b>')]);
    expect(names.join()).not.toContain(peer.name);
    await c.tap('Nguyễn Thị');
    expect(c.lastText()).toContain('Tạm ngừng <b>Nguyễn Thị &lt;b&gt;Lan&lt;/b&gt;</b>?');
    expect((await User.findById(cadre._id).lean())!.deactivated).toBe(false);
    await c.tap('Tạm ngừng');
    expect(c.lastText()).toContain('Đã tạm ngừng');
    expect((await User.findById(cadre._id).lean())!).toMatchObject({ deactivated: true, active: false });
    expect(
      await AuditEvent.countDocuments({ entity: 'user', action: 'deactivate', actorId: coordinator._id }),
    ).toBe(1);
    const k = new Person(tg, bot, cadre.telegramId);
    await k.send('/start');
    expect(k.messages().map((m) => m.text)).toEqual([expect.stringContaining('đã bị tạm ngừng')]);
    expect((await User.findById(cadre._id).lean())!.deactivated).toBe(true);
  });

  it('tells a cadre and a person with no role that this is not for them', async () => {
    const cadre = await makeUser('cadre', world.chauThanh);
    const bot = makeBot(tg, clock());
    const k = new Person(tg, bot, cadre.telegramId);
    await k.send('/nguoidung');
    expect(k.lastText()).toContain('Chỉ thành viên Ban Chỉ đạo');
    const nobody = new Person(tg, bot, 777_001);
    await nobody.send('/people');
    expect(nobody.lastText()).toContain('Chỉ thành viên Ban Chỉ đạo');
  });
});

describe('forged /nguoidung buttons are refused and change nothing', () => {
  it('for a cadre, an out-of-scope coordinator and a person with no role', async () => {
    const cadre = await makeUser('cadre', world.communes[0]!);
    const insideCadre = await makeUser('cadre', world.communes[1]!, 'Cán bộ Giục Tượng');
    const outsider = await makeUser('coordinator', world.rachGia);
    const { invite } = await createInvite(
      { role: 'cadre', unitId: world.communes[1]!._id, days: 14, maxUses: 50 },
      clock(),
    );
    const bot = makeBot(tg, clock());
    const attackers = [
      new Person(tg, bot, cadre.telegramId),
      new Person(tg, bot, outsider.telegramId),
      new Person(tg, bot, 777_002),
    ];
    const forged = [
      peopleButtons.revokeInvite.build({ i: String(invite._id) }),
      peopleButtons.askDeactivate.build({ i: String(insideCadre._id) }),
      peopleButtons.deactivate.build({ i: String(insideCadre._id) }),
    ];
    for (const a of attackers) {
      for (const data of forged) await a.press(data);
      if (a.id !== outsider.telegramId) {
        await a.press(peopleButtons.list.build({ l: 'i' }));
        await a.press(peopleButtons.list.build({ l: 'u' }));
      }
      const answers = a.callbackAnswers().filter((x) => x);
      expect(a.messages()).toEqual([]);
      expect(answers.length).toBeGreaterThan(0);
    }
    // Every answer to a forged button in this test was "not allowed", and nothing was shown.
    expect(
      tg.sent('answerCallbackQuery').every((c) => String(c.payload.text).includes('không có quyền')),
    ).toBe(true);
    expect(tg.sent('sendMessage')).toEqual([]);
    expect((await Invite.findById(invite._id).lean())!.revoked).toBe(false);
    expect((await User.findById(insideCadre._id).lean())!.deactivated).toBe(false);
    expect(await AuditEvent.countDocuments({ action: { $in: ['revoke', 'deactivate'] } })).toBe(0);
  });

  it('for a coordinator pressing a button for themselves or a peer', async () => {
    const coordinator = await makeUser('coordinator', world.chauThanh);
    const peer = await makeUser('coordinator', world.chauThanh);
    const c = new Person(tg, makeBot(tg, clock()), coordinator.telegramId);
    await c.press(peopleButtons.deactivate.build({ i: String(coordinator._id) }));
    await c.press(peopleButtons.deactivate.build({ i: String(peer._id) }));
    expect(c.callbackAnswers()).toEqual([
      expect.stringContaining('không có quyền'),
      expect.stringContaining('không có quyền'),
    ]);
    expect(await User.countDocuments({ deactivated: true })).toBe(0);
  });
});

describe('access request limits in the bot', () => {
  it('tells a person with 3 open requests at once, before asking anything, and stores nothing', async () => {
    for (const u of world.communes.slice(0, 3))
      await createAccessRequest({ telegramId: 888_001, name: 'Võ Văn Tư', unitId: String(u._id) });
    const p = new Person(tg, makeBot(tg, clock()), 888_001);
    await p.send('/start');
    await p.tap('Gửi yêu cầu tham gia');
    expect(p.lastText()).toContain('Bạn đang có 3 yêu cầu tham gia chờ duyệt');
    expect(p.lastText()).not.toContain('đơn vị</b> nào');
    expect(await AccessRequest.countDocuments({ telegramId: 888_001 })).toBe(3);
  });
});
