import { Composer } from 'grammy';
import { failedDeliveries, snoozeUntil, upcomingDeadlines } from '../../../jobs/commands.ts';
import { lackText } from '../../../jobs/wording.ts';
import { formatDay, localDay } from '../../domain/calendar.ts';
import { parseVnDate } from '../../domain/input.ts';
import { isAdmin } from '../../domain/permissions.ts';
import { escapeHtml } from '../../domain/text.ts';
import type { BotContext } from '../context.ts';
import { campaignOf, todayOf } from './campaign-of.ts';

export const remindersFeature = new Composer<BotContext>();
const pm = remindersFeature.chatType('private');

/** /lichnhac: the current phase, the next deadlines with days left, and for coordinators their units' status. */
pm.command(['lichnhac', 'deadlines'], async (ctx) => {
  if (!ctx.user || ctx.principal.grants.length === 0) {
    await ctx.reply(ctx.t('fallback-no-role'));
    return;
  }
  const campaign = await campaignOf(ctx);
  if (!campaign) {
    await ctx.reply(ctx.t('register-no-campaign'));
    return;
  }
  const en = ctx.user.language === 'en';
  const up = await upcomingDeadlines(ctx.user, campaign, todayOf(ctx));
  const lines = [
    up.phase
      ? ctx.t('deadlines-phase', {
          name: escapeHtml((en && up.phase.nameEn) || up.phase.name),
          start: formatDay(up.phase.start),
          end: formatDay(up.phase.end),
        })
      : ctx.t('deadlines-no-phase'),
  ];
  if (up.deadlines.length === 0) lines.push(ctx.t('deadlines-none'));
  for (const d of up.deadlines) {
    lines.push(
      ctx.t('deadlines-line', {
        due: formatDay(d.due),
        days: d.daysLeft,
        title: escapeHtml((en && d.titleEn) || d.title),
      }),
    );
    for (const u of d.units) {
      const lack = lackText(u.lack, ctx.t.bind(ctx));
      if (lack) lines.push(`   ${u.behind ? '⚠️ ' : ''}${escapeHtml(u.unitName)}: ${escapeHtml(lack)}`);
    }
  }
  if (up.snoozeUntil && up.snoozeUntil > ctx.deps.clock.now()) {
    const last = localDay(new Date(up.snoozeUntil.getTime() - 1), ctx.deps.config.TIME_ZONE);
    lines.push(ctx.t('deadlines-snoozed', { until: formatDay(last) }));
  }
  await ctx.reply(lines.join('\n'), { parse_mode: 'HTML' });
});

/** /tatnhac dd/mm/yyyy mutes reminders through that day; /tatnhac tat turns them back on. */
pm.command(['tatnhac', 'snooze'], async (ctx) => {
  const arg = ctx.match.trim();
  if (!arg) {
    await ctx.reply(ctx.t('snooze-usage'));
    return;
  }
  const off = ['tat', 'tắt', 'off', 'bat', 'bật', 'on'].includes(arg.toLowerCase());
  let day: string | null = null;
  if (!off) {
    const parsed = parseVnDate(arg);
    if (!parsed.ok) {
      await ctx.reply(`⚠️ ${ctx.t(parsed.problem.key, parsed.problem.args)}\n${ctx.t('snooze-usage')}`);
      return;
    }
    day = parsed.value;
  }
  const r = await snoozeUntil(ctx.from.id, day, {
    clock: ctx.deps.clock,
    timeZone: ctx.deps.config.TIME_ZONE,
  });
  if (!r.ok) {
    await ctx.reply(`⚠️ ${ctx.t(`snooze-${r.reason}`)}`);
    return;
  }
  await ctx.reply(day ? ctx.t('snooze-set', { until: formatDay(day) }) : ctx.t('snooze-cleared'));
});

/** /admin: reminders that could not be delivered, and why. */
pm.command('admin', async (ctx) => {
  if (!isAdmin(ctx.principal)) {
    await ctx.reply(ctx.t('err-not-allowed'));
    return;
  }
  const failed = await failedDeliveries(15);
  if (failed.length === 0) {
    await ctx.reply(ctx.t('admin-no-failures'));
    return;
  }
  const tz = ctx.deps.config.TIME_ZONE;
  const lines = failed.map((f) =>
    ctx.t('admin-failure-line', {
      kind: f.kind,
      to: String(f.telegramId),
      due: formatDay(localDay(f.dueAt, tz)),
      attempts: f.attempts,
      error: escapeHtml(f.lastError ?? '?'),
    }),
  );
  await ctx.reply(`${ctx.t('admin-failures-title', { count: failed.length })}\n${lines.join('\n')}`, {
    parse_mode: 'HTML',
  });
});
