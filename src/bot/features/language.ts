import { Composer, InlineKeyboard } from 'grammy';
import { User } from '../../db/models/index.ts';
import { LANGUAGES } from '../../i18n.ts';
import type { BotContext } from '../context.ts';

export const languageFeature = new Composer<BotContext>();

export function languageKeyboard(): InlineKeyboard {
  return new InlineKeyboard().text('🇻🇳 Tiếng Việt', 'lang:vi').text('🇬🇧 English', 'lang:en');
}

languageFeature.command(['ngonngu', 'language'], (ctx) =>
  ctx.reply(ctx.t('language-ask'), { reply_markup: languageKeyboard() }),
);

languageFeature.callbackQuery(/^lang:(\w+)$/, async (ctx) => {
  const lang = ctx.match[1]!;
  if (!(LANGUAGES as readonly string[]).includes(lang) || !ctx.user) {
    await ctx.answerCallbackQuery({ text: ctx.t('form-button-stale') });
    return;
  }
  await User.updateOne({ _id: ctx.user._id }, { $set: { language: lang } });
  await ctx.i18n.useLocale(lang);
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => {});
  await ctx.reply(ctx.t('language-set'));
});
