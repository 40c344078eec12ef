import { Composer } from 'grammy';
import { can, scopeRoots } from '../../domain/permissions.ts';
import { findInitiative } from '../../services/initiatives.ts';
import { button } from '../buttons.ts';
import { myModelsCb } from '../callback-data.ts';
import type { BotContext } from '../context.ts';

export const formsFeature = new Composer<BotContext>();
const pm = formsFeature.chatType('private');

const lang = (ctx: BotContext) => ctx.user?.language ?? 'vi';

pm.command(['dangky', 'register'], async (ctx) => {
  const roots = scopeRoots(ctx.principal, 'initiative.register');
  if (roots !== 'all' && roots.length === 0) {
    await ctx.reply(ctx.t('register-not-allowed'));
    return;
  }
  await ctx.conversation.enter('register', { lang: lang(ctx) });
});

pm.command(['baocao', 'report'], async (ctx) => {
  if (ctx.principal.grants.length === 0) {
    await ctx.reply(ctx.t('fallback-no-role'));
    return;
  }
  await ctx.conversation.enter('report', { lang: lang(ctx), targetId: null });
});

/** Outside any form there is nothing to cancel. */
pm.command(['huy', 'cancel'], (ctx) => ctx.reply(ctx.t('form-nothing-to-cancel')));

/** Buttons under a model in /mohinh: report on it, edit it. The id is checked, never trusted. */
for (const [def, form] of [
  [myModelsCb.report, 'report'],
  [myModelsCb.edit, 'edit'],
] as const) {
  pm.callbackQuery(
    def.pattern,
    button(def, async (ctx, v) => {
      const ini = await findInitiative(v.i);
      const target = ini ? { unitPath: ini.unitPath.map(String), ownerId: String(ini.createdBy) } : null;
      const allowed =
        target && can(ctx.principal, form === 'report' ? 'report.submit' : 'initiative.edit', target);
      if (!allowed) {
        await ctx.answerCallbackQuery({ text: ctx.t('err-not-allowed'), show_alert: true });
        return;
      }
      await ctx.answerCallbackQuery();
      await ctx.conversation.enter(form, { lang: lang(ctx), targetId: v.i });
    }),
  );
}
