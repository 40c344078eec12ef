import { Composer } from 'grammy';
import { AccessRequest, tryClaim, Unit, User } from '../../db/models/index.ts';
import { can } from '../../domain/permissions.ts';
import { translator } from '../../i18n.ts';
import { recordAudit } from '../../services/audit.ts';
import { grantRole } from '../../services/users.ts';
import type { BotContext } from '../context.ts';

export const accessFeature = new Composer<BotContext>();

/**
 * A coordinator approves or denies an access request. The request id comes from the button, so
 * scope is checked against the request's unit; the decision is a claim, so two coordinators
 * tapping at once decide once.
 */
accessFeature.callbackQuery(/^ar:(a|d):([a-f0-9]{24})$/, async (ctx) => {
  const [, action, id] = ctx.match;
  const req = await AccessRequest.findById(id).lean();
  if (!req || !can(ctx.principal, 'access.decide', { unitPath: req.unitPath.map(String) })) {
    await ctx.answerCallbackQuery({ text: ctx.t('err-not-allowed'), show_alert: true });
    return;
  }
  const now = ctx.deps.clock.now();
  if (
    req.status !== 'pending' ||
    !(await tryClaim(`access-request:${id}:decision`, now, ctx.principal.userId))
  ) {
    await ctx.answerCallbackQuery({ text: ctx.t('access-already-decided'), show_alert: true });
    await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => {});
    return;
  }
  const approved = action === 'a';
  await AccessRequest.updateOne(
    { _id: req._id },
    {
      $set: {
        status: approved ? 'approved' : 'denied',
        decidedBy: ctx.user!._id,
        decidedAt: now,
        openKey: `${req.openKey}:${id}`,
      },
    },
  );
  await recordAudit({
    at: now,
    actorId: ctx.user!._id,
    actorTelegramId: ctx.from.id,
    entity: 'access-request',
    entityId: req._id,
    action: approved ? 'approve' : 'deny',
    unitPath: req.unitPath,
  });
  if (approved)
    await grantRole(req.telegramId, 'cadre', req.unitId, { userId: ctx.user!._id, clock: ctx.deps.clock });
  const unit = await Unit.findById(req.unitId, { name: 1 }).lean();
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => {});
  await ctx.reply(
    ctx.t(approved ? 'access-approved-coordinator' : 'access-denied-coordinator', {
      name: req.name,
      unit: unit?.name ?? '',
    }),
  );
  const requester = await User.findOne({ telegramId: req.telegramId }, { language: 1 }).lean();
  const t = translator(requester?.language ?? 'vi');
  await ctx.api
    .sendMessage(
      req.telegramId,
      t(approved ? 'access-approved-requester' : 'access-denied-requester', { unit: unit?.name ?? '' }),
    )
    .catch((err) => ctx.log.warn({ err: (err as Error).message }, 'requester not told'));
});
