import type { Types } from 'mongoose';
import type { Clock } from '../src/clock.ts';
import type { Config } from '../src/config.ts';
import {
  Campaign,
  type CampaignDoc,
  Initiative,
  isDuplicateKey,
  Reminder,
  User,
  type UserDoc,
} from '../src/db/models/index.ts';
import { addDays, type Day, localDay, zonedInstant } from '../src/domain/calendar.ts';
import {
  allTasks,
  periodKeyAt,
  periodKeyOfDay,
  periodRange,
  previousPeriodKey,
} from '../src/domain/phases.ts';
import type { Logger } from '../src/logger.ts';
import {
  FOLLOW_UP_GRACE_DAYS,
  type FollowUp,
  followUpAnswered,
  followUps,
  type HonouredModel,
  honouredModels,
} from './follow-up.ts';
import { CampaignScope } from './scope.ts';
import { lacksReport, OPEN_STATUSES } from './unit-status.ts';

/**
 * Turns each active campaign into reminder records: data with a due time, a time after which it
 * is no longer worth sending, and a key naming the recipient and the occasion. Planning is
 * idempotent (a unique key, duplicates ignored), so every scheduler instance may plan as often as
 * it likes. It looks `horizonHours` ahead and plans whatever is still relevant (staleAt in the
 * future), so a restart after downtime plans what was missed and is still worth sending.
 *
 * Who receives what is decided here; what the message says (who is behind, which models lack a
 * report) is computed when it is sent (see jobs/messages.ts), so it is true on the day it arrives.
 *
 * Occasions and keys:
 * - `deadline:<campaign>:<task>:d<offset>:<unit>:<tg>`: coordinators of each unit at the task's
 *   level (every level taking part when the task has none), `offset` days before the due day at
 *   REMINDER_HOUR. Stale when the next, closer reminder is due; the deadline-day one (offset 0) is
 *   urgent and stale at the end of that day.
 * - `overdue:<campaign>:<task>:<parent>:<tg>`: the day after the deadline, the coordinators of each
 *   parent unit, listing the units under it still behind (only tasks with a measurable check).
 * - `nudge:<campaign>:<period>:<tg>`: cadres whose models open for reports have no report for the
 *   period, `reportNudgeDays` days before it ends.
 * - `report-overdue:<campaign>:<period>:<unit>:<tg>`: the day after the period ends, the
 *   coordinators of the nearest unit above such models that has any.
 * - `digest:<campaign>:<day>:<unit>:<tg>`: on DIGEST_WEEKDAY at DIGEST_HOUR, board members and
 *   coordinators, one per distinct unit they hold (a unit inside another of theirs is left out).
 * - `follow-up:<campaign>:<model>:<honour day>:m<months>:<tg>`: the owner of an honoured model on
 *   each follow-up day at REMINDER_HOUR (see jobs/follow-up.ts), unless a report already answers
 *   it; stale once the model is overdue for it.
 */

export type PlannerConfig = Pick<Config, 'TIME_ZONE' | 'REMINDER_HOUR' | 'DIGEST_WEEKDAY' | 'DIGEST_HOUR'>;

export interface PlannerOptions {
  config: PlannerConfig;
  clock: Clock;
  logger?: Logger;
  /** How far ahead to plan. Two days: short enough that role changes are picked up. */
  horizonHours?: number;
}

export interface PlanResult {
  campaigns: number;
  considered: number;
  created: number;
}

interface Draft {
  key: string;
  kind: 'phase-deadline' | 'report-nudge' | 'report-overdue' | 'weekly-digest' | 'follow-up';
  campaignId: Types.ObjectId;
  userId: Types.ObjectId;
  telegramId: number;
  unitId: Types.ObjectId | null;
  dueAt: Date;
  staleAt: Date;
  urgent: boolean;
  payload: Record<string, unknown>;
}

const DAY_MS = 24 * 60 * 60_000;

export async function planReminders(opts: PlannerOptions): Promise<PlanResult> {
  const now = opts.clock.now();
  const horizon = new Date(now.getTime() + (opts.horizonHours ?? 48) * 60 * 60_000);
  const window = { now, horizon };
  const campaigns = await Campaign.find({ status: 'active' }).lean<CampaignDoc[]>();
  const result: PlanResult = { campaigns: 0, considered: 0, created: 0 };
  for (const campaign of campaigns) {
    const today = localDay(now, opts.config.TIME_ZONE);
    // A week after its end a campaign has nothing left to remind anyone of.
    if (today > addDays(campaign.end, 8)) continue;
    result.campaigns++;
    const scope = await CampaignScope.load(campaign);
    const drafts = [
      ...phaseDeadlines(campaign, scope, opts.config, window),
      ...(await reportOccasions(campaign, scope, opts.config, window)),
      ...digests(campaign, scope, opts.config, window),
      ...(await followUpOccasions(campaign, opts.config, window)),
    ];
    result.considered += drafts.length;
    result.created += await insertNew(drafts);
  }
  if (result.created > 0) opts.logger?.info(result, 'planned reminders');
  return result;
}

/** Inserts the drafts whose key is new; a key planned by someone else meanwhile is ignored. */
async function insertNew(drafts: Draft[]): Promise<number> {
  let created = 0;
  for (let i = 0; i < drafts.length; i += 500) {
    const chunk = drafts.slice(i, i + 500);
    const known = new Set(
      (await Reminder.find({ key: { $in: chunk.map((d) => d.key) } }, { key: 1 }).lean()).map((r) => r.key),
    );
    for (const d of chunk) {
      if (known.has(d.key)) continue;
      try {
        await Reminder.create({ ...d, status: 'pending' });
        created++;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    }
  }
  return created;
}

interface Window {
  now: Date;
  horizon: Date;
}

/** One reminder to one person; the key's first part is the occasion, the last the recipient. */
function draft(
  campaign: CampaignDoc,
  user: UserDoc,
  occasion: string,
  d: Pick<Draft, 'kind' | 'dueAt' | 'staleAt' | 'payload'> & {
    unitId?: Types.ObjectId | null;
    urgent?: boolean;
  },
): Draft {
  return {
    key: `${occasion}:${user.telegramId}`,
    campaignId: campaign._id,
    userId: user._id,
    telegramId: user.telegramId,
    ...d,
    unitId: d.unitId ?? null,
    urgent: d.urgent ?? false,
  };
}

const inWindow = (w: Window, dueAt: Date, staleAt: Date) => dueAt <= w.horizon && staleAt > w.now;

function phaseDeadlines(
  campaign: CampaignDoc,
  scope: CampaignScope,
  config: PlannerConfig,
  w: Window,
): Draft[] {
  const tz = config.TIME_ZONE;
  const at = (day: Day) => zonedInstant(day, tz, config.REMINDER_HOUR);
  const offsets = [...new Set(campaign.reminderOffsets)].sort((a, b) => b - a);
  const levels = campaign.levels.length > 0 ? campaign.levels : null;
  const drafts: Draft[] = [];
  for (const { phase, task } of allTasks(campaign)) {
    const units = scope.units.filter((u) =>
      task.level ? u.level === task.level : !levels || levels.includes(u.level),
    );
    offsets.forEach((offset, i) => {
      const dueAt = at(addDays(task.due, -offset));
      const next = offsets[i + 1];
      const staleAt =
        next === undefined ? zonedInstant(addDays(task.due, 1), tz, 0) : at(addDays(task.due, -next));
      if (!inWindow(w, dueAt, staleAt)) return;
      for (const unit of units) {
        for (const user of scope.coordinatorsOf(unit._id)) {
          drafts.push(
            draft(campaign, user, `deadline:${campaign._id}:${task.code}:d${offset}:${unit._id}`, {
              kind: 'phase-deadline',
              unitId: unit._id,
              dueAt,
              staleAt,
              urgent: offset === 0,
              payload: { stage: 'before', phaseCode: phase.code, taskCode: task.code, due: task.due, offset },
            }),
          );
        }
      }
    });
    if (!task.check || task.check === 'none') continue;
    const dueAt = at(addDays(task.due, 1));
    const staleAt = zonedInstant(addDays(task.due, 8), tz, 0);
    if (!inWindow(w, dueAt, staleAt)) continue;
    const parents = new Set(units.map((u) => (u.parentId ? String(u.parentId) : null)));
    for (const parentId of parents) {
      const parent = parentId ? scope.byId.get(parentId) : undefined;
      if (!parent) continue;
      for (const user of scope.coordinatorsOf(parent._id)) {
        drafts.push(
          draft(campaign, user, `overdue:${campaign._id}:${task.code}:${parent._id}`, {
            kind: 'phase-deadline',
            unitId: parent._id,
            dueAt,
            staleAt,
            payload: { stage: 'after', phaseCode: phase.code, taskCode: task.code, due: task.due },
          }),
        );
      }
    }
  }
  return drafts;
}

async function reportOccasions(
  campaign: CampaignDoc,
  scope: CampaignScope,
  config: PlannerConfig,
  w: Window,
): Promise<Draft[]> {
  const tz = config.TIME_ZONE;
  const cadence = campaign.reportCadence;
  const current = periodKeyAt(w.now, cadence, tz);
  const next = periodKeyOfDay(addDays(periodRange(current).last, 1), cadence);
  const periods = [previousPeriodKey(current, cadence), current, next].filter((p) => {
    const r = periodRange(p);
    return r.last >= campaign.start && r.first <= campaign.end;
  });
  if (periods.length === 0) return [];
  const open = await Initiative.find(
    { campaignId: campaign._id, status: { $in: OPEN_STATUSES } },
    { createdBy: 1, createdByTelegramId: 1, lastReportPeriod: 1, unitPath: 1, createdAt: 1 },
  ).lean();
  if (open.length === 0) return [];
  const drafts: Draft[] = [];
  for (const period of periods) {
    const { first, last } = periodRange(period);
    const end = zonedInstant(addDays(last, 1), tz, 0);
    const lacking = open.filter((i) => lacksReport(i.lastReportPeriod, period) && i.createdAt < end);
    if (lacking.length === 0) continue;

    // N days before the period ends, but not before it starts (short periods, large N).
    const nudgeDay = [first, addDays(last, -campaign.reportNudgeDays)].sort()[1]!;
    const nudgeAt = zonedInstant(nudgeDay, tz, config.REMINDER_HOUR);
    if (inWindow(w, nudgeAt, end)) {
      const cadres = await User.find({
        active: true,
        telegramId: { $in: [...new Set(lacking.map((i) => i.createdByTelegramId))] },
      }).lean<UserDoc[]>();
      for (const user of cadres) {
        drafts.push(
          draft(campaign, user, `nudge:${campaign._id}:${period}`, {
            kind: 'report-nudge',
            dueAt: nudgeAt,
            staleAt: end,
            payload: { period, due: last },
          }),
        );
      }
    }

    const overdueAt = zonedInstant(addDays(last, 1), tz, config.REMINDER_HOUR);
    const overdueStale = new Date(overdueAt.getTime() + 7 * DAY_MS);
    if (inWindow(w, overdueAt, overdueStale)) {
      const units = new Set<string>();
      for (const i of lacking) {
        const responsible = scope.nearestCoordinated(i.unitPath);
        if (responsible) units.add(responsible);
      }
      for (const unitId of units) {
        for (const user of scope.coordinatorsOf(unitId)) {
          drafts.push(
            draft(campaign, user, `report-overdue:${campaign._id}:${period}:${unitId}`, {
              kind: 'report-overdue',
              unitId: scope.byId.get(unitId)!._id,
              dueAt: overdueAt,
              staleAt: overdueStale,
              payload: { period },
            }),
          );
        }
      }
    }
  }
  return drafts;
}

function digests(campaign: CampaignDoc, scope: CampaignScope, config: PlannerConfig, w: Window): Draft[] {
  const tz = config.TIME_ZONE;
  const today = localDay(w.now, tz);
  const days: Day[] = [];
  for (let d = addDays(today, -1); zonedInstant(d, tz, 0) <= w.horizon; d = addDays(d, 1)) {
    if (weekday(d) === config.DIGEST_WEEKDAY && d >= campaign.start && d <= campaign.end) days.push(d);
  }
  const drafts: Draft[] = [];
  for (const day of days) {
    const dueAt = zonedInstant(day, tz, config.DIGEST_HOUR);
    const staleAt = new Date(dueAt.getTime() + DAY_MS);
    if (!inWindow(w, dueAt, staleAt)) continue;
    for (const { user, unit, role } of scope.digestRecipients()) {
      drafts.push(
        draft(campaign, user, `digest:${campaign._id}:${day}:${unit._id}`, {
          kind: 'weekly-digest',
          unitId: unit._id,
          dueAt,
          staleAt,
          payload: { day, role },
        }),
      );
    }
  }
  return drafts;
}

/** 0 = Sunday ... 6 = Saturday, like DIGEST_WEEKDAY. */
function weekday(day: Day): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

/** The owners of honoured models, on each follow-up day that lies in the window and is unanswered. */
async function followUpOccasions(campaign: CampaignDoc, config: PlannerConfig, w: Window): Promise<Draft[]> {
  const tz = config.TIME_ZONE;
  const occasions: { model: HonouredModel; f: FollowUp; dueAt: Date; staleAt: Date }[] = [];
  for (const model of await honouredModels(campaign._id)) {
    for (const f of followUps(model, campaign, tz)) {
      const dueAt = zonedInstant(f.day, tz, config.REMINDER_HOUR);
      // Stale the day the model becomes overdue for it (the digest says so from then on).
      const staleAt = zonedInstant(addDays(f.day, FOLLOW_UP_GRACE_DAYS + 1), tz, 0);
      if (!inWindow(w, dueAt, staleAt) || followUpAnswered(model, f, campaign.reportCadence)) continue;
      occasions.push({ model, f, dueAt, staleAt });
    }
  }
  if (occasions.length === 0) return [];
  const owners = new Map(
    (
      await User.find({
        active: true,
        telegramId: { $in: [...new Set(occasions.map((o) => o.model.createdByTelegramId))] },
      }).lean<UserDoc[]>()
    ).map((u) => [u.telegramId, u]),
  );
  return occasions.flatMap(({ model, f, dueAt, staleAt }) => {
    const owner = owners.get(model.createdByTelegramId);
    if (!owner) return [];
    return [
      draft(campaign, owner, `follow-up:${campaign._id}:${model._id}:${f.honourDay}:m${f.months}`, {
        kind: 'follow-up',
        unitId: model.unitId,
        dueAt,
        staleAt,
        payload: { initiativeId: model._id, months: f.months, honourDay: f.honourDay, day: f.day },
      }),
    ];
  });
}
