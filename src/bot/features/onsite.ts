import { Composer, InlineKeyboard } from 'grammy';
import { localDay } from '../../domain/calendar.ts';
import { scopeRoots } from '../../domain/permissions.ts';
import { formatPeriod, periodKeyOfDay, previousPeriodKey } from '../../domain/phases.ts';
import { clip, escapeHtml } from '../../domain/text.ts';
import { onsiteOverview } from '../../services/onsite-checks.ts';
import { button } from '../buttons.ts';
import { onsiteVisitButton } from '../callback-data.ts';
import type { BotContext } from '../context.ts';
import { campaignOf } from './campaign-of.ts';

/**
 * /kiemtra (/onsite): the on-site checks of the last closed period for the units in the
 * coordinator's scope (issue 13, item 4). The draw of each unit is made the first time anyone
 * asks and is the same for everyone afterwards; its seed is shown so it can be checked.
 */
export const onsiteFeature = new Composer<BotContext>();
const pm = onsiteFeature.chatType('private');

pm.command(['kiemtra', 'onsite'], async (ctx) => {
  const roots = scopeRoots(ctx.principal, 'report.verify');
  if (roots !== 'all' && roots.length === 0) {
    await ctx.reply(ctx.t('err-not-allowed'));
    return;
  }
  const campaign = await campaignOf(ctx);
  if (!campaign) {
    await ctx.reply(ctx.t('register-no-campaign'));
    return;
  }
  const today = localDay(ctx.deps.clock.now(), ctx.deps.config.TIME_ZONE);
  const period = previousPeriodKey(periodKeyOfDay(today, campaign.reportCadence), campaign.reportCadence);
  const draws = await onsiteOverview(ctx.principal, campaign, period, ctx.deps.clock.now());
  if (!draws.length) {
    await ctx.reply(ctx.t('onsite-none', { period: formatPeriod(period) }));
    return;
  }
  const kb = new InlineKeyboard();
  const blocks: string[] = [];
  for (const draw of draws) {
    const lines = [
      ctx.t('onsite-unit', {
        unit: escapeHtml(draw.unitName),
        chosen: draw.chosen,
        total: draw.candidates,
        share: Math.round(draw.share * 100),
        seed: draw.seed.slice(0, 16),
      }),
    ];
    for (const r of draw.reports) {
      lines.push(
        ctx.t('onsite-item', {
          code: r.code ?? '?',
          title: escapeHtml(clip(r.title, 60)),
          state: r.done ? ` · ${ctx.t('onsite-state-done')}` : '',
        }),
      );
      if (!r.done) kb.text(`🏠 ${r.code ?? '?'}`, onsiteVisitButton.build({ r: r.reportId })).row();
    }
    blocks.push(lines.join('\n'));
  }
  await ctx.reply(`${ctx.t('onsite-title', { period: formatPeriod(period) })}\n\n${blocks.join('\n\n')}`, {
    parse_mode: 'HTML',
    reply_markup: kb,
  });
});

pm.callbackQuery(
  onsiteVisitButton.pattern,
  button(onsiteVisitButton, async (ctx, { r }) => {
    await ctx.answerCallbackQuery();
    await ctx.conversation.enter('onsite', { lang: ctx.user?.language ?? 'vi', targetId: r });
  }),
);
