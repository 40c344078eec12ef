import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { I18n } from '@grammyjs/i18n';
import type { Context } from 'grammy';

export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const localesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'locales');

/**
 * Fluent messages, one folder per language (src/locales/vi/*.ftl, src/locales/en/*.ftl), one file
 * per feature. Vietnamese is the default. The locale of a chat is the person's stored language,
 * set by the user middleware (see bot/middleware/user.ts).
 */
export function createI18n<C extends Context>(): I18n<C> {
  return new I18n<C>({
    defaultLocale: 'vi',
    directory: localesDir,
    useSession: false,
    fluentBundleOptions: { useIsolating: false },
  });
}

/** For text produced outside an update (reminders, digests, exports). */
const shared = createI18n();
export type Translate = (key: string, args?: Record<string, string | number | Date>) => string;
export function translator(lang: string): Translate {
  const locale = (LANGUAGES as readonly string[]).includes(lang) ? lang : 'vi';
  return (key, args) => shared.t(locale, key, args);
}
