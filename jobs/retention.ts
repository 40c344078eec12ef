import { type mongo, Types } from 'mongoose';
import cron, { type ScheduledTask } from 'node-cron';
import type { Clock } from '../src/clock.ts';
import type { Config } from '../src/config.ts';
import {
  AccessRequest,
  AuditEvent,
  Claim,
  ConversationState,
  Draft,
  Invite,
  ProgressReport,
  Reminder,
  SentLog,
  tryClaim,
} from '../src/db/models/index.ts';
import { localDay } from '../src/domain/calendar.ts';
import type { Logger } from '../src/logger.ts';
import { CONVERSATION_TTL_MS } from '../src/services/chat-state.ts';

/**
 * The retention job: once a day, at a quiet hour, it deletes what nobody needs any more, so the
 * collections that are read by filter (on FerretDB every non-`_id` query scans its collection)
 * stop growing forever. FerretDB has no TTL indexes, so this is the purge the models' comments
 * refer to.
 *
 * Once across instances: every instance schedules it, and the run of a day belongs to whoever
 * inserts the claim `retention:<local day>` (the project's unique-insert pattern, see
 * db/models/counter.ts). A run stopped half-way (SIGTERM) gives its claim back, so another
 * instance, or the next start, can do that day's purge; everything it deletes is chosen by filter,
 * so a run repeated or interrupted loses nothing and half-deletes nothing that matters.
 *
 * What goes, and when (the README's "Retention" table says the same):
 * - conversation state: when it expired, i.e. idle for CONVERSATION_TTL_MS (30 days). The draft
 *   keeps every answer, so nothing a person typed is lost with it.
 * - drafts: untouched (no answer saved) for 90 days.
 * - reminders: 60 days after they went stale (after `staleAt` nothing is ever sent: the scheduler
 *   skips them and the planner never plans one whose `staleAt` has passed).
 * - sent logs and `send:<reminder key>:<try>` claims: 60 days after they were written, unless the
 *   reminder they guard still exists and is not stale (then it could still be picked up).
 * - `access-request:<id>:decision` claims: 30 days on, once the request is decided and the decision
 *   complete (its audit event exists), or the request is gone. An incomplete decision keeps its
 *   claim: the payload is what completes it.
 * - `invite:<id>:user:<telegramId>` / `invite:<id>:slot:<n>` claims: 30 days after the invite
 *   expired, or once it is revoked or gone (a redemption of an expired or revoked invite is
 *   refused before any claim is looked at).
 * - `report-rev:<reportId>:<n>` claims: only once the report is gone; while it exists they are the
 *   idempotency keys of its revisions.
 * - `retention:<day>` claims (this job's own): after 30 days.
 * Never deleted: `seq:<sequence>:<n>` (model codes: the counter is only a hint, the claims decide
 * uniqueness), `campaign-prefix:<prefix>`, audit events (the history, and the status-change claims
 * `initiative:<id>:v<n>`), and any claim of a kind not listed here: a new kind of claim is kept
 * until someone decides its retention in this file.
 */

const DAY_MS = 86_400_000;
/** Documents deleted per statement (FerretDB's SQLite handler allows 32,766 SQL variables). */
const CHUNK = 10_000;

export const RETENTION = {
  conversationIdleMs: CONVERSATION_TTL_MS,
  draftUntouchedMs: 90 * DAY_MS,
  reminderAfterStaleMs: 60 * DAY_MS,
  sentAfterMs: 60 * DAY_MS,
  decidedClaimAfterMs: 30 * DAY_MS,
  inviteAfterExpiryMs: 30 * DAY_MS,
  ownClaimAfterMs: 30 * DAY_MS,
} as const;

/** Local time of the daily run (node-cron, in the configured time zone): 03:30, in the quiet hours. */
export const RETENTION_CRON = '30 3 * * *';

export interface PurgeReport {
  conversationStates: number;
  drafts: number;
  reminders: number;
  sentLogs: number;
  sendClaims: number;
  accessRequestClaims: number;
  inviteClaims: number;
  reportRevisionClaims: number;
  retentionClaims: number;
}

export interface RetentionOptions {
  config: Pick<Config, 'TIME_ZONE'>;
  logger: Logger;
  clock: Clock;
  /** Names this process in the day's claim. */
  instanceId: string;
}

export type RunResult =
  | { ran: true; day: string; report: PurgeReport }
  | { ran: false; day: string; reason: 'claimed-elsewhere' | 'stopping' | 'interrupted' };

export interface RetentionJob {
  /** Today's purge, if no instance has claimed it yet. */
  runOnce(): Promise<RunResult>;
  /** Schedules the daily run. */
  start(): void;
  /** Stops the schedule; a run in progress stops after its current step and gives back its claim. */
  stop(): Promise<void>;
}

type Doc = mongo.Document;
const raw = (m: { collection: unknown }) => m.collection as unknown as mongo.Collection<Doc>;

/** `_id` range of the claims whose key starts with `prefix` (`prefix` ends with ':'; ';' follows ':'). */
const idRange = (prefix: string) => ({ $gte: prefix, $lt: `${prefix.slice(0, -1)};` });

export function createRetentionJob(opts: RetentionOptions): RetentionJob {
  const log = opts.logger.child({ component: 'retention', instance: opts.instanceId });
  let stopping = false;
  let task: ScheduledTask | null = null;
  let current: Promise<RunResult> | null = null;

  class Interrupted extends Error {}

  /**
   * Deletes the documents matching `filter`, up to CHUNK at a time by `_id`. `keep` names, of a
   * chunk, those that must stay after all (checked against other collections); they are left out
   * of the following chunks. Chunks are large on purpose: on FerretDB each read and each delete
   * scans the collection, and one deleteMany over more than ~32,000 documents fails on its SQLite
   * handler ("too many SQL variables", measured with bench/retention.bench.ts at 100,000).
   */
  async function purge(
    col: mongo.Collection<Doc>,
    filter: Record<string, unknown>,
    keep?: (docs: Doc[]) => Promise<Set<string>>,
  ): Promise<number> {
    let deleted = 0;
    const kept: Doc['_id'][] = [];
    for (;;) {
      if (stopping) throw new Interrupted();
      const q = kept.length > 0 ? { $and: [filter, { _id: { $nin: kept } }] } : filter;
      const docs = await col.find(q).limit(CHUNK).toArray();
      if (docs.length === 0) return deleted;
      const stay = keep ? await keep(docs) : new Set<string>();
      const ids: Doc['_id'][] = [];
      for (const d of docs) (stay.has(String(d._id)) ? kept : ids).push(d._id);
      if (ids.length > 0) deleted += (await col.deleteMany({ _id: { $in: ids } })).deletedCount;
      if (docs.length < CHUNK) return deleted;
    }
  }

  /** Keys of reminders that still exist and are not stale: what a sent log or a send claim guards. */
  async function liveReminderKeys(keys: string[], now: Date): Promise<Set<string>> {
    const live = await raw(Reminder)
      .find({ key: { $in: keys }, staleAt: { $gt: now } }, { projection: { key: 1 } })
      .toArray();
    return new Set(live.map((r) => String(r.key)));
  }

  async function purgeAll(now: Date): Promise<PurgeReport> {
    const before = (ms: number) => new Date(now.getTime() - ms);
    const claims = raw(Claim);
    const report: PurgeReport = {
      conversationStates: await purge(raw(ConversationState), { expiresAt: { $lte: now } }),
      drafts: await purge(raw(Draft), {
        $or: [
          { savedAt: { $lt: before(RETENTION.draftUntouchedMs) } },
          // Started and never answered: its last write is the start.
          { savedAt: null, updatedAt: { $lt: before(RETENTION.draftUntouchedMs) } },
        ],
      }),
      reminders: 0,
      sentLogs: 0,
      sendClaims: 0,
      accessRequestClaims: 0,
      inviteClaims: 0,
      reportRevisionClaims: 0,
      retentionClaims: 0,
    };
    report.sentLogs = await purge(
      raw(SentLog),
      { sentAt: { $lt: before(RETENTION.sentAfterMs) } },
      async (docs) => {
        const live = await liveReminderKeys(
          docs.map((d) => String(d.key)),
          now,
        );
        return new Set(docs.filter((d) => live.has(String(d.key))).map((d) => String(d._id)));
      },
    );
    const sendKey = (id: string) => id.slice('send:'.length, id.lastIndexOf(':'));
    report.sendClaims = await purge(
      claims,
      { _id: idRange('send:'), at: { $lt: before(RETENTION.sentAfterMs) } },
      async (docs) => {
        const live = await liveReminderKeys(
          docs.map((d) => sendKey(String(d._id))),
          now,
        );
        return new Set(docs.map((d) => String(d._id)).filter((id) => live.has(sendKey(id))));
      },
    );
    report.reminders = await purge(raw(Reminder), {
      staleAt: { $lt: before(RETENTION.reminderAfterStaleMs) },
    });
    report.accessRequestClaims = await purge(
      claims,
      { _id: idRange('access-request:'), at: { $lt: before(RETENTION.decidedClaimAfterMs) } },
      async (docs) => {
        const stay = new Set<string>();
        for (const d of docs) {
          const id = String(d._id);
          const requestId = id.split(':')[1] ?? '';
          if (!/^[a-f0-9]{24}$/.test(requestId) || !id.endsWith(':decision')) {
            stay.add(id); // not a kind decided here
            continue;
          }
          const req = await raw(AccessRequest).findOne(
            { _id: new Types.ObjectId(requestId) },
            { projection: { status: 1 } },
          );
          if (!req) continue;
          if (req.status === 'pending' || !(await raw(AuditEvent).findOne({ key: id }))) stay.add(id);
        }
        return stay;
      },
    );
    report.inviteClaims = await purge(
      claims,
      { _id: idRange('invite:'), at: { $lt: before(RETENTION.decidedClaimAfterMs) } },
      async (docs) => {
        const stay = new Set<string>();
        const expiredBefore = before(RETENTION.inviteAfterExpiryMs);
        for (const d of docs) {
          const id = String(d._id);
          const inviteId = id.split(':')[1] ?? '';
          if (!/^[a-f0-9]{24}$/.test(inviteId)) {
            stay.add(id);
            continue;
          }
          const inv = await raw(Invite).findOne(
            { _id: new Types.ObjectId(inviteId) },
            { projection: { expiresAt: 1, revoked: 1 } },
          );
          if (!inv || inv.revoked === true) continue;
          if (!((inv.expiresAt as Date) < expiredBefore)) stay.add(id);
        }
        return stay;
      },
    );
    report.reportRevisionClaims = await purge(claims, { _id: idRange('report-rev:') }, async (docs) => {
      const stay = new Set<string>();
      for (const d of docs) {
        const id = String(d._id);
        const reportId = id.split(':')[1] ?? '';
        if (!/^[a-f0-9]{24}$/.test(reportId)) {
          stay.add(id);
          continue;
        }
        if (
          await raw(ProgressReport).findOne({ _id: new Types.ObjectId(reportId) }, { projection: { _id: 1 } })
        )
          stay.add(id);
      }
      return stay;
    });
    report.retentionClaims = await purge(claims, {
      _id: idRange('retention:'),
      at: { $lt: before(RETENTION.ownClaimAfterMs) },
    });
    return report;
  }

  async function run(): Promise<RunResult> {
    const now = opts.clock.now();
    const day = localDay(now, opts.config.TIME_ZONE);
    if (stopping) return { ran: false, day, reason: 'stopping' };
    const key = `retention:${day}`;
    if (!(await tryClaim(key, now, opts.instanceId))) return { ran: false, day, reason: 'claimed-elsewhere' };
    try {
      const report = await purgeAll(now);
      await Claim.updateOne({ _id: key, owner: opts.instanceId }, { $set: { payload: report } });
      log.info({ day, ...report }, 'retention: purged old records');
      return { ran: true, day, report };
    } catch (err) {
      // Give the day back: another instance (or the next start) does it; nothing half-done matters.
      await Claim.deleteOne({ _id: key, owner: opts.instanceId }).catch(() => {});
      if (err instanceof Interrupted) {
        log.info({ day }, 'retention: stopped before the purge finished; the day is left for another run');
        return { ran: false, day, reason: 'interrupted' };
      }
      throw err;
    }
  }

  function runOnce(): Promise<RunResult> {
    if (current) return current;
    current = run().finally(() => {
      current = null;
    });
    return current;
  }

  function start(): void {
    if (task) return;
    stopping = false;
    task = cron.schedule(
      RETENTION_CRON,
      async () => {
        await runOnce().catch((err) => log.error({ err }, 'retention run failed'));
      },
      { timezone: opts.config.TIME_ZONE, name: `retention-${opts.instanceId}`, noOverlap: true },
    );
    log.info({ at: RETENTION_CRON, timeZone: opts.config.TIME_ZONE }, 'retention job started');
  }

  async function stop(): Promise<void> {
    stopping = true;
    if (task) {
      await task.stop();
      await task.destroy();
      task = null;
    }
    await current?.catch(() => {});
    log.info('retention job stopped');
  }

  return { runOnce, start, stop };
}
