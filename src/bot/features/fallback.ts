import { Composer } from 'grammy';
import { loadDraft } from '../../services/drafts.ts';
import type { BotContext } from '../context.ts';

export const fallbackFeature = new Composer<BotContext>();

/** A button nobody handles any more (an old message, a finished form). */
fallbackFeature.on('callback_query', (ctx) => ctx.answerCallbackQuery({ text: ctx.t('form-button-stale') }));

/**
 * A message that fits nothing. If the person has an unfinished form (its conversation may have
 * been dropped by a deploy), say so; otherwise point to the right commands.
 */
fallbackFeature.chatType('private').on('message', async (ctx) => {
  if (ctx.msg.text?.startsWith('/')) {
    await ctx.reply(ctx.t('fallback-unknown-command'));
    return;
  }
  const id = ctx.from.id;
  const [register, report] = await Promise.all([loadDraft(id, 'register'), loadDraft(id, 'report')]);
  if (register && Object.keys(register.data ?? {}).length) {
    await ctx.reply(ctx.t('fallback-draft-waiting', { command: '/dangky' }));
    return;
  }
  if (report && Object.keys(report.data ?? {}).length) {
    await ctx.reply(ctx.t('fallback-draft-waiting', { command: '/baocao' }));
    return;
  }
  await ctx.reply(ctx.t(ctx.principal.grants.length ? 'fallback-pointer' : 'fallback-no-role'));
});
