import { Composer } from 'grammy';
import { translator } from '../../i18n.ts';
import { decideAccessRequest } from '../../services/access-requests.ts';
import { languageOf } from '../../services/people.ts';
import { unitNames } from '../../services/unit-choices.ts';
import { button } from '../buttons.ts';
import { accessDecisionButton } from '../callback-data.ts';
import type { BotContext } from '../context.ts';

export const accessFeature = new Composer<BotContext>();

/**
 * A coordinator approves or denies an access request. The request id comes from the button; the
 * service checks scope against the request's unit before anything is shown or changed, and makes
 * the decision once (completing one that stopped half-way).
 */
accessFeature.callbackQuery(
  accessDecisionButton.pattern,
  button(accessDecisionButton, async (ctx, { d, i }) => {
    if (!ctx.user) return;
    const r = await decideAccessRequest(i, d === 'a', ctx.user, ctx.deps.clock);
    if (!r.ok) {
      if (r.reason === 'already-decided') {
        await ctx.answerCallbackQuery({ text: ctx.t('access-already-decided'), show_alert: true });
        await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => {});
      } else {
        await ctx.answerCallbackQuery({ text: ctx.t('err-not-allowed'), show_alert: true });
      }
      return;
    }
    await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => {});
    if (!r.mine) {
      // Someone else's decision, completed now: this person is told it was taken already.
      await ctx.answerCallbackQuery({ text: ctx.t('access-already-decided'), show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    const req = r.request;
    const unit = (await unitNames([req.unitId])).get(String(req.unitId)) ?? '';
    await ctx.reply(
      ctx.t(r.approved ? 'access-approved-coordinator' : 'access-denied-coordinator', {
        name: req.name,
        unit,
      }),
    );
    const t = translator(await languageOf(req.telegramId));
    await ctx.api
      .sendMessage(
        req.telegramId,
        t(r.approved ? 'access-approved-requester' : 'access-denied-requester', { unit }),
      )
      .catch((err) => ctx.log.warn({ err: (err as Error).message }, 'requester not told'));
  }),
);
