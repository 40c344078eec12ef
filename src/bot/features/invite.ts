import { Composer, InlineKeyboard } from 'grammy';
import { Unit } from '../../db/models/index.ts';
import { invitableRoles, type RoleName } from '../../domain/permissions.ts';
import { createInvite } from '../../services/invites.ts';
import type { BotContext } from '../context.ts';

export const inviteFeature = new Composer<BotContext>();
const pm = inviteFeature.chatType('private');

/** How long and how often an invite works, by role: wide for cadres, single-use for the rest. */
const INVITE_TERMS: Record<RoleName, { days: number; maxUses: number }> = {
  cadre: { days: 14, maxUses: 50 },
  coordinator: { days: 7, maxUses: 1 },
  board: { days: 7, maxUses: 1 },
  admin: { days: 2, maxUses: 1 },
};

/** Units where this person may invite: their grant units and the units right below them. */
async function invitableUnits(ctx: BotContext) {
  const grantUnits = [
    ...new Set(ctx.principal.grants.filter((g) => g.role !== 'cadre').map((g) => g.unitId)),
  ];
  const units = await Unit.find(
    { $or: [{ _id: { $in: grantUnits } }, { parentId: { $in: grantUnits } }], active: true },
    { name: 1, path: 1, depth: 1, order: 1 },
  )
    .sort({ depth: 1, order: 1 })
    .limit(60)
    .lean();
  return units;
}

pm.command(['moi', 'invite'], async (ctx) => {
  const units = await invitableUnits(ctx);
  const options = units.filter((u) => invitableRoles(ctx.principal, u.path.map(String)).length > 0);
  if (!options.length) {
    await ctx.reply(ctx.t('invite-not-allowed'));
    return;
  }
  const kb = new InlineKeyboard();
  for (const u of options) kb.text(u.name, `inv:u:${String(u._id)}`).row();
  await ctx.reply(ctx.t('invite-ask-unit'), { reply_markup: kb });
});

pm.callbackQuery(/^inv:u:([a-f0-9]{24})$/, async (ctx) => {
  const unit = await Unit.findById(ctx.match[1], { name: 1, path: 1 }).lean();
  const roles = unit ? invitableRoles(ctx.principal, unit.path.map(String)) : [];
  if (!unit || roles.length === 0) {
    await ctx.answerCallbackQuery({ text: ctx.t('err-not-allowed'), show_alert: true });
    return;
  }
  await ctx.answerCallbackQuery();
  const kb = new InlineKeyboard();
  for (const r of roles) kb.text(ctx.t(`role-${r}`), `inv:r:${String(unit._id)}:${r}`).row();
  await ctx.editMessageText(ctx.t('invite-ask-role', { unit: unit.name }), { reply_markup: kb });
});

pm.callbackQuery(/^inv:r:([a-f0-9]{24}):(cadre|coordinator|board|admin)$/, async (ctx) => {
  const role = ctx.match[2] as RoleName;
  const unit = await Unit.findById(ctx.match[1], { name: 1, path: 1 }).lean();
  if (!unit || !invitableRoles(ctx.principal, unit.path.map(String)).includes(role)) {
    await ctx.answerCallbackQuery({ text: ctx.t('err-not-allowed'), show_alert: true });
    return;
  }
  await ctx.answerCallbackQuery();
  const terms = INVITE_TERMS[role];
  const { code, invite } = await createInvite(
    { role, unitId: unit._id, days: terms.days, maxUses: terms.maxUses, createdBy: ctx.user!._id },
    ctx.deps.clock,
  );
  const link = `https://t.me/${ctx.me.username}?start=${code}`;
  await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => {});
  await ctx.reply(
    ctx.t('invite-created', {
      role: ctx.t(`role-${role}`),
      unit: unit.name,
      link,
      code,
      uses: invite.maxUses,
      days: terms.days,
    }),
    { link_preview_options: { is_disabled: true } },
  );
});
