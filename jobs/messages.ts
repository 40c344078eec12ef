import type { Types } from 'mongoose';
import {
  Campaign,
  type CampaignDoc,
  type ReminderDoc,
  roleKey,
  Unit,
  type UnitDoc,
  User,
  type UserDoc,
} from '../src/db/models/index.ts';
import { type Day, daysBetween, formatDay, localDay } from '../src/domain/calendar.ts';
import { formatPeriod, type TaskPlan } from '../src/domain/phases.ts';
import { type Translate, translator } from '../src/i18n.ts';
import { renderDigest } from './digest.ts';
import { renderFollowUp } from './follow-up.ts';
import { isBehind, lackingReports, unitLack } from './unit-status.ts';
import { lackText, phaseName, title } from './wording.ts';

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

/** What every renderer needs: the campaign, the reminder, the recipient's words and today. */
export interface Composing {
  campaign: CampaignDoc;
  reminder: ReminderDoc;
  t: Translate;
  en: boolean;
  today: Day;
  ctx: RenderContext;
}

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
  const c: Composing = {
    campaign,
    reminder,
    t,
    en: user.language === 'en',
    today: localDay(ctx.now, ctx.timeZone),
    ctx,
  };
  switch (reminder.kind) {
    case 'phase-deadline':
      return payload.stage === 'after'
        ? renderOverdueTask(c, String(payload.taskCode))
        : renderDeadline(c, String(payload.taskCode));
    case 'report-nudge':
      return renderNudge(c, String(payload.period), String(payload.due));
    case 'report-overdue':
      return renderReportOverdue(c, String(payload.period));
    case 'weekly-digest':
      return renderDigest(c, String(payload.day));
    case 'follow-up':
      return renderFollowUp(campaign, payload, t, ctx.timeZone);
    default:
      return null;
  }
}

/** The reminder's task and unit, or null when either is gone (then there is nothing to say). */
async function taskAndUnit({ campaign, reminder }: Composing, code: string) {
  const unit = reminder.unitId ? await Unit.findById(reminder.unitId).lean<UnitDoc>() : null;
  for (const phase of campaign.phases) {
    const task = phase.tasks.find((t) => t.code === code);
    if (task && unit) return { phase, task, unit };
  }
  return null;
}

async function renderDeadline(c: Composing, taskCode: string): Promise<string | null> {
  const { campaign, t, en, today } = c;
  const found = await taskAndUnit(c, taskCode);
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
  if (c.ctx.snoozeOverridden) lines.push('', t('reminder-deadline-snooze-override'));
  lines.push('', t('reminder-deadline-footer'));
  return lines.join('\n');
}

async function renderOverdueTask(c: Composing, taskCode: string): Promise<string | null> {
  const { campaign, t, en, today } = c;
  const found = await taskAndUnit(c, taskCode);
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

  async function unitsBehind(campaign: CampaignDoc, task: TaskPlan, parentId: Types.ObjectId, day: Day) {
    const children = await Unit.find({
      parentId,
      active: true,
      ...(task.level ? { level: task.level } : {}),
    })
      .sort({ order: 1, name: 1 })
      .lean<UnitDoc[]>();
    const out: { unit: UnitDoc; text: string }[] = [];
    for (const unit of children) {
      const lack = await unitLack(campaign, task, unit, day);
      if (isBehind(lack)) out.push({ unit, text: lackText(lack, t) ?? '' });
    }
    return out;
  }
}

async function renderNudge(
  { campaign, reminder, t, ctx }: Composing,
  period: string,
  due: Day,
): Promise<string | null> {
  const lacking = await lackingReports(
    campaign,
    { createdByTelegramId: reminder.telegramId },
    period,
    ctx.timeZone,
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
  { campaign, reminder, t, ctx }: Composing,
  period: string,
): Promise<string | null> {
  const unit = reminder.unitId ? await Unit.findById(reminder.unitId).lean<UnitDoc>() : null;
  if (!unit) return null;
  const models = await lackingReports(campaign, { unitPath: unit._id }, period, ctx.timeZone);
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
