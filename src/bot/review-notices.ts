import type { Api } from 'grammy';
import type { InitiativeDoc } from '../db/models/index.ts';
import type { Translate } from '../i18n.ts';
import type { Logger } from '../logger.ts';
import type { Recipient } from '../services/reviews.ts';
import { sendDirect } from './notify.ts';

/** The message a cadre gets when a reviewer acted on their model. */
export type Notice =
  | { kind: 'accepted' | 'submitted' | 'declined'; ini: InitiativeDoc }
  | { kind: 'returned'; ini: InitiativeDoc; reason: string }
  | { kind: 'appraised'; ini: InitiativeDoc }
  | { kind: 'selected'; ini: InitiativeDoc; level: string }
  | { kind: 'honoured'; ini: InitiativeDoc; level: string; year: number; decision: string }
  | { kind: 'verified'; code: string; period: string }
  | { kind: 'questioned'; code: string; period: string; note: string };

export function noticeText(n: Notice, t: Translate): string {
  switch (n.kind) {
    case 'verified':
      return t('review-notice-verified', { code: n.code, period: n.period });
    case 'questioned':
      return t('review-notice-questioned', { code: n.code, period: n.period, note: n.note });
    default: {
      const base = { code: n.ini.code, title: n.ini.title };
      if (n.kind === 'returned') return t('review-notice-returned', { ...base, reason: n.reason });
      if (n.kind === 'appraised') {
        const last = n.ini.appraisals.at(-1);
        return t('review-notice-appraised', { ...base, total: last?.total ?? 0, max: last?.max ?? 0 });
      }
      if (n.kind === 'selected')
        return t('review-notice-selected', { ...base, level: t(`level-${n.level}`) });
      if (n.kind === 'honoured') {
        return t('review-notice-honoured', {
          ...base,
          level: t(`level-${n.level}`),
          year: String(n.year),
          decision: n.decision,
        });
      }
      return t(`review-notice-${n.kind}`, base);
    }
  }
}

/** Tells the cadre(s) concerned; plain text (their own words are not HTML-escaped twice). */
export async function tellCadres(
  api: Api,
  to: readonly Recipient[],
  notice: Notice,
  logger: Logger,
): Promise<void> {
  const { escapeHtml } = await import('../domain/text.ts');
  await sendDirect(api, to, (t) => escapeHtml(noticeText(notice, t)), null, logger);
}
