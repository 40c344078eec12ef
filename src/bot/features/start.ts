import { Composer, InlineKeyboard } from 'grammy';
import { normaliseInviteCode } from '../../domain/input.ts';
import { escapeHtml } from '../../domain/text.ts';
import { modelIdFromPayload } from '../../services/evidence/citizens.ts';
import { redeemInvite } from '../../services/invites.ts';
import { userByTelegramId } from '../../services/people.ts';
import { unitNames } from '../../services/unit-choices.ts';
import { principalOf } from '../../services/users.ts';
import { button } from '../buttons.ts';
import { accessRequestButton } from '../callback-data.ts';
import type { BotContext } from '../context.ts';
import { helpText } from './help.ts';

export const startFeature = new Composer<BotContext>();
const pm = startFeature.chatType('private');

/** Binds the person to a unit and role with an invite code, then onboards them if new. */
async function redeem(ctx: BotContext, raw: string): Promise<void> {
  const r = await redeemInvite(raw, ctx.from!.id, ctx.deps.clock);
  if (!r.ok) {
    await ctx.reply(ctx.t(`invite-${r.reason}`), {
      reply_markup: new InlineKeyboard().text(
        ctx.t('start-request-access-button'),
        accessRequestButton.build({ a: 'request' }),
      ),
    });
    return;
  }
  const unit = (await unitNames([r.unitId])).get(String(r.unitId));
  const user = (await userByTelegramId(ctx.from!.id))!;
  ctx.user = user;
  ctx.principal = principalOf(user);
  ctx.log.info({ role: r.role, unit: String(r.unitId) }, 'invite redeemed');
  await ctx.reply(ctx.t('invite-ok', { role: ctx.t(`role-${r.role}`), unit: unit ?? '' }));
  if (!user.onboarded) await ctx.conversation.enter('onboarding', { lang: user.language });
  else await ctx.reply(helpText(ctx), { parse_mode: 'HTML' });
}

pm.command('start', async (ctx) => {
  const payload = ctx.match.trim();
  // A model's QR code (issue 13): anyone, with or without a role, may answer about it.
  const modelId = modelIdFromPayload(payload);
  if (modelId) {
    await ctx.conversation.enter('citizen', { lang: ctx.user?.language ?? 'vi', targetId: modelId });
    return;
  }
  if (payload) return redeem(ctx, payload);
  if (ctx.principal.grants.length === 0) {
    await ctx.reply(ctx.t('start-no-role'), {
      parse_mode: 'HTML',
      reply_markup: new InlineKeyboard().text(
        ctx.t('start-request-access-button'),
        accessRequestButton.build({ a: 'request' }),
      ),
    });
    return;
  }
  if (!ctx.user?.onboarded) {
    await ctx.conversation.enter('onboarding', { lang: ctx.user?.language ?? 'vi' });
    return;
  }
  await ctx.reply(`${ctx.t('start-welcome-back', { name: escapeHtml(ctx.user.name) })}\n\n${helpText(ctx)}`, {
    parse_mode: 'HTML',
  });
});

/** A person without a role who types something shaped like an invite code. */
pm.on('message:text').filter(
  (ctx) => ctx.principal.grants.length === 0 && normaliseInviteCode(ctx.msg.text) !== null,
  (ctx) => redeem(ctx, ctx.msg.text),
);

pm.callbackQuery(
  accessRequestButton.pattern,
  button(accessRequestButton, async (ctx) => {
    await ctx.answerCallbackQuery();
    await ctx.conversation.enter('access-request', { lang: ctx.user?.language ?? 'vi' });
  }),
);
