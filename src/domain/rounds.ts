import type { Day } from './calendar.ts';

/**
 * Rounds and levels (issue 10, items 1, 3 and 4), as pure rules over a campaign's round
 * definitions. See db/models/round.ts for the records.
 */

export interface RoundDef {
  code: string;
  name: string;
  nameEn?: string | null;
  kind: 'honouring' | 'registration' | string;
  phaseCode: string;
  targetLevel: string;
  unitLevel: string;
  occasion?: number | null;
  quota?: number | null;
  opensOn: Day;
  closesOn: Day;
  conferenceOn?: Day | null;
}

export interface RoundsPlan {
  rounds: readonly RoundDef[];
  levels: readonly string[];
  targetLevels: readonly string[];
}

export function isOpenOn(def: Pick<RoundDef, 'opensOn' | 'closesOn'>, today: Day): boolean {
  return def.opensOn <= today && today <= def.closesOn;
}

/** The honouring round open today for models of this target level (the earliest if several). */
export function openHonouringRound(plan: RoundsPlan, targetLevel: string, today: Day): RoundDef | null {
  return (
    plan.rounds
      .filter((r) => r.kind === 'honouring' && r.targetLevel === targetLevel && isOpenOn(r, today))
      .sort((a, b) => (a.opensOn < b.opensOn ? -1 : 1))[0] ?? null
  );
}

/** The registration round open today for this target level, if any. */
export function openRegistrationRound(plan: RoundsPlan, targetLevel: string, today: Day): RoundDef | null {
  return (
    plan.rounds.find(
      (r) => r.kind === 'registration' && r.targetLevel === targetLevel && isOpenOn(r, today),
    ) ?? null
  );
}

/**
 * The unit level whose people hold the rights at a target level: the campaign's unit levels
 * (top down) read against its target levels (bottom up), so province -> province, district ->
 * district, grassroots -> commune; on a two-tier tree province -> province, grassroots -> commune.
 */
export function unitLevelOf(
  plan: Pick<RoundsPlan, 'levels' | 'targetLevels'>,
  targetLevel: string,
): string | null {
  const i = plan.targetLevels.indexOf(targetLevel);
  if (i < 0) return null;
  return plan.levels[plan.levels.length - 1 - i] ?? null;
}

/** In a model's unit path (root first), the unit at this level that runs its round. */
export function organisingUnit<U extends { level: string }>(path: readonly U[], unitLevel: string): U | null {
  return path.find((u) => u.level === unitLevel) ?? null;
}

export type PutForwardRefusal = 'wrong-status' | 'rules-not-met' | 'no-open-round' | 'wrong-level';

/**
 * May this model be put forward now? Nurturing models (or models honoured in an earlier round,
 * for a second honouring) go into the round open for their target level. The owner needs the
 * campaign's number of verified reports; a coordinator of the scope may put any forward.
 */
export function checkPutForward(input: {
  status: string;
  verifiedReports: number;
  minVerified: number;
  by: 'owner' | 'coordinator';
  roundOpen: boolean;
  /** For a model already honoured: has it been honoured in this very round definition? */
  honouredInThisRound?: boolean;
}): { ok: true } | { ok: false; reason: PutForwardRefusal } {
  if (input.status !== 'nurturing' && input.status !== 'honoured')
    return { ok: false, reason: 'wrong-status' };
  if (input.honouredInThisRound) return { ok: false, reason: 'wrong-status' };
  if (!input.roundOpen) return { ok: false, reason: 'no-open-round' };
  if (input.by === 'owner' && input.verifiedReports < input.minVerified)
    return { ok: false, reason: 'rules-not-met' };
  return { ok: true };
}

/** The chair may select while fewer than the quota are selected. */
export function quotaLeft(quota: number, selected: number): number {
  return Math.max(0, quota - selected);
}

/**
 * Months after an honour when a follow-up report is expected (the campaign's cadence, e.g. 6
 * and 12): the days they fall on.
 */
export function followUpDays(honouredOn: Day, months: readonly number[]): Day[] {
  const [y, m, d] = honouredOn.split('-').map(Number) as [number, number, number];
  return months.map((n) => {
    const total = m - 1 + n;
    const year = y + Math.floor(total / 12);
    const month = (total % 12) + 1;
    const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
    return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
  });
}
