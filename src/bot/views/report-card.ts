import { type FormField, showEnv } from '../../domain/forms/field.ts';
import { reportForm } from '../../domain/forms/report.ts';
import { reviewActionForms } from '../../domain/forms/review-actions.ts';
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
 * of the report form table in full, "—" for a part left empty, then what a reviewer asked to
 * clarify (the rows of the review-action table's "question" form, shown once given).
 */
export function reportCard(
  t: Translate,
  lang: string,
  report: ProgressReportDoc,
  ini: Pick<InitiativeDoc, 'code' | 'title'> | null,
): string {
  const record = report as unknown as Record<string, unknown>;
  const env = showEnv(t, lang);
  const { head, body } = cardParts(reportForm as FormField<never>[], record, env, { empty: '—' });
  const asked = cardParts(reviewActionForms.question as FormField<never>[], record, env).body;
  return t('rq-report', {
    ...head,
    code: ini?.code ?? '',
    title: escapeHtml(ini?.title ?? ''),
    revision: report.revision,
    verification: t(VERIFICATION_LABEL[report.verification]!),
    body: asked ? `${body}\n${asked}` : body,
  });
}
