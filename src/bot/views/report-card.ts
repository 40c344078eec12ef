import { type FormField, showEnv } from '../../domain/forms/field.ts';
import { reportForm } from '../../domain/forms/report.ts';
import { escapeHtml } from '../../domain/text.ts';
import type { Translate } from '../../i18n.ts';
import type { InitiativeDoc, ProgressReportDoc } from '../../services/records.ts';
import { cardParts } from './form-card.ts';

const VERIFICATION_LABEL: Record<string, string> = {
  pending: 'review-verification-pending',
  verified: 'review-verification-verified',
  questioned: 'review-verification-questioned',
};

/**
 * A report for the reviewer: the heading (model, period, revision, verification), then every part
 * of the report form table in full, "—" for a part left empty.
 */
export function reportCard(
  t: Translate,
  lang: string,
  report: ProgressReportDoc,
  ini: Pick<InitiativeDoc, 'code' | 'title'> | null,
): string {
  const { head, body } = cardParts(
    reportForm as FormField<never>[],
    report as unknown as Record<string, unknown>,
    showEnv(t, lang),
    { empty: '—' },
  );
  return t('rq-report', {
    ...head,
    code: ini?.code ?? '',
    title: escapeHtml(ini?.title ?? ''),
    revision: report.revision,
    verification: t(VERIFICATION_LABEL[report.verification]!),
    body,
  });
}
