import type { BotDeps, FormContext, FormConversation } from '../src/bot/context.ts';
import { parseText } from '../src/domain/input.ts';
import { translator } from '../src/i18n.ts';
import { finishOnboarding } from '../src/services/people.ts';
import { ask, complain, escapeHtml } from './form/engine.ts';
import { type FormArgs, makeIO } from './shared.ts';

/**
 * After an invite: the person picks a language and confirms the name shown on their records.
 */
export function onboardingConversation(_deps: BotDeps) {
  return async function onboarding(conversation: FormConversation, ctx: FormContext, args: FormArgs) {
    let t = translator(args.lang);
    let io = await makeIO(conversation, t);
    const lang = await ask(io, ctx, {
      text: `${t('onboarding-ask-language')}`,
      choices: [
        [
          { label: '🇻🇳 Tiếng Việt', value: 'vi' },
          { label: '🇬🇧 English', value: 'en' },
        ],
      ],
    });
    if (lang.kind === 'cancel') {
      await ctx.reply(t('onboarding-later'));
      return;
    }
    const chosen = lang.kind === 'choice' ? lang.value : args.lang;
    t = translator(chosen);
    io = { ...io, t };
    const telegramName = [ctx.from?.first_name, ctx.from?.last_name].filter(Boolean).join(' ').slice(0, 120);
    let name: string | null = null;
    let current = lang.kind === 'choice' ? lang.ctx : ctx;
    while (name === null) {
      const r = await ask(io, current, {
        text: t('onboarding-ask-name', { name: escapeHtml(telegramName) }),
        choices:
          telegramName.length >= 2
            ? [[{ label: t('onboarding-use-name', { name: telegramName }), value: 'same' }]]
            : undefined,
      });
      if (r.kind === 'cancel') {
        await ctx.reply(t('onboarding-later'));
        return;
      }
      if (r.kind === 'choice' && r.value === 'same') name = telegramName;
      else if (r.kind === 'text') {
        current = r.ctx;
        const p = parseText('personName', r.text);
        if (p.ok) name = p.value;
        else await complain(io, r.ctx, p.problem);
      } else if (r.kind === 'media') await complain(io, r.ctx, { key: 'err-expected-text' });
    }
    const finalName = name;
    await conversation.external(async (octx) => {
      const user = octx.user;
      if (user) await finishOnboarding(user._id, { name: finalName, language: chosen });
    });
    await ctx.reply(t('onboarding-done', { name: escapeHtml(finalName) }), { parse_mode: 'HTML' });
  };
}
