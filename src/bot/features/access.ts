import { Composer } from 'grammy';
import { Unit, User } from '../../db/models/index.ts';
import { translator } from '../../i18n.ts';
import { decideAccessRequest } from '../../services/access-requests.ts';
import type { BotContext } from '../context.ts';

export const accessFeature = new Composer<BotContext>();

/**
 * A coordinator approves or denies an access request. The request id comes from the button; the
 * service checks scope against the request's unit before anything is shown or changed, and makes
 * the decision once (completing one that stopped half-way).
 */
accessFeature.callbackQuery(/^ar:(a|d):([a-f0-9]{24})$/, async (ctx) => {
  const [, action, id] = ctx.match;
  if (!ctx.user) return;
  const r = await decideAccessRequest(id!, action === 'a', ctx.user, ctx.deps.clock);
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
  const unit = await Unit.findById(req.unitId, { name: 1 }).lean();
  await ctx.reply(
    ctx.t(r.approved ? 'access-approved-coordinator' : 'access-denied-coordinator', {
      name: req.name,
      unit: unit?.name ?? '',
    }),
  );
  const requester = await User.findOne({ telegramId: req.telegramId }, { language: 1 }).lean();
  const t = translator(requester?.language ?? 'vi');
  await ctx.api
    .sendMessage(
      req.telegramId,
      t(r.approved ? 'access-approved-requester' : 'access-denied-requester', { unit: unit?.name ?? '' }),
    )
    .catch((err) => ctx.log.warn({ err: (err as Error).message }, 'requester not told'));
});
