import { describe, expect, it } from 'vitest';
import { User } from '../../src/db/models/index.ts';
import { createLogger } from '../../src/logger.ts';
import { createNotifier, Pacer } from '../../src/services/notifications.ts';
import { useTestDatabase } from '../support/database.ts';
import { FAKE_TOKEN, fakeBotApi } from '../support/fake-bot-api.ts';
import { makeUser } from '../support/fixtures.ts';

useTestDatabase({ clean: 'each' });

const logger = createLogger('silent');

function setup(
  opts: { messagesPerSecond?: number; perChatIntervalMs?: number; maxRetryAfterSeconds?: number } = {},
) {
  const tg = fakeBotApi();
  const notifier = createNotifier({
    token: FAKE_TOKEN,
    logger,
    ...tg.clientOptions,
    messagesPerSecond: opts.messagesPerSecond ?? 500,
    perChatIntervalMs: opts.perChatIntervalMs ?? 0,
    ...(opts.maxRetryAfterSeconds !== undefined ? { maxRetryAfterSeconds: opts.maxRetryAfterSeconds } : {}),
  });
  return { tg, notifier };
}

/** A pacer on a clock moved by hand: `step(t)` sets the time to t and lets what is due resolve. */
function handPacer(perSecond: number, perChatMs: number) {
  let time = 0;
  const pacer = new Pacer(perSecond, perChatMs, () => time);
  const step = async (to: number) => {
    time = to;
    (pacer as unknown as { pump(): void }).pump();
    await Promise.resolve();
    await Promise.resolve();
  };
  return { pacer, step, now: () => time };
}

describe('the notifications service', () => {
  it('sends through the Bot API and reports the message id', async () => {
    const { tg, notifier } = setup();
    const d = await notifier.send({ telegramId: 42, text: 'Xin chào' });
    expect(d).toEqual({ status: 'sent', messageId: 1 });
    expect(tg.calls.map((c) => c.method)).toEqual(['sendMessage']);
    expect(tg.calls[0]!.payload).toMatchObject({ chat_id: 42, text: 'Xin chào' });
  });

  it('waits out a 429 for its retry_after and then delivers once', async () => {
    const { tg, notifier } = setup();
    tg.respond((call) => (call.seq === 1 ? tg.tooManyRequests(1) : undefined));
    const d = await notifier.send({ telegramId: 42, text: 'Nhắc việc' });
    expect(d.status).toBe('sent');
    expect(tg.calls).toHaveLength(2);
    // What Telegram sees: the retry arrives no sooner than the retry_after it asked for.
    expect(tg.calls[1]!.at - tg.calls[0]!.at).toBeGreaterThanOrEqual(990);
    expect(tg.messages).toHaveLength(1);
    expect(notifier.stats().rateLimited).toBe(1);
  });

  it('paces the retry of a 429 like any other message to that chat', async () => {
    const { tg, notifier } = setup({ perChatIntervalMs: 1500 });
    tg.respond((call) => (call.seq === 1 ? tg.tooManyRequests(1) : undefined));
    expect((await notifier.send({ telegramId: 42, text: 'Nhắc việc' })).status).toBe('sent');
    // retry_after alone would allow it after 1 s; the chat's own pace asks for 1.5 s.
    expect(tg.calls[1]!.at - tg.calls[0]!.at).toBeGreaterThanOrEqual(1490);
  });

  it('does not wait inline for a retry_after longer than its limit, and says how long to wait', async () => {
    const { tg, notifier } = setup({ maxRetryAfterSeconds: 5 });
    tg.respond(() => tg.tooManyRequests(120));
    const d = await notifier.send({ telegramId: 42, text: 'Nhắc việc' });
    expect(d).toMatchObject({ status: 'retry', retryAfterMs: 120_000, uncertain: false });
    expect(tg.calls).toHaveLength(1);
  });

  it('marks a person who blocked the bot as inactive and does not retry', async () => {
    const user = await makeUser(null, null, 'Người đã chặn bot');
    const { tg, notifier } = setup();
    tg.respond(() => tg.blocked());
    const d = await notifier.send({ telegramId: user.telegramId, text: 'Nhắc việc' });
    expect(d.status).toBe('blocked');
    expect(tg.calls).toHaveLength(1);
    expect((await User.findOne({ telegramId: user.telegramId }).lean())!.active).toBe(false);
  });

  it('hands server errors and network failures back for a later try instead of blocking', async () => {
    const { tg, notifier } = setup();
    tg.respond((call) => (call.seq === 1 ? tg.serverError() : 'network-error'));
    expect(await notifier.send({ telegramId: 1, text: 'a' })).toMatchObject({
      status: 'retry',
      uncertain: false,
    });
    expect(await notifier.send({ telegramId: 2, text: 'b' })).toMatchObject({
      status: 'retry',
      uncertain: true,
    });
    expect(tg.calls).toHaveLength(2);
  });

  it('treats a refused message (400) as final', async () => {
    const { tg, notifier } = setup();
    tg.respond(() => tg.chatNotFound());
    expect(await notifier.send({ telegramId: 7, text: 'a' })).toMatchObject({
      status: 'rejected',
      reason: expect.stringContaining('chat not found'),
    });
  });

  it('keeps one chat to about one message a second and the whole bot under its overall pace', async () => {
    const { tg, notifier } = setup({ messagesPerSecond: 20, perChatIntervalMs: 400 });
    await Promise.all([
      ...[1, 2, 3].map((i) => notifier.send({ telegramId: 500, text: `same chat ${i}` })),
      ...Array.from({ length: 12 }, (_, i) => notifier.send({ telegramId: 600 + i, text: `other ${i}` })),
    ]);
    const same = tg.to(500);
    expect(same).toHaveLength(3);
    // As Telegram receives them: the pacer's slots are exactly 400 ms apart (proved with its own
    // clock in "the pacer" below); between a slot and the HTTP call grammY builds the request,
    // which on a loaded machine takes a few milliseconds more for one message than another.
    const HOP_JITTER_MS = 30;
    expect(same[1]!.at - same[0]!.at).toBeGreaterThanOrEqual(400 - HOP_JITTER_MS);
    expect(same[2]!.at - same[1]!.at).toBeGreaterThanOrEqual(400 - HOP_JITTER_MS);
    // What Telegram sees: 15 messages at 20 a second arrive over at least 14 gaps of 50 ms, give
    // or take a timer tick (the spacing of the calls it received, not how long the test ran).
    const arrivals = tg.calls.map((c) => c.at);
    expect(arrivals.at(-1)! - arrivals[0]!).toBeGreaterThanOrEqual(14 * 50 - 60);
    // The chat that had to wait did not hold up the others.
    expect(tg.messages.findIndex((m) => m.text === 'other 11')).toBeLessThan(
      tg.messages.findIndex((m) => m.text === 'same chat 3'),
    );
  });

  it('gives a message back unsent when its slot would come after the deadline', async () => {
    const { tg, notifier } = setup({ messagesPerSecond: 500, perChatIntervalMs: 5_000 });
    await notifier.send({ telegramId: 9, text: 'first' });
    const d = await notifier.send({ telegramId: 9, text: 'second' }, { deadline: Date.now() + 200 });
    expect(d.status).toBe('not-sent');
    expect(tg.messages.map((m) => m.text)).toEqual(['first']);
  });
});

describe('the pacer', () => {
  it('never gives one chat two slots closer than its interval, even when a late timer makes up missed ones', async () => {
    const { pacer, step, now } = handPacer(20, 400);
    const granted = new Map<number, number[]>();
    const ask = (chat: number) =>
      void pacer.acquire(chat).then(() => granted.set(chat, [...(granted.get(chat) ?? []), now()]));
    for (let i = 0; i < 3; i++) ask(500);
    for (let i = 0; i < 12; i++) ask(600 + i);
    await step(0);
    await step(950); // a late timer: everything due by now comes at once, but not for one chat
    for (let t = 960; t <= 3000; t += 10) await step(t);
    const same = granted.get(500)!;
    expect(same).toHaveLength(3);
    expect(same[1]! - same[0]!).toBeGreaterThanOrEqual(400);
    expect(same[2]! - same[1]!).toBeGreaterThanOrEqual(400);
    expect([...granted.values()].flat()).toHaveLength(15);
  });

  it('never hands out more than its rate in any second, and makes up slots a late timer missed', async () => {
    const { pacer, step, now } = handPacer(10, 0);
    const granted: number[] = [];
    for (let i = 0; i < 40; i++) void pacer.acquire(i).then(() => granted.push(now()));
    await step(0);
    expect(granted).toEqual([0]);
    await step(30); // under half a slot after the last: not yet
    expect(granted).toHaveLength(1);
    await step(350); // a late timer: the slots due at 100, 200 and 300 were missed ...
    await step(400); // ... and are made up, half a slot apart
    await step(450);
    await step(500);
    expect(granted).toEqual([0, 350, 400, 450, 500]);
    for (let t = 510; t <= 3000; t += 10) await step(t);
    for (const t of granted)
      expect(granted.filter((u) => u > t - 1000 && u <= t).length).toBeLessThanOrEqual(10);
    // 10 a second, from the first slot to 3 s: 30 slots (and the first second had its gap).
    expect(granted.length).toBeGreaterThanOrEqual(29);
    await step(100_000);
    for (let t = 100_000; pacer.waiting() > 0; t += 100) await step(t);
  });
});
