import { describe, expect, it } from 'vitest';
import { planReminders } from '../../jobs/planner.ts';
import { createScheduler, snoozeUntil, upcomingDeadlines } from '../../jobs/scheduler.ts';
import { ManualClock } from '../../src/clock.ts';
import { AuditEvent, Reminder, SentLog, User, type UserDoc } from '../../src/db/models/index.ts';
import { addDays, type Day, daysBetween, formatDay, zonedInstant } from '../../src/domain/calendar.ts';
import { useTestDatabase } from '../support/database.ts';
import { capturedLogger, fakeBotApi, unpacedNotifier } from '../support/fake-bot-api.ts';
import {
  makeInitiative,
  makeReport,
  makeUser,
  monthKey,
  monthShown,
  moved,
  movedShown,
  nextMonday,
  seedWorld,
} from '../support/fixtures.ts';

useTestDatabase({ clean: 'each' });

const TZ = 'Asia/Ho_Chi_Minh';
const config = { TIME_ZONE: TZ, REMINDER_HOUR: 8, QUIET_HOURS: '21-7', DIGEST_WEEKDAY: 1, DIGEST_HOUR: 8 };
/**
 * A local wall-clock time in Hồ Chí Minh City on a day written as it falls with the default base
 * date (27/11/2026), moved with the base date (see `moved` in fixtures.ts).
 */
const at = (day: Day, hour: number, minute = 0) => zonedInstant(moved(day), TZ, hour, minute);

// The seeded campaign (the 2011-2015 plan moved to start 57 days before the base date; with the
// default 01/10/2026): step 1's three tasks are due on 18/12/2026 with the default base date;
// "s1-register" (district level) checks that every commune has a model. Days below are written
// as they fall with the default base date and moved by `at`.
const endOfStep1 = movedShown('2026-12-18');
const REGISTER_TITLE = 'Hướng dẫn đăng ký xây dựng mới mô hình';
const isRegisterReminder = (m: { text: string }) => m.text.startsWith(`⏰ Nhắc việc: ${REGISTER_TITLE}`);

function rig(start: Date, cfg: Partial<typeof config> = {}) {
  const { lines, logger } = capturedLogger();
  const clock = new ManualClock(start);
  const tg = fakeBotApi();
  const notifier = unpacedNotifier(tg, logger);
  const scheduler = createScheduler({
    config: { ...config, ...cfg },
    logger,
    clock,
    notifier,
    instanceId: 'test',
  });
  return { clock, tg, scheduler, lines, logger, notifier };
}

async function at8(r: ReturnType<typeof rig>, day: Day, hour = 8, minute = 0) {
  r.clock.set(at(day, hour, minute));
  return r.scheduler.tick();
}

describe('phase-deadline reminders', () => {
  it('reach a district coordinator once at 08:00 local on each offset day, saying what the district lacks', async () => {
    const world = await seedWorld();
    const coordinator = await makeUser('coordinator', world.chauThanh, 'Chị Lan');
    const cadre = await makeUser('cadre', world.communes[0]!);
    await makeInitiative(world, cadre, world.communes[0]!);
    const r = rig(at('2026-11-18', 7, 59));

    await r.scheduler.tick();
    expect(r.tg.to(coordinator.telegramId)).toHaveLength(0);

    await at8(r, '2026-11-18');
    const first = r.tg.to(coordinator.telegramId).filter(isRegisterReminder);
    expect(first).toHaveLength(1);
    expect(first[0]!.text).toContain(`Còn 30 ngày nữa là đến hạn (${endOfStep1})`);
    expect(first[0]!.text).toContain('Đơn vị: Huyện Châu Thành');
    expect(first[0]!.text).toContain(
      '3 trên 4 xã trực thuộc chưa có mô hình đăng ký: Xã Giục Tượng, Xã Minh Hòa, Xã Mong Thọ',
    );
    await at8(r, '2026-11-18', 8, 1);
    await at8(r, '2026-11-18', 14);
    expect(r.tg.to(coordinator.telegramId).filter(isRegisterReminder)).toHaveLength(1);

    const days: Day[] = [];
    for (let n = 1; n <= 31; n++) days.push(addDays('2026-11-18', n)); // 19/11 to 19/12
    const received: string[] = ['2026-11-18'];
    for (const day of days) {
      const before = r.tg.to(coordinator.telegramId).length;
      await at8(r, day);
      const fresh = r.tg.to(coordinator.telegramId).slice(before);
      if (fresh.some(isRegisterReminder)) received.push(day);
    }
    expect(received).toEqual(['2026-11-18', '2026-12-11', '2026-12-15', '2026-12-17', '2026-12-18']);
    const last = r.tg.to(coordinator.telegramId).filter(isRegisterReminder).at(-1)!;
    expect(last.text).toContain(`Hôm nay (${endOfStep1}) là hạn chót.`);

    const sent = await Reminder.find({
      key: { $regex: ':s1-register:' },
      telegramId: coordinator.telegramId,
    }).lean();
    expect(sent.map((x) => [x.status, x.sentAt?.toISOString()]).sort()).toEqual(
      ['2026-11-18', '2026-12-11', '2026-12-15', '2026-12-17', '2026-12-18'].map((d) => [
        'sent',
        at(d, 8).toISOString(),
      ]),
    );
    expect(sent.find((x) => x.key.includes(':d0:'))!.urgent).toBe(true);
    expect(
      await SentLog.countDocuments({ key: { $in: sent.map((x) => x.key) }, messageId: { $gt: 0 } }),
    ).toBe(5);
  });

  it('tells the province the day after the deadline which districts are still behind', async () => {
    const world = await seedWorld();
    const province = await makeUser('coordinator', world.province, 'Ban Chỉ đạo tỉnh');
    const cadre = await makeUser('cadre', world.communes[0]!);
    await makeInitiative(world, cadre, world.communes[0]!);
    await makeInitiative(world, cadre, world.rachGia);
    const r = rig(at('2026-12-18', 9));
    await r.scheduler.tick();
    await at8(r, '2026-12-19');
    const overdue = r.tg.to(province.telegramId).filter((m) => m.text.startsWith('⚠️'));
    expect(overdue).toHaveLength(1);
    expect(overdue[0]!.text).toContain(`Đã quá hạn: ${REGISTER_TITLE}`);
    expect(overdue[0]!.text).toContain(
      '• Huyện Châu Thành: 3 trên 4 xã trực thuộc chưa có mô hình đăng ký: Xã Giục Tượng, Xã Minh Hòa, Xã Mong Thọ',
    );
    // Rạch Giá has a model (and no communes in this tree), so it is not on the list.
    expect(overdue[0]!.text).not.toContain('Thành phố Rạch Giá');
    expect(overdue[0]!.text).toContain('• Huyện Hòn Đất: Đơn vị chưa có mô hình nào được đăng ký.');
  });

  it('plans each reminder once however often and however concurrently it plans', async () => {
    const world = await seedWorld();
    await makeUser('coordinator', world.chauThanh);
    await makeUser('coordinator', world.province);
    await makeUser('board', world.province);
    const clock = new ManualClock(at('2026-12-10', 12));
    const first = await planReminders({ config, clock });
    expect(first.created).toBeGreaterThan(0);
    const again = await Promise.all([1, 2, 3].map(() => planReminders({ config, clock })));
    expect(again.map((x) => x.created)).toEqual([0, 0, 0]);
    expect(await Reminder.countDocuments()).toBe(first.created);
  });
});

describe('quiet hours and snooze', () => {
  it('pushes a reminder due at night to the end of the quiet hours', async () => {
    const world = await seedWorld();
    const coordinator = await makeUser('coordinator', world.chauThanh);
    const r = rig(at('2026-12-11', 5), { REMINDER_HOUR: 6 });
    await r.scheduler.tick();
    await at8(r, '2026-12-11', 6);
    expect(r.tg.to(coordinator.telegramId)).toHaveLength(0);
    const waiting = await Reminder.find({
      key: { $regex: ':d7:' },
      telegramId: coordinator.telegramId,
    }).lean();
    expect(waiting.length).toBeGreaterThan(0);
    expect(
      waiting.every(
        (w) => w.status === 'pending' && w.nextAttemptAt?.getTime() === at('2026-12-11', 7).getTime(),
      ),
    ).toBe(true);
    await at8(r, '2026-12-11', 6, 59);
    expect(r.tg.to(coordinator.telegramId)).toHaveLength(0);
    await at8(r, '2026-12-11', 7);
    expect(r.tg.to(coordinator.telegramId)).toHaveLength(waiting.length);

    await Reminder.create({
      key: `notice:late:${coordinator.telegramId}`,
      kind: 'notice',
      telegramId: coordinator.telegramId,
      dueAt: at('2026-12-11', 22, 30),
      staleAt: at('2026-12-13', 0),
      payload: { text: 'Thông báo họp Ban Chỉ đạo' },
    });
    await at8(r, '2026-12-11', 22, 30);
    await at8(r, '2026-12-12', 3);
    expect(r.tg.to(coordinator.telegramId).some((m) => m.text === 'Thông báo họp Ban Chỉ đạo')).toBe(false);
    await at8(r, '2026-12-12', 7);
    expect(
      r.tg.to(coordinator.telegramId).filter((m) => m.text === 'Thông báo họp Ban Chỉ đạo'),
    ).toHaveLength(1);
  });

  it('postpones non-urgent reminders to the end of a snooze, skips those it outlives, and still sends the deadline day', async () => {
    const world = await seedWorld();
    const coordinator = await makeUser('coordinator', world.chauThanh);
    const r = rig(at('2026-12-14', 20));
    const registerTo = () =>
      r.tg
        .to(coordinator.telegramId)
        .filter(isRegisterReminder)
        .map((m) => m.text);

    // Through 15/12: the 3-days-before reminder (15/12 08:00) waits until the snooze ends at
    // midnight, then for the quiet hours, and arrives at 07:00 on 16/12.
    expect(
      await snoozeUntil(coordinator.telegramId, moved('2026-12-15'), { clock: r.clock, timeZone: TZ }),
    ).toEqual({
      ok: true,
      until: at('2026-12-16', 0),
    });
    await r.scheduler.tick();
    await at8(r, '2026-12-15');
    expect(registerTo()).toHaveLength(0);
    await at8(r, '2026-12-16', 6, 59);
    expect(registerTo()).toHaveLength(0);
    await at8(r, '2026-12-16', 7);
    expect(registerTo()).toHaveLength(1);
    expect(registerTo()[0]).toContain('Còn 2 ngày nữa');

    // Through 18/12: the day-before reminder would only be sendable after it is superseded, so it
    // is skipped; the deadline-day one is urgent and arrives on time, saying why.
    await snoozeUntil(coordinator.telegramId, moved('2026-12-18'), { clock: r.clock, timeZone: TZ });
    await at8(r, '2026-12-17');
    expect(registerTo()).toHaveLength(1);
    const d1 = await Reminder.findOne({
      key: { $regex: `:s1-register:d1:.*:${coordinator.telegramId}$` },
    }).lean();
    expect(d1).toMatchObject({ status: 'skipped', lastError: 'snoozed-until-stale' });
    expect(r.lines.some((l) => l.msg === 'reminder skipped' && l.reason === 'snoozed-until-stale')).toBe(
      true,
    );
    await at8(r, '2026-12-18');
    expect(registerTo()).toHaveLength(2);
    expect(registerTo()[1]).toContain(`Hôm nay (${endOfStep1}) là hạn chót.`);
    expect(registerTo()[1]).toContain('đang tạm tắt nhắc việc, nhưng hôm nay là hạn chót');
  });

  it('refuses a snooze in the past or too far ahead, and clears it', async () => {
    const user = await makeUser(null, null);
    const clock = new ManualClock(at('2026-12-14', 10));
    const o = { clock, timeZone: TZ };
    expect(await snoozeUntil(user.telegramId, moved('2026-12-13'), o)).toEqual({ ok: false, reason: 'past' });
    expect(await snoozeUntil(user.telegramId, moved('2027-06-01'), o)).toEqual({
      ok: false,
      reason: 'too-far',
    });
    expect(await snoozeUntil(user.telegramId, '2026-02-30', o)).toEqual({ ok: false, reason: 'invalid-day' });
    expect(await snoozeUntil(1, moved('2026-12-20'), o)).toEqual({ ok: false, reason: 'no-user' });
    await snoozeUntil(user.telegramId, moved('2026-12-14'), o);
    expect((await User.findOne({ telegramId: user.telegramId }).lean())!.snoozeUntil).toEqual(
      at('2026-12-15', 0),
    );
    expect(await snoozeUntil(user.telegramId, null, o)).toEqual({ ok: true, until: null });
    expect((await User.findOne({ telegramId: user.telegramId }).lean())!.snoozeUntil).toBeNull();
  });
});

describe('after downtime', () => {
  it('sends what is still relevant, skips what went stale, and says so in the log', async () => {
    const world = await seedWorld();
    const coordinator = await makeUser('coordinator', world.chauThanh);
    const before = rig(at('2026-12-10', 9));
    await before.scheduler.tick(); // plans the 11/12 reminders, then the process goes away

    const after = rig(at('2026-12-15', 12));
    await after.scheduler.tick();
    const texts = after.tg.to(coordinator.telegramId).map((m) => m.text);
    expect(texts).toHaveLength(3); // the three step-1 tasks, 3 days before
    expect(texts.every((t) => t.includes('Còn 3 ngày nữa'))).toBe(true);
    const d7 = await Reminder.find({ key: { $regex: ':d7:' }, telegramId: coordinator.telegramId }).lean();
    expect(d7).toHaveLength(3);
    expect(d7.every((x) => x.status === 'skipped' && x.lastError === 'stale')).toBe(true);
    const catchUp = after.lines.find((l) => String(l.msg).startsWith('catching up after downtime'));
    // Three d7 reminders went stale; with some base dates a month end (the coordinators' list of
    // missing reports) falls in the downtime too: the log counts what the database says.
    const stale = await Reminder.countDocuments({ status: 'skipped', lastError: 'stale' });
    expect(stale).toBeGreaterThanOrEqual(3);
    expect(catchUp).toMatchObject({ relevant: 3, stale });
    expect(
      after.lines.some((l) => String(l.msg).startsWith('skipped stale reminders') && l.count === stale),
    ).toBe(true);
  });

  it('back during the quiet hours: the log says the missed reminders wait until 07:00, and none is sent', async () => {
    const world = await seedWorld();
    const coordinator = await makeUser('coordinator', world.chauThanh);
    const before = rig(at('2026-12-10', 9));
    await before.scheduler.tick(); // plans the 11/12 reminders, then the process goes away

    const after = rig(at('2026-12-11', 22)); // 22:00 local: inside QUIET_HOURS 21-7
    await after.scheduler.tick();
    expect(after.tg.to(coordinator.telegramId)).toHaveLength(0);
    const catchUp = after.lines.find((l) => String(l.msg).startsWith('catching up after downtime'))!;
    expect(catchUp.msg).not.toContain('sending');
    expect(catchUp.msg).toContain('wait for the end of the quiet hours (07:00 local');
    expect(catchUp).toMatchObject({ quietUntil: at('2026-12-12', 7).toISOString() });
    expect(catchUp.relevant).toBeGreaterThanOrEqual(3);

    await at8(after, '2026-12-12', 7);
    expect(after.tg.to(coordinator.telegramId).length).toBeGreaterThanOrEqual(3);
  });
});

describe('report nudges', () => {
  it('nudge cadres whose nurturing models lack a report, then give the coordinators the list', async () => {
    const world = await seedWorld();
    // The base date's month is the period; its last day is the period's end. The nudge goes out 5
    // days before it, the coordinators' list the day after (with the default: 25/11 and 01/12).
    const periodEnd = addDays(monthKey(1).concat('-01'), -1);
    const byEnd = (n: number, hour: number) => zonedInstant(addDays(periodEnd, n), TZ, hour);
    const tickByEnd = (r: ReturnType<typeof rig>, n: number) => {
      r.clock.set(byEnd(n, 8));
      return r.scheduler.tick();
    };
    const coordinator = await makeUser('coordinator', world.chauThanh);
    const late = await makeUser('cadre', world.communes[0]!, 'Anh Tư');
    const onTime = await makeUser('cadre', world.communes[1]!, 'Chị Năm');
    const catchesUp = await makeUser('cadre', world.communes[2]!, 'Cô Sáu');
    const lateModel = await makeInitiative(world, late, world.communes[0]!, {
      status: 'nurturing',
      title: 'Mô hình "Dân vận khéo" dọn kênh',
      createdAt: byEnd(-46, 9),
    });
    const onTimeModel = await makeInitiative(world, onTime, world.communes[1]!, {
      status: 'nurturing',
      createdAt: byEnd(-46, 9),
    });
    await makeReport(onTimeModel, onTime, monthKey(0));
    const catchUpModel = await makeInitiative(world, catchesUp, world.communes[2]!, {
      status: 'nurturing',
      title: 'Mô hình đèn đường',
      createdAt: byEnd(-46, 9),
    });
    // Not yet accepted: it owes no report.
    await makeInitiative(world, late, world.communes[0]!, { status: 'registered' });

    const r = rig(byEnd(-6, 9));
    await r.scheduler.tick();
    await tickByEnd(r, -5);
    const nudge = r.tg.to(late.telegramId);
    expect(nudge).toHaveLength(1);
    expect(nudge[0]!.text).toContain(`Nhắc báo cáo tiến độ kỳ ${monthShown(0)}`);
    expect(nudge[0]!.text).toContain(`• ${lateModel.code}: Mô hình "Dân vận khéo" dọn kênh`);
    expect(nudge[0]!.text).toContain(`Kỳ báo cáo kết thúc ngày ${formatDay(periodEnd)}`);
    expect(r.tg.to(onTime.telegramId)).toHaveLength(0);
    expect(r.tg.to(catchesUp.telegramId)).toHaveLength(1);

    await makeReport(catchUpModel, catchesUp, monthKey(0));
    await tickByEnd(r, 1);
    const list = r.tg.to(coordinator.telegramId).filter((m) => m.text.startsWith('📋'));
    expect(list).toHaveLength(1);
    expect(list[0]!.text).toContain(`1 mô hình thuộc Huyện Châu Thành chưa có báo cáo kỳ ${monthShown(0)}`);
    expect(list[0]!.text).toContain(`• ${lateModel.code}: Mô hình "Dân vận khéo" dọn kênh (Xã Bình An)`);
    expect(list[0]!.text).not.toContain('Mô hình đèn đường');
  });
});

describe('weekly digest', () => {
  const atMonday = (r: ReturnType<typeof rig>, hour: number) => {
    r.clock.set(zonedInstant(nextMonday(), TZ, hour));
    return r.scheduler.tick();
  };

  it('gives the board and each coordinator the week of their own subtree on the digest day', async () => {
    const world = await seedWorld();
    const board = await makeUser('board', world.province, 'Ban Chỉ đạo tỉnh');
    const coordinator = await makeUser('coordinator', world.chauThanh);
    const cadre = await makeUser('cadre', world.communes[0]!);
    // Days by the digest day, the first Monday after the base date (with the default: 30/11,
    // so the week reported is 23/11 - 29/11).
    const monday = nextMonday();
    const week = (n: number) => zonedInstant(addDays(monday, n), TZ, 10);
    const a = await makeInitiative(world, cadre, world.communes[0]!, {
      createdAt: week(-5),
      status: 'nurturing',
    });
    await makeInitiative(world, cadre, world.rachGia, { createdAt: week(-4) });
    await makeInitiative(world, cadre, world.rachGia, { createdAt: week(-20) });
    await makeReport(a, cadre, addDays(monday, -3).slice(0, 7), { submittedAt: week(-3) });
    await AuditEvent.create({
      key: 'test-accept',
      at: week(-4),
      entity: 'initiative',
      entityId: a._id,
      action: 'accept',
      unitPath: world.communes[0]!.path,
    });

    const r = rig(zonedInstant(addDays(monday, -1), TZ, 12)); // a Sunday; the digest goes out on Monday at 08:00
    await r.scheduler.tick();
    expect(r.tg.to(board.telegramId)).toHaveLength(0);
    await atMonday(r, 8);
    const boardDigest = r.tg.to(board.telegramId).filter((m) => m.text.startsWith('📊'));
    expect(boardDigest).toHaveLength(1);
    const text = boardDigest[0]!.text;
    expect(text).toContain(
      `Tổng hợp tuần ${formatDay(addDays(monday, -7))} – ${formatDay(addDays(monday, -1))}`,
    );
    expect(text).toContain('Tỉnh Kiên Giang');
    expect(text).toContain('• Mô hình mới đăng ký: 2');
    expect(text).toContain('• Báo cáo tiến độ đã gửi: 1');
    expect(text).toContain('• Lượt xét duyệt, thẩm định đã làm: 1');
    expect(text).toContain(`• ${endOfStep1} (còn ${daysBetween(monday, moved('2026-12-18'))} ngày):`);
    const coordDigest = r.tg.to(coordinator.telegramId).filter((m) => m.text.startsWith('📊'));
    expect(coordDigest).toHaveLength(1);
    expect(coordDigest[0]!.text).toContain('Huyện Châu Thành');
    expect(coordDigest[0]!.text).toContain('• Mô hình mới đăng ký: 1');
    await atMonday(r, 9);
    expect(r.tg.to(board.telegramId).filter((m) => m.text.startsWith('📊'))).toHaveLength(1);
  });

  it('speaks English to someone who chose English', async () => {
    const world = await seedWorld();
    const board = await makeUser('board', world.province);
    await User.updateOne({ _id: board._id }, { $set: { language: 'en' } });
    const monday = nextMonday();
    const r = rig(zonedInstant(addDays(monday, -1), TZ, 12));
    await r.scheduler.tick();
    await atMonday(r, 8);
    const digest = r.tg.to(board.telegramId).find((m) => m.text.startsWith('📊'))!;
    expect(digest.text).toContain(
      `Week ${formatDay(addDays(monday, -7))} – ${formatDay(addDays(monday, -1))}`,
    );
    expect(digest.text).toContain(
      `• ${endOfStep1} (${daysBetween(monday, moved('2026-12-18'))} days left): Guide the registration of new commune- and district-level models`,
    );
  });
});

describe('/lichnhac data', () => {
  it('lists the current phase, the next deadlines, and for a coordinator where their unit stands', async () => {
    const world = await seedWorld();
    const coordinator: UserDoc = await makeUser('coordinator', world.chauThanh);
    const cadre = await makeUser('cadre', world.communes[0]!);
    await makeInitiative(world, cadre, world.communes[0]!);
    const u = await upcomingDeadlines(coordinator, world.campaign, moved('2026-12-15'));
    expect(u.phase?.code).toBe('step-1');
    expect(u.deadlines[0]).toMatchObject({
      taskCode: expect.any(String),
      due: moved('2026-12-18'),
      daysLeft: 3,
    });
    const register = u.deadlines.find((d) => d.taskCode === 's1-register')!;
    expect(register.units).toEqual([
      {
        unitId: String(world.chauThanh._id),
        unitName: 'Huyện Châu Thành',
        behind: true,
        lack: {
          kind: 'units-without-model',
          total: 4,
          level: 'commune',
          missing: ['Xã Giục Tượng', 'Xã Minh Hòa', 'Xã Mong Thọ'],
        },
      },
    ]);
    expect(u.deadlines.find((d) => d.taskCode === 's1-committee')!.units).toEqual([]);
    const plain = await upcomingDeadlines(cadre, world.campaign, moved('2026-12-15'));
    expect(plain.deadlines.every((d) => d.units.length === 0)).toBe(true);
  });
});
