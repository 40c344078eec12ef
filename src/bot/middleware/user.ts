import type { NextFunction } from 'grammy';
import { ensureConfiguredAdmin, ensureUser, principalOf } from '../../services/users.ts';
import type { BotContext } from '../context.ts';

/**
 * Loads (or creates) the person behind the update and their roles. Roles are only ever granted
 * (invite or admin); ADMIN_TELEGRAM_IDS are admins from the first contact. The person comes from
 * the per-process cache of services/users.ts when it is still valid there.
 */
export async function loadUser(ctx: BotContext, next: NextFunction): Promise<void> {
  const from = ctx.from;
  if (!from || from.is_bot) {
    ctx.user = null;
    ctx.principal = { userId: '', grants: [] };
    return next();
  }
  let user = await ensureUser(from);
  if (user.deactivated) {
    // One clear line, and nothing else happens: no form, no button, no reactivation.
    await ctx.i18n.useLocale(user.language ?? 'vi');
    if (ctx.callbackQuery)
      await ctx.answerCallbackQuery({ text: ctx.t('account-deactivated'), show_alert: true }).catch(() => {});
    else if (ctx.chat?.type === 'private') await ctx.reply(ctx.t('account-deactivated')).catch(() => {});
    return;
  }
  if (ctx.deps.config.ADMIN_TELEGRAM_IDS.includes(from.id))
    user = await ensureConfiguredAdmin(user, ctx.deps.clock);
  ctx.user = user;
  ctx.principal = principalOf(user);
  await ctx.i18n.useLocale(user.language ?? 'vi');
  return next();
}
