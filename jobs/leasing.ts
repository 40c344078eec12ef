import {
  Claim,
  isDuplicateKey,
  Reminder,
  type ReminderDoc,
  SentLog,
  tryClaim,
  type UserDoc,
} from '../src/db/models/index.ts';
import type { Logger } from '../src/logger.ts';
import { type ReminderStatuses, retrying } from './write-behind.ts';

/**
 * Who may send a reminder, and the record that it was sent: the once-only gate of the scheduler.
 *
 * FerretDB applies conditional updates as read-then-write, so two instances could both "win" a
 * `findOneAndUpdate({ status: 'pending' })`. The one atomic compare-and-set on every
 * MongoDB-compatible server is a unique-index insert, so:
 * - the lease is a claim, `send:<reminder key>:<try>` (see db/models/counter.ts), inserted before
 *   sending: whoever inserts it sends that try, everyone else gets a duplicate key and leaves it;
 * - the delivery is recorded by inserting `SentLog { key: reminder key, messageId }` once Telegram
 *   has accepted the message, unique per recipient and occasion.
 * A claim older than `leaseMs` with no SentLog entry belongs to an instance that died: the next
 * instance claims the next try (a new key, so two rescuers cannot both win) and sends. A live
 * sender never outlives its lease: the notifier starts no message after the lease's end and
 * aborts a request still running then. A message never started gives its claim back (`release`).
 *
 * Both steps are inserts on purpose: on FerretDB 1.24 (SQLite) an insert or a lookup by key costs
 * about a millisecond, while updating or deleting one document scans its collection (~75 ms per
 * update with 10,000 reminders, measured). The reminder's own `status` is therefore written behind
 * (write-behind.ts) and follows the claims and the SentLog; a status lost in a crash is repaired
 * from them when the reminder comes up again.
 *
 * The window that remains: an instance that dies after Telegram accepted a message and before the
 * SentLog insert leaves a claim without a SentLog entry; after the lease that reminder is sent
 * again and the log says it may arrive twice. That is at most one message per request in flight
 * at the moment of the crash. We chose a possible repeat over a possible loss (recording before
 * sending), because a missed deadline costs more than a second copy of a reminder.
 */

export interface Lease {
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

interface DeliveryRecord {
  key: string;
  telegramId: number;
  messageId: number;
  at: Date;
}

export const claimKey = (key: string, attempt: number) => `send:${key}:${attempt}`;

export function createLeasing(opts: {
  instanceId: string;
  leaseMs: number;
  log: Logger;
  statuses: ReminderStatuses;
}) {
  const { instanceId, leaseMs, log, statuses } = opts;
  /** Deliveries Telegram accepted that the database has not recorded yet (kept until it does). */
  const unrecorded = new Map<string, DeliveryRecord>();

  /** Takes the next free try of a reminder. Returns null when someone else has it or it was sent. */
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
        void statuses.finish(r, { status: 'sent', sentAt: delivered.sentAt });
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

  /** The message was never started: the next round (here or elsewhere) may take the reminder. */
  async function release(lease: Lease): Promise<void> {
    await retrying(() => Claim.deleteOne({ _id: lease.claimId, owner: instanceId }));
  }

  /**
   * Inserts the delivery record: from now on the reminder counts as delivered everywhere. If the
   * database keeps refusing, the record is kept here and tried again each round and on stop,
   * because a delivery left unrecorded would be sent again once its lease runs out.
   */
  async function recordDelivery(d: DeliveryRecord): Promise<void> {
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

  async function recordPending(): Promise<void> {
    for (const d of [...unrecorded.values()]) await recordDelivery(d);
  }

  return { acquire, release, recordDelivery, recordPending };
}

export type Leasing = ReturnType<typeof createLeasing>;

/**
 * Reminders left by the scheduler before leases were claims carry `status: 'sending'` and the
 * fields `leaseOwner` / `leaseUntil`, which nothing reads any more. On the first round they are
 * settled from what the SentLog says: delivered ones (a message id recorded) become `sent`, the
 * others `pending` again, their old intent record dropped (sent once more, as a lease that ran out
 * always was). Returns how many it settled.
 */
export async function settleLegacyLeases(): Promise<number> {
  const legacy = await Reminder.collection.find({ status: 'sending' }, { projection: { key: 1 } }).toArray();
  for (const r of legacy) {
    const log = await SentLog.findOne({ key: r.key }).lean();
    const delivered = log && log.messageId !== null ? log : null;
    // The old scheduler wrote its intent (a SentLog without a message id) before sending.
    if (log && !delivered) await SentLog.deleteOne({ _id: log._id, messageId: null });
    await Reminder.collection.updateOne(
      { _id: r._id, status: 'sending' },
      {
        $set: delivered ? { status: 'sent', sentAt: delivered.sentAt } : { status: 'pending' },
        $unset: { leaseOwner: '', leaseUntil: '' },
      },
    );
  }
  return legacy.length;
}
