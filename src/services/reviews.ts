import { isValidObjectId, type Types } from 'mongoose';
import type { Clock } from '../clock.ts';
import { settleReplicationCount } from '../db/models/derived-counts.ts';
import {
  AuditEvent,
  Campaign,
  type CampaignDoc,
  Initiative,
  type InitiativeDoc,
  isDuplicateKey,
  ProgressReport,
  type ProgressReportDoc,
  Unit,
  User,
} from '../db/models/index.ts';
import { formatDay, localDay } from '../domain/calendar.ts';
import { conflictOf } from '../domain/council.ts';
import {
  type Actor,
  availableTransitions,
  INITIATIVE_STATUSES,
  type InitiativeStatus,
  TRANSITIONS,
  type TransitionName,
} from '../domain/lifecycle.ts';
import { type Action, can, isAdmin, type Principal, scopeRoots, type Target } from '../domain/permissions.ts';
import { formatPeriod } from '../domain/phases.ts';
import { campaignReadOnly } from '../domain/read-only.ts';
import { unitLevelOf } from '../domain/rounds.ts';
import { escapeHtml } from '../domain/text.ts';
import { translator } from '../i18n.ts';
import { changeStatus } from './initiative-status.ts';
import { modelFacts } from './rounds.ts';

/**
 * The coordinators' and the board's side of a model's life: the review queue, accepting or
 * returning a registration, verifying reports, appraisal, selection, honours and replication.
 * Every action asks `can` against the record's unit path; every status change goes through
 * `changeStatus` (atomic claim + audit event). Results are data the bot turns into a message.
 */

export const REVIEW_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** Someone the bot should tell about the outcome (the cadre who sent the record). */
export interface Recipient {
  userId: string;
  telegramId: number;
  language: 'vi' | 'en';
}

/** What was wrong with the input, for a specific message and the same question again. */
export type InputProblem =
  | 'reason-required'
  | 'reason-too-long'
  | 'note-required'
  | 'note-too-long'
  | 'comment-too-long'
  | 'verdict-invalid'
  | 'score-missing'
  | 'score-unknown-criterion'
  | 'score-duplicate'
  | 'score-out-of-range'
  | 'level-unknown'
  | 'level-mismatch'
  | 'year-invalid'
  | 'decision-required'
  | 'decision-too-long'
  | 'same-model';

export type ReviewFailureReason =
  /** No such record (also for malformed ids from forged callback data). */
  | 'not-found'
  /** Not this person's role or not in their unit's subtree. */
  | 'not-allowed'
  /** The campaign forbids appraising a model of one's own unit. */
  | 'own-unit'
  /** The record is not in a state this action applies to (someone else acted earlier). */
  | 'wrong-status'
  /** Someone else acted on the same item at the same moment and won. */
  | 'conflict'
  | 'top-level'
  | 'invalid'
  /** The new model already names a source it was replicated from. */
  | 'already-linked'
  // Issue 10: conflicts of interest and levels (each refusal says why).
  /** This person registered the model (they own it). */
  | 'registered-it'
  /** This person submitted a progress report of the model. */
  | 'reported-on-it'
  /** A collective of the council member's own unit. */
  | 'own-unit-collective'
  /** Selection and honours at a level are for people whose role is at that level. */
  | 'wrong-level'
  | 'not-council'
  | 'not-chair'
  | 'quota-full'
  | 'already-scored'
  /** No round for the model's level is open today (per the campaign's calendar). */
  | 'no-open-round'
  /** The round is open in the calendar but the unit's council has not opened it yet. */
  | 'round-not-opened'
  | 'round-decided'
  | 'already-open'
  /** The owner may put forward only with enough verified reports. */
  | 'rules-not-met'
  | 'not-appraised'
  | 'nothing-selected'
  | 'already-nominated'
  /** No registration round for the next level is open today. */
  | 'no-registration-round'
  /** The campaign ended or was closed: it can be read, not changed (`current`: why, `detail`: end day). */
  | 'campaign-read-only';

export interface ReviewFailure {
  ok: false;
  reason: ReviewFailureReason;
  /** The record's state now (an initiative status or a report verification). */
  current?: string;
  problem?: InputProblem;
  /** A criterion code or a limit that goes with the problem. */
  detail?: string;
}

export type InitiativeActionResult =
  | {
      ok: true;
      initiative: InitiativeDoc;
      from: InitiativeStatus;
      to: InitiativeStatus;
      notify: Recipient[];
    }
  | ReviewFailure;

export type VerifyResult =
  | {
      ok: true;
      report: ProgressReportDoc;
      initiative: { id: string; code: string; title: string };
      notify: Recipient[];
    }
  | ReviewFailure;

export type ReplicationResult =
  | { ok: true; source: InitiativeDoc; replica: InitiativeDoc; replicaUnitName: string; notify: Recipient[] }
  | ReviewFailure;

export const LIMITS = { reason: 1000, note: 1000, comment: 2000, decisionNo: 80 } as const;

type Id = Types.ObjectId | string;

const fail = (
  reason: ReviewFailureReason,
  extra: Omit<ReviewFailure, 'ok' | 'reason'> = {},
): ReviewFailure => ({ ok: false, reason, ...extra });
const invalid = (problem: InputProblem, detail?: string): ReviewFailure =>
  fail('invalid', detail === undefined ? { problem } : { problem, detail });

function targetOf(ini: Pick<InitiativeDoc, 'unitPath' | 'unitId' | 'createdBy'>): Target {
  return {
    unitPath: ini.unitPath.map(String),
    unitId: String(ini.unitId),
    ownerId: String(ini.createdBy),
  };
}

/**
 * The role in which this person takes a transition on a record: the first of admin,
 * coordinator, board (held in the record's subtree) and owner that the lifecycle lets take it.
 * Falls back to any role they hold there so that the lifecycle answers `not-allowed` itself.
 */
function actingAs(p: Principal, target: Target, name: TransitionName): Actor {
  const allowed = TRANSITIONS[name].by as readonly Actor[];
  const held: Actor[] = [];
  if (isAdmin(p)) held.push('admin');
  for (const role of ['coordinator', 'board'] as const) {
    if (p.grants.some((g) => g.role === role && target.unitPath.includes(g.unitId))) held.push(role);
  }
  if (target.ownerId === p.userId) held.push('owner');
  return held.find((a) => allowed.includes(a)) ?? held[0] ?? 'owner';
}

async function loadInitiative(id: Id): Promise<InitiativeDoc | null> {
  if (!isValidObjectId(id)) return null;
  return Initiative.findById(id).lean<InitiativeDoc>();
}

async function actorUser(p: Principal) {
  return isValidObjectId(p.userId)
    ? User.findById(p.userId, { name: 1, telegramId: 1 }).lean<{ name: string; telegramId: number }>()
    : null;
}

async function recipients(userIds: Id[]): Promise<Recipient[]> {
  const ids = [...new Set(userIds.map(String))];
  const users = await User.find({ _id: { $in: ids }, active: true }, { telegramId: 1, language: 1 }).lean<
    { _id: Types.ObjectId; telegramId: number; language: string }[]
  >();
  const byId = new Map(users.map((u) => [String(u._id), u]));
  return ids.flatMap((id) => {
    const u = byId.get(id);
    return u ? [{ userId: id, telegramId: u.telegramId, language: u.language === 'en' ? 'en' : 'vi' }] : [];
  });
}

function cleanText(
  value: string | null | undefined,
  max: number,
  required: InputProblem | null,
  tooLong: InputProblem,
): string | ReviewFailure {
  const text = (value ?? '').trim();
  if (!text && required) return invalid(required);
  if (text.length > max) return invalid(tooLong, String(max));
  return text;
}

interface TransitionSpec {
  action: Action;
  name: TransitionName;
  forbidOwnUnit?: boolean;
  note?: string | null;
  expectedStatus?: InitiativeStatus;
  /**
   * The honour level this action records (select, honour): only a person whose role is at that
   * level's units may act (a district's coordinators for district models, the province's board
   * for province models).
   */
  level?: string;
  /** Checks the input against the record and its campaign; returns what to set and push. */
  prepare?: (
    ini: InitiativeDoc,
    campaign: CampaignDoc,
  ) => ReviewFailure | { set?: Record<string, unknown>; push?: Record<string, unknown> };
}

/** Load, authorise, validate, then change the status through the one atomic path. */
async function transition(
  p: Principal,
  initiativeId: Id,
  spec: TransitionSpec,
  clock: Clock,
): Promise<InitiativeActionResult> {
  const ini = await loadInitiative(initiativeId);
  if (!ini) return fail('not-found');
  const target = targetOf(ini);
  if (!can(p, spec.action, target)) return fail('not-allowed');
  const campaign = await Campaign.findById(ini.campaignId).lean<CampaignDoc>();
  if (!campaign) return fail('not-found');
  const closed = readOnlyFailure(campaign, clock);
  if (closed) return closed;
  if (spec.forbidOwnUnit && campaign.forbidOwnUnitAppraisal) {
    if (!can(p, spec.action, target, { forbidOwnUnit: true })) return fail('own-unit');
  }
  if (JUDGING.has(spec.action) && !isAdmin(p)) {
    const conflict = conflictOf(p.userId, await modelFacts(ini));
    if (conflict) return fail(conflict);
  }
  if (spec.level !== undefined && !isAdmin(p)) {
    const refused = await levelRefusal(p, ini, campaign, spec.level);
    if (refused) return refused;
  }
  const prepared = spec.prepare ? spec.prepare(ini, campaign) : {};
  if ('ok' in prepared) return prepared;
  const actor = await actorUser(p);
  const r = await changeStatus(
    {
      initiativeId: ini._id,
      name: spec.name,
      actor: { userId: p.userId, telegramId: actor?.telegramId ?? null, as: actingAs(p, target, spec.name) },
      note: spec.note ?? null,
      set: prepared.set,
      push: prepared.push,
      expectedStatus: spec.expectedStatus,
    },
    clock,
  );
  if (!r.ok) return fail(r.reason, r.current ? { current: r.current } : {});
  return { ...r, notify: await recipients([ini.createdBy]) };
}

/** Actions that judge a model: nobody takes them on a model they registered or reported on. */
const JUDGING = new Set<Action>([
  'initiative.accept',
  'initiative.return',
  'initiative.appraise',
  'initiative.select',
  'initiative.honour',
]);

/**
 * Levels bind rights: the person must hold a coordinator grant (or a board grant at the campaign's
 * root) at a unit of the level that holds the rights at `level`, in the model's path.
 */
async function levelRefusal(
  p: Principal,
  ini: InitiativeDoc,
  campaign: CampaignDoc,
  level: string,
): Promise<ReviewFailure | null> {
  const unitLevel = unitLevelOf(campaign, level);
  if (!unitLevel) return null; // an unknown level is refused by the input check with its own words
  const path = ini.unitPath.map(String);
  const grantUnits = p.grants
    .filter((g) => (g.role === 'coordinator' || g.role === 'board') && path.includes(g.unitId))
    .filter((g) => g.role === 'coordinator' || g.unitId === String(campaign.rootUnitId))
    .map((g) => g.unitId);
  if (grantUnits.length === 0) return fail('wrong-level', { detail: level });
  const atLevel = await Unit.exists({ _id: { $in: grantUnits }, level: unitLevel });
  return atLevel ? null : fail('wrong-level', { detail: level });
}

/** Refusal for a change to a model of a campaign that ended or was closed; null while it runs. */
function readOnlyFailure(campaign: Pick<CampaignDoc, 'status' | 'end'>, clock: Clock): ReviewFailure | null {
  const ro = campaignReadOnly(campaign, localDay(clock.now(), REVIEW_TIME_ZONE));
  return ro.readOnly ? fail('campaign-read-only', { current: ro.why, detail: campaign.end }) : null;
}

/** Whether the campaign of this record can still be changed today (reading works either way). */
export async function campaignReadOnlyOf(campaignId: Id, clock: Clock): Promise<ReviewFailure | null> {
  const campaign = await Campaign.findById(campaignId, { status: 1, end: 1 }).lean<CampaignDoc>();
  return campaign ? readOnlyFailure(campaign, clock) : null;
}

/** The same for the target of a review button (a model, or a report for `question`). */
export async function readOnlyForTarget(
  target: { kind: 'initiative' | 'report'; id: Id },
  clock: Clock,
): Promise<ReviewFailure | null> {
  if (!isValidObjectId(target.id)) return null;
  const doc =
    target.kind === 'report'
      ? await ProgressReport.findById(target.id, { campaignId: 1 }).lean()
      : await Initiative.findById(target.id, { campaignId: 1 }).lean();
  return doc ? campaignReadOnlyOf(doc.campaignId, clock) : null;
}

// ---------------------------------------------------------------------------------------------
// The queue

export interface QueueItemBase {
  id: string;
  unitId: string;
  unitName: string;
  /** When it entered the queue: registration (or resubmission) time, or report submission. */
  at: Date;
}

export interface RegistrationItem extends QueueItemBase {
  kind: 'registration';
  code: string;
  title: string;
  ownerName: string;
  ownerKind: string;
  field: string;
  /** Set when the cadre resubmitted after a return. */
  returnReason: string | null;
}

export interface ReportItem extends QueueItemBase {
  kind: 'report';
  initiativeId: string;
  initiativeCode: string;
  initiativeTitle: string;
  periodKey: string;
  progress: number;
  evidenceCount: number;
  revision: number;
}

export type QueueItem = RegistrationItem | ReportItem;

export type ReviewQueueResult =
  | {
      ok: true;
      registrations: number;
      reports: number;
      total: number;
      items: QueueItem[];
      offset: number;
      limit: number;
    }
  | ReviewFailure;

/**
 * New registrations (status `registered`) and reports waiting for verification in this
 * person's subtree, oldest first, with counts. Paging runs over the merged list.
 */
export async function reviewQueue(
  p: Principal,
  campaignId: Id,
  page: { limit?: number; offset?: number } = {},
): Promise<ReviewQueueResult> {
  const roots = scopeRoots(p, 'review.queue');
  if (roots !== 'all' && roots.length === 0) return fail('not-allowed');
  if (!isValidObjectId(campaignId)) return fail('not-found');
  const limit = Math.min(Math.max(Math.trunc(page.limit ?? 10), 1), 100);
  const offset = Math.max(Math.trunc(page.offset ?? 0), 0);
  const scope: Record<string, unknown> = roots === 'all' ? {} : { unitPath: { $in: roots } };
  const regFilter: Record<string, unknown> = { campaignId, status: 'registered', ...scope };
  const repFilter: Record<string, unknown> = { campaignId, verification: 'pending', ...scope };
  const window = offset + limit;
  const [registrations, reports, regs, reps] = await Promise.all([
    Initiative.countDocuments(regFilter),
    ProgressReport.countDocuments(repFilter),
    Initiative.find(regFilter, {
      code: 1,
      title: 1,
      ownerName: 1,
      ownerKind: 1,
      field: 1,
      unitId: 1,
      statusChangedAt: 1,
      returnReason: 1,
    })
      .sort({ statusChangedAt: 1, _id: 1 })
      .limit(window)
      .lean(),
    ProgressReport.find(repFilter, {
      initiativeId: 1,
      unitId: 1,
      periodKey: 1,
      progress: 1,
      evidence: 1,
      revision: 1,
      submittedAt: 1,
    })
      .sort({ submittedAt: 1, _id: 1 })
      .limit(window)
      .lean(),
  ]);
  const merged: (
    | { kind: 'registration'; at: Date; doc: (typeof regs)[number] }
    | {
        kind: 'report';
        at: Date;
        doc: (typeof reps)[number];
      }
  )[] = [
    ...regs.map((doc) => ({ kind: 'registration' as const, at: doc.statusChangedAt as Date, doc })),
    ...reps.map((doc) => ({ kind: 'report' as const, at: doc.submittedAt, doc })),
  ];
  merged.sort((a, b) => a.at.getTime() - b.at.getTime());
  const pageItems = merged.slice(offset, window);

  const iniIds = pageItems.flatMap((m) => (m.kind === 'report' ? [m.doc.initiativeId] : []));
  const unitIds = pageItems.map((m) => m.doc.unitId);
  const [inis, units] = await Promise.all([
    Initiative.find({ _id: { $in: iniIds } }, { code: 1, title: 1 }).lean(),
    Unit.find({ _id: { $in: unitIds } }, { name: 1 }).lean(),
  ]);
  const iniById = new Map(inis.map((i) => [String(i._id), i]));
  const unitName = new Map(units.map((u) => [String(u._id), u.name]));
  const items: QueueItem[] = pageItems.map((m) => {
    const base = {
      id: String(m.doc._id),
      unitId: String(m.doc.unitId),
      unitName: unitName.get(String(m.doc.unitId)) ?? '',
      at: m.at,
    };
    if (m.kind === 'registration') {
      return {
        ...base,
        kind: 'registration',
        code: m.doc.code,
        title: m.doc.title,
        ownerName: m.doc.ownerName,
        ownerKind: m.doc.ownerKind,
        field: m.doc.field,
        returnReason: m.doc.returnReason ?? null,
      };
    }
    const ini = iniById.get(String(m.doc.initiativeId));
    return {
      ...base,
      kind: 'report',
      initiativeId: String(m.doc.initiativeId),
      initiativeCode: ini?.code ?? '',
      initiativeTitle: ini?.title ?? '',
      periodKey: m.doc.periodKey,
      progress: m.doc.progress,
      evidenceCount: m.doc.evidence?.length ?? 0,
      revision: m.doc.revision ?? 1,
    };
  });
  return { ok: true, registrations, reports, total: registrations + reports, items, offset, limit };
}

export type OpenItemResult =
  | {
      ok: true;
      kind: 'registration';
      initiative: InitiativeDoc;
      actions: ReviewActionName[];
      /** Set when the campaign ended or was closed: the card is shown without actions. */
      readOnly?: ReviewFailure | null;
    }
  | {
      ok: true;
      kind: 'report';
      report: ProgressReportDoc;
      initiative: InitiativeDoc | null;
      readOnly?: ReviewFailure | null;
    }
  | ReviewFailure;

/**
 * Everything the cadre sent (evidence included), for a reviewer in scope. With a clock, a record
 * of a campaign that ended or was closed comes back read-only: no actions offered.
 */
export async function openReviewItem(
  p: Principal,
  item: { kind: 'registration' | 'report'; id: Id },
  clock?: Clock,
): Promise<OpenItemResult> {
  if (!isValidObjectId(item.id)) return fail('not-found');
  if (item.kind === 'registration') {
    const ini = await loadInitiative(item.id);
    if (!ini) return fail('not-found');
    if (!can(p, 'review.queue', targetOf(ini))) return fail('not-allowed');
    const campaign = await Campaign.findById(ini.campaignId, {
      forbidOwnUnitAppraisal: 1,
      status: 1,
      end: 1,
    }).lean<CampaignDoc>();
    const readOnly = clock && campaign ? readOnlyFailure(campaign, clock) : null;
    return {
      ok: true,
      kind: 'registration',
      initiative: ini,
      actions: readOnly
        ? []
        : reviewActions(p, ini, { forbidOwnUnit: campaign?.forbidOwnUnitAppraisal ?? true }),
      readOnly,
    };
  }
  const report = await ProgressReport.findById(item.id).lean<ProgressReportDoc>();
  if (!report) return fail('not-found');
  if (!can(p, 'report.verify', { unitPath: report.unitPath.map(String) })) return fail('not-allowed');
  const initiative = await Initiative.findById(report.initiativeId).lean<InitiativeDoc>();
  const readOnly = clock ? await campaignReadOnlyOf(report.campaignId, clock) : null;
  return { ok: true, kind: 'report', report, initiative, readOnly };
}

export type ReviewActionName =
  | 'accept'
  | 'return'
  | 'submit'
  | 'appraise'
  | 'select'
  | 'decline'
  | 'honour'
  | 'replicate';

const ACTION_OF: Record<Exclude<ReviewActionName, 'replicate'>, { action: Action; name: TransitionName }> = {
  accept: { action: 'initiative.accept', name: 'accept' },
  return: { action: 'initiative.return', name: 'return' },
  submit: { action: 'initiative.view', name: 'submit' },
  appraise: { action: 'initiative.appraise', name: 'appraise' },
  select: { action: 'initiative.select', name: 'select' },
  decline: { action: 'initiative.select', name: 'decline' },
  honour: { action: 'initiative.honour', name: 'honour' },
};

/** The review buttons this person may see on this model now (the server checks again on press). */
export function reviewActions(
  p: Principal,
  ini: Pick<InitiativeDoc, 'unitPath' | 'unitId' | 'createdBy' | 'status'> & { replicatedFrom?: unknown },
  opts: { forbidOwnUnit: boolean },
): ReviewActionName[] {
  const target = targetOf(ini);
  const out: ReviewActionName[] = [];
  for (const [key, { action, name }] of Object.entries(ACTION_OF) as [
    Exclude<ReviewActionName, 'replicate'>,
    { action: Action; name: TransitionName },
  ][]) {
    if (!can(p, action, target, { forbidOwnUnit: name === 'appraise' && opts.forbidOwnUnit })) continue;
    // Declining a model still under appraisal is the round's decision, not a card button.
    if (key === 'decline' && ini.status !== 'appraised') continue;
    const as = actingAs(p, target, name);
    if (availableTransitions(ini.status as InitiativeStatus, as).includes(name)) out.push(key);
  }
  if (can(p, 'initiative.replicate', target) && !ini.replicatedFrom) {
    out.push('replicate');
  }
  return out;
}

/** The review actions that ask the reviewer something before they are taken. */
export type FormReviewAction = 'return' | 'question' | 'appraise' | 'select' | 'honour' | 'replicate';

/**
 * Before a review form shows the model or asks anything: may this person take this action on this
 * record? Role and unit scope only (the action itself checks state and input again on answer).
 * A forged button gets `not-found` or `not-allowed`, neither of which names the record.
 */
export async function checkReviewAction(
  p: Principal,
  action: FormReviewAction,
  id: Id,
): Promise<{ ok: true } | ReviewFailure> {
  if (!isValidObjectId(id)) return fail('not-found');
  if (action === 'question') {
    const report = await ProgressReport.findById(id, { unitPath: 1 }).lean<ProgressReportDoc>();
    if (!report) return fail('not-found');
    return can(p, 'report.verify', { unitPath: report.unitPath.map(String) })
      ? { ok: true }
      : fail('not-allowed');
  }
  const ini = await loadInitiative(id);
  if (!ini) return fail('not-found');
  const permission: Action = action === 'replicate' ? 'initiative.replicate' : ACTION_OF[action].action;
  if (!can(p, permission, targetOf(ini))) return fail('not-allowed');
  if (action === 'appraise') {
    const campaign = await Campaign.findById(ini.campaignId, { forbidOwnUnitAppraisal: 1 }).lean();
    if (campaign?.forbidOwnUnitAppraisal && !can(p, permission, targetOf(ini), { forbidOwnUnit: true }))
      return fail('own-unit');
  }
  return { ok: true };
}

// ---------------------------------------------------------------------------------------------
// Registration

export interface ActionOptions {
  /** The status the reviewer saw; if it moved on since, the action is refused as a conflict. */
  expectedStatus?: InitiativeStatus;
}

/** Accepts a registration: the model enters nurturing. */
export function acceptRegistration(
  p: Principal,
  initiativeId: Id,
  clock: Clock,
  opts: ActionOptions = {},
): Promise<InitiativeActionResult> {
  return transition(
    p,
    initiativeId,
    {
      action: 'initiative.accept',
      name: 'accept',
      expectedStatus: opts.expectedStatus,
      // "Late" counts from the first full period after the first acceptance.
      prepare: (ini) => ({
        set: { returnReason: null, ...(ini.acceptedAt ? {} : { acceptedAt: clock.now() }) },
      }),
    },
    clock,
  );
}

/** Returns a registration (or a submission) to the cadre with a reason shown in /mohinh. */
export async function returnRegistration(
  p: Principal,
  initiativeId: Id,
  reason: string,
  clock: Clock,
  opts: ActionOptions = {},
): Promise<InitiativeActionResult> {
  const text = cleanText(reason, LIMITS.reason, 'reason-required', 'reason-too-long');
  if (typeof text !== 'string') return text;
  return transition(
    p,
    initiativeId,
    {
      action: 'initiative.return',
      name: 'return',
      note: text,
      expectedStatus: opts.expectedStatus,
      prepare: () => ({ set: { returnReason: text } }),
    },
    clock,
  );
}

// ---------------------------------------------------------------------------------------------
// Reports

export type Verdict = 'verified' | 'questioned';

/** A claim on a report revision older than this whose change never landed is completed. */
const STUCK_AFTER_MS = 30_000;

/**
 * Marks a report verified or questioned, once per revision. The audit event's unique key
 * `report:<id>:verify:rev<revision>` is the claim (on FerretDB a conditional update is not
 * atomic, a unique insert is): of two reviewers acting at once exactly one gets it.
 * A questioned report needs a note saying what is in doubt.
 */
export async function verifyReport(
  p: Principal,
  reportId: Id,
  input: { verdict: Verdict; note?: string | null },
  clock: Clock,
): Promise<VerifyResult> {
  if (input.verdict !== 'verified' && input.verdict !== 'questioned') return invalid('verdict-invalid');
  const note = cleanText(
    input.note,
    LIMITS.note,
    input.verdict === 'questioned' ? 'note-required' : null,
    'note-too-long',
  );
  if (typeof note !== 'string') return note;
  if (!isValidObjectId(reportId)) return fail('not-found');
  const report = await ProgressReport.findById(reportId).lean<ProgressReportDoc>();
  if (!report) return fail('not-found');
  if (!can(p, 'report.verify', { unitPath: report.unitPath.map(String) })) return fail('not-allowed');
  if (!isAdmin(p)) {
    // Nobody verifies a report of a model they registered or reported on (this one included).
    const owner = await Initiative.findById(report.initiativeId, {
      unitId: 1,
      ownerKind: 1,
      createdBy: 1,
    }).lean();
    if (owner) {
      const conflict = conflictOf(p.userId, await modelFacts(owner));
      if (conflict) return fail(conflict);
    }
  }
  if (report.verification !== 'pending') return fail('wrong-status', { current: report.verification });
  const closed = await campaignReadOnlyOf(report.campaignId, clock);
  if (closed) return closed;

  const now = clock.now();
  const revision = report.revision ?? 1;
  const set = {
    verification: input.verdict,
    verificationNote: note || null,
    verifiedBy: p.userId,
    verifiedAt: now,
  };
  const key = `report:${String(report._id)}:verify:rev${revision}`;
  const actor = await actorUser(p);
  try {
    await AuditEvent.create({
      key,
      at: now,
      actorId: p.userId,
      actorTelegramId: actor?.telegramId ?? null,
      entity: 'report',
      entityId: report._id,
      action: 'verify',
      from: 'pending',
      to: input.verdict,
      note: note || null,
      unitPath: report.unitPath,
      change: JSON.stringify({ $set: set }),
    });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    await completeStuckVerification(key, report._id, revision, now);
    const after = await ProgressReport.findById(report._id, { verification: 1 }).lean();
    return fail('conflict', { current: after?.verification });
  }
  const res = await ProgressReport.updateOne(
    { _id: report._id, revision, verification: 'pending' },
    { $set: set },
    { runValidators: true },
  );
  if (res.matchedCount === 0) {
    // The cadre amended the report in between: the verdict was about a text that is gone.
    await AuditEvent.deleteOne({ key });
    const after = await ProgressReport.findById(report._id, { verification: 1 }).lean();
    return fail('conflict', { current: after?.verification });
  }
  if (input.verdict === 'verified') {
    // "Effective" reads the newest verified period; only a verification sets it.
    await Initiative.updateOne(
      {
        _id: report.initiativeId,
        $or: [{ lastVerifiedPeriod: null }, { lastVerifiedPeriod: { $lt: report.periodKey } }],
      },
      { $set: { lastVerifiedPeriod: report.periodKey } },
    );
  }
  const [updated, ini] = await Promise.all([
    ProgressReport.findById(report._id).lean<ProgressReportDoc>(),
    Initiative.findById(report.initiativeId, { code: 1, title: 1 }).lean(),
  ]);
  return {
    ok: true,
    report: updated!,
    initiative: { id: String(report.initiativeId), code: ini?.code ?? '', title: ini?.title ?? '' },
    notify: await recipients([report.submittedBy]),
  };
}

async function completeStuckVerification(key: string, id: Types.ObjectId, revision: number, now: Date) {
  const claim = await AuditEvent.findOne({ key }, { at: 1, change: 1 }).lean();
  if (!claim?.change || now.getTime() - claim.at.getTime() < STUCK_AFTER_MS) return;
  const change = JSON.parse(claim.change) as { $set: Record<string, unknown> };
  const at = change.$set.verifiedAt;
  if (typeof at === 'string') change.$set.verifiedAt = new Date(at);
  await ProgressReport.updateOne({ _id: id, revision, verification: 'pending' }, change);
}

// ---------------------------------------------------------------------------------------------
// Appraisal, selection, honours

/**
 * Puts a nurtured model forward for appraisal. Permitted to whoever may view the model (its
 * owner, reviewers in scope); the lifecycle then admits the owner, coordinators and admins.
 */
export async function submitForAppraisal(
  p: Principal,
  initiativeId: Id,
  clock: Clock,
  opts: ActionOptions & { note?: string } = {},
): Promise<InitiativeActionResult> {
  const note = cleanText(opts.note, LIMITS.note, null, 'note-too-long');
  if (typeof note !== 'string') return note;
  return transition(
    p,
    initiativeId,
    { action: 'initiative.view', name: 'submit', note: note || null, expectedStatus: opts.expectedStatus },
    clock,
  );
}

export type Scores = Record<string, number> | readonly { criterion: string; score: number }[];

/**
 * Scores a submitted model against every criterion of its campaign (each 0..maxScore) with a
 * comment; the model becomes appraised. Refused as `own-unit` when the campaign forbids
 * appraising one's own unit and this person's only grant in scope is at the model's unit.
 */
export function appraise(
  p: Principal,
  initiativeId: Id,
  input: { scores: Scores; comment?: string | null },
  clock: Clock,
  opts: ActionOptions = {},
): Promise<InitiativeActionResult> {
  const comment = cleanText(input.comment, LIMITS.comment, null, 'comment-too-long');
  if (typeof comment !== 'string') return Promise.resolve(comment);
  const given = Array.isArray(input.scores)
    ? (input.scores as { criterion: string; score: number }[]).map((s) => [s.criterion, s.score] as const)
    : Object.entries(input.scores as Record<string, number>);
  return (async () => {
    const actor = await actorUser(p);
    return transition(
      p,
      initiativeId,
      {
        action: 'initiative.appraise',
        name: 'appraise',
        forbidOwnUnit: true,
        note: comment || null,
        expectedStatus: opts.expectedStatus,
        prepare: (ini, campaign) => {
          const criteria = campaign.criteria;
          const seen = new Set<string>();
          for (const [code, score] of given) {
            const c = criteria.find((x) => x.code === code);
            if (!c) return invalid('score-unknown-criterion', code);
            if (seen.has(code)) return invalid('score-duplicate', code);
            seen.add(code);
            if (typeof score !== 'number' || !Number.isFinite(score) || score < 0 || score > c.maxScore) {
              return invalid('score-out-of-range', code);
            }
          }
          const missing = criteria.find((c) => !seen.has(c.code));
          if (missing) return invalid('score-missing', missing.code);
          const scores = criteria.map((c) => ({
            criterion: c.code,
            score: given.find(([code]) => code === c.code)![1],
          }));
          const grant = p.grants.find(
            (g) =>
              (g.role === 'coordinator' || g.role === 'board') &&
              ini.unitPath.map(String).includes(g.unitId) &&
              !(campaign.forbidOwnUnitAppraisal && g.unitId === String(ini.unitId)),
          );
          return {
            push: {
              appraisals: {
                by: p.userId,
                byName: actor?.name ?? '',
                unitId: grant?.unitId ?? null,
                scores,
                total: round1(scores.reduce((s, x) => s + x.score, 0)),
                max: criteria.reduce((s, c) => s + c.maxScore, 0),
                comment,
                at: clock.now(),
              },
            },
          };
        },
      },
      clock,
    );
  })();
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Selects an appraised model for honouring at one of the campaign's target levels. */
export function selectForHonour(
  p: Principal,
  initiativeId: Id,
  input: { level: string },
  clock: Clock,
  opts: ActionOptions = {},
): Promise<InitiativeActionResult> {
  return transition(
    p,
    initiativeId,
    {
      action: 'initiative.select',
      name: 'select',
      level: input.level,
      note: input.level,
      expectedStatus: opts.expectedStatus,
      prepare: (_ini, campaign) =>
        campaign.targetLevels.includes(input.level)
          ? { set: { selectedLevel: input.level } }
          : invalid('level-unknown', input.level),
    },
    clock,
  );
}

/** Appraised but not selected this round: back to nurturing, to try again. */
export async function decline(
  p: Principal,
  initiativeId: Id,
  clock: Clock,
  opts: ActionOptions & { note?: string } = {},
): Promise<InitiativeActionResult> {
  const note = cleanText(opts.note, LIMITS.note, null, 'note-too-long');
  if (typeof note !== 'string') return note;
  return transition(
    p,
    initiativeId,
    {
      action: 'initiative.select',
      name: 'decline',
      note: note || null,
      expectedStatus: opts.expectedStatus,
      prepare: () => ({ set: { selectedLevel: null } }),
    },
    clock,
  );
}

/**
 * Records the honour a selected model received (level, year, decision number). The level must be
 * the one it was selected for; the year lies between the campaign's first year and this year.
 */
export async function recordHonour(
  p: Principal,
  initiativeId: Id,
  input: { level: string; year: number; decisionNo: string },
  clock: Clock,
  opts: ActionOptions = {},
): Promise<InitiativeActionResult> {
  const decisionNo = cleanText(input.decisionNo, LIMITS.decisionNo, 'decision-required', 'decision-too-long');
  if (typeof decisionNo !== 'string') return decisionNo;
  const thisYear = Number(localDay(clock.now(), REVIEW_TIME_ZONE).slice(0, 4));
  return transition(
    p,
    initiativeId,
    {
      action: 'initiative.honour',
      name: 'honour',
      level: input.level,
      note: `${input.level} ${input.year} ${decisionNo}`,
      expectedStatus: opts.expectedStatus,
      prepare: (ini, campaign) => {
        if (!campaign.targetLevels.includes(input.level)) return invalid('level-unknown', input.level);
        if (ini.selectedLevel && ini.selectedLevel !== input.level) {
          return invalid('level-mismatch', ini.selectedLevel);
        }
        const firstYear = Number(campaign.start.slice(0, 4));
        if (!Number.isInteger(input.year) || input.year < firstYear || input.year > thisYear) {
          return invalid('year-invalid', `${firstYear}-${thisYear}`);
        }
        return {
          push: {
            honours: { level: input.level, year: input.year, decisionNo, by: p.userId, at: clock.now() },
          },
        };
      },
    },
    clock,
  );
}

// ---------------------------------------------------------------------------------------------
// Replication

/**
 * Records that `replicaId` replicates `sourceId`: sets `replicatedFrom` on the new model and
 * counts one more replication on the source. Checked against the new model's scope (the source
 * is usually elsewhere), which must have been honoured. Once only: the audit key
 * `initiative:<replica>:replicated-from` is the claim. Both owners are told.
 */
export async function recordReplication(
  p: Principal,
  input: { sourceId: Id; replicaId: Id },
  clock: Clock,
  /** `source`: recorded from the source's side (services/replications.ts), checked against its scope or owner. */
  opts: { side?: 'replica' | 'source' } = {},
): Promise<ReplicationResult> {
  if (String(input.sourceId) === String(input.replicaId)) return invalid('same-model');
  const [source, replica] = await Promise.all([
    loadInitiative(input.sourceId),
    loadInitiative(input.replicaId),
  ]);
  if (!source || !replica) return fail('not-found');
  const allowed =
    opts.side === 'source'
      ? String(source.createdBy) === p.userId || can(p, 'initiative.replicate', targetOf(source))
      : can(p, 'initiative.replicate', targetOf(replica));
  if (!allowed) return fail('not-allowed');
  // As in registration: a model is replicated from one that was honoured.
  if (source.status !== 'honoured' && (source.honours?.length ?? 0) === 0) {
    return fail('wrong-status', { current: source.status });
  }
  if (replica.replicatedFrom) return fail('already-linked', { current: String(replica.replicatedFrom) });
  const closed =
    (await campaignReadOnlyOf(replica.campaignId, clock)) ??
    (opts.side === 'source' ? await campaignReadOnlyOf(source.campaignId, clock) : null);
  if (closed) return closed;

  const now = clock.now();
  const key = `initiative:${String(replica._id)}:replicated-from`;
  const actor = await actorUser(p);
  try {
    await AuditEvent.create({
      key,
      at: now,
      actorId: p.userId,
      actorTelegramId: actor?.telegramId ?? null,
      entity: 'initiative',
      entityId: replica._id,
      action: 'replicate',
      from: null,
      to: String(source._id),
      note: `${source.code} -> ${replica.code}`,
      unitPath: replica.unitPath,
      change: JSON.stringify({ $set: { replicatedFrom: String(source._id) } }),
    });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const now2 = await Initiative.findById(replica._id, { replicatedFrom: 1 }).lean();
    return fail('already-linked', { current: String(now2?.replicatedFrom ?? '') });
  }
  await Initiative.updateOne({ _id: replica._id }, { $set: { replicatedFrom: source._id } });
  await settleReplicationCount(source._id);
  const [s, r, unit] = await Promise.all([
    loadInitiative(source._id),
    loadInitiative(replica._id),
    Unit.findById(replica.unitId, { name: 1 }).lean(),
  ]);
  return {
    ok: true,
    source: s!,
    replica: r!,
    replicaUnitName: unit?.name ?? '',
    notify: await recipients([source.createdBy, replica.createdBy]),
  };
}

// ---------------------------------------------------------------------------------------------
// Texts

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
      return t(r.from === 'appraised' ? 'review-notice-declined' : 'review-notice-accepted', base);
    case 'returned':
      return t('review-notice-returned', { ...base, reason: esc(ini.returnReason ?? '') });
    case 'submitted':
      return t('review-notice-submitted', base);
    case 'appraised': {
      const a = ini.appraisals.at(-1);
      return t('review-notice-appraised', { ...base, total: a?.total ?? 0, max: a?.max ?? 0 });
    }
    case 'selected':
      return t('review-notice-selected', { ...base, level: level(ini.selectedLevel) });
    case 'honoured': {
      const h = ini.honours.at(-1);
      return t('review-notice-honoured', {
        ...base,
        level: level(h?.level),
        year: String(h?.year ?? ''),
        decision: esc(h?.decisionNo ?? ''),
      });
    }
    default:
      return t('review-fail-wrong-status', { current: stateLabel(lang, r.to) });
  }
}
