import { addDays, localDay, localParts, zonedInstant } from '../src/domain/calendar.ts';

/**
 * When a due reminder may actually go out: pure rules, no I/O.
 * - Quiet hours (local, [from, to), e.g. 21-7) push it to the end of the quiet period. If it is
 *   stale by then (a newer reminder of the same series has taken over) it is skipped, never
 *   stretched: planned reminders fall outside the night, so only a late one can be caught so.
 * - A personal snooze postpones a non-urgent reminder to the end of the snooze; if it would be
 *   stale by then it is skipped (and logged). An urgent (deadline-day) reminder ignores the snooze
 *   and says so in its text, so a snooze never silently drops a deadline.
 */

export interface QuietHours {
  from: number;
  to: number;
}

export function inQuietHours(instant: Date, quiet: QuietHours, timeZone: string): boolean {
  if (quiet.from === quiet.to) return false;
  const h = localParts(instant, timeZone).hour;
  return quiet.from < quiet.to ? h >= quiet.from && h < quiet.to : h >= quiet.from || h < quiet.to;
}

/** The first instant after `instant` at which the quiet period it falls in is over. */
export function quietEnd(instant: Date, quiet: QuietHours, timeZone: string): Date {
  const day = localDay(instant, timeZone);
  const sameDay = zonedInstant(day, timeZone, quiet.to);
  return sameDay > instant ? sameDay : zonedInstant(addDays(day, 1), timeZone, quiet.to);
}

export type Timing =
  | { action: 'send'; snoozeOverridden: boolean }
  | { action: 'defer'; until: Date; reason: 'quiet-hours' | 'snoozed' }
  | {
      action: 'skip';
      reason:
        | 'stale'
        | 'stale-after-quiet-hours'
        | 'snoozed-until-stale'
        | 'recipient-inactive'
        | 'no-recipient';
    };

export function decideTiming(
  reminder: { staleAt: Date; urgent?: boolean | null },
  user: { active?: boolean | null; snoozeUntil?: Date | null } | null,
  now: Date,
  quiet: QuietHours,
  timeZone: string,
): Timing {
  if (!user) return { action: 'skip', reason: 'no-recipient' };
  if (user.active === false) return { action: 'skip', reason: 'recipient-inactive' };
  if (reminder.staleAt <= now) return { action: 'skip', reason: 'stale' };
  const snoozed = !!user.snoozeUntil && user.snoozeUntil > now;
  let at = now;
  let reason: 'quiet-hours' | 'snoozed' = 'quiet-hours';
  if (snoozed && !reminder.urgent) {
    if (user.snoozeUntil! >= reminder.staleAt) return { action: 'skip', reason: 'snoozed-until-stale' };
    at = user.snoozeUntil!;
    reason = 'snoozed';
  }
  if (inQuietHours(at, quiet, timeZone)) {
    at = quietEnd(at, quiet, timeZone);
    if (at >= reminder.staleAt) {
      return {
        action: 'skip',
        reason: reason === 'snoozed' ? 'snoozed-until-stale' : 'stale-after-quiet-hours',
      };
    }
  }
  if (at.getTime() === now.getTime()) return { action: 'send', snoozeOverridden: snoozed };
  return { action: 'defer', until: at, reason };
}
