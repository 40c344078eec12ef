import type { Clock } from '../../clock.ts';
import { Campaign, type CampaignDoc, type InitiativeDoc } from '../../db/models/index.ts';
import { conflictOf } from '../../domain/council.ts';
import {
  type Actor,
  type InitiativeStatus,
  TRANSITIONS,
  type TransitionName,
} from '../../domain/lifecycle.ts';
import { type Action, can, isAdmin, type Principal, type Target } from '../../domain/permissions.ts';
import { actorUser, recipients } from '../actors.ts';
import { changeStatus } from '../initiative-status.ts';
import { modelFacts } from '../rounds.ts';
import {
  type ActionOptions,
  checkKeptAnswers,
  cleanText,
  fail,
  type Id,
  type InitiativeActionResult,
  LIMITS,
  type ReviewFailure,
} from './results.ts';
import { loadInitiative, readOnlyFailure, targetOf } from './shared.ts';

/**
 * Status changes a person takes on a model outside the rounds: a coordinator accepts or returns a
 * registration, the owner or a coordinator withdraws a model. Each loads the model, checks the
 * permission for the person's role and unit scope, refuses a campaign that ended, refuses a
 * reviewer who registered or reported on the model, then changes the status through
 * `changeStatus` (a unique claim plus its audit event). Appraisal, selection and honours happen
 * only in a round (services/rounds.ts).
 */

/**
 * The role in which this person takes a transition on a record: the first of admin,
 * coordinator, board (held in the record's subtree) and owner that the lifecycle lets take it.
 * Falls back to any role they hold there so that the lifecycle answers `not-allowed` itself.
 */
export function actingAs(p: Principal, target: Target, name: TransitionName): Actor {
  const allowed = TRANSITIONS[name].by as readonly Actor[];
  const held: Actor[] = [];
  if (isAdmin(p)) held.push('admin');
  for (const role of ['coordinator', 'board'] as const) {
    if (p.grants.some((g) => g.role === role && target.unitPath.includes(g.unitId))) held.push(role);
  }
  if (target.ownerId === p.userId) held.push('owner');
  return held.find((a) => allowed.includes(a)) ?? held[0] ?? 'owner';
}

interface TransitionSpec {
  action: Action;
  name: TransitionName;
  note?: string | null;
  expectedStatus?: InitiativeStatus;
  /** What to set with the status, from the record as it is now. */
  set?: (ini: InitiativeDoc, campaign: CampaignDoc) => Record<string, unknown>;
}

/** Actions that judge a model: nobody takes them on a model they registered or reported on. */
const JUDGING = new Set<Action>(['initiative.accept', 'initiative.return']);

/** Load, authorise, then change the status through the one atomic path. */
async function transition(
  p: Principal,
  initiativeId: Id,
  clock: Clock,
  spec: TransitionSpec,
): Promise<InitiativeActionResult> {
  const ini = await loadInitiative(initiativeId);
  if (!ini) return fail('not-found');
  const target = targetOf(ini);
  if (!can(p, spec.action, target)) return fail('not-allowed');
  const campaign = await Campaign.findById(ini.campaignId).lean<CampaignDoc>();
  if (!campaign) return fail('not-found');
  const closed = readOnlyFailure(campaign, clock);
  if (closed) return closed;
  if (JUDGING.has(spec.action) && !isAdmin(p)) {
    const conflict = conflictOf(p.userId, await modelFacts(ini));
    if (conflict) return fail(conflict);
  }
  const actor = await actorUser(p);
  const r = await changeStatus(
    {
      initiativeId: ini._id,
      name: spec.name,
      actor: { userId: p.userId, telegramId: actor?.telegramId ?? null, as: actingAs(p, target, spec.name) },
      note: spec.note ?? null,
      set: spec.set?.(ini, campaign),
      expectedStatus: spec.expectedStatus,
    },
    clock,
  );
  if (!r.ok) return fail(r.reason, r.current ? { current: r.current } : {});
  return { ...r, notify: await recipients([ini.createdBy]) };
}

/** A status change a person takes on a model that needs no answer of its own (accept, withdraw). */
export type InitiativeAction = (
  p: Principal,
  initiativeId: Id,
  clock: Clock,
  opts?: ActionOptions,
) => Promise<InitiativeActionResult>;

/** Accepts a registration: the model enters nurturing. */
export const acceptRegistration: InitiativeAction = (p, initiativeId, clock, opts = {}) =>
  transition(p, initiativeId, clock, {
    action: 'initiative.accept',
    name: 'accept',
    expectedStatus: opts.expectedStatus,
    // "Late" counts from the first full period after the first acceptance.
    set: (ini) => ({ returnReason: null, ...(ini.acceptedAt ? {} : { acceptedAt: clock.now() }) }),
  });

/** Returns a registration (or a submission) to the cadre with a reason shown in /mohinh. */
export async function returnRegistration(
  p: Principal,
  initiativeId: Id,
  reason: string,
  clock: Clock,
  opts: ActionOptions & { answers?: Record<string, unknown> } = {},
): Promise<InitiativeActionResult> {
  const text = cleanText(reason, LIMITS.reason, 'reason-required', 'reason-too-long');
  if (typeof text !== 'string') return text;
  const kept = checkKeptAnswers('return', opts.answers);
  if (!kept.ok) return kept;
  return transition(p, initiativeId, clock, {
    action: 'initiative.return',
    name: 'return',
    note: text,
    expectedStatus: opts.expectedStatus,
    set: () => ({ ...kept.value, returnReason: text }),
  });
}

/**
 * Withdraws a model (registered, returned or nurturing) from the campaign: its owner, or a
 * coordinator whose unit's subtree holds it (`notify` names the owner).
 */
export const withdrawModel: InitiativeAction = (p, initiativeId, clock, opts = {}) =>
  transition(p, initiativeId, clock, {
    action: 'initiative.withdraw',
    name: 'withdraw',
    expectedStatus: opts.expectedStatus,
  });

/** Before the confirmation is asked: may this person withdraw this model? */
export async function checkWithdraw(
  p: Principal,
  initiativeId: Id,
): Promise<{ ok: true; initiative: InitiativeDoc } | ReviewFailure> {
  const ini = await loadInitiative(initiativeId);
  if (!ini) return fail('not-found');
  return can(p, 'initiative.withdraw', targetOf(ini)) ? { ok: true, initiative: ini } : fail('not-allowed');
}
