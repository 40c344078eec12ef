import { Composer, InlineKeyboard } from 'grammy';
import type { Types } from 'mongoose';
import { OnsiteVisit } from '../../db/models/evidence.ts';
import { Initiative, ProgressReport, Unit, type UnitDoc } from '../../db/models/index.ts';
import { localDay } from '../../domain/calendar.ts';
import { scopeRoots } from '../../domain/permissions.ts';
import { formatPeriod, periodKeyOfDay, previousPeriodKey } from '../../domain/phases.ts';
import { clip, escapeHtml } from '../../domain/text.ts';
import { drawOnsiteSample } from '../../services/evidence/onsite.ts';
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
  const match: Record<string, unknown> = { campaignId: campaign._id, periodKey: period };
  if (roots !== 'all') match.unitPath = { $in: roots };
  const unitIds = [
    ...new Set((await ProgressReport.find(match, { unitId: 1 }).lean()).map((r) => String(r.unitId))),
  ];
  if (!unitIds.length) {
    await ctx.reply(ctx.t('onsite-none', { period: formatPeriod(period) }));
    return;
  }
  const units = (await Unit.find({ _id: { $in: unitIds } }).lean<UnitDoc[]>()).sort((a, b) =>
    a.name.localeCompare(b.name, 'vi'),
  );
  const kb = new InlineKeyboard();
  const blocks: string[] = [];
  for (const unit of units.slice(0, 20)) {
    const draw = await drawOnsiteSample(campaign, period, unit, ctx.deps.clock.now());
    const reports = await ProgressReport.find({ _id: { $in: draw.chosen } }, { initiativeId: 1 }).lean();
    const models = new Map(
      (
        await Initiative.find(
          { _id: { $in: reports.map((r) => r.initiativeId as Types.ObjectId) } },
          { code: 1, title: 1 },
        ).lean()
      ).map((m) => [String(m._id), m]),
    );
    const lines = [
      ctx.t('onsite-unit', {
        unit: escapeHtml(unit.name),
        chosen: draw.chosen.length,
        total: draw.candidates.length,
        share: Math.round(draw.share * 100),
        seed: draw.seed.slice(0, 16),
      }),
    ];
    for (const r of reports) {
      const m = models.get(String(r.initiativeId));
      const done = await OnsiteVisit.exists({ _id: `visit:${String(r._id)}` });
      lines.push(
        ctx.t('onsite-item', {
          code: m?.code ?? '?',
          title: escapeHtml(clip(m?.title ?? '', 60)),
          state: done ? ` · ${ctx.t('onsite-state-done')}` : '',
        }),
      );
      if (!done) kb.text(`🏠 ${m?.code ?? '?'}`, `os:v:${String(r._id)}`).row();
    }
    blocks.push(lines.join('\n'));
  }
  await ctx.reply(`${ctx.t('onsite-title', { period: formatPeriod(period) })}\n\n${blocks.join('\n\n')}`, {
    parse_mode: 'HTML',
    reply_markup: kb,
  });
});

pm.callbackQuery(/^os:v:([a-f0-9]{24})$/, async (ctx) => {
  await ctx.answerCallbackQuery();
  await ctx.conversation.enter('onsite', { lang: ctx.user?.language ?? 'vi', targetId: ctx.match[1]! });
});
