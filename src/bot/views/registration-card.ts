import { type FormField, type ShowEnv, showEnv, shownValue } from '../../domain/forms/field.ts';
import { registrationForm } from '../../domain/forms/registration.ts';
import { reviewActionForms } from '../../domain/forms/review-actions.ts';
import { formatPeriod } from '../../domain/phases.ts';
import { escapeHtml } from '../../domain/text.ts';
import type { Translate } from '../../i18n.ts';
import type { RegistrationNames } from '../../services/forms.ts';
import type { InitiativeDoc } from '../../services/records.ts';
import { cardParts } from './form-card.ts';

/**
 * A model's registration as people read it, from the form table: the heading (`mymodels-details`:
 * code, status, progress and the parts the table places there), the reviewer's answers while the
 * model is returned (the return reason, from the review-action table), then every other part of
 * the registration in full. /mohinh and the reviewer's card show the same; a long one is paged by
 * the sender (paged-html.ts `replyPaged`), never cut.
 */

/** While the model is returned: each answer of the return (its reason), named by its row. */
function returnLines(ini: InitiativeDoc, env: ShowEnv): string {
  if (ini.status !== 'returned') return '';
  const record = ini as unknown as Record<string, unknown>;
  return reviewActionForms.return
    .filter((f) => f.card === 'body')
    .map((f) => ({ f, value: shownValue(f as FormField<never>, record[f.key], env, 'card') }))
    .filter((x) => x.value)
    .map(
      ({ f, value }) =>
        `\n\n${env.t('mymodels-return-reason', { label: escapeHtml(env.t(f.labelKey)), reason: escapeHtml(value) })}`,
    )
    .join('');
}

/** The reviewer's card and /mohinh's detail: the heading, then every other part in full. */
export function registrationCard(
  t: Translate,
  lang: string,
  ini: InitiativeDoc,
  names: RegistrationNames,
): string {
  const env = showEnv(t, lang, names);
  const { head, body } = cardParts(
    registrationForm as FormField<never>[],
    ini as unknown as Record<string, unknown>,
    env,
  );
  const nf = new Intl.NumberFormat('vi-VN');
  const heading = t('mymodels-details', {
    ...head,
    code: ini.code,
    status: t(`status-${ini.status}`),
    progress: nf.format(ini.progress ?? 0),
    last: ini.lastReportPeriod ? formatPeriod(ini.lastReportPeriod) : t('mymodels-no-report'),
    reason: returnLines(ini, env),
  });
  return `${heading}\n\n${body}`;
}
