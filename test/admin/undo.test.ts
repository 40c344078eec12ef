import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { runAdmin } from '../../src/admin/commands.ts';
import { AuditEvent, Campaign, Invite, User } from '../../src/db/models/index.ts';
import { registerInitiative } from '../../src/services/initiatives.ts';
import { createInvite, redeemInvite } from '../../src/services/invites.ts';
import { submitReport } from '../../src/services/reports.ts';
import { useTestDatabase } from '../support/database.ts';
import { clock, makeInitiative, makeUser, seedWorld, type World } from '../support/fixtures.ts';
import { FakeTelegram, makeBot, Person } from '../support/telegram.ts';

useTestDatabase({ clean: 'each' });

let out: string[];
let err: string[];
let world: World;
const run = (...argv: string[]) =>
  runAdmin(argv, { out: (l) => out.push(l), err: (l) => err.push(l), clock: clock() });

beforeEach(async () => {
  out = [];
  err = [];
  world = await seedWorld();
});

describe('npm run admin -- invite list / invite revoke', () => {
  it('lists the invites that still work and revokes one by id and one by its code; a revoked code no longer works', async () => {
    const a = await createInvite(
      { role: 'cadre', unitId: world.chauThanh._id, days: 14, maxUses: 50 },
      clock(),
    );
    const b = await createInvite(
      { role: 'coordinator', unitId: world.rachGia._id, days: 7, maxUses: 1 },
      clock(),
    );
    await createInvite({ role: 'cadre', unitId: world.rachGia._id, days: 1, maxUses: 1 }, clock()).then((x) =>
      Invite.updateOne(
        { _id: x.invite._id },
        { $set: { expiresAt: new Date(clock().now().getTime() - 1000) } },
      ),
    );
    expect(await run('invite', 'list')).toBe(0);
    expect(out.at(-1)).toBe('2 active invite(s)');
    expect(out.join('\n')).toContain(`${String(a.invite._id)}  cadre@kg-chau-thanh  50/50 use(s) left`);
    expect(out.join('\n')).not.toContain(a.code);
    out = [];
    expect(await run('invite', 'list', '--unit', 'kg-rach-gia')).toBe(0);
    expect(out).toEqual([expect.stringContaining('coordinator@kg-rach-gia'), '1 active invite(s)']);

    expect(await run('invite', 'revoke', String(a.invite._id))).toBe(0);
    expect(out.at(-1)).toBe(`revoked invite ${String(a.invite._id)} (cadre@kg-chau-thanh)`);
    expect(await run('invite', 'revoke', b.code.toLowerCase())).toBe(0);
    expect(out.at(-1)).toContain('coordinator@kg-rach-gia');
    expect(await run('invite', 'revoke', String(a.invite._id))).toBe(0);
    expect(out.at(-1)).toContain('was revoked already');
    expect(await redeemInvite(a.code, 4242, clock())).toEqual({ ok: false, reason: 'unknown' });
    expect(await redeemInvite(b.code, 4243, clock())).toEqual({ ok: false, reason: 'unknown' });
    expect(await User.countDocuments({ telegramId: { $in: [4242, 4243] } })).toBe(0);
    out = [];
    expect(await run('invite', 'list')).toBe(0);
    expect(out).toEqual(['0 active invite(s)']);
    expect(await AuditEvent.countDocuments({ entity: 'invite', action: 'revoke' })).toBe(2);
  });

  it('refuses an unknown invite and a missing argument with one line', async () => {
    expect(await run('invite', 'revoke', 'ABCDEFGHJK')).toBe(1);
    expect(err).toEqual(['error: no invite with code or id ABCDEFGHJK']);
    expect(await run('invite', 'revoke')).toBe(2);
    expect(err.at(-1)).toBe('error: invite revoke needs <code|id>\nsee `npm run admin -- help`');
  });
});

describe('npm run admin -- campaign close', () => {
  it('makes the campaign read-only: registrations and reports refused, summaries still work', async () => {
    const cadre = await makeUser('cadre', world.chauThanh);
    const coordinator = await makeUser('coordinator', world.chauThanh);
    const ini = await makeInitiative(world, cadre, world.chauThanh, { status: 'nurturing' });
    expect(await run('campaign', 'close', world.campaign.code)).toBe(0);
    expect(out.at(-1)).toContain(`campaign ${world.campaign.code} closed`);
    expect((await Campaign.findById(world.campaign._id).lean())!.status).toBe('closed');
    expect(await run('campaign', 'close', world.campaign.code)).toBe(0);
    expect(out.at(-1)).toContain('closed already');
    expect(await run('campaign', 'close', 'no-such')).toBe(1);
    expect(err.at(-1)).toBe('error: no campaign with code no-such');

    const registered = await registerInitiative(
      { title: 'Mô hình sau khi đóng' },
      {
        user: cadre,
        campaign: world.campaign,
        sourceKey: randomUUID(),
        clock: clock(),
        timeZone: 'Asia/Ho_Chi_Minh',
      },
    );
    expect(registered).toEqual({ ok: false, reason: 'campaign-closed' });
    const reported = await submitReport(
      {
        initiativeId: String(ini._id),
        periodKey: '2026-11',
        activities: 'Họp chi hội.',
        indicatorValues: [],
        progress: 10,
        participants: 5,
        beneficiaries: 1,
        evidence: [{ kind: 'photo', fileId: 'x', fileUniqueId: 'y' }],
        summary: 'Đúng tiến độ.',
      },
      {
        user: cadre,
        campaign: world.campaign,
        clock: clock(),
        timeZone: 'Asia/Ho_Chi_Minh',
        sourceKey: randomUUID(),
      },
    );
    expect(reported).toEqual({ ok: false, reason: 'campaign-closed' });

    const tg = new FakeTelegram();
    const bot = makeBot(tg, clock());
    const k = new Person(tg, bot, cadre.telegramId);
    await k.send('/baocao');
    expect(k.lastText()).toContain('chưa có mô hình nào đang trong giai đoạn báo cáo');
    const c = new Person(tg, bot, coordinator.telegramId);
    await c.send('/tonghop');
    expect(c.lastText()).toMatch(/Mô hình: 1 đăng ký/);
  });
});

describe('npm run admin -- user deactivate / activate', () => {
  it('stops a person: their messages get one line, do not reactivate them, and nothing else happens; activate undoes it', async () => {
    const cadre = await makeUser('cadre', world.chauThanh);
    const tg = new FakeTelegram();
    const bot = makeBot(tg, clock());
    const k = new Person(tg, bot, cadre.telegramId);
    expect(await run('user', 'deactivate', String(cadre.telegramId))).toBe(0);
    expect(out.at(-1)).toContain('deactivated');
    await k.send('/dangky');
    await k.send('xin chào');
    expect(k.messages().map((m) => m.text)).toEqual([
      expect.stringContaining('đã bị tạm ngừng'),
      expect.stringContaining('đã bị tạm ngừng'),
    ]);
    await k.press('mm:list');
    expect(k.callbackAnswers().at(-1)).toContain('đã bị tạm ngừng');
    expect((await User.findById(cadre._id).lean())!).toMatchObject({ deactivated: true, active: false });
    expect(await run('users', 'list')).toBe(0);
    expect(out.join('\n')).toContain('(deactivated)');

    expect(await run('user', 'activate', String(cadre.telegramId))).toBe(0);
    expect((await User.findById(cadre._id).lean())!).toMatchObject({ deactivated: false, active: true });
    await k.send('/help');
    expect(k.lastText()).toContain('/dangky');
    expect(
      await AuditEvent.countDocuments({ entity: 'user', action: { $in: ['activate', 'deactivate'] } }),
    ).toBe(2);
    expect(await run('user', 'deactivate', '777')).toBe(1);
    expect(err.at(-1)).toBe('error: nobody with Telegram id 777 has used the bot');
    expect(await run('user', 'deactivate', 'abc')).toBe(2);
  });
});
