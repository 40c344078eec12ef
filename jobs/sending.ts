import type { Clock } from '../src/clock.ts';
import type { Logger } from '../src/logger.ts';
import { type Delivery, type Notifier, retryDelayMs } from '../src/services/notifications.ts';
import type { Lease, Leasing } from './leasing.ts';
import { renderReminder } from './messages.ts';
import type { ReminderStatuses } from './write-behind.ts';

/**
 * Sending one leased reminder: compose its text (in the recipient's language, with the state of
 * the day it goes out), hand it to the notifier, and record what happened: the delivery record at
 * once (leasing.ts), the reminder's status behind (write-behind.ts), or a retry with backoff.
 */

export interface TickReport {
  planned: number;
  sent: number;
  skipped: number;
  deferred: number;
  retrying: number;
  failed: number;
}

export const emptyTickReport = (): TickReport => ({
  planned: 0,
  sent: 0,
  skipped: 0,
  deferred: 0,
  retrying: 0,
  failed: 0,
});

export function createSender(opts: {
  clock: Clock;
  timeZone: string;
  log: Logger;
  notifier: Notifier;
  leasing: Leasing;
  statuses: ReminderStatuses;
  /** Tries before a reminder is recorded as failed. */
  maxAttempts: number;
  /** Aborted when the scheduler stops: messages still waiting for a slot come back unsent. */
  signal: () => AbortSignal;
}) {
  const { clock, log, leasing, statuses } = opts;

  async function deliver(lease: Lease, report: TickReport): Promise<void> {
    const r = lease.reminder;
    let text: string | null;
    try {
      text = await renderReminder(r, lease.user, {
        now: clock.now(),
        timeZone: opts.timeZone,
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
      void statuses.finish(r, { status: 'skipped', lastError: 'nothing left to remind of' }, lease.attempt);
      report.skipped++;
      return;
    }
    const d = await opts.notifier.send(
      { telegramId: r.telegramId, text },
      { deadline: lease.deadline, signal: opts.signal() },
    );
    await settle(lease, d, report);
  }

  async function settle(lease: Lease, d: Delivery, report: TickReport): Promise<void> {
    const r = lease.reminder;
    const now = clock.now();
    if (d.status === 'sent') {
      await leasing.recordDelivery({ key: r.key, telegramId: r.telegramId, messageId: d.messageId, at: now });
      // The round's time, so the deliveries of a round share one write; SentLog has the exact time.
      void statuses.finish(r, { status: 'sent', sentAt: lease.round }, lease.attempt);
      report.sent++;
      return;
    }
    if (d.status === 'not-sent') {
      await leasing.release(lease);
      return;
    }
    if (d.status === 'blocked' && !d.attempted) {
      void statuses.finish(r, { status: 'skipped', lastError: 'recipient-inactive' }, lease.attempt);
      report.skipped++;
      return;
    }
    if (d.status === 'blocked' || d.status === 'rejected') {
      const reason = d.status === 'blocked' ? `blocked the bot (${d.reason})` : d.reason;
      void statuses.finish(r, { status: 'failed', lastError: reason }, lease.attempt);
      report.failed++;
      log.warn({ key: r.key, reason: d.reason }, 'reminder failed for good');
      return;
    }
    if (d.uncertain) {
      log.warn({ key: r.key, reason: d.reason }, 'no answer from Telegram; will send again (may repeat)');
    }
    if (lease.attempt >= opts.maxAttempts) {
      const reason = `after ${lease.attempt} tries: ${d.reason}`;
      void statuses.finish(r, { status: 'failed', lastError: reason }, lease.attempt);
      report.failed++;
      log.warn({ key: r.key, reason: d.reason }, 'reminder failed after its last try');
      return;
    }
    const wait = Math.max(retryDelayMs(lease.attempt), d.retryAfterMs ?? 0);
    void statuses.retryAt(r, lease.attempt, d.reason, new Date(now.getTime() + wait));
    report.retrying++;
  }

  return { deliver };
}
