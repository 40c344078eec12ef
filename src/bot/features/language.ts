import { Composer, InlineKeyboard } from 'grammy';
import { setLanguage } from '../../services/people.ts';
import { button } from '../buttons.ts';
import { languageButton } from '../callback-data.ts';
import type { BotContext } from '../context.ts';

export const languageFeature = new Composer<BotContext>();

export function languageKeyboard(): InlineKeyboard {
  return new InlineKeyboard()
    .text('🇻🇳 Tiếng Việt', languageButton.build({ l: 'vi' }))
    .text('🇬🇧 English', languageButton.build({ l: 'en' }));
}

languageFeature.command(['ngonngu', 'language'], (ctx) =>
  ctx.reply(ctx.t('language-ask'), { reply_markup: languageKeyboard() }),
);

languageFeature.callbackQuery(
  languageButton.pattern,
  button(languageButton, async (ctx, { l: lang }) => {
    if (!ctx.user) {
      await ctx.answerCallbackQuery({ text: ctx.t('form-button-stale') });
      return;
    }
    await setLanguage(ctx.user._id, lang);
    await ctx.i18n.useLocale(lang);
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => {});
    await ctx.reply(ctx.t('language-set'));
  }),
);
