import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { I18n } from '@grammyjs/i18n';
import type { Context } from 'grammy';

export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const localesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'locales');

/** Messages added at run time, after the files of src/locales (see `addMessages`). */
const added: Record<string, string[]> = {};

/**
 * Fluent messages, one folder per language (src/locales/vi/*.ftl, src/locales/en/*.ftl), one file
 * per feature. Vietnamese is the default. The locale of a chat is the person's stored language,
 * set by the user middleware (see bot/middleware/user.ts).
 */
export function createI18n<C extends Context>(): I18n<C> {
  const i18n = new I18n<C>({
    defaultLocale: 'vi',
    useSession: false,
    fluentBundleOptions: { useIsolating: false },
  });
  for (const lang of LANGUAGES) {
    const dir = path.join(localesDir, lang);
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.ftl'))
      .sort()
      .map((f) => readFileSync(path.join(dir, f), 'utf8'));
    i18n.loadLocaleSync(lang, { source: [...files, ...(added[lang] ?? [])].join('\n') });
  }
  return i18n;
}

/**
 * Adds Fluent messages to a language for every i18n created afterwards (and for `translator`).
 * The form tests use it to give a sample field its two lines without writing into src/locales.
 */
export function addMessages(lang: Language, source: string): void {
  added[lang] = [...(added[lang] ?? []), source];
  shared = createI18n();
}

/** For text produced outside an update (reminders, digests, exports). */
let shared = createI18n();
export type Translate = (key: string, args?: Record<string, string | number | Date>) => string;
export function translator(lang: string): Translate {
  const locale = (LANGUAGES as readonly string[]).includes(lang) ? lang : 'vi';
  return (key, args) => shared.t(locale, key, args);
}
