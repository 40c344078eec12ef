/**
 * Appraisal by a council (issue 10, item 2) and the conflicts of interest of item 3, as pure rules.
 *
 * A unit's coordinators form its council for a round. Each member scores a nominee once against
 * the campaign's criteria; the nominee's result is the mean of the members' totals, every score
 * kept. Nobody reviews, verifies, appraises, selects or honours a model they registered (its
 * owner in the bot is the person who registered it) or reported on; a council member does not
 * score a collective model of their own unit.
 */

export type Conflict = 'registered-it' | 'reported-on-it' | 'own-unit-collective';

export interface ModelFacts {
  unitId: string;
  ownerKind: string;
  createdBy: string;
  /** Everyone who submitted a progress report of it. */
  reporterIds: readonly string[];
}

/**
 * Why this person may not judge this model, or null. `unitIds` are the units of the grants the
 * person acts through; `ownUnit` adds the collective rule (appraisal and selection only).
 */
export function conflictOf(
  personId: string,
  model: ModelFacts,
  opts: { unitIds?: readonly string[]; ownUnit?: boolean } = {},
): Conflict | null {
  if (model.createdBy === personId) return 'registered-it';
  if (model.reporterIds.includes(personId)) return 'reported-on-it';
  if (opts.ownUnit && model.ownerKind === 'collective' && (opts.unitIds ?? []).includes(model.unitId)) {
    return 'own-unit-collective';
  }
  return null;
}

/** Mean of the members' totals, to one decimal; null when nobody scored yet. */
export function meanScore(totals: readonly number[]): number | null {
  if (totals.length === 0) return null;
  return Math.round((totals.reduce((s, x) => s + x, 0) / totals.length) * 10) / 10;
}

export interface Standing<T> {
  item: T;
  mean: number | null;
  count: number;
  /** 1 for the best; equal means share a rank; unscored nominees have none. */
  rank: number | null;
}

/** Nominees by mean score, best first; ties share a rank (1, 2, 2, 4); unscored last. */
export function rankNominees<T>(items: readonly { item: T; totals: readonly number[] }[]): Standing<T>[] {
  const rows = items.map((x) => ({
    item: x.item,
    mean: meanScore(x.totals),
    count: x.totals.length,
    rank: null as number | null,
  }));
  rows.sort((a, b) => (b.mean ?? -1) - (a.mean ?? -1));
  let prev: number | null = null;
  let prevRank = 0;
  rows.forEach((r, i) => {
    if (r.mean === null) return;
    r.rank = r.mean === prev ? prevRank : i + 1;
    prev = r.mean;
    prevRank = r.rank;
  });
  return rows;
}

/**
 * A nominee is appraised once every council member who may score it has scored it (members with
 * a conflict are not waited for). A council where nobody may score it cannot appraise it.
 */
export function appraisalComplete(eligibleMembers: readonly string[], scoredBy: readonly string[]): boolean {
  return eligibleMembers.length > 0 && eligibleMembers.every((m) => scoredBy.includes(m));
}

export type ScoreProblem =
  | { problem: 'score-missing'; criterion: string }
  | { problem: 'score-unknown-criterion'; criterion: string }
  | { problem: 'score-duplicate'; criterion: string }
  | { problem: 'score-out-of-range'; criterion: string };

/** Checks a member's scores against the criteria; returns them in the campaign's order. */
export function checkScores(
  criteria: readonly { code: string; maxScore: number }[],
  given: readonly { criterion: string; score: number }[],
):
  | { ok: true; scores: { criterion: string; score: number }[]; total: number; max: number }
  | ({ ok: false } & ScoreProblem) {
  const seen = new Map<string, number>();
  for (const g of given) {
    const c = criteria.find((x) => x.code === g.criterion);
    if (!c) return { ok: false, problem: 'score-unknown-criterion', criterion: g.criterion };
    if (seen.has(g.criterion)) return { ok: false, problem: 'score-duplicate', criterion: g.criterion };
    if (typeof g.score !== 'number' || !Number.isFinite(g.score) || g.score < 0 || g.score > c.maxScore) {
      return { ok: false, problem: 'score-out-of-range', criterion: g.criterion };
    }
    seen.set(g.criterion, g.score);
  }
  const missing = criteria.find((c) => !seen.has(c.code));
  if (missing) return { ok: false, problem: 'score-missing', criterion: missing.code };
  const scores = criteria.map((c) => ({ criterion: c.code, score: seen.get(c.code)! }));
  const total = Math.round(scores.reduce((s, x) => s + x.score, 0) * 10) / 10;
  return { ok: true, scores, total, max: criteria.reduce((s, c) => s + c.maxScore, 0) };
}
