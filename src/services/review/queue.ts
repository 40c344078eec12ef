import { isValidObjectId } from 'mongoose';
import type { Clock } from '../../clock.ts';
import {
  Campaign,
  type CampaignDoc,
  Initiative,
  type InitiativeDoc,
  ProgressReport,
  type ProgressReportDoc,
  Round,
  Unit,
} from '../../db/models/index.ts';
import { availableTransitions, type InitiativeStatus, type TransitionName } from '../../domain/lifecycle.ts';
import { type Action, can, type Principal, scopeRoots } from '../../domain/permissions.ts';
import { fail, type Id, type ReviewFailure } from './results.ts';
import { campaignReadOnlyOf, loadInitiative, readOnlyFailure, targetOf } from './shared.ts';
import { actingAs } from './transitions.ts';

/**
 * What a reviewer sees: the queue of new registrations and reports in their scope, one item with
 * everything the cadre sent and the buttons this person may press on it, and the permission
 * check a review form makes before it names the record or asks anything.
 */

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
    const campaign = await Campaign.findById(ini.campaignId, { status: 1, end: 1 }).lean<CampaignDoc>();
    const readOnly = clock && campaign ? readOnlyFailure(campaign, clock) : null;
    return {
      ok: true,
      kind: 'registration',
      initiative: ini,
      actions: readOnly ? [] : reviewActions(p, ini),
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

/** The buttons of a model's card in /duyet; appraisal, selection and honours are a round's (/duyet's stage tabs). */
export type ReviewActionName = 'accept' | 'return' | 'replicate';

const ACTION_OF: Record<Exclude<ReviewActionName, 'replicate'>, { action: Action; name: TransitionName }> = {
  accept: { action: 'initiative.accept', name: 'accept' },
  return: { action: 'initiative.return', name: 'return' },
};

/** The review buttons this person may see on this model now (the server checks again on press). */
export function reviewActions(
  p: Principal,
  ini: Pick<InitiativeDoc, 'unitPath' | 'unitId' | 'createdBy' | 'status'> & { replicatedFrom?: unknown },
): ReviewActionName[] {
  const target = targetOf(ini);
  const out: ReviewActionName[] = [];
  for (const [key, { action, name }] of Object.entries(ACTION_OF) as [
    Exclude<ReviewActionName, 'replicate'>,
    { action: Action; name: TransitionName },
  ][]) {
    if (!can(p, action, target)) continue;
    if (availableTransitions(ini.status as InitiativeStatus, actingAs(p, target, name)).includes(name))
      out.push(key);
  }
  if (can(p, 'initiative.replicate', target) && !ini.replicatedFrom) out.push('replicate');
  return out;
}

/** The review actions that ask the reviewer something before they are taken. */
export type FormReviewAction = 'return' | 'question' | 'replicate';

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
  return can(p, permission, targetOf(ini)) ? { ok: true } : fail('not-allowed');
}

/** What a review form names: the model (code, title), a report's period, a round's name, the criteria. */
export interface ReviewSubject {
  code: string;
  title: string;
  period: string;
  criteria: { code: string; name: string; maxScore: number }[];
}

/**
 * The head of a review form, in the reviewer's language: a round (`decide`), a report and its
 * model (`question`), or a model with its campaign's criteria. Empty `code` when it is gone.
 */
export async function reviewSubject(
  kind: 'round' | 'report' | 'initiative',
  id: Id,
  lang: string,
): Promise<ReviewSubject> {
  const none: ReviewSubject = { code: '', title: '', period: '', criteria: [] };
  if (!isValidObjectId(id)) return none;
  if (kind === 'round') {
    const round = await Round.findById(id, { name: 1, nameEn: 1 }).lean();
    return { ...none, code: round ? (lang === 'en' && round.nameEn) || round.name : '' };
  }
  if (kind === 'report') {
    const rep = await ProgressReport.findById(id, { initiativeId: 1, periodKey: 1 }).lean();
    const ini = rep ? await Initiative.findById(rep.initiativeId, { code: 1, title: 1 }).lean() : null;
    return { ...none, code: ini?.code ?? '', title: ini?.title ?? '', period: rep?.periodKey ?? '' };
  }
  const ini = await Initiative.findById(id, { code: 1, title: 1, campaignId: 1 }).lean();
  const campaign = ini ? await Campaign.findById(ini.campaignId, { criteria: 1 }).lean() : null;
  return {
    ...none,
    code: ini?.code ?? '',
    title: ini?.title ?? '',
    criteria:
      campaign?.criteria.map((c) => ({
        code: c.code,
        name: (lang === 'en' && c.nameEn) || c.name,
        maxScore: c.maxScore,
      })) ?? [],
  };
}
