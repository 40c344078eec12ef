import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { Types } from 'mongoose';
import cron, { type ScheduledTask } from 'node-cron';
import type { Clock } from '../src/clock.ts';
import { type Config, quietHours } from '../src/config.ts';
import {
  type CampaignDoc,
  isDuplicateKey,
  Reminder,
  type ReminderDoc,
  SentLog,
  Unit,
  type UnitDoc,
  User,
  type UserDoc,
} from '../src/db/models/index.ts';
import { addDays, type Day, isValidDay, localDay, zonedInstant } from '../src/domain/calendar.ts';
import { currentPhase, nextDeadlines } from '../src/domain/phases.ts';
import type { Logger } from '../src/logger.ts';
import {
  DELIVERY_DEFAULTS,
  type Delivery,
  type Notifier,
  retryDelayMs,
} from '../src/services/notifications.ts';
import { renderReminder } from './messages.ts';
import { planReminders } from './planner.ts';
import { decideTiming } from './timing.ts';
import { isBehind, type UnitLack, unitLack } from './unit-status.ts';

/**
 * The reminder scheduler: each minute (node-cron, in the configured time zone) it plans, picks the
 * due reminders, and sends each one once, however many instances share the database.
 *
 * Once-only delivery. FerretDB applies conditional updates as read-then-write, so two instances
 * could both "win" a `findOneAndUpdate({ status: 'pending' })`. The one atomic compare-and-set on
 * every MongoDB-compatible server is a unique-index insert, so the gate is the SentLog: before
 * sending, an instance inserts `SentLog { key: reminder.key, messageId: null }` (the intent);
 * whoever inserts it owns the send, everybody else gets a duplicate-key error and leaves it. After
 * Telegram answers, the owner fills in `messageId` (delivered) or deletes its intent (not
 * delivered, to be retried or recorded as failed). The reminder's `status: 'sending'`,
 * `leaseOwner` and `leaseUntil` mirror this for operators and for picking up orphans.
 *
 * Leases. An intent older than `leaseMs` belongs to an instance that died: the next instance
 * deletes it (by its own _id, so two rescuers cannot both proceed) and sends again. A live sender
 * never outlives its lease: the notifier will not start a message after the lease's end and
 * aborts a request still running then.
 *
 * The window that remains: an instance that dies after Telegram accepted a message and before it
 * wrote `messageId` leaves an intent without one; after the lease that reminder is sent again and
 * the log says "may repeat". That is one message per request in flight at the moment of a crash.
 * We chose a possible repeat over a possible loss (gating without resending), because a missed
 * deadline costs more than a second copy of a reminder.
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
  /** Names this process in leases and the sent log; random if absent. */
  instanceId?: string;
  /** How long a claimed reminder belongs to this instance. */
  leaseMs?: number;
  /** How often (clock time) a tick also plans; the first tick always does. */
  planEveryMs?: number;
  /** Set false to only send what exists (benchmarks). */
  plan?: boolean;
  /** Reminders read per query. */
  batchSize?: number;
  /** A tick stops taking new work after this long (wall clock), so ticks do not pile up. */
  tickBudgetMs?: number;
  /** Tries before a reminder is recorded as failed. */
  maxAttempts?: number;
  /** Reminders claimed at once (each claim is a few database round trips). */
  claimConcurrency?: number;
}

export interface TickReport {
  planned: number;
  sent: number;
  skipped: number;
  deferred: number;
  retrying: number;
  failed: number;
}

export interface Scheduler {
  readonly instanceId: string;
  /** One round: plan if due, then send what is due. Concurrent calls share one round. */
  tick(): Promise<TickReport>;
  /** Starts the minute ticks (and one tick at once, to catch up after downtime). */
  start(): void;
  /** Stops ticking, gives back what was claimed and not started, waits for requests in flight. */
  stop(): Promise<void>;
}

interface Claim {
  reminder: ReminderDoc;
  user: UserDoc;
  intentId: Types.ObjectId;
  attempt: number;
  /** Wall-clock end of the lease, for the notifier. */
  deadline: number;
  snoozeOverridden: boolean;
  /** When the round that claimed it began (clock time). */
  round: Date;
}

/**
 * Retries a database operation that failed for a passing reason: under load FerretDB's SQLite
 * answers "database is locked". Only for operations that are safe to repeat (updates and deletes
 * by _id, reads, inserts whose duplicate-key error is passed straight on).
 */
async function retrying<T>(op: () => Promise<T>, tries = 7): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await op();
    } catch (err) {
      if (isDuplicateKey(err) || i >= tries) throw err;
      await sleep(50 * 2 ** i);
    }
  }
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
  const tickBudgetMs = opts.tickBudgetMs ?? 50_000;
  const maxAttempts = opts.maxAttempts ?? DELIVERY_DEFAULTS.maxAttempts;
  const claimConcurrency = opts.claimConcurrency ?? 8;
  let lastPlan: number | null = null;
  let hadRound = false;
  let started = false;
  let stopping = false;
  let current: Promise<TickReport> | null = null;
  let task: ScheduledTask | null = null;
  let abort = newAbort();
  const writes = writeBehind(log);

  async function tick(): Promise<TickReport> {
    if (current) return current;
    current = round().finally(() => {
      current = null;
    });
    return current;
  }

  async function round(): Promise<TickReport> {
    const report: TickReport = { planned: 0, sent: 0, skipped: 0, deferred: 0, retrying: 0, failed: 0 };
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
    if (firstRound) await describeBacklog(now);
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
    if (relevant + stale > 0) {
      log.info(
        { relevant, stale },
        `catching up after downtime: sending ${relevant} missed reminder(s) still relevant, skipping ${stale} stale`,
      );
    }
  }

  function due(now: Date, exclude: Types.ObjectId[]) {
    return Reminder.find({
      ...(exclude.length > 0 ? { _id: { $nin: exclude } } : {}),
      $or: [
        { status: 'pending', dueAt: { $lte: now }, nextAttemptAt: null },
        { status: 'pending', dueAt: { $lte: now }, nextAttemptAt: { $lte: now } },
        // A lease that ran out: its holder died or stalled.
        { status: 'sending', leaseUntil: { $lt: now } },
      ],
    })
      .sort({ dueAt: 1 })
      .limit(batchSize)
      .lean<ReminderDoc[]>();
  }

  async function sendDue(report: TickReport): Promise<void> {
    const until = Date.now() + tickBudgetMs;
    const seen = new Set<string>();
    const inflight = new Set<Promise<void>>();
    const staleKeys: string[] = [];
    const handled: Types.ObjectId[] = [];
    while (!stopping && Date.now() < until) {
      await recordPending();
      const now = opts.clock.now();
      // Statuses are written behind, so what this round handled may still look due: leave it out.
      const batch = (await retrying(() => due(now, handled))).filter((r) => !seen.has(String(r._id)));
      if (batch.length === 0) break;
      handled.push(...batch.map((r) => r._id));
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
          seen.add(String(r._id));
          const claim = await handle(r, users.get(r.telegramId) ?? null, now, report, staleKeys);
          if (!claim) continue;
          const p = deliver(claim, report).catch((err) =>
            log.error({ err, key: r!.key }, 'delivery crashed'),
          );
          inflight.add(p);
          void p.finally(() => inflight.delete(p));
          // Keep the pacer fed, but do not claim far more than can be sent within a lease.
          while (inflight.size >= batchSize) await Promise.race(inflight);
        }
      };
      await Promise.all(Array.from({ length: claimConcurrency }, worker));
    }
    await Promise.all(inflight);
    await writes.flush();
    if (staleKeys.length > 0) {
      log.info(
        { count: staleKeys.length, sample: staleKeys.slice(0, 5) },
        'skipped stale reminders (their moment passed while nobody was sending)',
      );
    }
  }

  /**
   * Fills in the message id: from now on the reminder counts as delivered everywhere. If the
   * database keeps refusing, it is kept here and tried again each round and on stop, because a
   * delivery left unrecorded would be sent again once its lease runs out.
   */
  const unrecorded = new Map<
    string,
    { intentId: Types.ObjectId; messageId: number; at: Date; key: string }
  >();
  async function recordDelivery(intentId: Types.ObjectId, messageId: number, at: Date, key: string) {
    try {
      await retrying(() => SentLog.updateOne({ _id: intentId }, { $set: { messageId, sentAt: at } }));
      unrecorded.delete(String(intentId));
    } catch (err) {
      unrecorded.set(String(intentId), { intentId, messageId, at, key });
      log.error({ err, key }, 'delivered but not yet recorded; will keep trying');
    }
  }
  async function recordPending() {
    for (const u of [...unrecorded.values()]) await recordDelivery(u.intentId, u.messageId, u.at, u.key);
  }

  /** Decides what to do with one due reminder now; returns a claim when it is to be sent. */
  async function handle(
    r: ReminderDoc,
    user: UserDoc | null,
    now: Date,
    report: TickReport,
    staleKeys: string[],
  ): Promise<Claim | null> {
    const timing = decideTiming(r, user, now, quiet, tz);
    if (timing.action === 'skip') {
      void finish(r, { status: 'skipped', lastError: timing.reason });
      report.skipped++;
      if (timing.reason === 'stale') staleKeys.push(r.key);
      else log.info({ key: r.key, reason: timing.reason }, 'reminder skipped');
      return null;
    }
    if (timing.action === 'defer') {
      void writes.update(
        { _id: r._id },
        { $set: { status: 'pending', nextAttemptAt: timing.until, leaseOwner: null, leaseUntil: null } },
      );
      report.deferred++;
      return null;
    }
    return acquire(r, user!, now, timing.snoozeOverridden);
  }

  /** Inserts this instance's intent to send; false if there is one already. */
  async function insertIntent(intentId: Types.ObjectId, r: ReminderDoc, now: Date): Promise<boolean> {
    try {
      await retrying(() =>
        SentLog.create({
          _id: intentId,
          key: r.key,
          telegramId: r.telegramId,
          messageId: null,
          sentAt: now,
          instance: instanceId,
        }),
      );
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  /** The once-only gate (see the top of this file). Returns null when someone else has it. */
  async function acquire(
    r: ReminderDoc,
    user: UserDoc,
    now: Date,
    snoozeOverridden: boolean,
  ): Promise<Claim | null> {
    const intentId = new Types.ObjectId();
    if (!(await insertIntent(intentId, r, now))) {
      const existing = await retrying(() => SentLog.findOne({ key: r.key }).lean());
      if (!existing) return null; // given back meanwhile: the next round takes it
      if (existing.messageId !== null && existing.messageId !== undefined) {
        // Delivered earlier; the reminder record was not updated (a crash, or a lost update).
        await finish(r, { status: 'sent', sentAt: existing.sentAt });
        return null;
      }
      if (now.getTime() - existing.sentAt.getTime() < leaseMs) return null;
      log.warn(
        { key: r.key, previous: existing.instance },
        'a send of this reminder was interrupted; sending again (it may arrive twice)',
      );
      await retrying(() => SentLog.deleteOne({ _id: existing._id }));
      if (!(await insertIntent(intentId, r, now))) return null;
    }
    const attempt = (r.attempts ?? 0) + 1;
    // Written behind (in order with this reminder's later writes), so claiming does not wait.
    void writes.update(
      { _id: r._id },
      {
        $set: { status: 'sending', leaseOwner: instanceId, leaseUntil: new Date(now.getTime() + leaseMs) },
        $inc: { attempts: 1 },
      },
    );
    return {
      reminder: r,
      user,
      intentId,
      attempt,
      deadline: Date.now() + leaseMs - Math.min(30_000, leaseMs / 4),
      snoozeOverridden,
      round: now,
    };
  }

  async function deliver(c: Claim, report: TickReport): Promise<void> {
    const r = c.reminder;
    let text: string | null;
    try {
      text = await renderReminder(r, c.user, {
        now: opts.clock.now(),
        timeZone: tz,
        snoozeOverridden: c.snoozeOverridden,
      });
    } catch (err) {
      log.error({ err, key: r.key }, 'could not compose reminder');
      await settle(
        c,
        { status: 'retry', reason: `compose: ${String(err)}`, retryAfterMs: null, uncertain: false },
        report,
      );
      return;
    }
    if (text === null) {
      await retrying(() => SentLog.deleteOne({ _id: c.intentId }));
      await finish(r, { status: 'skipped', lastError: 'nothing left to remind of' });
      report.skipped++;
      return;
    }
    const d = await opts.notifier.send(
      { telegramId: r.telegramId, text },
      { deadline: c.deadline, signal: abort.signal },
    );
    await settle(c, d, report);
  }

  async function settle(c: Claim, d: Delivery, report: TickReport): Promise<void> {
    const r = c.reminder;
    const now = opts.clock.now();
    if (d.status === 'sent') {
      await recordDelivery(c.intentId, d.messageId, now, r.key);
      // The round's time, so the deliveries of a round are recorded in one write; the SentLog
      // entry has the exact time.
      void finish(r, { status: 'sent', sentAt: c.round });
      report.sent++;
      return;
    }
    await retrying(() => SentLog.deleteOne({ _id: c.intentId }));
    if (d.status === 'not-sent') {
      // Never started: give it back without counting a try.
      await writes.update(
        { _id: r._id, leaseOwner: instanceId },
        { $set: { status: 'pending', leaseOwner: null, leaseUntil: null }, $inc: { attempts: -1 } },
      );
      return;
    }
    if (d.status === 'blocked' && !d.attempted) {
      await finish(r, { status: 'skipped', lastError: 'recipient-inactive' });
      report.skipped++;
      return;
    }
    if (d.status === 'blocked' || d.status === 'rejected') {
      await finish(r, {
        status: 'failed',
        lastError: d.status === 'blocked' ? `blocked the bot (${d.reason})` : d.reason,
      });
      report.failed++;
      log.warn({ key: r.key, reason: d.reason }, 'reminder failed for good');
      return;
    }
    if (d.uncertain)
      log.warn({ key: r.key, reason: d.reason }, 'no answer from Telegram; will send again (may repeat)');
    if (c.attempt >= maxAttempts) {
      await finish(r, { status: 'failed', lastError: `after ${c.attempt} tries: ${d.reason}` });
      report.failed++;
      log.warn({ key: r.key, reason: d.reason }, 'reminder failed after its last try');
      return;
    }
    const wait = Math.max(retryDelayMs(c.attempt), d.retryAfterMs ?? 0);
    await writes.update(
      { _id: r._id, leaseOwner: instanceId },
      {
        $set: {
          status: 'pending',
          leaseOwner: null,
          leaseUntil: null,
          lastError: d.reason,
          nextAttemptAt: new Date(now.getTime() + wait),
        },
      },
    );
    report.retrying++;
  }

  async function finish(
    r: ReminderDoc,
    set: { status: 'sent' | 'skipped' | 'failed'; sentAt?: Date; lastError?: string },
  ): Promise<void> {
    await writes.update(
      { _id: r._id },
      { $set: { lastError: null, ...set, leaseOwner: null, leaseUntil: null, nextAttemptAt: null } },
    );
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
    abort.abort();
    if (task) {
      await task.stop();
      await task.destroy();
      task = null;
    }
    await current?.catch(() => {});
    await recordPending();
    await writes.flush();
    // Whatever this instance still holds (normally nothing once the round has ended).
    const held = await Reminder.find({ status: 'sending', leaseOwner: instanceId }, { key: 1 }).lean();
    if (held.length > 0) {
      await SentLog.deleteMany({
        key: { $in: held.map((h) => h.key) },
        instance: instanceId,
        messageId: null,
      });
      await Reminder.updateMany(
        { _id: { $in: held.map((h) => h._id) }, leaseOwner: instanceId },
        { $set: { status: 'pending', leaseOwner: null, leaseUntil: null } },
      );
    }
    started = false;
    log.info({ released: held.length }, 'reminder scheduler stopped');
  }

  return { instanceId, tick, start, stop };
}

/**
 * The reminder's own status fields, written behind: queued, then written in order every
 * `everyMs`, with runs of identical updates merged into one `updateMany` (a round of claims, the
 * deliveries of a moment). The SentLog, written at once, is what decides delivery; these fields
 * follow it, and a write lost in a crash is repaired from the SentLog when the reminder comes up.
 */
function writeBehind(log: Logger, everyMs = 200) {
  type Op = { filter: Record<string, unknown>; update: Record<string, unknown>; shape: string };
  let ops: Op[] = [];
  let done: (() => void)[] = [];
  let timer: NodeJS.Timeout | null = null;
  let chain: Promise<void> = Promise.resolve();

  async function write(batch: Op[]) {
    // Phases in which each reminder appears once, so merging within a phase keeps every
    // reminder's own writes in order; one updateMany per distinct update in a phase.
    const phases: Map<string, Op[]>[] = [];
    let current = new Map<string, Op[]>();
    let ids = new Set<string>();
    for (const op of batch) {
      const id = String(op.filter._id);
      if (ids.has(id)) {
        phases.push(current);
        current = new Map();
        ids = new Set();
      }
      ids.add(id);
      current.set(op.shape, [...(current.get(op.shape) ?? []), op]);
    }
    phases.push(current);
    for (const phase of phases) {
      for (const run of phase.values()) {
        const { _id: _ignored, ...rest } = run[0]!.filter;
        const filter =
          run.length === 1 ? run[0]!.filter : { ...rest, _id: { $in: run.map((o) => o.filter._id) } };
        try {
          await retrying(() => Reminder.updateMany(filter, run[0]!.update));
        } catch (err) {
          log.error({ err, count: run.length }, 'could not record reminder statuses');
        }
      }
    }
  }

  function flush(): Promise<void> {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    const batch = ops;
    const waiting = done;
    ops = [];
    done = [];
    chain = chain.then(async () => {
      if (batch.length > 0) await write(batch);
      for (const d of waiting) d();
    });
    return chain;
  }

  /** `filter` names one reminder by `_id` (plus conditions shared by a run). */
  function update(filter: { _id: unknown } & Record<string, unknown>, update: Record<string, unknown>) {
    const { _id, ...rest } = filter;
    ops.push({ filter, update, shape: JSON.stringify([rest, update]) });
    const written = new Promise<void>((resolve) => done.push(resolve));
    timer ??= setTimeout(() => void flush(), everyMs);
    return written;
  }

  return { update, flush };
}

// ---------------------------------------------------------------------------------------------
// What the two chat commands and the admin view call.

export interface UpcomingDeadline {
  phaseCode: string;
  phaseName: string;
  phaseNameEn: string | null;
  taskCode: string;
  title: string;
  titleEn: string | null;
  due: Day;
  daysLeft: number;
  level: string | null;
  /** For coordinators: where each of their units stands against this task. */
  units: { unitId: string; unitName: string; lack: UnitLack; behind: boolean }[];
}

export interface Upcoming {
  phase: { code: string; name: string; nameEn: string | null; start: Day; end: Day } | null;
  deadlines: UpcomingDeadline[];
  snoozeUntil: Date | null;
}

/**
 * Data for `/lichnhac`: the current phase, the next deadlines with days left, and for a coordinator
 * the status of each of their units (in this campaign, at or above the task's level) against each.
 * Format the lack with `lackText` from jobs/messages.ts.
 */
export async function upcomingDeadlines(
  user: Pick<UserDoc, 'roles' | 'snoozeUntil'>,
  campaign: CampaignDoc,
  today: Day,
  limit = 5,
): Promise<Upcoming> {
  const phase = currentPhase(campaign, today);
  const coordinatorUnits = user.roles.filter((g) => g.role === 'coordinator').map((g) => g.unitId);
  const units = coordinatorUnits.length
    ? await Unit.find({ _id: { $in: coordinatorUnits }, path: campaign.rootUnitId }).lean<UnitDoc[]>()
    : [];
  const rank = (level: string | null | undefined) => (level ? campaign.levels.indexOf(level) : -1);
  const deadlines: UpcomingDeadline[] = [];
  for (const d of nextDeadlines(campaign, today, limit)) {
    const entry: UpcomingDeadline = {
      phaseCode: d.phaseCode,
      phaseName: d.phaseName,
      phaseNameEn: campaign.phases.find((p) => p.code === d.phaseCode)?.nameEn || null,
      taskCode: d.task.code,
      title: d.task.title,
      titleEn: d.task.titleEn || null,
      due: d.due,
      daysLeft: d.daysLeft,
      level: d.task.level ?? null,
      units: [],
    };
    if (d.task.check && d.task.check !== 'none') {
      for (const unit of units) {
        // A unit below the task's level is not asked to do it.
        if (d.task.level && rank(unit.level) > rank(d.task.level)) continue;
        const lack = await unitLack(campaign, d.task, unit, today);
        entry.units.push({ unitId: String(unit._id), unitName: unit.name, lack, behind: isBehind(lack) });
      }
    }
    deadlines.push(entry);
  }
  return {
    phase: phase
      ? {
          code: phase.code,
          name: phase.name,
          nameEn: phase.nameEn || null,
          start: phase.start,
          end: phase.end,
        }
      : null,
    deadlines,
    snoozeUntil: user.snoozeUntil ?? null,
  };
}

export type SnoozeResult =
  | { ok: true; until: Date | null }
  | { ok: false; reason: 'invalid-day' | 'past' | 'too-far' | 'no-user' };

/**
 * `/tatnhac <dd/mm/yyyy>`: no non-urgent reminders through the end of `day` (local); `null` turns
 * reminders back on. Deadline-day reminders still arrive (see jobs/timing.ts).
 */
export async function snoozeUntil(
  telegramId: number,
  day: Day | null,
  opts: { clock: Clock; timeZone: string; maxDays?: number },
): Promise<SnoozeResult> {
  let until: Date | null = null;
  if (day !== null) {
    if (!isValidDay(day)) return { ok: false, reason: 'invalid-day' };
    const today = localDay(opts.clock.now(), opts.timeZone);
    if (day < today) return { ok: false, reason: 'past' };
    if (day > addDays(today, opts.maxDays ?? 90)) return { ok: false, reason: 'too-far' };
    until = zonedInstant(addDays(day, 1), opts.timeZone, 0);
  }
  const res = await User.updateOne({ telegramId }, { $set: { snoozeUntil: until } });
  if (res.matchedCount === 0) return { ok: false, reason: 'no-user' };
  return { ok: true, until };
}

export interface FailedDelivery {
  id: string;
  key: string;
  kind: string;
  telegramId: number;
  dueAt: Date;
  attempts: number;
  lastError: string | null;
  failedAt: Date | null;
}

/** For admins (`/admin`, the CLI): the latest reminders that could not be delivered, and why. */
export async function failedDeliveries(limit = 20): Promise<FailedDelivery[]> {
  const rows = await Reminder.find({ status: 'failed' })
    .sort({ updatedAt: -1 })
    .limit(limit)
    .lean<(ReminderDoc & { updatedAt?: Date })[]>();
  return rows.map((r) => ({
    id: String(r._id),
    key: r.key,
    kind: r.kind,
    telegramId: r.telegramId,
    dueAt: r.dueAt,
    attempts: r.attempts ?? 0,
    lastError: r.lastError ?? null,
    failedAt: r.updatedAt ?? null,
  }));
}
