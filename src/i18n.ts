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
  formatted.clear();
}

/** For text produced outside an update (reminders, digests, exports). */
let shared = createI18n();
export type Translate = (key: string, args?: Record<string, string | number | Date>) => string;

/**
 * Texts already formatted, by language, key and arguments. A form's conversation is replayed
 * from its start on every answer, asking each earlier question (and its buttons) again: the same
 * few hundred texts, formatted once each instead of on every update. Bounded: cleared when full.
 */
const formatted = new Map<string, string>();
const FORMATTED_MAX = 5000;

function cacheKey(locale: string, key: string, args?: Record<string, string | number | Date>): string | null {
  if (!args) return `${locale} ${key}`;
  // Dates (and anything but text and numbers) are formatted every time.
  for (const v of Object.values(args)) if (typeof v !== 'string' && typeof v !== 'number') return null;
  return `${locale} ${key} ${JSON.stringify(args)}`;
}

const translators = new Map<string, Translate>();
export function translator(lang: string): Translate {
  const locale = (LANGUAGES as readonly string[]).includes(lang) ? lang : 'vi';
  let t = translators.get(locale);
  if (!t) {
    t = (key, args) => {
      const k = cacheKey(locale, key, args);
      if (k === null) return shared.t(locale, key, args);
      let text = formatted.get(k);
      if (text === undefined) {
        text = shared.t(locale, key, args);
        if (formatted.size >= FORMATTED_MAX) formatted.clear();
        formatted.set(k, text);
      }
      return text;
    };
    translators.set(locale, t);
  }
  return t;
}
