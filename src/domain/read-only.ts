import type { Day } from './calendar.ts';

/**
 * A campaign past its end date, or closed by an administrator, is read-only: summaries, exports,
 * the review queue and every card stay readable; registration, reports and review actions are
 * refused. `ended` gives the reason for the message.
 */
export function campaignReadOnly(
  campaign: { status?: string | null; end: Day },
  today: Day,
): { readOnly: false } | { readOnly: true; why: 'closed' | 'ended' } {
  if (campaign.status === 'closed') return { readOnly: true, why: 'closed' };
  if (today > campaign.end) return { readOnly: true, why: 'ended' };
  return { readOnly: false };
}
