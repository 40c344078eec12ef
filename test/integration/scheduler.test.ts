import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createScheduler, failedDeliveries } from '../../jobs/scheduler.ts';
import { ManualClock } from '../../src/clock.ts';
import { Claim, Reminder, SentLog, User, type UserDoc } from '../../src/db/models/index.ts';
import { type Day, zonedInstant } from '../../src/domain/calendar.ts';
import type { NotifierOptions } from '../../src/services/notifications.ts';
import { useTestDatabase } from '../support/database.ts';
import { capturedLogger, type FakeBotApi, fakeBotApi, unpacedNotifier } from '../support/fake-bot-api.ts';

useTestDatabase({ clean: 'each' });

const TZ = 'Asia/Ho_Chi_Minh';
const config = { TIME_ZONE: TZ, REMINDER_HOUR: 8, QUIET_HOURS: '21-7', DIGEST_WEEKDAY: 1, DIGEST_HOUR: 8 };
const at = (day: Day, hour: number, minute = 0) => zonedInstant(day, TZ, hour, minute);
const TEN_AM = at('2026-12-11', 10);

let nextId = 700_000;
/** `count` notices to `users` people (round robin), all due at 09:00 and relevant all day. */
async function notices(count: number, users = count): Promise<UserDoc[]> {
  const people = (await User.insertMany(
    Array.from({ length: users }, (_, i) => ({ telegramId: nextId++, name: `Người ${i}`, language: 'vi' })),
  )) as unknown as UserDoc[];
  await Reminder.insertMany(
    Array.from({ length: count }, (_, i) => {
      const u = people[i % users]!;
      return {
        key: `notice:test:${i}`,
        kind: 'notice',
        telegramId: u.telegramId,
        userId: u._id,
        dueAt: at('2026-12-11', 9),
        staleAt: at('2026-12-12', 9),
        payload: { text: `Thông báo số ${i}` },
      };
    }),
  );
  return people;
}

function instance(
  id: string,
  tg: FakeBotApi,
  clock: ManualClock,
  extra: Partial<NotifierOptions> & { batchSize?: number } = {},
) {
  const { lines, logger } = capturedLogger();
  const { batchSize, ...notifierExtra } = extra;
  const notifier = unpacedNotifier(tg, logger, notifierExtra);
  const scheduler = createScheduler({
    config,
    logger,
    clock,
    notifier,
    instanceId: id,
    plan: false,
    ...(batchSize ? { batchSize } : {}),
  });
  return { scheduler, notifier, lines };
}

/** How many times each notice text arrived. */
function deliveries(...fakes: FakeBotApi[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const tg of fakes) for (const m of tg.messages) counts.set(m.text, (counts.get(m.text) ?? 0) + 1);
  return counts;
}

const allOnce = (count: number) => new Map(Array.from({ length: count }, (_, i) => [`Thông báo số ${i}`, 1]));

async function until(cond: () => boolean, ms = 5_000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await sleep(10);
  }
}

/**
 * Waits until a process whose requests hang has gone quiet, decided by counting rather than by a
 * pause alone (on a loaded machine a slow database query can look like a pause): it has at least
 * `inFlight` requests hanging (or all `total` reminders out), so it claims nothing more until one
 * comes back; every claim it holds has reached Telegram; the reminders' statuses, written behind,
 * have caught up with the delivery records; and then nothing changes for `stableMs`.
 */
async function stuck(
  tg: FakeBotApi,
  owner: string,
  { delivered, inFlight, total }: { delivered: number; inFlight: number; total: number },
  stableMs = 300,
): Promise<number> {
  const end = Date.now() + 30_000;
  let last = -1;
  let since = Date.now();
  for (;;) {
    const calls = tg.calls.length;
    const claims = await Claim.countDocuments({ owner });
    const recorded = (await Reminder.countDocuments({ status: 'sent' })) === (await SentLog.countDocuments());
    const settled = calls >= Math.min(total, delivered + inFlight) && claims === calls && recorded;
    if (!settled || calls !== last) {
      last = calls;
      since = Date.now();
    } else if (Date.now() - since >= stableMs) return calls;
    if (Date.now() > end) throw new Error(`${owner} did not go quiet: ${calls} calls, ${claims} claims`);
    await sleep(20);
  }
}

describe('several instances on one database', () => {
  it('deliver each reminder exactly once when they tick at the same time', async () => {
    await notices(90, 45);
    const tg = fakeBotApi();
    const clock = new ManualClock(TEN_AM);
    const instances = ['a', 'b', 'c'].map((id) => instance(id, tg, clock));
    const reports = await Promise.all(instances.map((i) => i.scheduler.tick()));
    expect(deliveries(tg)).toEqual(allOnce(90));
    expect(reports.reduce((s, r) => s + r.sent, 0)).toBe(90);
    expect(await Reminder.countDocuments({ status: 'sent' })).toBe(90);
    expect(await SentLog.countDocuments()).toBe(90);
    // Each reminder was claimed once: no instance had to try a second time.
    expect(await Claim.countDocuments({ _id: { $regex: /^send:/ } })).toBe(90);
    // And nothing more on the next round.
    await Promise.all(instances.map((i) => i.scheduler.tick()));
    expect(tg.messages).toHaveLength(90);
  });
});

describe('a crash in the middle of a batch', () => {
  it('is followed by a restart that neither loses nor repeats a reminder', async () => {
    await notices(30);
    // The first process gets 5 messages out, then its requests stop coming back. It keeps
    // about 10 in flight, so it has claimed some (5 delivered, the rest in the air) and never
    // touched the others.
    const tgDead = fakeBotApi();
    tgDead.respond((call) => (call.seq > 5 ? 'hang' : undefined));
    const dead = instance('dead', tgDead, new ManualClock(TEN_AM), { timeoutSeconds: 600, batchSize: 10 });
    const abandoned = dead.scheduler.tick();
    const claimed = await stuck(tgDead, 'dead', { delivered: 5, inFlight: 10, total: 30 });
    expect(claimed).toBeGreaterThan(10);
    expect(claimed).toBeLessThan(30);
    expect(tgDead.messages).toHaveLength(5);
    expect(await Claim.countDocuments({ owner: 'dead' })).toBe(claimed);
    expect(await Reminder.countDocuments({ status: 'sent' })).toBe(5);
    expect(await Reminder.countDocuments({ status: 'pending' })).toBe(25);

    // A new process starts after the lease has run out.
    const tgNew = fakeBotApi();
    const clock = new ManualClock(new Date(TEN_AM.getTime() + 3 * 60_000));
    const restarted = instance('restarted', tgNew, clock);
    await restarted.scheduler.tick();
    expect(deliveries(tgDead, tgNew)).toEqual(allOnce(30));
    expect(tgNew.messages).toHaveLength(25);
    expect(await Reminder.countDocuments({ status: 'sent' })).toBe(30);
    expect(restarted.lines.filter((l) => String(l.msg).includes('was interrupted'))).toHaveLength(
      claimed - 5,
    );

    // The dead process's requests finally fail; it must not undo what the new one recorded.
    tgDead.releaseHanging();
    await abandoned;
    expect(await Reminder.countDocuments({ status: 'sent' })).toBe(30);
    expect(await SentLog.countDocuments()).toBe(30);
  });

  it('leaves one known window: a message Telegram took just before the crash is sent once more', async () => {
    await notices(10);
    const tgDead = fakeBotApi();
    tgDead.respond((call) => (call.seq === 4 ? 'deliver-and-hang' : call.seq > 4 ? 'hang' : undefined));
    const dead = instance('dead', tgDead, new ManualClock(TEN_AM), { timeoutSeconds: 600, batchSize: 10 });
    const abandoned = dead.scheduler.tick();
    await stuck(tgDead, 'dead', { delivered: 3, inFlight: 10, total: 10 });

    const tgNew = fakeBotApi();
    const restarted = instance('restarted', tgNew, new ManualClock(new Date(TEN_AM.getTime() + 3 * 60_000)));
    await restarted.scheduler.tick();
    const counts = deliveries(tgDead, tgNew);
    expect(counts.size).toBe(10); // nothing lost
    expect([...counts.values()].filter((n) => n === 2)).toHaveLength(1); // exactly one repeat
    expect(restarted.lines.some((l) => String(l.msg).includes('may arrive twice'))).toBe(true);
    tgDead.releaseHanging();
    await abandoned;
  });
});

describe('delivery outcomes', () => {
  it('marks a person who blocked the bot inactive, records the failure, and sends them nothing more', async () => {
    const [user] = await notices(3, 1);
    const tg = fakeBotApi();
    tg.respond(() => tg.blocked());
    const clock = new ManualClock(TEN_AM);
    // Telegram's own pace for one chat: the second message waits for the first answer.
    const { scheduler } = instance('one', tg, clock, { perChatIntervalMs: 200 });
    await scheduler.tick();
    expect(tg.calls).toHaveLength(1);
    expect((await User.findById(user!._id).lean())!.active).toBe(false);
    const all = await Reminder.find().lean();
    expect(all.map((r) => [r.status, r.lastError]).sort()).toEqual([
      ['failed', 'blocked the bot (403: Forbidden: bot was blocked by the user)'],
      ['skipped', 'recipient-inactive'],
      ['skipped', 'recipient-inactive'],
    ]);
    clock.advance(60 * 60_000);
    await scheduler.tick();
    expect(tg.calls).toHaveLength(1);
    expect((await failedDeliveries(5)).map((f) => f.lastError)).toEqual([
      'blocked the bot (403: Forbidden: bot was blocked by the user)',
    ]);
  });

  it('waits out a 429 within the batch and delivers once', async () => {
    await notices(3);
    const tg = fakeBotApi();
    tg.respond((call) => (call.seq === 1 ? tg.tooManyRequests(1) : undefined));
    const { scheduler, notifier } = instance('one', tg, new ManualClock(TEN_AM));
    const report = await scheduler.tick();
    // What Telegram sees: the refused call, then the retry of that message no sooner than the
    // retry_after (1 s) it asked for.
    const refused = tg.calls[0]!;
    const retry = tg.calls
      .slice(1)
      .find((c) => c.payload.chat_id === refused.payload.chat_id && c.payload.text === refused.payload.text);
    expect(retry!.at - refused!.at).toBeGreaterThanOrEqual(990);
    expect(report.sent).toBe(3);
    expect(deliveries(tg)).toEqual(allOnce(3));
    expect(notifier.stats().rateLimited).toBe(1);
  });

  it('puts off a reminder when Telegram asks for a long pause, then sends it', async () => {
    await notices(1);
    const tg = fakeBotApi();
    tg.respond((call) => (call.seq === 1 ? tg.tooManyRequests(300) : undefined));
    const clock = new ManualClock(TEN_AM);
    const { scheduler } = instance('one', tg, clock);
    await scheduler.tick();
    const r = (await Reminder.findOne().lean())!;
    expect(r).toMatchObject({ status: 'pending', attempts: 1 });
    expect(r.nextAttemptAt!.getTime()).toBe(TEN_AM.getTime() + 300_000);
    clock.advance(299_000);
    await scheduler.tick();
    expect(tg.messages).toHaveLength(0);
    clock.advance(1_000);
    await scheduler.tick();
    expect(tg.messages).toHaveLength(1);
  });

  it('retries other failures with growing pauses, then records the reason for admins', async () => {
    await notices(1);
    const tg = fakeBotApi();
    tg.respond(() => tg.serverError());
    const clock = new ManualClock(TEN_AM);
    const { scheduler } = instance('one', tg, clock);
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) {
      await scheduler.tick();
      const r = (await Reminder.findOne().lean())!;
      if (r.status === 'failed') break;
      waits.push((r.nextAttemptAt!.getTime() - clock.now().getTime()) / 60_000);
      clock.set(r.nextAttemptAt!);
    }
    expect(waits).toEqual([1, 2, 4, 8]);
    expect(tg.calls).toHaveLength(5);
    const [failed] = await failedDeliveries();
    expect(failed).toMatchObject({
      kind: 'notice',
      attempts: 5,
      lastError: 'after 5 tries: 500: Internal Server Error',
      // The time of the last try on the injected clock, not the database server's time.
      failedAt: clock.now(),
    });
    clock.advance(24 * 60 * 60_000);
    await scheduler.tick();
    expect(tg.calls).toHaveLength(5);
  });
});

describe('stopping', () => {
  it('gives back what it claimed and had not sent, for another instance to send', async () => {
    await notices(8);
    const tg = fakeBotApi();
    const clock = new ManualClock(TEN_AM);
    const slow = instance('slow', tg, clock, { messagesPerSecond: 4 });
    const running = slow.scheduler.tick();
    await until(() => tg.messages.length >= 2);
    await slow.scheduler.stop();
    await running;
    const sentBefore = tg.messages.length;
    expect(sentBefore).toBeLessThan(8);
    // The claims of what it never started are given back; only the delivered ones keep theirs.
    expect(await Claim.countDocuments({ owner: 'slow' })).toBe(sentBefore);
    expect(await Reminder.countDocuments({ status: 'pending' })).toBe(8 - sentBefore);
    // Given back without counting a try.
    expect(await Reminder.countDocuments({ status: 'pending', attempts: 0 })).toBe(8 - sentBefore);

    const other = instance('other', tg, clock);
    await other.scheduler.tick();
    expect(deliveries(tg)).toEqual(allOnce(8));
  });

  it('starts with a catch-up round and stops cleanly', async () => {
    await notices(4);
    const tg = fakeBotApi();
    const { scheduler } = instance('cron', tg, new ManualClock(TEN_AM));
    scheduler.start();
    await until(() => tg.messages.length === 4);
    await scheduler.stop();
    expect(deliveries(tg)).toEqual(allOnce(4));
  });
});
