import type { Clock } from '../src/clock.ts';
import {
  type CampaignDoc,
  Reminder,
  type ReminderDoc,
  Unit,
  type UnitDoc,
  User,
  type UserDoc,
} from '../src/db/models/index.ts';
import { addDays, type Day, isValidDay, localDay, zonedInstant } from '../src/domain/calendar.ts';
import { currentPhase, nextDeadlines } from '../src/domain/phases.ts';
import { isBehind, type UnitLack, unitLack } from './unit-status.ts';

/**
 * What the reminder commands ask of the jobs: `/lichnhac` (upcoming deadlines and where the
 * person's units stand), `/tatnhac` (snooze), and the admins' `deliveries failed`.
 */

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
 * Format the lack with `lackText` from jobs/wording.ts.
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
  // Newest failure first; reminders that failed before `failedAt` was stored have none (shown "-").
  const rows = await Reminder.find({ status: 'failed' })
    .sort({ failedAt: -1, _id: -1 })
    .limit(limit)
    .lean<ReminderDoc[]>();
  return rows.map((r) => ({
    id: String(r._id),
    key: r.key,
    kind: r.kind,
    telegramId: r.telegramId,
    dueAt: r.dueAt,
    attempts: r.attempts ?? 0,
    lastError: r.lastError ?? null,
    failedAt: r.failedAt ?? null,
  }));
}
