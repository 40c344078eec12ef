import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Types } from 'mongoose';
import cron, { type ScheduledTask } from 'node-cron';
import type { Clock } from '../src/clock.ts';
import { type Config, quietHours } from '../src/config.ts';
import { Reminder, type ReminderDoc, User, type UserDoc } from '../src/db/models/index.ts';
import { localParts } from '../src/domain/calendar.ts';
import type { Logger } from '../src/logger.ts';
import { DELIVERY_DEFAULTS, type Notifier } from '../src/services/notifications.ts';
import { createLeasing, type Lease, settleLegacyLeases } from './leasing.ts';
import { planReminders } from './planner.ts';
import { createSender, emptyTickReport, type TickReport } from './sending.ts';
import { decideTiming, inQuietHours, quietEnd } from './timing.ts';
import { reminderStatuses, retrying } from './write-behind.ts';

/**
 * The reminder scheduler: each minute (node-cron, in the configured time zone) it plans
 * (planner.ts), picks the due reminders, decides for each whether it may go now (timing.ts: quiet
 * hours, snooze, staleness), takes a lease on it (leasing.ts: a claim per try, so each reminder is
 * sent once however many instances share the database) and sends it (sending.ts). The reminders'
 * own statuses follow behind the claims and delivery records (write-behind.ts).
 */

export type SchedulerConfig = Pick<
  Config,
  'TIME_ZONE' | 'REMINDER_HOUR' | 'QUIET_HOURS' | 'DIGEST_WEEKDAY' | 'DIGEST_HOUR'
>;

export interface SchedulerOptions {
  config: SchedulerConfig;
  logger: Logger;
  clock: Clock;
  notifier: Notifier;
  /** Names this process in claims and the sent log; random if absent. */
  instanceId?: string;
  /** How long a claimed reminder belongs to this instance. */
  leaseMs?: number;
  /** How often (clock time) a tick also plans; the first tick always does. */
  planEveryMs?: number;
  /** Set false to only send what exists (benchmarks). */
  plan?: boolean;
  /** Reminders read per query, and at most this many in flight. */
  batchSize?: number;
  /**
   * A round stops taking new work after this long (wall clock). Rounds never overlap (a tick
   * during a round joins it), so a long burst is simply sent by one round.
   */
  tickBudgetMs?: number;
  /** Tries before a reminder is recorded as failed. */
  maxAttempts?: number;
  /** Reminders claimed at once (each claim is a database round trip or two). */
  claimConcurrency?: number;
}

export type { TickReport };

export interface Scheduler {
  readonly instanceId: string;
  /** One round: plan if due, then send what is due. Concurrent calls share one round. */
  tick(): Promise<TickReport>;
  /** Starts the minute ticks (and one tick at once, to catch up after downtime). */
  start(): void;
  /** Stops ticking, gives back what was claimed and not started, waits for requests in flight. */
  stop(): Promise<void>;
}

/** One signal for every message waiting to be sent: many listeners are expected. */
function newAbort(): AbortController {
  const c = new AbortController();
  setMaxListeners(0, c.signal);
  return c;
}

export function createScheduler(opts: SchedulerOptions): Scheduler {
  const instanceId = opts.instanceId ?? `scheduler-${randomUUID().slice(0, 8)}`;
  const log = opts.logger.child({ component: 'reminders', instance: instanceId });
  const tz = opts.config.TIME_ZONE;
  const quiet = quietHours(opts.config);
  const leaseMs = opts.leaseMs ?? 2 * 60_000;
  const planEveryMs = opts.planEveryMs ?? 10 * 60_000;
  const batchSize = opts.batchSize ?? 200;
  const tickBudgetMs = opts.tickBudgetMs ?? 15 * 60_000;
  const maxAttempts = opts.maxAttempts ?? DELIVERY_DEFAULTS.maxAttempts;
  const claimConcurrency = opts.claimConcurrency ?? 8;
  const statusWaitMs = 5_000;
  let lastPlan: number | null = null;
  let hadRound = false;
  let started = false;
  let stopping = false;
  let current: Promise<TickReport> | null = null;
  let task: ScheduledTask | null = null;
  let abort = newAbort();
  /** Deliveries under way in this instance. */
  let delivering = 0;
  const statuses = reminderStatuses(log, opts.clock, () => delivering > 0);
  const leasing = createLeasing({ instanceId, leaseMs, log, statuses });
  const sender = createSender({
    clock: opts.clock,
    timeZone: tz,
    log,
    notifier: opts.notifier,
    leasing,
    statuses,
    maxAttempts,
    signal: () => abort.signal,
  });

  async function tick(): Promise<TickReport> {
    if (current) return current;
    current = round().finally(() => {
      current = null;
    });
    return current;
  }

  async function round(): Promise<TickReport> {
    const report = emptyTickReport();
    if (stopping) return report;
    const now = opts.clock.now();
    const firstRound = !hadRound;
    hadRound = true;
    if (opts.plan !== false && (lastPlan === null || now.getTime() - lastPlan >= planEveryMs)) {
      lastPlan = now.getTime();
      try {
        report.planned = (
          await planReminders({ config: opts.config, clock: opts.clock, logger: log })
        ).created;
      } catch (err) {
        log.error({ err }, 'planning reminders failed; sending what is already planned');
      }
    }
    if (firstRound) {
      try {
        const legacy = await settleLegacyLeases();
        if (legacy > 0) log.info({ legacy }, 'settled reminders left "sending" by an older scheduler');
      } catch (err) {
        // They stay as they were (nothing sends a 'sending' reminder); the next start tries again.
        log.error({ err }, 'could not settle reminders left "sending" by an older scheduler');
      }
      await describeBacklog(now);
    }
    await sendDue(report);
    return report;
  }

  /** On the first round: what is overdue because nobody was running, and what of it is stale. */
  async function describeBacklog(now: Date): Promise<void> {
    const late = new Date(now.getTime() - 5 * 60_000);
    const [relevant, stale] = await Promise.all([
      Reminder.countDocuments({ status: 'pending', dueAt: { $lt: late }, staleAt: { $gt: now } }),
      Reminder.countDocuments({ status: 'pending', dueAt: { $lt: late }, staleAt: { $lte: now } }),
    ]);
    if (relevant + stale === 0) return;
    if (relevant > 0 && inQuietHours(now, quiet, tz)) {
      // Nothing goes out now: say when it will, in local time, instead of "sending".
      const until = quietEnd(now, quiet, tz);
      const p = localParts(until, tz);
      const at = `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
      log.info(
        { relevant, stale, quietUntil: until.toISOString() },
        `catching up after downtime: ${relevant} missed reminder(s) still relevant wait for the end of the quiet hours (${at} local; any that go stale by then are skipped), skipping ${stale} stale`,
      );
      return;
    }
    log.info(
      { relevant, stale },
      `catching up after downtime: sending ${relevant} missed reminder(s) still relevant, skipping ${stale} stale`,
    );
  }

  /**
   * Pending reminders whose time has come, not yet looked at in this round. No sort: on FerretDB
   * a sorted query reads the whole collection, an unsorted one stops at the limit.
   */
  async function due(now: Date, exclude: Types.ObjectId[]): Promise<ReminderDoc[]> {
    const found = await Reminder.find({
      ...(exclude.length > 0 ? { _id: { $nin: exclude } } : {}),
      status: 'pending',
      dueAt: { $lte: now },
    })
      .limit(batchSize)
      .lean<ReminderDoc[]>();
    exclude.push(...found.map((r) => r._id));
    // A reminder whose new status is still on its way (sent, put off ...) is left alone.
    return found.filter((r) => (!r.nextAttemptAt || r.nextAttemptAt <= now) && !statuses.changing(r._id));
  }

  async function sendDue(report: TickReport): Promise<void> {
    const until = Date.now() + tickBudgetMs;
    const inflight = new Set<Promise<void>>();
    const staleKeys: string[] = [];
    // Statuses are written behind, so what this round looked at may still read as pending.
    const looked: Types.ObjectId[] = [];
    while (!stopping && Date.now() < until) {
      await leasing.recordPending();
      const now = opts.clock.now();
      const before = looked.length;
      const batch = await retrying(() => due(now, looked));
      if (looked.length === before) break;
      const users = new Map(
        (
          await retrying(() =>
            User.find({ telegramId: { $in: [...new Set(batch.map((r) => r.telegramId))] } }).lean<
              UserDoc[]
            >(),
          )
        ).map((u) => [u.telegramId, u]),
      );
      const queue = [...batch];
      const worker = async () => {
        for (let r = queue.shift(); r && !stopping; r = queue.shift()) {
          const lease = await handle(r, users.get(r.telegramId) ?? null, now, report, staleKeys);
          if (!lease) continue;
          delivering++;
          const p = sender
            .deliver(lease, report)
            .catch((err) => log.error({ err, key: lease.reminder.key }, 'delivery crashed'))
            .finally(() => {
              delivering--;
            });
          inflight.add(p);
          void p.finally(() => inflight.delete(p));
          // Keep the pacer fed, but do not claim far more than can be sent within a lease.
          while (inflight.size >= batchSize) await Promise.race(inflight);
        }
      };
      await Promise.all(Array.from({ length: claimConcurrency }, worker));
    }
    await Promise.all(inflight);
    await leasing.recordPending();
    // Normally the statuses are written within moments. After a burst on a slow database they
    // may take longer: the next round does not wait for them (the claims already keep those
    // reminders from being sent twice).
    await Promise.race([statuses.flush(), sleep(statusWaitMs)]);
    if (staleKeys.length > 0) {
      log.info(
        { count: staleKeys.length, sample: staleKeys.slice(0, 5) },
        'skipped stale reminders (their moment passed while nobody was sending)',
      );
    }
  }

  /** Decides what to do with one due reminder now; returns a lease when it is to be sent. */
  async function handle(
    r: ReminderDoc,
    user: UserDoc | null,
    now: Date,
    report: TickReport,
    staleKeys: string[],
  ): Promise<Lease | null> {
    const timing = decideTiming(r, user, now, quiet, tz);
    if (timing.action === 'skip') {
      void statuses.finish(r, { status: 'skipped', lastError: timing.reason });
      report.skipped++;
      if (timing.reason === 'stale') staleKeys.push(r.key);
      else log.info({ key: r.key, reason: timing.reason }, 'reminder skipped');
      return null;
    }
    if (timing.action === 'defer') {
      void statuses.defer(r, timing.until);
      report.deferred++;
      return null;
    }
    return leasing.acquire(r, user!, now, timing.snoozeOverridden);
  }

  function start(): void {
    if (started) return;
    started = true;
    stopping = false;
    abort = newAbort();
    task = cron.schedule(
      '* * * * *',
      async () => {
        await tick().catch((err) => log.error({ err }, 'reminder tick failed'));
      },
      {
        timezone: tz,
        name: `reminders-${instanceId}`,
        noOverlap: true,
        logger: {
          info: (m) => log.debug(m),
          warn: (m) => log.warn(m),
          error: (m, e) => log.error({ err: e }, String(m)),
          debug: (m) => log.debug(String(m)),
        },
      },
    );
    void tick().catch((err) => log.error({ err }, 'first reminder tick failed'));
    log.info({ timeZone: tz }, 'reminder scheduler started');
  }

  async function stop(): Promise<void> {
    stopping = true;
    // Messages still waiting for a sending slot come back as not sent and their claims are
    // deleted; requests already on their way to Telegram are awaited.
    abort.abort();
    if (task) {
      await task.stop();
      await task.destroy();
      task = null;
    }
    await current?.catch(() => {});
    await leasing.recordPending();
    await statuses.flush();
    started = false;
    log.info('reminder scheduler stopped');
  }

  return { instanceId, tick, start, stop };
}
