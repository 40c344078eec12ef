import type { Types } from 'mongoose';
import { AuditEvent, Initiative, ProgressReport, Unit, type UnitDoc } from '../src/db/models/index.ts';
import { addDays, type Day, formatDay, localDay } from '../src/domain/calendar.ts';
import {
  currentPhase,
  formatPeriod,
  nextDeadlines,
  periodKeyOfDay,
  previousPeriodKey,
  type TaskPlan,
} from '../src/domain/phases.ts';
import { overdueFollowUps } from './follow-up.ts';
import type { Composing } from './messages.ts';
import { isBehind, lackingReports, type UnitLack, unitLack } from './unit-status.ts';
import { lackText, MAX_NAMES, title } from './wording.ts';

/**
 * The weekly digest of one unit's subtree (the board's unit is the province): the week's new
 * models, reports and review work, the models without last period's report, the honoured models
 * overdue for follow-up, the overdue tasks of the phase and the next deadlines.
 */

/** Audit actions that count as review work in the digest. */
const REVIEW_ACTIONS = ['accept', 'return', 'appraise', 'decline', 'select', 'honour', 'verify', 'question'];

interface DigestFigures {
  from: Date;
  to: Date;
  newModels: number;
  reports: number;
  reviews: number;
  unreportedPeriod: string;
  unreported: number;
  overdueTasks: { task: TaskPlan; lack: UnitLack }[];
  /** Honoured models overdue for their follow-up report (jobs/follow-up.ts). */
  followUps: Awaited<ReturnType<typeof overdueFollowUps>>;
}

/** The numbers of one week for one unit's subtree (the board's unit is the province). */
async function digestFigures(
  campaign: Composing['campaign'],
  unit: Pick<UnitDoc, '_id'>,
  to: Date,
  timeZone: string,
): Promise<DigestFigures> {
  const from = new Date(to.getTime() - 7 * 24 * 60 * 60_000);
  const day = localDay(to, timeZone);
  const window = { $gte: from, $lt: to };
  const [newModels, reports, reviews] = await Promise.all([
    Initiative.countDocuments({ campaignId: campaign._id, unitPath: unit._id, createdAt: window }),
    ProgressReport.countDocuments({ campaignId: campaign._id, unitPath: unit._id, submittedAt: window }),
    AuditEvent.countDocuments({
      unitPath: unit._id,
      at: window,
      entity: { $in: ['initiative', 'report'] },
      action: { $in: REVIEW_ACTIONS },
    }),
  ]);
  const unreportedPeriod = previousPeriodKey(
    periodKeyOfDay(day, campaign.reportCadence),
    campaign.reportCadence,
  );
  const unreported = (
    await lackingReports(campaign, { unitPath: unit._id as Types.ObjectId }, unreportedPeriod, timeZone)
  ).length;
  const phase = currentPhase(campaign, day);
  const overdueTasks: DigestFigures['overdueTasks'] = [];
  for (const task of phase?.tasks ?? []) {
    if (task.due >= day || !task.check || task.check === 'none') continue;
    const lack = await unitLack(campaign, task, unit, day);
    if (isBehind(lack)) overdueTasks.push({ task, lack });
  }
  const followUps = await overdueFollowUps(campaign, unit._id as Types.ObjectId, day, timeZone);
  return { from, to, newModels, reports, reviews, unreportedPeriod, unreported, overdueTasks, followUps };
}

export async function renderDigest(
  { campaign, reminder, t, en, ctx }: Composing,
  day: Day,
): Promise<string | null> {
  const unit = reminder.unitId ? await Unit.findById(reminder.unitId).lean<UnitDoc>() : null;
  if (!unit) return null;
  const f = await digestFigures(campaign, unit, reminder.dueAt, ctx.timeZone);
  const lines = [
    t('digest-title', { from: formatDay(addDays(day, -7)), to: formatDay(addDays(day, -1)) }),
    t('digest-scope', { campaign: campaign.name, unit: unit.name }),
    '',
    t('digest-new-models', { count: f.newModels }),
    t('digest-reports', { count: f.reports }),
    t('digest-reviews', { count: f.reviews }),
    t('digest-overdue-reports', { count: f.unreported, period: formatPeriod(f.unreportedPeriod) }),
  ];
  if (f.followUps.length > 0) {
    lines.push(t('digest-follow-up-overdue', { count: f.followUps.length }));
    for (const { model, followUp } of f.followUps.slice(0, MAX_NAMES)) {
      lines.push(
        t('digest-follow-up-line', {
          code: model.code,
          title: model.title,
          months: followUp.months,
          honoured: formatDay(followUp.honourDay),
        }),
      );
    }
    if (f.followUps.length > MAX_NAMES) {
      lines.push(t('reminder-more', { names: '…', count: f.followUps.length - MAX_NAMES }));
    }
  }
  if (f.overdueTasks.length === 0) lines.push(t('digest-overdue-none'));
  else {
    lines.push(t('digest-overdue-tasks'));
    for (const o of f.overdueTasks) {
      lines.push(
        t('digest-overdue-task-line', {
          task: title(o.task, en),
          due: formatDay(o.task.due),
          detail: lackText(o.lack, t) ?? '',
        }),
      );
    }
  }
  const today = localDay(ctx.now, ctx.timeZone);
  const next = nextDeadlines(campaign, today, 3);
  lines.push('', next.length ? t('digest-next-deadlines') : t('digest-no-deadlines'));
  for (const d of next) {
    lines.push(
      t('digest-deadline-line', { due: formatDay(d.due), days: d.daysLeft, task: title(d.task, en) }),
    );
  }
  lines.push('', t('digest-footer'));
  return lines.join('\n');
}
