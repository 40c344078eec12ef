/**
 * Reminder delivery against Telegram's limits, end to end on the real database.
 *
 *   bash scripts/test-db.sh npm run bench:reminders                  (throwaway FerretDB)
 *   bash scripts/test-db.sh npm run bench:reminders -- --count=1000  (a shorter run)
 *   MONGODB_URI=mongodb://... npm run bench:reminders                (any MongoDB-compatible server)
 *
 * Options: --count (reminders, default 10000), --chats (distinct recipients, default 2000, so
 * each gets count/chats messages and the per-chat limit matters), --latency (ms the stand-in
 * takes per answer, default 30), --rate (the notifier's pace, default the production one),
 * --instances (schedulers sharing the database and the pace, default 1), --status-wait (after
 * the last delivery, go on until every reminder's own status is written; on FerretDB that takes
 * longer than the sending, see RESULTS-reminders.md).
 *
 * `count` notice reminders, all due, are written to a fresh database; the real scheduler
 * (`createScheduler`: claims, SentLog, written-behind statuses) and notifier (grammY Api + auto-retry + pacer) send
 * them to a local stand-in for the Bot API on 127.0.0.1 that allows 30 messages in any second
 * overall and one per second per chat, and answers 429 with retry_after beyond that. It counts
 * what it accepted, so duplicates and losses are measured where Telegram would see them.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import mongoose from 'mongoose';
import { createScheduler } from '../jobs/scheduler.ts';
import { systemClock } from '../src/clock.ts';
import { connectMongoose } from '../src/db/connection.ts';
import { Reminder, SentLog, User } from '../src/db/models/index.ts';
import { createLogger } from '../src/logger.ts';
import { createNotifier, DELIVERY_DEFAULTS } from '../src/services/notifications.ts';

const GLOBAL_LIMIT = 30;
const CHAT_INTERVAL_MS = 1000;
const TOKEN = '123456:BENCH-token-for-the-stand-in-bot-api-0000';

function option(name: string, fallback: number): number {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  const v = arg ? Number(arg.split('=')[1]) : fallback;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number`);
  return v;
}

const count = option('count', 10_000);
const chats = Math.min(count, option('chats', 2_000));
const latency = option('latency', 30);
const instances = option('instances', 1);
const rate = option('rate', DELIVERY_DEFAULTS.messagesPerSecond);
const waitForStatuses = process.argv.includes('--status-wait');

const uri = process.env.MONGODB_URI;
if (!uri) {
  console.error('MONGODB_URI is not set: run `bash scripts/test-db.sh npm run bench:reminders`.');
  process.exit(2);
}

/** The stand-in for the Bot API: Telegram's limits, enforced on what it accepts. */
function standIn() {
  const accepted: number[] = []; // times of accepted messages, for the sliding window
  const lastByChat = new Map<number, number>();
  const delivered = new Map<string, number>();
  const stats = { requests: 0, tooMany: 0, tooManyOverall: 0, tooManyChat: 0, first: 0, last: 0 };
  let messageId = 0;

  function answer(res: ServerResponse, status: number, body: unknown) {
    const text = JSON.stringify(body);
    setTimeout(() => {
      res.writeHead(status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
      });
      res.end(text);
    }, latency);
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      stats.requests++;
      if (!req.url?.endsWith('/sendMessage')) return answer(res, 200, { ok: true, result: true });
      const payload = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { chat_id: number; text: string };
      const now = performance.now();
      while (accepted.length > 0 && accepted[0]! <= now - 1000) accepted.shift();
      const last = lastByChat.get(payload.chat_id);
      const overall = accepted.length >= GLOBAL_LIMIT;
      if (overall || (last !== undefined && now - last < CHAT_INTERVAL_MS)) {
        stats.tooMany++;
        if (overall) stats.tooManyOverall++;
        else stats.tooManyChat++;
        return answer(res, 429, {
          ok: false,
          error_code: 429,
          description: 'Too Many Requests: retry after 1',
          parameters: { retry_after: 1 },
        });
      }
      accepted.push(now);
      lastByChat.set(payload.chat_id, now);
      delivered.set(payload.text, (delivered.get(payload.text) ?? 0) + 1);
      if (stats.first === 0) stats.first = now;
      stats.last = now;
      messageId++;
      answer(res, 200, {
        ok: true,
        result: {
          message_id: messageId,
          date: Math.floor(Date.now() / 1000),
          chat: { id: payload.chat_id, type: 'private' },
          text: payload.text,
        },
      });
    });
  });
  return { server, delivered, stats };
}

async function main() {
  const dbName = `bench_reminders_${randomBytes(4).toString('hex')}`;
  await connectMongoose(uri!, dbName);
  const api = standIn();
  await new Promise<void>((r) => api.server.listen(0, '127.0.0.1', r));
  const apiRoot = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}`;
  console.error(`stand-in Bot API on ${apiRoot}; ${count} reminders to ${chats} chats; database ${dbName}`);

  try {
    const now = systemClock.now();
    for (let i = 0; i < chats; i += 1000) {
      await User.insertMany(
        Array.from({ length: Math.min(1000, chats - i) }, (_, j) => ({
          telegramId: 9_000_000 + i + j,
          name: `Bench ${i + j}`,
        })),
      );
    }
    for (let i = 0; i < count; i += 1000) {
      await Reminder.insertMany(
        Array.from({ length: Math.min(1000, count - i) }, (_, j) => ({
          key: `bench:${i + j}`,
          kind: 'notice',
          telegramId: 9_000_000 + ((i + j) % chats),
          dueAt: new Date(now.getTime() - 60_000),
          staleAt: new Date(now.getTime() + 24 * 60 * 60_000),
          payload: { text: `bench reminder ${i + j}` },
        })),
      );
    }

    const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
    const schedulers = Array.from({ length: instances }, (_, k) =>
      createScheduler({
        // No quiet hours: the bench must not depend on the hour it is run at.
        config: {
          TIME_ZONE: 'Asia/Ho_Chi_Minh',
          REMINDER_HOUR: 8,
          QUIET_HOURS: '0-0',
          DIGEST_WEEKDAY: 1,
          DIGEST_HOUR: 8,
        },
        logger,
        clock: systemClock,
        notifier: createNotifier({ token: TOKEN, apiRoot, logger, messagesPerSecond: rate / instances }),
        instanceId: `bench-${k}`,
        plan: false,
      }),
    );

    const measures = () => {
      const sendSeconds = (api.stats.last - api.stats.first) / 1000;
      const deliveredOnce = api.delivered.size;
      const duplicates = [...api.delivered.values()].reduce((s, n) => s + Math.max(0, n - 1), 0);
      // From the first accepted message to the last, N messages span N-1 gaps.
      const achieved = sendSeconds > 0 ? (deliveredOnce - 1) / sendSeconds : 0;
      return { sendSeconds, deliveredOnce, duplicates, losses: count - deliveredOnce, achieved };
    };
    const verdict = () => {
      const m = measures();
      return m.achieved >= 0.9 * GLOBAL_LIMIT && m.duplicates === 0 && m.losses === 0;
    };
    const report = async (when: string) => {
      const m = measures();
      const byStatus = Object.fromEntries(
        (
          await Reminder.aggregate<{ _id: string; n: number }>([
            { $group: { _id: '$status', n: { $sum: 1 } } },
          ])
        ).map((r) => [r._id, r.n]),
      );
      const rows = [
        ['reminders', count],
        ['chats (messages each)', `${chats} (${(count / chats).toFixed(1)})`],
        ['scheduler instances', instances],
        ['stand-in answer latency', `${latency} ms`],
        ['notifier pace', `${rate} / s`],
        ['first to last delivery', `${m.sendSeconds.toFixed(1)} s`],
        ['achieved rate', `${m.achieved.toFixed(2)} / s`],
        ['fraction of the 30 / s ceiling', `${((m.achieved / GLOBAL_LIMIT) * 100).toFixed(1)} %`],
        [
          '429 answers (overall / per chat)',
          `${api.stats.tooMany} (${api.stats.tooManyOverall} / ${api.stats.tooManyChat})`,
        ],
        ['duplicates (at the stand-in)', m.duplicates],
        ['losses (never delivered)', m.losses],
        ['SentLog entries (delivery records)', await SentLog.countDocuments()],
        ['reminders by status', JSON.stringify(byStatus)],
      ];
      console.log(`\n${when}:\n| measure | value |\n| --- | --- |`);
      for (const [k, v] of rows) console.log(`| ${k} | ${v} |`);
      console.log(
        `${verdict() ? 'PASS' : 'FAIL'}: goal is >= 90 % of the ceiling, zero duplicates, zero losses.`,
      );
    };

    const started = performance.now();
    const progress = setInterval(() => {
      const s = (performance.now() - started) / 1000;
      console.error(`  ${s.toFixed(0)} s: ${api.delivered.size} delivered, ${api.stats.tooMany} × 429`);
    }, 15_000);
    const pending = () => Reminder.countDocuments({ status: 'pending' });
    // Keep ticking (as the minute cron would, only back to back) until everything is delivered,
    // then, with --status-wait, until every reminder's own status has caught up (on FerretDB
    // each status write scans the collection, so that takes minutes), still counting anything
    // the stand-in receives meanwhile.
    let deliveredAt: number | null = null;
    while ((await pending()) > 0 && performance.now() - started < 4 * 60 * 60_000) {
      const reports = await Promise.all(schedulers.map((s) => s.tick()));
      if (deliveredAt === null && api.delivered.size >= count) {
        deliveredAt = performance.now();
        await report('after the last delivery');
        if (!waitForStatuses) break;
        console.error("waiting for the reminders' own statuses to catch up ...");
      }
      if (reports.every((r) => r.sent === 0)) await sleep(1000);
    }
    clearInterval(progress);
    // Without the wait, the statuses still queued are simply dropped with the database.
    if (waitForStatuses) await Promise.all(schedulers.map((s) => s.stop()));
    const finished = performance.now();
    if (deliveredAt === null) await report('when the run ended');
    else if (waitForStatuses) {
      console.log(
        `\nEvery reminder status written ${((finished - deliveredAt) / 1000).toFixed(0)} s after the last delivery.`,
      );
      await report('after the statuses caught up');
    }
    process.exitCode = verdict() ? 0 : 1;
  } finally {
    api.server.closeAllConnections();
    api.server.close();
    await mongoose.connection.dropDatabase().catch(() => {});
    await mongoose.disconnect();
  }
}

await main();
process.exit();
