import type { Types } from 'mongoose';
import {
  AuditEvent,
  Campaign,
  type CampaignDoc,
  Initiative,
  ProgressReport,
  type ReminderDoc,
  roleKey,
  Unit,
  type UnitDoc,
  User,
  type UserDoc,
} from '../src/db/models/index.ts';
import { addDays, type Day, daysBetween, formatDay, localDay, zonedInstant } from '../src/domain/calendar.ts';
import {
  currentPhase,
  formatPeriod,
  nextDeadlines,
  periodKeyOfDay,
  periodRange,
  previousPeriodKey,
  type TaskPlan,
} from '../src/domain/phases.ts';
import { type Translate, translator } from '../src/i18n.ts';
import { overdueFollowUps, renderFollowUp } from './follow-up.ts';
import { isBehind, lacksReport, OPEN_STATUSES, type UnitLack, unitLack } from './unit-status.ts';

/**
 * The text of a reminder, built when it is sent: in the recipient's language, with what their
 * unit lacks on that day. `null` means there is nothing left to say (everyone caught up), and the
 * reminder is skipped rather than sent.
 */

export interface RenderContext {
  now: Date;
  timeZone: string;
  /** The recipient snoozed reminders, but this one is urgent and goes out anyway. */
  snoozeOverridden?: boolean;
}

const MAX_NAMES = 10;

export async function renderReminder(
  reminder: ReminderDoc,
  user: Pick<UserDoc, 'language'>,
  ctx: RenderContext,
): Promise<string | null> {
  const t = translator(user.language ?? 'vi');
  const payload = (reminder.payload ?? {}) as Record<string, unknown>;
  if (reminder.kind === 'notice') return typeof payload.text === 'string' ? payload.text : null;
  const campaign = await Campaign.findById(reminder.campaignId).lean<CampaignDoc>();
  if (!campaign) return null;
  const today = localDay(ctx.now, ctx.timeZone);
  const en = user.language === 'en';
  switch (reminder.kind) {
    case 'phase-deadline':
      return payload.stage === 'after'
        ? renderOverdueTask(campaign, reminder, String(payload.taskCode), t, en, today)
        : renderDeadline(campaign, reminder, String(payload.taskCode), t, en, today, ctx);
    case 'report-nudge':
      return renderNudge(campaign, reminder, String(payload.period), String(payload.due), t, ctx.timeZone);
    case 'report-overdue':
      return renderReportOverdue(campaign, reminder, String(payload.period), t, ctx.timeZone);
    case 'weekly-digest':
      return renderDigest(campaign, reminder, String(payload.day), t, en, ctx);
    case 'follow-up':
      return renderFollowUp(campaign, payload, t, ctx.timeZone);
    default:
      return null;
  }
}

/** The reminder's task and unit, or null when either is gone (then there is nothing to say). */
async function taskAndUnit(campaign: CampaignDoc, reminder: ReminderDoc, code: string) {
  const unit = reminder.unitId ? await Unit.findById(reminder.unitId).lean<UnitDoc>() : null;
  for (const phase of campaign.phases) {
    const task = phase.tasks.find((t) => t.code === code);
    if (task && unit) return { phase, task, unit };
  }
  return null;
}

const title = (x: { title: string; titleEn?: string | null }, en: boolean) =>
  en && x.titleEn ? x.titleEn : x.title;
const phaseName = (x: { name: string; nameEn?: string | null }, en: boolean) =>
  en && x.nameEn ? x.nameEn : x.name;

/** "A, B, C" or "A, B ... and 4 more". */
function nameList(names: readonly string[], t: Translate): string {
  if (names.length <= MAX_NAMES) return names.join(', ');
  return t('reminder-more', { names: names.slice(0, MAX_NAMES).join(', '), count: names.length - MAX_NAMES });
}

/** One line saying what a unit lacks for a task (shared with `/lichnhac`), or null when unknown. */
export function lackText(lack: UnitLack, t: Translate): string | null {
  switch (lack.kind) {
    case 'unknown':
      return null;
    case 'ok':
      return t('reminder-lack-ok');
    case 'no-model':
      return t('reminder-lack-own-model');
    case 'units-without-model':
      return t('reminder-lack-units', {
        missing: lack.missing.length,
        total: lack.total,
        level: lack.level,
        names: nameList(lack.missing, t),
      });
    case 'awaiting-appraisal':
      return t('reminder-lack-appraisal', { count: lack.count, names: nameList(lack.titles, t) });
    case 'unreported':
      return t('reminder-lack-reports', {
        count: lack.count,
        total: lack.total,
        period: formatPeriod(lack.period),
        names: nameList(lack.titles, t),
      });
  }
}

async function renderDeadline(
  campaign: CampaignDoc,
  reminder: ReminderDoc,
  taskCode: string,
  t: Translate,
  en: boolean,
  today: Day,
  ctx: RenderContext,
): Promise<string | null> {
  const found = await taskAndUnit(campaign, reminder, taskCode);
  if (!found) return null;
  const { phase, task, unit } = found;
  const lack = await unitLack(campaign, task, unit, today);
  const lines = [
    t('reminder-deadline-title', { task: title(task, en) }),
    t('reminder-deadline-days-left', {
      days: Math.max(0, daysBetween(today, task.due)),
      due: formatDay(task.due),
    }),
    t('reminder-deadline-phase', { phase: phaseName(phase, en) }),
    t('reminder-deadline-unit', { unit: unit.name }),
  ];
  const status = lackText(lack, t);
  if (status) lines.push('', status);
  if (ctx.snoozeOverridden) lines.push('', t('reminder-deadline-snooze-override'));
  lines.push('', t('reminder-deadline-footer'));
  return lines.join('\n');
}

async function renderOverdueTask(
  campaign: CampaignDoc,
  reminder: ReminderDoc,
  taskCode: string,
  t: Translate,
  en: boolean,
  today: Day,
): Promise<string | null> {
  const found = await taskAndUnit(campaign, reminder, taskCode);
  if (!found) return null;
  const { task, unit: parent } = found;
  const behind = await unitsBehind(campaign, task, parent._id, today);
  if (behind.length === 0) return null;
  return [
    t('reminder-overdue-title', { task: title(task, en), due: formatDay(task.due) }),
    t('reminder-overdue-intro', { count: behind.length, unit: parent.name }),
    ...behind.slice(0, 30).map((b) => t('reminder-overdue-line', { unit: b.unit.name, detail: b.text })),
    ...(behind.length > 30 ? [t('reminder-more', { names: '…', count: behind.length - 30 })] : []),
    '',
    t('reminder-overdue-footer'),
  ].join('\n');

  async function unitsBehind(c: CampaignDoc, task: TaskPlan, parentId: Types.ObjectId, day: Day) {
    const children = await Unit.find({
      parentId,
      active: true,
      ...(task.level ? { level: task.level } : {}),
    })
      .sort({ order: 1, name: 1 })
      .lean<UnitDoc[]>();
    const out: { unit: UnitDoc; text: string }[] = [];
    for (const unit of children) {
      const lack = await unitLack(c, task, unit, day);
      if (isBehind(lack)) out.push({ unit, text: lackText(lack, t) ?? '' });
    }
    return out;
  }
}

async function renderNudge(
  campaign: CampaignDoc,
  reminder: ReminderDoc,
  period: string,
  due: Day,
  t: Translate,
  timeZone: string,
): Promise<string | null> {
  const lacking = await lackingReports(
    campaign,
    { createdByTelegramId: reminder.telegramId },
    period,
    timeZone,
  );
  if (lacking.length === 0) return null;
  return [
    t('reminder-nudge-title', { period: formatPeriod(period) }),
    t('reminder-nudge-body', { count: lacking.length, period: formatPeriod(period), due: formatDay(due) }),
    ...lacking.map((i) => t('reminder-nudge-line', { code: i.code, title: i.title })),
    '',
    t('reminder-nudge-footer'),
  ].join('\n');
}

async function renderReportOverdue(
  campaign: CampaignDoc,
  reminder: ReminderDoc,
  period: string,
  t: Translate,
  timeZone: string,
): Promise<string | null> {
  const unit = reminder.unitId ? await Unit.findById(reminder.unitId).lean<UnitDoc>() : null;
  if (!unit) return null;
  const models = await lackingReports(campaign, { unitPath: unit._id }, period, timeZone);
  // Models under a deeper unit with its own coordinators are on that unit's list, not this one.
  const deeper = [...new Set(models.flatMap((m) => m.unitPath.slice(unit.path.length).map(String)))];
  const keys = deeper.map((id) => roleKey('coordinator', id));
  const coordinated = new Set(
    (await User.find({ active: true, roleKeys: { $in: keys } }, { roleKeys: 1 }).lean())
      .flatMap((u) => u.roleKeys)
      .filter((k) => keys.includes(k))
      .map((k) => k.slice('coordinator:'.length)),
  );
  const mine = models.filter(
    (m) => !m.unitPath.slice(unit.path.length).some((id) => coordinated.has(String(id))),
  );
  if (mine.length === 0) return null;
  const names = new Map(
    (await Unit.find({ _id: { $in: [...new Set(mine.map((m) => m.unitId))] } }, { name: 1 }).lean()).map(
      (u) => [String(u._id), u.name],
    ),
  );
  return [
    t('reminder-report-overdue-title', { period: formatPeriod(period) }),
    t('reminder-report-overdue-body', { count: mine.length, unit: unit.name, period: formatPeriod(period) }),
    ...mine.slice(0, 40).map((m) =>
      t('reminder-report-overdue-line', {
        code: m.code,
        title: m.title,
        unit: names.get(String(m.unitId)) ?? '',
      }),
    ),
    ...(mine.length > 40 ? [t('reminder-more', { names: '…', count: mine.length - 40 })] : []),
  ].join('\n');
}

/**
 * Models open for reports that owed a report for `period` and have none: in a unit's subtree
 * (`unitPath`) or of one cadre (`createdByTelegramId`).
 */
async function lackingReports(
  campaign: CampaignDoc,
  where: { unitPath: Types.ObjectId } | { createdByTelegramId: number },
  period: string,
  timeZone: string,
) {
  const { last } = periodRange(period);
  const end = zonedInstant(addDays(last, 1), timeZone, 0);
  const open = await Initiative.find(
    { campaignId: campaign._id, ...where, status: { $in: OPEN_STATUSES } },
    { code: 1, title: 1, unitId: 1, unitPath: 1, lastReportPeriod: 1, createdAt: 1 },
  )
    .sort({ code: 1 })
    .lean();
  return open.filter((i) => lacksReport(i.lastReportPeriod, period) && i.createdAt < end);
}

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
  campaign: CampaignDoc,
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

async function renderDigest(
  campaign: CampaignDoc,
  reminder: ReminderDoc,
  day: Day,
  t: Translate,
  en: boolean,
  ctx: RenderContext,
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
