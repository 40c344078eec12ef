import { type FormField, showEnv } from '../../domain/forms/field.ts';
import { registrationForm } from '../../domain/forms/registration.ts';
import { formatPeriod } from '../../domain/phases.ts';
import { escapeHtml } from '../../domain/text.ts';
import type { Translate } from '../../i18n.ts';
import type { RegistrationNames } from '../../services/forms.ts';
import type { InitiativeDoc } from '../../services/records.ts';
import { cardParts } from './form-card.ts';

/**
 * A model's registration as people read it, from the form table: the heading (`mymodels-details`:
 * code, status, progress and the parts the table places there) that /mohinh shows, and the review
 * card, which adds every other part in full.
 */

function parts(t: Translate, lang: string, ini: InitiativeDoc, names: RegistrationNames) {
  const env = showEnv(t, lang, names);
  return cardParts(registrationForm as FormField<never>[], ini as unknown as Record<string, unknown>, env);
}

function heading(t: Translate, ini: InitiativeDoc, head: Record<string, string>): string {
  const nf = new Intl.NumberFormat('vi-VN');
  return t('mymodels-details', {
    ...head,
    code: ini.code,
    status: t(`status-${ini.status}`),
    progress: nf.format(ini.progress ?? 0),
    last: ini.lastReportPeriod ? formatPeriod(ini.lastReportPeriod) : t('mymodels-no-report'),
    reason:
      ini.returnReason && ini.status === 'returned'
        ? `\n\n${t('mymodels-return-reason', { reason: escapeHtml(ini.returnReason) })}`
        : '',
  });
}

/** /mohinh's detail of a model. */
export function registrationDetails(
  t: Translate,
  lang: string,
  ini: InitiativeDoc,
  names: RegistrationNames,
): string {
  return heading(t, ini, parts(t, lang, ini, names).head);
}

/** The reviewer's card: the heading, then every other part of the registration in full. */
export function registrationCard(
  t: Translate,
  lang: string,
  ini: InitiativeDoc,
  names: RegistrationNames,
): string {
  const { head, body } = parts(t, lang, ini, names);
  return `${heading(t, ini, head)}\n\n${body}`;
}
