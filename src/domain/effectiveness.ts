import { addDays, type Day, localDay } from './calendar.ts';
import { type InitiativeStatus, isActive, isOpenForReports } from './lifecycle.ts';
import { periodKeyOfDay, periodRange, previousPeriodKey } from './phases.ts';

/**
 * What "effective" (hiệu quả) and "late" (chậm báo cáo) mean, in one place (issue 10, item 6).
 *
 * - Effective in period P: the model is accepted and alive, and a report of P or of one of the
 *   `window - 1` periods before P was **verified** by a coordinator. Questioned and unverified
 *   (pending) reports never count: only verification sets `lastVerifiedPeriod`.
 * - Late in period P: the model is open for reports, the period before P is a full period of its
 *   nurturing (it began after the day the model was accepted), and no report was filed for that
 *   period or later. So a model accepted a minute ago is never late; it can first be late once
 *   its first full period has ended without a report.
 */

export interface EffectFacts {
  status: string;
  lastVerifiedPeriod?: string | null;
  lastReportPeriod?: string | null;
  /** When it was accepted (nurturing from then); for older records the creation time. */
  acceptedAt?: Date | null;
  createdAt?: Date | null;
}

/** The oldest period that still counts for "effective" in P. */
export function effectiveSince(period: string, cadence: string, window: number): string {
  let k = period;
  for (let i = 1; i < Math.max(1, Math.trunc(window)); i++) k = previousPeriodKey(k, cadence);
  return k;
}

export function isEffective(m: EffectFacts, period: string, cadence: string, window = 2): boolean {
  const v = m.lastVerifiedPeriod;
  return (
    isActive(m.status as InitiativeStatus) &&
    typeof v === 'string' &&
    v >= effectiveSince(period, cadence, window)
  );
}

/** The first day of the model's first full period: the first period that begins after acceptance. */
export function firstFullPeriodStart(acceptedDay: Day, cadence: string): Day {
  return addDays(periodRange(periodKeyOfDay(acceptedDay, cadence)).last, 1);
}

export function isLate(m: EffectFacts, period: string, cadence: string, timeZone: string): boolean {
  if (!isOpenForReports(m.status as InitiativeStatus)) return false;
  const since = m.acceptedAt ?? m.createdAt;
  if (!since) return false;
  const previous = previousPeriodKey(period, cadence);
  if (periodRange(previous).first < firstFullPeriodStart(localDay(since, timeZone), cadence)) return false;
  const p = m.lastReportPeriod;
  return !(typeof p === 'string' && p >= previous);
}
