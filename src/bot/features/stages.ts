import { Composer } from 'grammy';
import { Initiative } from '../../db/models/index.ts';
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
import { cb } from '../callback-data.ts';
import type { BotContext } from '../context.ts';
import { tellCadres } from '../review-notices.ts';
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

async function stale(ctx: BotContext) {
  await ctx.answerCallbackQuery({ text: ctx.t('form-button-stale'), show_alert: true });
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

pm.callbackQuery(cb.tab.pattern, async (ctx) => {
  const data = cb.tab.parse(ctx.callbackQuery.data ?? '');
  if (!data) return stale(ctx);
  const campaign = await campaignOf(ctx);
  if (!campaign) return refuse(ctx, { ok: false, reason: 'not-found' });
  const v = await stageView(ctx.principal, campaign, ctx.deps.clock, data.s as Stage);
  if (!('counts' in v)) return refuse(ctx, v);
  await ctx.answerCallbackQuery();
  let counts: Map<string, number> | undefined;
  if (v.stage === 'replications') {
    const rows = await Initiative.find(
      { replicatedFrom: { $in: v.items.map((i) => i.id) } },
      { replicatedFrom: 1 },
    ).lean();
    // Derived by counting the replicas, never an $inc'd counter.
    counts = new Map();
    for (const r of rows)
      counts.set(String(r.replicatedFrom), (counts.get(String(r.replicatedFrom)) ?? 0) + 1);
  }
  const { text, keyboard } = stageList(ctx, v, { replicationCounts: counts });
  await ctx.reply(text, { parse_mode: 'HTML', reply_markup: keyboard });
});

pm.callbackQuery(cb.forward.pattern, async (ctx) => {
  const data = cb.forward.parse(ctx.callbackQuery.data ?? '');
  if (!data) return stale(ctx);
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

pm.callbackQuery(cb.nextLevel.pattern, async (ctx) => {
  const data = cb.nextLevel.parse(ctx.callbackQuery.data ?? '');
  if (!data) return stale(ctx);
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

pm.callbackQuery(cb.openRound.pattern, async (ctx) => {
  const data = cb.openRound.parse(ctx.callbackQuery.data ?? '');
  if (!data) return stale(ctx);
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
  await ctx.reply(text, { parse_mode: 'HTML', reply_markup: keyboard });
}

pm.callbackQuery(cb.standings.pattern, async (ctx) => {
  const data = cb.standings.parse(ctx.callbackQuery.data ?? '');
  if (!data) return stale(ctx);
  await showRound(ctx, data.r);
});

pm.callbackQuery(cb.score.pattern, async (ctx) => {
  const data = cb.score.parse(ctx.callbackQuery.data ?? '');
  if (!data) return stale(ctx);
  const refused = await scoreCheck(ctx.principal, data.r, data.i, ctx.deps.clock);
  if (refused) return refuse(ctx, refused);
  await ctx.answerCallbackQuery();
  await ctx.conversation.enter('review', {
    lang: ctx.user?.language ?? 'vi',
    action: 'score',
    targetId: data.i,
    expected: 'submitted',
    roundId: data.r,
  });
});

pm.callbackQuery(cb.select.pattern, async (ctx) => {
  const data = cb.select.parse(ctx.callbackQuery.data ?? '');
  if (!data) return stale(ctx);
  const r = await selectNominee(ctx.principal, { roundId: data.r, initiativeId: data.i }, ctx.deps.clock);
  if (!r.ok) return refuse(ctx, r);
  await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => {});
  await ctx.reply(
    ctx.t('stages-selected', { code: r.initiative.code, selected: r.selected, quota: r.round.quota }),
  );
  await tellCadres(ctx.api, r, ctx.log);
  await showRound(ctx, data.r);
});

pm.callbackQuery(cb.decide.pattern, async (ctx) => {
  const data = cb.decide.parse(ctx.callbackQuery.data ?? '');
  if (!data) return stale(ctx);
  const check = await decideCheck(ctx.principal, data.r, ctx.deps.clock);
  if (!check.ok) return refuse(ctx, check);
  await ctx.answerCallbackQuery();
  await ctx.conversation.enter('review', {
    lang: ctx.user?.language ?? 'vi',
    action: 'decide',
    targetId: data.r,
    expected: 'open',
    roundId: data.r,
  });
});
