import { Composer } from 'grammy';
import { primaryRole } from '../../domain/permissions.ts';
import type { BotContext } from '../context.ts';

export const helpFeature = new Composer<BotContext>();

/** What this person's role can do, in their language. */
export function helpText(ctx: BotContext): string {
  const role = primaryRole(ctx.principal);
  if (!role) return ctx.t('help-no-role');
  const parts = [ctx.t('help-title'), ctx.t('help-cadre')];
  if (role === 'coordinator' || role === 'board' || role === 'admin') parts.push(ctx.t('help-coordinator'));
  if (role === 'board' || role === 'admin') parts.push(ctx.t('help-board'));
  if (role === 'admin') parts.push(ctx.t('help-admin'));
  parts.push(ctx.t('help-always'));
  return parts.join('\n\n');
}

helpFeature.command(['help', 'trogiup'], (ctx) => ctx.reply(helpText(ctx), { parse_mode: 'HTML' }));
