import { formatDay } from '../../domain/calendar.ts';
import { INITIATIVE_STATUSES } from '../../domain/lifecycle.ts';
import { formatPeriod } from '../../domain/phases.ts';
import { escapeHtml } from '../../domain/text.ts';
import { translator } from '../../i18n.ts';
import type {
  InitiativeActionResult,
  ReplicationResult,
  ReviewFailure,
  VerifyResult,
} from '../../services/reviews.ts';

/** The words of the review area: why an action was refused, and what the cadre is told after one. */

export interface TextOptions {
  /** Escape user-typed values for Telegram's HTML parse mode. */
  html?: boolean;
  /** The campaign's criteria, to name a criterion in a score problem. */
  criteria?: readonly { code: string; name: string; nameEn?: string | null }[];
}

function stateLabel(lang: string, state: string | undefined): string {
  const t = translator(lang);
  if (!state) return '';
  if ((INITIATIVE_STATUSES as readonly string[]).includes(state)) return t(`status-${state}`);
  if (['pending', 'verified', 'questioned'].includes(state)) return t(`review-verification-${state}`);
  return state;
}

/** Why an action was not done, in the person's language (the bot adds the same question again). */
export function reviewFailureText(f: ReviewFailure, lang: string, opts: TextOptions = {}): string {
  const t = translator(lang);
  const esc = opts.html ? escapeHtml : (x: string) => x;
  if (f.reason === 'invalid' && f.problem) {
    let detail = f.detail ?? '';
    const criterion = opts.criteria?.find((c) => c.code === detail);
    if (criterion) detail = lang === 'en' ? criterion.nameEn || criterion.name : criterion.name;
    return t(`review-problem-${f.problem}`, { detail: esc(detail) });
  }
  if (f.reason === 'campaign-read-only') {
    return t('review-fail-campaign-read-only', {
      why: f.current ?? 'ended',
      end: f.detail ? formatDay(f.detail) : '',
    });
  }
  return t(`review-fail-${f.reason}`, { current: esc(stateLabel(lang, f.current)) });
}

/** What to tell the cadre after a successful action (send it to each of `notify`). */
export function reviewNoticeText(
  r:
    | Extract<InitiativeActionResult, { ok: true }>
    | Extract<VerifyResult, { ok: true }>
    | Extract<ReplicationResult, { ok: true }>,
  lang: string,
  opts: TextOptions = {},
): string {
  const t = translator(lang);
  const esc = opts.html ? escapeHtml : (x: string) => x;
  const level = (code: string | null | undefined) => (code ? t(`level-${code}`) : '');
  if ('report' in r) {
    return t(`review-notice-${r.report.verification === 'questioned' ? 'questioned' : 'verified'}`, {
      period: formatPeriod(r.report.periodKey),
      code: esc(r.initiative.code),
      note: esc(r.report.verificationNote ?? ''),
    });
  }
  if ('replica' in r) {
    return t('review-notice-replicated', {
      source: esc(r.source.code),
      replica: esc(r.replica.code),
      title: esc(r.replica.title),
      unit: esc(r.replicaUnitName),
    });
  }
  const ini = r.initiative;
  const base = { code: esc(ini.code), title: esc(ini.title) };
  switch (r.to) {
    case 'nurturing':
      return t('review-notice-accepted', base);
    case 'returned':
      return t('review-notice-returned', { ...base, reason: esc(ini.returnReason ?? '') });
    case 'submitted':
      return t('review-notice-submitted', base);
    case 'selected':
      return t('review-notice-selected', { ...base, level: level(ini.selectedLevel) });
    default:
      return t('review-fail-wrong-status', { current: stateLabel(lang, r.to) });
  }
}
