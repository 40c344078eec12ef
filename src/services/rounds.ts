import { isValidObjectId, type Types } from 'mongoose';
import type { Clock } from '../clock.ts';
import {
  AuditEvent,
  Campaign,
  type CampaignDoc,
  CouncilScore,
  type CouncilScoreDoc,
  Initiative,
  type InitiativeDoc,
  isDuplicateKey,
  Nomination,
  type NominationDoc,
  ProgressReport,
  Round,
  type RoundDoc,
  Unit,
  User,
  unlessDuplicate,
} from '../db/models/index.ts';
import { type Day, isValidDay, localDay } from '../domain/calendar.ts';
import { appraisalComplete, checkScores, conflictOf, meanScore, rankNominees } from '../domain/council.ts';
import { nextTargetLevel } from '../domain/lifecycle.ts';
import { isAdmin, type Principal } from '../domain/permissions.ts';
import {
  checkPutForward,
  isOpenOn,
  openHonouringRound,
  openRegistrationRound,
  type RoundDef,
} from '../domain/rounds.ts';
import { actorUser, type Recipient, recipients } from './actors.ts';
import { changeStatus } from './initiative-status.ts';
import { checkKeptAnswers, fail, LIMITS } from './review/results.ts';
import { campaignReadOnlyOf } from './review/shared.ts';
import type { InitiativeActionResult, ReviewFailure } from './reviews.ts';

/**
 * Rounds, councils and honours (issue 10, items 1-4). Every function checks who is asking before
 * reading anything it would show, and returns data (no user text): the bot words it.
 *
 * - A coordinator of a unit at a round's unit level opens that unit's instance of the round: the
 *   unit's coordinators (and, at the campaign's root, its board members) at that moment form the
 *   council; the one who opened it chairs.
 * - A model is put forward into the round open for its target level, run by the unit at the
 *   round's level in its path: by its owner when the campaign's rules allow (enough verified
 *   reports), or by any coordinator of its scope.
 * - Each member scores each nominee once (a unique insert); a nominee is appraised when every
 *   member without a conflict has scored it; the ranking is by the mean.
 * - The chair selects within the round's quota (slots are unique claims) and records the
 *   decision (number and date): the selected are honoured, the others go back to nurturing.
 */

export const ROUND_TIME_ZONE = 'Asia/Ho_Chi_Minh';
type Id = Types.ObjectId | string;

const today = (clock: Clock, tz = ROUND_TIME_ZONE): Day => localDay(clock.now(), tz);

/** Everyone who submitted a report of these models (for the "reported on it" conflict). */
export async function reportersOf(initiativeIds: Id[]): Promise<Map<string, string[]>> {
  const rows = await ProgressReport.find(
    { initiativeId: { $in: initiativeIds } },
    { initiativeId: 1, submittedBy: 1, history: 1 },
  ).lean();
  const out = new Map<string, string[]>();
  for (const r of rows) {
    const k = String(r.initiativeId);
    const list = out.get(k) ?? [];
    for (const by of [r.submittedBy, ...(r.history ?? []).map((h) => h.submittedBy)]) {
      if (by && !list.includes(String(by))) list.push(String(by));
    }
    out.set(k, list);
  }
  return out;
}

export async function modelFacts(ini: Pick<InitiativeDoc, '_id' | 'unitId' | 'ownerKind' | 'createdBy'>) {
  const reporters = await reportersOf([ini._id]);
  return {
    unitId: String(ini.unitId),
    ownerKind: ini.ownerKind,
    createdBy: String(ini.createdBy),
    reporterIds: reporters.get(String(ini._id)) ?? [],
  };
}

/** The grants that give rights at a unit itself (not above it): for the levels rule. */
function grantsAt(p: Principal, unitId: string, root: boolean) {
  return p.grants.filter(
    (g) => g.unitId === unitId && (g.role === 'coordinator' || (root && g.role === 'board')),
  );
}

function roundDefs(c: CampaignDoc): RoundDef[] {
  return (c.rounds ?? []) as unknown as RoundDef[];
}

// ---------------------------------------------------------------------------------------------
// Opening a round

export interface OpenableRound {
  def: RoundDef;
  unitId: string;
  unitName: string;
  /** The unit's instance if opened already. */
  round: RoundDoc | null;
}

/**
 * The honouring rounds open today in the calendar for the units where this person holds a
 * coordinator grant (board too at the campaign's root) at the round's unit level, with their
 * instances if opened.
 */
export async function roundsForOrganiser(
  p: Principal,
  campaign: CampaignDoc,
  clock: Clock,
): Promise<OpenableRound[]> {
  const day = today(clock);
  const unitIds = [
    ...new Set(p.grants.filter((g) => g.role === 'coordinator' || g.role === 'board').map((g) => g.unitId)),
  ].filter(isValidObjectId);
  if (unitIds.length === 0) return [];
  const units = await Unit.find(
    { _id: { $in: unitIds }, path: campaign.rootUnitId },
    { name: 1, level: 1 },
  ).lean();
  const out: OpenableRound[] = [];
  for (const def of roundDefs(campaign)) {
    if (def.kind !== 'honouring' || !isOpenOn(def, day)) continue;
    for (const u of units) {
      if (u.level !== def.unitLevel) continue;
      const root = u._id.equals(campaign.rootUnitId);
      if (grantsAt(p, String(u._id), root).length === 0) continue;
      out.push({ def, unitId: String(u._id), unitName: u.name, round: null });
    }
  }
  const rounds = await Round.find({
    campaignId: campaign._id,
    defCode: { $in: out.map((o) => o.def.code) },
    unitId: { $in: out.map((o) => o.unitId) },
  }).lean<RoundDoc[]>();
  for (const o of out) {
    o.round = rounds.find((r) => r.defCode === o.def.code && String(r.unitId) === o.unitId) ?? null;
  }
  return out;
}

export type RoundResult = { ok: true; round: RoundDoc } | ReviewFailure;

/** Opens a unit's instance of a round; the unit's coordinators form the council, the opener chairs. */
export async function openRound(
  p: Principal,
  input: { campaignId: Id; defCode: string; unitId: Id },
  clock: Clock,
): Promise<RoundResult> {
  if (!isValidObjectId(input.campaignId) || !isValidObjectId(input.unitId)) return fail('not-found');
  const campaign = await Campaign.findById(input.campaignId).lean<CampaignDoc>();
  const unit = await Unit.findById(input.unitId, { name: 1, level: 1, path: 1 }).lean();
  if (!campaign || !unit) return fail('not-found');
  const def = roundDefs(campaign).find((d) => d.code === input.defCode);
  if (def?.kind !== 'honouring') return fail('not-found');
  const root = unit._id.equals(campaign.rootUnitId);
  if (unit.level !== def.unitLevel || grantsAt(p, String(unit._id), root).length === 0)
    return fail('wrong-level');
  const ended = await campaignReadOnlyOf(campaign._id, clock);
  if (ended) return ended;
  if (!isOpenOn(def, today(clock))) return fail('no-open-round');
  const roleKeys = [`coordinator:${String(unit._id)}`, ...(root ? [`board:${String(unit._id)}`] : [])];
  const members = await User.find({ active: true, roleKeys: { $in: roleKeys } }, { name: 1 })
    .sort({ _id: 1 })
    .lean();
  const me = members.find((m) => String(m._id) === p.userId);
  try {
    const doc = await Round.create({
      campaignId: campaign._id,
      defCode: def.code,
      name: def.name,
      nameEn: def.nameEn ?? '',
      kind: def.kind,
      phaseCode: def.phaseCode,
      targetLevel: def.targetLevel,
      unitId: unit._id,
      unitPath: unit.path,
      unitName: unit.name,
      occasion: def.occasion ?? 1,
      quota: def.quota ?? 0,
      opensOn: def.opensOn,
      closesOn: def.closesOn,
      conferenceOn: def.conferenceOn ?? null,
      chairId: p.userId,
      chairName: me?.name ?? '',
      council: members.map((m) => ({ userId: m._id, name: m.name, unitId: unit._id })),
      createdBy: p.userId,
      openedAt: clock.now(),
    });
    return { ok: true, round: doc.toObject() as RoundDoc };
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    return fail('already-open');
  }
}

// ---------------------------------------------------------------------------------------------
// Putting forward

export interface PutForwardPlan {
  def: RoundDef;
  organiser: { id: string; name: string };
  round: RoundDoc | null;
}

/** The round a model would go into today (the definition, the organising unit, its instance). */
export async function roundFor(
  ini: Pick<InitiativeDoc, 'targetLevel' | 'unitPath'>,
  campaign: CampaignDoc,
  day: Day,
): Promise<PutForwardPlan | null> {
  const def = openHonouringRound({ ...campaign, rounds: roundDefs(campaign) }, ini.targetLevel, day);
  if (!def) return null;
  const organiser = await Unit.findOne(
    { _id: { $in: ini.unitPath }, level: def.unitLevel },
    { name: 1 },
  ).lean();
  if (!organiser) return null;
  const round = await Round.findOne({
    campaignId: campaign._id,
    defCode: def.code,
    unitId: organiser._id,
  }).lean<RoundDoc>();
  return { def, organiser: { id: String(organiser._id), name: organiser.name }, round };
}

export type PutForwardResult =
  | (Extract<InitiativeActionResult, { ok: true }> & { round: RoundDoc })
  | ReviewFailure;

/** How this person would put the model forward: as its owner (rules apply) or a coordinator of its scope. */
export function putForwardRole(
  p: Principal,
  ini: Pick<InitiativeDoc, 'createdBy' | 'unitPath'>,
): 'owner' | 'coordinator' | null {
  if (String(ini.createdBy) === p.userId) return 'owner';
  if (isAdmin(p)) return 'coordinator';
  const path = ini.unitPath.map(String);
  if (p.grants.some((g) => (g.role === 'coordinator' || g.role === 'board') && path.includes(g.unitId))) {
    return 'coordinator';
  }
  return null;
}

export async function verifiedReportCount(initiativeId: Id): Promise<number> {
  return ProgressReport.countDocuments({ initiativeId, verification: 'verified' });
}

/**
 * The model a person acts on as its owner or a coordinator of its scope (put forward, register for
 * the next level): loaded, the person's role on it, its campaign, refused when that has ended.
 */
async function loadOwnModel(
  p: Principal,
  initiativeId: Id,
  clock: Clock,
): Promise<
  | ReviewFailure
  | { ini: InitiativeDoc; by: NonNullable<ReturnType<typeof putForwardRole>>; campaign: CampaignDoc }
> {
  if (!isValidObjectId(initiativeId)) return fail('not-found');
  const ini = await Initiative.findById(initiativeId).lean<InitiativeDoc>();
  if (!ini) return fail('not-found');
  const by = putForwardRole(p, ini);
  if (!by) return fail('not-allowed');
  const campaign = await Campaign.findById(ini.campaignId).lean<CampaignDoc>();
  if (!campaign) return fail('not-found');
  const ended = await campaignReadOnlyOf(campaign._id, clock);
  if (ended) return ended;
  return { ini, by, campaign };
}

/**
 * Puts a model forward into the round open for its level. The owner needs the campaign's number
 * of verified reports; a coordinator of its scope may put any model forward. Refused with the
 * reason: not-allowed, wrong-status, no-open-round, round-not-opened, rules-not-met, already-nominated.
 */
export async function putForward(
  p: Principal,
  initiativeId: Id,
  clock: Clock,
  opts: { expectedStatus?: string } = {},
): Promise<PutForwardResult> {
  const loaded = await loadOwnModel(p, initiativeId, clock);
  if (!('ini' in loaded)) return loaded;
  const { ini, by, campaign } = loaded;
  const plan = await roundFor(ini, campaign, today(clock));
  const honouredHere = plan?.round
    ? (ini.honours ?? []).some((h) => h.roundId && String(h.roundId) === String(plan.round!._id))
    : false;
  const check = checkPutForward({
    status: ini.status,
    verifiedReports: by === 'owner' ? await verifiedReportCount(ini._id) : 0,
    minVerified: campaign.putForwardMinVerified ?? 2,
    by,
    roundOpen: plan !== null,
    honouredInThisRound: honouredHere,
  });
  if (!check.ok) {
    return fail(check.reason, {
      current: ini.status,
      detail: check.reason === 'rules-not-met' ? String(campaign.putForwardMinVerified ?? 2) : undefined,
    });
  }
  if (!plan?.round) return fail('round-not-opened', { detail: plan?.organiser.name ?? '' });
  if (plan.round.status !== 'open') return fail('round-decided');
  const round = plan.round;
  const now = clock.now();
  const doc = await unlessDuplicate(() =>
    Nomination.create({
      roundId: round._id,
      campaignId: campaign._id,
      initiativeId: ini._id,
      code: ini.code,
      title: ini.title,
      ownerName: ini.ownerName,
      ownerKind: ini.ownerKind,
      field: ini.field,
      unitId: ini.unitId,
      unitPath: ini.unitPath,
      nominatedBy: p.userId,
      nominatedAt: now,
    }),
  );
  if (!doc) return fail('already-nominated');
  const nomination = doc._id;
  const actor = await actorUser(p);
  const r = await changeStatus(
    {
      initiativeId: ini._id,
      name: 'submit',
      actor: {
        userId: p.userId,
        telegramId: actor?.telegramId ?? null,
        as: by === 'owner' ? 'owner' : 'coordinator',
      },
      note: round.defCode,
      expectedStatus: (opts.expectedStatus as never) ?? undefined,
    },
    clock,
  );
  if (!r.ok) {
    await Nomination.deleteOne({ _id: nomination });
    return fail(r.reason, r.current ? { current: r.current } : {});
  }
  return { ...r, round, notify: await recipients([ini.createdBy, ...round.council.map((m) => m.userId)]) };
}

// ---------------------------------------------------------------------------------------------
// Scoring

export type ScoreResult =
  | {
      ok: true;
      score: CouncilScoreDoc;
      round: RoundDoc;
      initiative: InitiativeDoc;
      /** Set when this score completed the appraisal. */
      appraised: boolean;
      mean: number | null;
      count: number;
    }
  | ReviewFailure;

async function loadRoundAndNominee(roundId: Id, initiativeId: Id) {
  if (!isValidObjectId(roundId) || !isValidObjectId(initiativeId)) return null;
  const [round, nomination, ini] = await Promise.all([
    Round.findById(roundId).lean<RoundDoc>(),
    Nomination.findOne({ roundId, initiativeId }).lean<NominationDoc>(),
    Initiative.findById(initiativeId).lean<InitiativeDoc>(),
  ]);
  if (!round || !nomination || !ini) return null;
  return { round, nomination, ini };
}

/** Why this council member may not score this nominee, or null. */
export function memberConflict(
  round: Pick<RoundDoc, 'council'>,
  memberId: string,
  facts: Awaited<ReturnType<typeof modelFacts>>,
  campaign: Pick<CampaignDoc, 'forbidOwnUnitAppraisal'> | null,
) {
  const m = round.council.find((x) => String(x.userId) === memberId);
  return conflictOf(memberId, facts, {
    unitIds: m ? [String(m.unitId)] : [],
    ownUnit: campaign?.forbidOwnUnitAppraisal ?? true,
  });
}

/** Whether this person may score this nominee now (checked before the form asks anything). */
export async function scoreCheck(
  p: Principal,
  roundId: Id,
  initiativeId: Id,
  clock?: Clock,
): Promise<ReviewFailure | null> {
  const loaded = await loadRoundAndNominee(roundId, initiativeId);
  if (!loaded) return fail('not-found');
  const { round, nomination, ini } = loaded;
  if (!round.council.some((m) => String(m.userId) === p.userId)) return fail('not-council');
  const campaign = await Campaign.findById(round.campaignId).lean<CampaignDoc>();
  const conflict = memberConflict(round, p.userId, await modelFacts(ini), campaign);
  if (conflict) return fail(conflict);
  const ended = clock ? await campaignReadOnlyOf(round.campaignId, clock) : null;
  if (ended) return ended;
  if (round.status !== 'open') return fail('round-decided');
  if (await CouncilScore.exists({ roundId: round._id, initiativeId: ini._id, memberId: p.userId })) {
    return fail('already-scored');
  }
  if (nomination.outcome !== 'nominated' || ini.status !== 'submitted')
    return fail('wrong-status', { current: ini.status });
  return null;
}

/** Whether this person may record the round's decision (the levels rule, then the chair). */
export async function decideCheck(
  p: Principal,
  roundId: Id,
  clock?: Clock,
): Promise<ReviewFailure | { ok: true; round: RoundDoc }> {
  if (!isValidObjectId(roundId)) return fail('not-found');
  const round = await Round.findById(roundId).lean<RoundDoc>();
  if (!round) return fail('not-found');
  const campaign = await Campaign.findById(round.campaignId, { rootUnitId: 1 }).lean();
  if (!campaign) return fail('not-found');
  const refused = chairCheck(p, round, campaign.rootUnitId);
  if (refused) return refused;
  const ended = clock ? await campaignReadOnlyOf(round.campaignId, clock) : null;
  if (ended) return ended;
  if (round.status !== 'open') return fail('round-decided');
  return { ok: true, round };
}

/**
 * A council member's scores for a nominee, once: the insert keyed (round, model, member) is the
 * claim. When every member without a conflict has scored, the model becomes appraised.
 */
export async function scoreNominee(
  p: Principal,
  input: {
    roundId: Id;
    initiativeId: Id;
    scores: readonly { criterion: string; score: number }[];
    comment?: string | null;
    /** Answers of rows added to the scoring table, kept on the score as they are. */
    answers?: Record<string, unknown>;
  },
  clock: Clock,
): Promise<ScoreResult> {
  const loaded = await loadRoundAndNominee(input.roundId, input.initiativeId);
  if (!loaded) return fail('not-found');
  const { round, nomination, ini } = loaded;
  if (!round.council.some((m) => String(m.userId) === p.userId)) return fail('not-council');
  const campaign = await Campaign.findById(round.campaignId).lean<CampaignDoc>();
  const facts = await modelFacts(ini);
  const conflict = memberConflict(round, p.userId, facts, campaign);
  if (conflict) return fail(conflict);
  const ended = await campaignReadOnlyOf(round.campaignId, clock);
  if (ended) return ended;
  if (round.status !== 'open') return fail('round-decided');
  if (nomination.outcome !== 'nominated' || ini.status !== 'submitted') {
    if (ini.status === 'appraised') {
      const mine = await CouncilScore.exists({
        roundId: round._id,
        initiativeId: ini._id,
        memberId: p.userId,
      });
      if (mine) return fail('already-scored');
    }
    return fail('wrong-status', { current: ini.status });
  }
  const comment = (input.comment ?? '').trim();
  if (comment.length > LIMITS.comment)
    return fail('invalid', { problem: 'comment-too-long', detail: String(LIMITS.comment) });
  const checked = checkScores(campaign?.criteria ?? [], input.scores);
  if (!checked.ok) return fail('invalid', { problem: checked.problem, detail: checked.criterion });
  const kept = checkKeptAnswers('score', input.answers);
  if (!kept.ok) return kept;
  const actor = await actorUser(p);
  const doc = await unlessDuplicate(() =>
    CouncilScore.create({
      ...kept.value,
      roundId: round._id,
      initiativeId: ini._id,
      memberId: p.userId,
      memberName: actor?.name ?? '',
      scores: checked.scores,
      total: checked.total,
      max: checked.max,
      comment,
      at: clock.now(),
    }),
  );
  if (!doc) return fail('already-scored');
  const score = doc.toObject() as CouncilScoreDoc;
  const all = await CouncilScore.find({ roundId: round._id, initiativeId: ini._id }).lean<
    CouncilScoreDoc[]
  >();
  const eligible = round.council
    .map((m) => String(m.userId))
    .filter((id) => memberConflict(round, id, facts, campaign) === null);
  const mean = meanScore(all.map((s) => s.total));
  let appraised = false;
  let current = ini;
  if (
    appraisalComplete(
      eligible,
      all.map((s) => String(s.memberId)),
    )
  ) {
    const perCriterion = (campaign?.criteria ?? []).map((c) => ({
      criterion: c.code,
      score: meanScore(all.map((s) => s.scores.find((x) => x.criterion === c.code)?.score ?? 0)) ?? 0,
    }));
    const r = await changeStatus(
      {
        initiativeId: ini._id,
        name: 'appraise',
        actor: { userId: p.userId, telegramId: actor?.telegramId ?? null, as: 'coordinator' },
        note: `${round.defCode} mean ${mean}`,
        expectedStatus: 'submitted',
        push: {
          appraisals: {
            by: p.userId,
            byName: round.unitName,
            unitId: round.unitId,
            scores: perCriterion,
            total: mean ?? 0,
            max: checked.max,
            comment: `${round.name} (${all.length})`,
            at: clock.now(),
          },
        },
      },
      clock,
    );
    // Two last scores at once: one changes the status, the other finds it changed (conflict).
    if (r.ok) {
      appraised = true;
      current = r.initiative;
    }
  }
  return { ok: true, score, round, initiative: current, appraised, mean, count: all.length };
}

// ---------------------------------------------------------------------------------------------
// Standings

export interface StandingRow {
  initiativeId: string;
  code: string;
  title: string;
  ownerName: string;
  unitId: string;
  outcome: string;
  status: string;
  mean: number | null;
  count: number;
  rank: number | null;
  scores: { memberId: string; memberName: string; total: number; max: number; comment: string; at: Date }[];
}

export interface Standings {
  round: RoundDoc;
  rows: StandingRow[];
  selected: number;
}

/**
 * A round's nominees ranked by mean score, every member's score kept. No permission check: for
 * readers that checked already (the bot's round card, the workbook's round sheet).
 */
export async function roundStandings(roundId: Id): Promise<Standings | null> {
  if (!isValidObjectId(roundId)) return null;
  const round = await Round.findById(roundId).lean<RoundDoc>();
  if (!round) return null;
  const [noms, scores] = await Promise.all([
    Nomination.find({ roundId: round._id }).sort({ nominatedAt: 1, _id: 1 }).lean<NominationDoc[]>(),
    CouncilScore.find({ roundId: round._id }).sort({ at: 1, _id: 1 }).lean<CouncilScoreDoc[]>(),
  ]);
  const inis = await Initiative.find({ _id: { $in: noms.map((n) => n.initiativeId) } }, { status: 1 }).lean();
  const status = new Map(inis.map((i) => [String(i._id), i.status as string]));
  const ranked = rankNominees(
    noms.map((n) => ({
      item: n,
      totals: scores.filter((s) => s.initiativeId.equals(n.initiativeId)).map((s) => s.total),
    })),
  );
  const rows = ranked.map((r) => ({
    initiativeId: String(r.item.initiativeId),
    code: r.item.code,
    title: r.item.title,
    ownerName: r.item.ownerName ?? '',
    unitId: String(r.item.unitId),
    outcome: r.item.outcome,
    status: status.get(String(r.item.initiativeId)) ?? '',
    mean: r.mean,
    count: r.count,
    rank: r.rank,
    scores: scores
      .filter((s) => s.initiativeId.equals(r.item.initiativeId))
      .map((s) => ({
        memberId: String(s.memberId),
        memberName: s.memberName,
        total: s.total,
        max: s.max,
        comment: s.comment ?? '',
        at: s.at,
      })),
  }));
  return {
    round,
    rows,
    selected: noms.filter((n) => n.outcome === 'selected' || n.outcome === 'honoured').length,
  };
}

/** May this person see the round (a council member, or anyone reviewing in the organising unit's scope)? */
export function canViewRound(p: Principal, round: Pick<RoundDoc, 'council' | 'unitPath'>): boolean {
  if (isAdmin(p)) return true;
  if (round.council.some((m) => String(m.userId) === p.userId)) return true;
  const path = round.unitPath.map(String);
  return p.grants.some((g) => (g.role === 'coordinator' || g.role === 'board') && path.includes(g.unitId));
}

export async function viewRound(
  p: Principal,
  roundId: Id,
): Promise<{ ok: true; standings: Standings } | ReviewFailure> {
  if (!isValidObjectId(roundId)) return fail('not-found');
  const round = await Round.findById(roundId, { council: 1, unitPath: 1 }).lean();
  if (!round) return fail('not-found');
  if (!canViewRound(p, round)) return fail('not-allowed');
  const s = await roundStandings(roundId);
  return s ? { ok: true, standings: s } : fail('not-found');
}

// ---------------------------------------------------------------------------------------------
// Selection and the decision

/** The levels rule, then the chair: who may select and decide in this round. */
function chairCheck(p: Principal, round: RoundDoc, rootUnitId: Id): ReviewFailure | null {
  const root = String(round.unitId) === String(rootUnitId);
  if (grantsAt(p, String(round.unitId), root).length === 0)
    return fail('wrong-level', { detail: round.targetLevel });
  if (String(round.chairId) !== p.userId) return fail('not-chair', { detail: round.chairName });
  return null;
}

export type SelectResult =
  | (Extract<InitiativeActionResult, { ok: true }> & { round: RoundDoc; selected: number })
  | ReviewFailure;

/**
 * The chair selects an appraised nominee. The quota is kept by unique claims on its slots
 * (`round:<id>:slot:<n>`): two selections at once cannot both take the last slot.
 */
export async function selectNominee(
  p: Principal,
  input: { roundId: Id; initiativeId: Id },
  clock: Clock,
): Promise<SelectResult> {
  const loaded = await loadRoundAndNominee(input.roundId, input.initiativeId);
  if (!loaded) return fail('not-found');
  const { round, nomination, ini } = loaded;
  const campaign = await Campaign.findById(round.campaignId).lean<CampaignDoc>();
  if (!campaign) return fail('not-found');
  const refused = chairCheck(p, round, campaign.rootUnitId);
  if (refused) return refused;
  const conflict = memberConflict(round, p.userId, await modelFacts(ini), campaign);
  if (conflict) return fail(conflict);
  const ended = await campaignReadOnlyOf(campaign._id, clock);
  if (ended) return ended;
  if (round.status !== 'open') return fail('round-decided');
  if (ini.status !== 'appraised' || nomination.outcome !== 'nominated') {
    return fail(ini.status === 'submitted' ? 'not-appraised' : 'wrong-status', { current: ini.status });
  }
  const now = clock.now();
  const actor = await actorUser(p);
  let slotKey: string | null = null;
  for (let n = 1; n <= (round.quota ?? 0) && !slotKey; n++) {
    const key = `round:${String(round._id)}:slot:${n}`;
    try {
      await AuditEvent.create({
        key,
        at: now,
        actorId: p.userId,
        actorTelegramId: actor?.telegramId ?? null,
        entity: 'initiative',
        entityId: ini._id,
        action: 'round-slot',
        to: String(n),
        note: round.defCode,
        unitPath: ini.unitPath,
      });
      slotKey = key;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }
  if (!slotKey) return fail('quota-full', { detail: String(round.quota ?? 0) });
  const r = await changeStatus(
    {
      initiativeId: ini._id,
      name: 'select',
      actor: { userId: p.userId, telegramId: actor?.telegramId ?? null, as: 'coordinator' },
      note: `${round.defCode} ${round.targetLevel}`,
      set: { selectedLevel: round.targetLevel },
      expectedStatus: 'appraised',
    },
    clock,
  );
  if (!r.ok) {
    await AuditEvent.deleteOne({ key: slotKey });
    return fail(r.reason, r.current ? { current: r.current } : {});
  }
  await Nomination.updateOne(
    { _id: nomination._id },
    { $set: { outcome: 'selected', selectedBy: p.userId, selectedAt: now } },
  );
  const selected = await Nomination.countDocuments({ roundId: round._id, outcome: 'selected' });
  return { ...r, round, selected, notify: await recipients([ini.createdBy]) };
}

export type DecideResult =
  | {
      ok: true;
      round: RoundDoc;
      honoured: InitiativeDoc[];
      notSelected: InitiativeDoc[];
      notify: { recipient: Recipient; initiative: InitiativeDoc; honoured: boolean }[];
    }
  | ReviewFailure;

/**
 * The chair records the round's decision (number and date): every selected nominee is honoured
 * at the round's level (occasion 1, 2 ...), the other nominees go back to nurturing. Once only:
 * the claim is `round:<id>:decision`.
 */
export async function decideRound(
  p: Principal,
  input: { roundId: Id; decisionNo: string; decisionDate: Day; answers?: Record<string, unknown> },
  clock: Clock,
): Promise<DecideResult> {
  if (!isValidObjectId(input.roundId)) return fail('not-found');
  const round = await Round.findById(input.roundId).lean<RoundDoc>();
  if (!round) return fail('not-found');
  const campaign = await Campaign.findById(round.campaignId).lean<CampaignDoc>();
  if (!campaign) return fail('not-found');
  const refused = chairCheck(p, round, campaign.rootUnitId);
  if (refused) return refused;
  const ended = await campaignReadOnlyOf(campaign._id, clock);
  if (ended) return ended;
  if (round.status !== 'open') return fail('round-decided');
  const decisionNo = (input.decisionNo ?? '').trim();
  if (!decisionNo) return fail('invalid', { problem: 'decision-required' });
  if (decisionNo.length > LIMITS.decisionNo)
    return fail('invalid', { problem: 'decision-too-long', detail: String(LIMITS.decisionNo) });
  const day = today(clock);
  if (!isValidDay(input.decisionDate) || input.decisionDate > day || input.decisionDate < campaign.start) {
    return fail('invalid', {
      problem: 'year-invalid',
      detail: `${campaign.start.slice(0, 4)}-${day.slice(0, 4)}`,
    });
  }
  const kept = checkKeptAnswers('decide', input.answers);
  if (!kept.ok) return kept;
  const noms = await Nomination.find({ roundId: round._id }).lean<NominationDoc[]>();
  const selected = noms.filter((n) => n.outcome === 'selected');
  if (selected.length === 0) return fail('nothing-selected');
  const now = clock.now();
  const actor = await actorUser(p);
  try {
    await AuditEvent.create({
      key: `round:${String(round._id)}:decision`,
      at: now,
      actorId: p.userId,
      actorTelegramId: actor?.telegramId ?? null,
      entity: 'unit',
      entityId: round.unitId,
      action: 'round-decision',
      to: decisionNo,
      note: `${round.defCode} ${input.decisionDate}`,
      unitPath: round.unitPath,
    });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    return fail('round-decided');
  }
  await Round.updateOne(
    { _id: round._id },
    {
      $set: {
        ...kept.value,
        status: 'decided',
        decisionNo,
        decisionDate: input.decisionDate,
        decidedBy: p.userId,
        decidedAt: now,
      },
    },
  );
  const honoured: InitiativeDoc[] = [];
  const notSelected: InitiativeDoc[] = [];
  const as = { userId: p.userId, telegramId: actor?.telegramId ?? null, as: 'coordinator' as const };
  for (const n of noms) {
    if (n.outcome === 'selected') {
      const r = await changeStatus(
        {
          initiativeId: n.initiativeId,
          name: 'honour',
          actor: as,
          note: `${round.defCode} ${decisionNo}`,
          expectedStatus: 'selected',
          push: {
            honours: {
              level: round.targetLevel,
              year: Number(input.decisionDate.slice(0, 4)),
              decisionNo,
              by: p.userId,
              at: now,
              roundId: round._id,
              occasion: round.occasion ?? 1,
              decisionDate: input.decisionDate,
            },
          },
        },
        clock,
      );
      if (r.ok) {
        honoured.push(r.initiative);
        await Nomination.updateOne({ _id: n._id }, { $set: { outcome: 'honoured', honouredAt: now } });
      }
    } else if (n.outcome === 'nominated') {
      const r = await changeStatus(
        {
          initiativeId: n.initiativeId,
          name: 'decline',
          actor: as,
          note: round.defCode,
          set: { selectedLevel: null },
        },
        clock,
      );
      if (r.ok) notSelected.push(r.initiative);
      await Nomination.updateOne({ _id: n._id }, { $set: { outcome: 'not-selected' } });
    }
  }
  const after = (await Round.findById(round._id).lean<RoundDoc>())!;
  const people = await recipients([...honoured, ...notSelected].map((i) => i.createdBy));
  const notify = [
    ...honoured.map((i) => ({ i, h: true })),
    ...notSelected.map((i) => ({ i, h: false })),
  ].flatMap(({ i, h }) => {
    const r = people.find((x) => x.userId === String(i.createdBy));
    return r ? [{ recipient: r, initiative: i, honoured: h }] : [];
  });
  return { ok: true, round: after, honoured, notSelected, notify };
}

// ---------------------------------------------------------------------------------------------
// Registering for the next level

/**
 * A model honoured at one level registers for the next while the campaign's registration round
 * for that level is open (the plan's "đăng ký cấp tỉnh từ các mô hình đã được biểu dương").
 * The owner or a coordinator of its scope; it becomes a new registration at the next level.
 */
export async function registerForNextLevel(
  p: Principal,
  initiativeId: Id,
  clock: Clock,
): Promise<InitiativeActionResult> {
  const loaded = await loadOwnModel(p, initiativeId, clock);
  if (!('ini' in loaded)) return loaded;
  const { ini, by, campaign } = loaded;
  if (ini.status !== 'honoured') return fail('wrong-status', { current: ini.status });
  const next = nextTargetLevel(ini.targetLevel, campaign.targetLevels);
  if (!next) return fail('top-level');
  if (!openRegistrationRound({ ...campaign, rounds: roundDefs(campaign) }, next, today(clock))) {
    return fail('no-registration-round', { detail: next });
  }
  const actor = await actorUser(p);
  const r = await changeStatus(
    {
      initiativeId: ini._id,
      name: 'promote',
      actor: { userId: p.userId, telegramId: actor?.telegramId ?? null, as: by },
      note: next,
      set: { targetLevel: next, selectedLevel: null },
    },
    clock,
  );
  if (!r.ok) return fail(r.reason, r.current ? { current: r.current } : {});
  return { ...r, notify: await recipients([ini.createdBy]) };
}

/** The registration round for the next level open today, if the model could use it. */
export function nextLevelRegistrationOpen(
  campaign: CampaignDoc,
  ini: Pick<InitiativeDoc, 'status' | 'targetLevel'>,
  day: Day,
): boolean {
  if (ini.status !== 'honoured') return false;
  const next = nextTargetLevel(ini.targetLevel, campaign.targetLevels);
  return (
    next !== null && openRegistrationRound({ ...campaign, rounds: roundDefs(campaign) }, next, day) !== null
  );
}
