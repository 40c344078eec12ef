import { describe, expect, it } from 'vitest';
import { zonedInstant } from '../src/domain/calendar.ts';
import { decideTiming, inQuietHours, quietEnd } from './timing.ts';

const TZ = 'Asia/Ho_Chi_Minh';
const at = (day: string, hour: number, minute = 0) => zonedInstant(day, TZ, hour, minute);
const night = { from: 21, to: 7 };
const active = { active: true, snoozeUntil: null };

describe('quiet hours', () => {
  it('cover the night across midnight and end at the configured hour', () => {
    expect(inQuietHours(at('2026-12-11', 20, 59), night, TZ)).toBe(false);
    expect(inQuietHours(at('2026-12-11', 21), night, TZ)).toBe(true);
    expect(inQuietHours(at('2026-12-12', 6, 59), night, TZ)).toBe(true);
    expect(inQuietHours(at('2026-12-12', 7), night, TZ)).toBe(false);
    expect(quietEnd(at('2026-12-11', 22), night, TZ)).toEqual(at('2026-12-12', 7));
    expect(quietEnd(at('2026-12-12', 3), night, TZ)).toEqual(at('2026-12-12', 7));
    expect(inQuietHours(at('2026-12-12', 3), { from: 0, to: 0 }, TZ)).toBe(false);
    expect(inQuietHours(at('2026-12-12', 13), { from: 12, to: 14 }, TZ)).toBe(true);
  });
});

describe('when a due reminder goes out', () => {
  const reminder = { staleAt: at('2026-12-15', 8), urgent: false };

  it('goes now in the day, waits for the morning at night, and is skipped once superseded', () => {
    expect(decideTiming(reminder, active, at('2026-12-11', 8), night, TZ)).toEqual({
      action: 'send',
      snoozeOverridden: false,
    });
    expect(decideTiming(reminder, active, at('2026-12-11', 23), night, TZ)).toEqual({
      action: 'defer',
      until: at('2026-12-12', 7),
      reason: 'quiet-hours',
    });
    expect(decideTiming(reminder, active, at('2026-12-15', 8), night, TZ)).toEqual({
      action: 'skip',
      reason: 'stale',
    });
    const lateAtNight = { staleAt: at('2026-12-12', 0), urgent: false };
    expect(decideTiming(lateAtNight, active, at('2026-12-11', 22), night, TZ)).toEqual({
      action: 'skip',
      reason: 'stale-after-quiet-hours',
    });
  });

  it('waits for the end of a snooze unless it is urgent, and is skipped if the snooze outlives it', () => {
    const snoozed = { active: true, snoozeUntil: at('2026-12-13', 0) };
    expect(decideTiming(reminder, snoozed, at('2026-12-11', 8), night, TZ)).toEqual({
      action: 'defer',
      until: at('2026-12-13', 7),
      reason: 'snoozed',
    });
    expect(decideTiming({ ...reminder, urgent: true }, snoozed, at('2026-12-11', 8), night, TZ)).toEqual({
      action: 'send',
      snoozeOverridden: true,
    });
    const longSnooze = { active: true, snoozeUntil: at('2026-12-20', 0) };
    expect(decideTiming(reminder, longSnooze, at('2026-12-11', 8), night, TZ)).toEqual({
      action: 'skip',
      reason: 'snoozed-until-stale',
    });
  });

  it('is not sent to someone who blocked the bot or is unknown', () => {
    expect(decideTiming(reminder, { active: false }, at('2026-12-11', 8), night, TZ)).toMatchObject({
      reason: 'recipient-inactive',
    });
    expect(decideTiming(reminder, null, at('2026-12-11', 8), night, TZ)).toMatchObject({
      reason: 'no-recipient',
    });
  });
});
