import { Composer } from 'grammy';
import { replicaCounts } from '../../services/replica-counts.ts';
import type { ReviewFailure } from '../../services/reviews.ts';
import {
  decideCheck,
  openRound,
  putForward,
  registerForNextLevel,
  scoreCheck,
  selectNominee,
  viewRound,
} from '../../services/rounds.ts';
import { type Stage, stageView } from '../../services/stage-queue.ts';
import { button } from '../buttons.ts';
import { cb } from '../callback-data.ts';
import type { BotContext } from '../context.ts';
import { tellCadres } from '../review-notices.ts';
import { replyPaged } from '../views/paged-html.ts';
import { roundCard, stageList, stageTabs } from '../views/stages.ts';
import { campaignOf } from './campaign-of.ts';
import { failureText } from './review.ts';

/**
 * The workflow after acceptance (issue 10): /duyet's stage tabs, putting forward, rounds, scores,
 * selection and the decision. Every button payload is a typed `cb.*` definition; a forged or
 * stale one is answered "this button is out of date" and nothing happens.
 */
export const stagesFeature = new Composer<BotContext>();
const pm = stagesFeature.chatType('private');

/** Handles a typed button; a stale or forged payload gets the warning as an alert (bot/buttons.ts). */
function on<V>(
  def: { pattern: RegExp; parse(data: string): V | null },
  handler: (ctx: BotContext, v: V) => unknown,
) {
  pm.callbackQuery(def.pattern, button(def, handler, { alert: true }));
}

async function refuse(ctx: BotContext, f: ReviewFailure) {
  await ctx.answerCallbackQuery({ text: failureText(ctx, f), show_alert: true });
}

/** The tabs of /duyet with their counts (the registrations and reports list follows). */
export async function showStageTabs(ctx: BotContext): Promise<boolean> {
  const campaign = await campaignOf(ctx);
  if (!campaign) return false;
  const v = await stageView(ctx.principal, campaign, ctx.deps.clock, 'registrations');
  if (!('counts' in v)) return false;
  const { text, keyboard } = stageTabs(ctx, v);
  await ctx.reply(text, { parse_mode: 'HTML', reply_markup: keyboard });
  return true;
}

on(cb.tab, async (ctx, data) => {
  const campaign = await campaignOf(ctx);
  if (!campaign) return refuse(ctx, { ok: false, reason: 'not-found' });
  const v = await stageView(ctx.principal, campaign, ctx.deps.clock, data.s as Stage);
  if (!('counts' in v)) return refuse(ctx, v);
  await ctx.answerCallbackQuery();
  const counts = v.stage === 'replications' ? await replicaCounts(v.items.map((i) => i.id)) : undefined;
  const { text, keyboard } = stageList(ctx, v, { replicationCounts: counts });
  await ctx.reply(text, { parse_mode: 'HTML', reply_markup: keyboard });
});

on(cb.forward, async (ctx, data) => {
  const r = await putForward(ctx.principal, data.i, ctx.deps.clock);
  if (!r.ok) return refuse(ctx, r);
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => {});
  await ctx.reply(
    ctx.t('stages-forwarded', { code: r.initiative.code, round: r.round.name, unit: r.round.unitName }),
  );
  await tellCadres(
    ctx.api,
    { ...r, notify: r.notify.filter((n) => n.userId !== ctx.principal.userId) },
    ctx.log,
  );
});

on(cb.nextLevel, async (ctx, data) => {
  const r = await registerForNextLevel(ctx.principal, data.i, ctx.deps.clock);
  if (!r.ok) return refuse(ctx, r);
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => {});
  await ctx.reply(
    ctx.t('mymodels-next-level-done', {
      code: r.initiative.code,
      level: ctx.t(`level-${r.initiative.targetLevel}`),
    }),
  );
});

on(cb.openRound, async (ctx, data) => {
  const campaign = await campaignOf(ctx);
  if (!campaign) return refuse(ctx, { ok: false, reason: 'not-found' });
  const r = await openRound(
    ctx.principal,
    { campaignId: campaign._id, defCode: data.d, unitId: data.u },
    ctx.deps.clock,
  );
  if (!r.ok) return refuse(ctx, r);
  await ctx.answerCallbackQuery();
  await ctx.reply(
    ctx.t('stages-opened', {
      round: r.round.name,
      unit: r.round.unitName,
      members: r.round.council.map((m) => m.name).join(', '),
      chair: r.round.chairName,
    }),
  );
});

async function showRound(ctx: BotContext, roundId: string) {
  const r = await viewRound(ctx.principal, roundId);
  if (!r.ok) return refuse(ctx, r);
  await ctx.answerCallbackQuery();
  const { text, keyboard } = roundCard(ctx, r.standings, {
    chair: String(r.standings.round.chairId) === ctx.principal.userId,
  });
  // Many nominees, each with every member's score and comment, go over Telegram's 4,096
  // characters: the card is paged, its buttons under the last page.
  await replyPaged(ctx, text, keyboard);
}

on(cb.standings, async (ctx, data) => {
  await showRound(ctx, data.r);
});

/** Opens the review form for a round's score or decision, once its check has passed. */
async function openRoundForm(
  ctx: BotContext,
  args: { action: 'score' | 'decide'; targetId: string; expected: string; roundId: string },
) {
  await ctx.answerCallbackQuery();
  await ctx.conversation.enter('review', { lang: ctx.user?.language ?? 'vi', ...args });
}

on(cb.score, async (ctx, data) => {
  const refused = await scoreCheck(ctx.principal, data.r, data.i, ctx.deps.clock);
  if (refused) return refuse(ctx, refused);
  await openRoundForm(ctx, { action: 'score', targetId: data.i, expected: 'submitted', roundId: data.r });
});

on(cb.select, async (ctx, data) => {
  const r = await selectNominee(ctx.principal, { roundId: data.r, initiativeId: data.i }, ctx.deps.clock);
  if (!r.ok) return refuse(ctx, r);
  await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => {});
  await ctx.reply(
    ctx.t('stages-selected', { code: r.initiative.code, selected: r.selected, quota: r.round.quota }),
  );
  await tellCadres(ctx.api, r, ctx.log);
  await showRound(ctx, data.r);
});

on(cb.decide, async (ctx, data) => {
  const check = await decideCheck(ctx.principal, data.r, ctx.deps.clock);
  if (!check.ok) return refuse(ctx, check);
  await openRoundForm(ctx, { action: 'decide', targetId: data.r, expected: 'open', roundId: data.r });
});
