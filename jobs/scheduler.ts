import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Types } from 'mongoose';
import cron, { type ScheduledTask } from 'node-cron';
import type { Clock } from '../src/clock.ts';
import { type Config, quietHours } from '../src/config.ts';
import {
  type CampaignDoc,
  Claim,
  isDuplicateKey,
  Reminder,
  type ReminderDoc,
  SentLog,
  tryClaim,
  Unit,
  type UnitDoc,
  User,
  type UserDoc,
} from '../src/db/models/index.ts';
import { addDays, type Day, isValidDay, localDay, localParts, zonedInstant } from '../src/domain/calendar.ts';
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
import { decideTiming, inQuietHours, quietEnd } from './timing.ts';
import { isBehind, type UnitLack, unitLack } from './unit-status.ts';
import { retrying, writeBehind } from './write-behind.ts';

/**
 * The reminder scheduler: each minute (node-cron, in the configured time zone) it plans, picks the
 * due reminders, and sends each one once, however many instances share the database.
 *
 * Once-only delivery. FerretDB applies conditional updates as read-then-write, so two instances
 * could both "win" a `findOneAndUpdate({ status: 'pending' })`. The one atomic compare-and-set on
 * every MongoDB-compatible server is a unique-index insert, so:
 * - the lease is a claim, `send:<reminder key>:<try>` (see db/models/counter.ts), inserted before
 *   sending: whoever inserts it sends that try, everyone else gets a duplicate key and leaves it;
 * - the delivery is recorded by inserting `SentLog { key: reminder key, messageId }` once Telegram
 *   has accepted the message, unique per recipient and occasion.
 * A claim older than `leaseMs` with no SentLog entry belongs to an instance that died: the next
 * instance claims the next try (a new key, so two rescuers cannot both win) and sends. A live
 * sender never outlives its lease: the notifier starts no message after the lease's end and
 * aborts a request still running then. `stop` deletes the claims of messages it never started.
 *
 * Both steps are inserts on purpose: on FerretDB 1.24 (SQLite) an insert or a lookup by key costs
 * about a millisecond, while updating or deleting one document scans its collection (~75 ms per
 * update with 10,000 reminders, measured). The reminder's own `status` ('sent', 'failed' ...) is
 * therefore written behind in batches (write-behind.ts) and follows the claims and the SentLog;
 * a status lost in a crash is repaired from them when the reminder comes up again. The reminder's
 * `leaseOwner` / `leaseUntil` fields are not used: the claim holds who and when.
 *
 * The window that remains: an instance that dies after Telegram accepted a message and before the
 * SentLog insert leaves a claim without a SentLog entry; after the lease that reminder is sent
 * again and the log says it may arrive twice. That is at most one message per request in flight
 * at the moment of the crash. We chose a possible repeat over a possible loss (recording before
 * sending), because a missed deadline costs more than a second copy of a reminder.
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

interface Lease {
  reminder: ReminderDoc;
  user: UserDoc;
  /** The claim's _id: `send:<key>:<try>`. */
  claimId: string;
  /** Which try this is, from 1. */
  attempt: number;
  /** Wall-clock end of the lease, for the notifier. */
  deadline: number;
  snoozeOverridden: boolean;
  /** When the round that claimed it began (clock time). */
  round: Date;
}

const claimKey = (key: string, attempt: number) => `send:${key}:${attempt}`;

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
  const writes = writeBehind(log, () => delivering > 0);

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
    return found.filter((r) => (!r.nextAttemptAt || r.nextAttemptAt <= now) && !writes.changing(r._id));
  }

  async function sendDue(report: TickReport): Promise<void> {
    const until = Date.now() + tickBudgetMs;
    const inflight = new Set<Promise<void>>();
    const staleKeys: string[] = [];
    // Statuses are written behind, so what this round looked at may still read as pending.
    const looked: Types.ObjectId[] = [];
    while (!stopping && Date.now() < until) {
      await recordPending();
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
          const p = deliver(lease, report)
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
    await recordPending();
    // Normally the statuses are written within moments. After a burst on a slow database they
    // may take longer: the next round does not wait for them (the claims already keep those
    // reminders from being sent twice).
    await Promise.race([writes.flush(), sleep(statusWaitMs)]);
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
      void finish(r, { status: 'skipped', lastError: timing.reason });
      report.skipped++;
      if (timing.reason === 'stale') staleKeys.push(r.key);
      else log.info({ key: r.key, reason: timing.reason }, 'reminder skipped');
      return null;
    }
    if (timing.action === 'defer') {
      void writes.update({ _id: r._id }, { $set: { nextAttemptAt: timing.until } });
      report.deferred++;
      return null;
    }
    return acquire(r, user!, now, timing.snoozeOverridden);
  }

  /** The once-only gate (see the top of this file). Returns null when someone else has it. */
  async function acquire(
    r: ReminderDoc,
    user: UserDoc,
    now: Date,
    snoozeOverridden: boolean,
  ): Promise<Lease | null> {
    // `attempts` is a hint (written behind); claims already taken are stepped over below.
    for (let attempt = (r.attempts ?? 0) + 1; ; attempt++) {
      const claimId = claimKey(r.key, attempt);
      if (await retrying(() => tryClaim(claimId, now, instanceId))) {
        return {
          reminder: r,
          user,
          claimId,
          attempt,
          deadline: Date.now() + leaseMs - Math.min(30_000, leaseMs / 4),
          snoozeOverridden,
          round: now,
        };
      }
      const taken = await retrying(() => Claim.findById(claimId).lean());
      if (taken && now.getTime() - taken.at.getTime() < leaseMs) return null; // someone is on it
      const delivered = await retrying(() => SentLog.findOne({ key: r.key }).lean());
      if (delivered) {
        // Delivered earlier; only the status write was lost (a crash) or is still on its way.
        void finish(r, { status: 'sent', sentAt: delivered.sentAt });
        return null;
      }
      if (taken) {
        log.warn(
          { key: r.key, previous: taken.owner, attempt },
          'a send of this reminder was interrupted; sending again (it may arrive twice)',
        );
      }
    }
  }

  async function deliver(lease: Lease, report: TickReport): Promise<void> {
    const r = lease.reminder;
    let text: string | null;
    try {
      text = await renderReminder(r, lease.user, {
        now: opts.clock.now(),
        timeZone: tz,
        snoozeOverridden: lease.snoozeOverridden,
      });
    } catch (err) {
      log.error({ err, key: r.key }, 'could not compose reminder');
      await settle(
        lease,
        { status: 'retry', reason: `compose: ${String(err)}`, retryAfterMs: null, uncertain: false },
        report,
      );
      return;
    }
    if (text === null) {
      void finish(r, { status: 'skipped', lastError: 'nothing left to remind of' }, lease.attempt);
      report.skipped++;
      return;
    }
    const d = await opts.notifier.send(
      { telegramId: r.telegramId, text },
      { deadline: lease.deadline, signal: abort.signal },
    );
    await settle(lease, d, report);
  }

  async function settle(lease: Lease, d: Delivery, report: TickReport): Promise<void> {
    const r = lease.reminder;
    const now = opts.clock.now();
    if (d.status === 'sent') {
      await recordDelivery({ key: r.key, telegramId: r.telegramId, messageId: d.messageId, at: now });
      // The round's time, so the deliveries of a round share one write; SentLog has the exact time.
      void finish(r, { status: 'sent', sentAt: lease.round }, lease.attempt);
      report.sent++;
      return;
    }
    if (d.status === 'not-sent') {
      // Never started: give the claim back so the next round (here or elsewhere) can take it.
      await retrying(() => Claim.deleteOne({ _id: lease.claimId, owner: instanceId }));
      return;
    }
    if (d.status === 'blocked' && !d.attempted) {
      void finish(r, { status: 'skipped', lastError: 'recipient-inactive' }, lease.attempt);
      report.skipped++;
      return;
    }
    if (d.status === 'blocked' || d.status === 'rejected') {
      const reason = d.status === 'blocked' ? `blocked the bot (${d.reason})` : d.reason;
      void finish(r, { status: 'failed', lastError: reason }, lease.attempt);
      report.failed++;
      log.warn({ key: r.key, reason: d.reason }, 'reminder failed for good');
      return;
    }
    if (d.uncertain) {
      log.warn({ key: r.key, reason: d.reason }, 'no answer from Telegram; will send again (may repeat)');
    }
    if (lease.attempt >= maxAttempts) {
      const reason = `after ${lease.attempt} tries: ${d.reason}`;
      void finish(r, { status: 'failed', lastError: reason }, lease.attempt);
      report.failed++;
      log.warn({ key: r.key, reason: d.reason }, 'reminder failed after its last try');
      return;
    }
    const wait = Math.max(retryDelayMs(lease.attempt), d.retryAfterMs ?? 0);
    void writes.update(
      { _id: r._id },
      {
        $set: {
          attempts: lease.attempt,
          lastError: d.reason,
          nextAttemptAt: new Date(now.getTime() + wait),
        },
      },
    );
    report.retrying++;
  }

  /**
   * Inserts the delivery record: from now on the reminder counts as delivered everywhere. If the
   * database keeps refusing, the record is kept here and tried again each round and on stop,
   * because a delivery left unrecorded would be sent again once its lease runs out.
   */
  const unrecorded = new Map<string, { key: string; telegramId: number; messageId: number; at: Date }>();
  async function recordDelivery(d: { key: string; telegramId: number; messageId: number; at: Date }) {
    try {
      await retrying(() =>
        SentLog.create({
          key: d.key,
          telegramId: d.telegramId,
          messageId: d.messageId,
          sentAt: d.at,
          instance: instanceId,
        }),
      );
      unrecorded.delete(d.key);
    } catch (err) {
      if (isDuplicateKey(err)) {
        unrecorded.delete(d.key);
        log.error({ key: d.key }, 'delivered a reminder that was already recorded as delivered');
        return;
      }
      unrecorded.set(d.key, d);
      log.error({ err, key: d.key }, 'delivered but not yet recorded; will keep trying');
    }
  }
  async function recordPending() {
    for (const d of [...unrecorded.values()]) await recordDelivery(d);
  }

  function finish(
    r: ReminderDoc,
    set: { status: 'sent' | 'skipped' | 'failed'; sentAt?: Date; lastError?: string },
    attempts?: number,
  ): Promise<void> {
    return writes.update(
      { _id: r._id },
      {
        $set: {
          lastError: null,
          ...set,
          ...(attempts !== undefined ? { attempts } : {}),
          nextAttemptAt: null,
        },
      },
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
    // Messages still waiting for a sending slot come back as not sent and their claims are
    // deleted; requests already on their way to Telegram are awaited.
    abort.abort();
    if (task) {
      await task.stop();
      await task.destroy();
      task = null;
    }
    await current?.catch(() => {});
    await recordPending();
    await writes.flush();
    started = false;
    log.info('reminder scheduler stopped');
  }

  return { instanceId, tick, start, stop };
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
