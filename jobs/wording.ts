import { formatPeriod } from '../src/domain/phases.ts';
import type { Translate } from '../src/i18n.ts';
import type { UnitLack } from './unit-status.ts';

/** Wording shared by the reminder texts, the weekly digest and `/lichnhac`. */

export const MAX_NAMES = 10;

export const title = (x: { title: string; titleEn?: string | null }, en: boolean) =>
  en && x.titleEn ? x.titleEn : x.title;
export const phaseName = (x: { name: string; nameEn?: string | null }, en: boolean) =>
  en && x.nameEn ? x.nameEn : x.name;

/** "A, B, C" or "A, B ... and 4 more". */
function nameList(names: readonly string[], t: Translate): string {
  if (names.length <= MAX_NAMES) return names.join(', ');
  return t('reminder-more', { names: names.slice(0, MAX_NAMES).join(', '), count: names.length - MAX_NAMES });
}

/** One line saying what a unit lacks for a task (shared with `/lichnhac`), or null when unknown. */
export function lackText(lack: UnitLack, t: Translate): string | null {
  switch (lack.kind) {
    case 'unknown':
      return null;
    case 'ok':
      return t('reminder-lack-ok');
    case 'no-model':
      return t('reminder-lack-own-model');
    case 'units-without-model':
      return t('reminder-lack-units', {
        missing: lack.missing.length,
        total: lack.total,
        level: lack.level,
        names: nameList(lack.missing, t),
      });
    case 'awaiting-appraisal':
      return t('reminder-lack-appraisal', { count: lack.count, names: nameList(lack.titles, t) });
    case 'unreported':
      return t('reminder-lack-reports', {
        count: lack.count,
        total: lack.total,
        period: formatPeriod(lack.period),
        names: nameList(lack.titles, t),
      });
  }
}
