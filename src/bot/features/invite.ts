import { Composer, InlineKeyboard } from 'grammy';
import { inviteAs } from '../../services/invite-issue.ts';
import { invitableUnit, invitableUnits } from '../../services/unit-choices.ts';
import { button } from '../buttons.ts';
import { inviteButton } from '../callback-data.ts';
import type { BotContext } from '../context.ts';

export const inviteFeature = new Composer<BotContext>();
const pm = inviteFeature.chatType('private');

/**
 * `/moi`: the units this person may invite to (their grant units and the units right below),
 * then the role, then the link. The unit and role come back from buttons and are checked again
 * by the services before anything is shown or made.
 */
pm.command(['moi', 'invite'], async (ctx) => {
  const options = await invitableUnits(ctx.principal);
  if (!options.length) {
    await ctx.reply(ctx.t('invite-not-allowed'));
    return;
  }
  const kb = new InlineKeyboard();
  for (const u of options) kb.text(u.name, inviteButton.build({ u: u.id, r: null })).row();
  await ctx.reply(ctx.t('invite-ask-unit'), { reply_markup: kb });
});

const notAllowed = (ctx: BotContext) =>
  ctx.answerCallbackQuery({ text: ctx.t('err-not-allowed'), show_alert: true });

pm.callbackQuery(
  inviteButton.pattern,
  button(inviteButton, async (ctx, { u, r: role }) => {
    if (role === null) {
      const unit = await invitableUnit(ctx.principal, u);
      if (!unit) return notAllowed(ctx);
      await ctx.answerCallbackQuery();
      const kb = new InlineKeyboard();
      for (const r of unit.roles) kb.text(ctx.t(`role-${r}`), inviteButton.build({ u: unit.id, r })).row();
      await ctx.editMessageText(ctx.t('invite-ask-role', { unit: unit.name }), { reply_markup: kb });
      return;
    }
    const made = await inviteAs(
      ctx.principal,
      { unitId: u, role, createdBy: ctx.user?._id ?? null },
      ctx.deps.clock,
    );
    if (!made.ok) return notAllowed(ctx);
    await ctx.answerCallbackQuery();
    const link = `https://t.me/${ctx.me.username}?start=${made.code}`;
    await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => {});
    await ctx.reply(
      ctx.t('invite-created', {
        role: ctx.t(`role-${role}`),
        unit: made.unitName,
        link,
        code: made.code,
        uses: made.invite.maxUses,
        days: made.days,
      }),
      { link_preview_options: { is_disabled: true } },
    );
  }),
);
