import { Composer } from 'grammy';
import { canEnterHonoured } from '../../services/honoured-before.ts';
import { replicationCheck, sourceReplications } from '../../services/replications.ts';
import type { ReviewFailure } from '../../services/reviews.ts';
import { cbAfterHonour } from '../callback-data.ts';
import type { BotContext } from '../context.ts';
import { replicationsCard } from '../views/stages.ts';
import { failureText } from './review.ts';

/**
 * After the honour (issue 10, item 5): a source model's replications from /duyet's replications
 * tab, recording one from the source's side, and entering a model honoured before the campaign.
 * Every press is checked on the server before anything is shown or asked.
 */
export const afterHonourFeature = new Composer<BotContext>();
const pm = afterHonourFeature.chatType('private');

async function refuse(ctx: BotContext, f: ReviewFailure) {
  await ctx.answerCallbackQuery({ text: failureText(ctx, f), show_alert: true });
}

async function stale(ctx: BotContext) {
  await ctx.answerCallbackQuery({ text: ctx.t('form-button-stale'), show_alert: true });
}

// Literal patterns (the forged-buttons test reads them from the source): those of `cbAfterHonour`.
pm.callbackQuery(/^rpv:/, async (ctx) => {
  const data = cbAfterHonour.replications.parse(ctx.callbackQuery.data ?? '');
  if (!data) return stale(ctx);
  const r = await sourceReplications(ctx.principal, data.i, ctx.deps.clock);
  if (!r.ok) return refuse(ctx, r);
  await ctx.answerCallbackQuery();
  const { text, keyboard } = replicationsCard(ctx, r.view);
  await ctx.reply(text, { parse_mode: 'HTML', reply_markup: keyboard });
});

pm.callbackQuery(/^rpa:/, async (ctx) => {
  const data = cbAfterHonour.addReplication.parse(ctx.callbackQuery.data ?? '');
  if (!data) return stale(ctx);
  const refused = await replicationCheck(ctx.principal, data.i, ctx.deps.clock);
  if (refused) return refuse(ctx, refused);
  await ctx.answerCallbackQuery();
  await ctx.conversation.enter('replication', {
    lang: ctx.user?.language ?? 'vi',
    targetId: data.i,
    kind: data.k,
  });
});

pm.callbackQuery(/^hbf:/, async (ctx) => {
  const data = cbAfterHonour.honouredBefore.parse(ctx.callbackQuery.data ?? '');
  if (!data) return stale(ctx);
  const refused = await canEnterHonoured(ctx.principal, data.c, ctx.deps.clock);
  if (refused) return refuse(ctx, refused);
  await ctx.answerCallbackQuery();
  await ctx.conversation.enter('honoured-before', { lang: ctx.user?.language ?? 'vi', targetId: data.c });
});
