import type { Types } from 'mongoose';
import { type CampaignDoc, Initiative, type InitiativeDoc } from '../src/db/models/index.ts';
import { addDays, type Day, formatDay, localDay } from '../src/domain/calendar.ts';
import { periodKeyOfDay } from '../src/domain/phases.ts';
import type { Translate } from '../src/i18n.ts';
import { lacksReport, OPEN_STATUSES } from './unit-status.ts';

/**
 * The follow-up of an honoured model (issue 10, "after the honour"): the campaign's
 * `followUpMonths` (e.g. [6, 12]) are counted from the decision date of the model's latest honour
 * given in the campaign (a later honour starts the count again; honours entered as given before
 * the campaign start none). On each follow-up day its owner is reminded to send a sustainability
 * report: an ordinary `/baocao` report of the period holding that day or a later one. Left without
 * one for FOLLOW_UP_GRACE_DAYS, the model is overdue for follow-up, which its unit's coordinators
 * (and those above) read in their weekly digest. Only follow-up days within the campaign count.
 */

/** Days a follow-up report may take after its follow-up day before the model counts as overdue. */
export const FOLLOW_UP_GRACE_DAYS = 30;

/** `day` moved by whole months; a day the target month lacks becomes its last (31/08 + 6 = 28/02). */
export function addMonths(day: Day, months: number): Day {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}

type HonourRef = Pick<InitiativeDoc['honours'][number], 'at' | 'decisionDate' | 'beforeCampaign'>;
export type FollowUpModel = {
  honours?: readonly HonourRef[] | null;
  lastReportPeriod?: string | null;
};
type FollowUpCampaign = Pick<CampaignDoc, 'followUpMonths' | 'start' | 'end'>;

export interface FollowUp {
  /** Months after the honour. */
  months: number;
  /** The decision day of the honour it counts from. */
  honourDay: Day;
  /** When the report is asked for. */
  day: Day;
  /** The last day it may come before the model is overdue for it. */
  by: Day;
}

/** The decision day of the latest honour given in the campaign, or null. */
export function latestHonourDay(
  honours: readonly HonourRef[] | null | undefined,
  timeZone: string,
): Day | null {
  let latest: Day | null = null;
  for (const h of honours ?? []) {
    if (h.beforeCampaign) continue;
    const day = h.decisionDate ?? localDay(h.at, timeZone);
    if (latest === null || day > latest) latest = day;
  }
  return latest;
}

/** The model's follow-up days within the campaign, earliest first. */
export function followUps(model: FollowUpModel, campaign: FollowUpCampaign, timeZone: string): FollowUp[] {
  const honourDay = latestHonourDay(model.honours, timeZone);
  if (!honourDay) return [];
  return [...new Set(campaign.followUpMonths)]
    .sort((a, b) => a - b)
    .map((months) => {
      const day = addMonths(honourDay, months);
      return { months, honourDay, day, by: addDays(day, FOLLOW_UP_GRACE_DAYS) };
    })
    .filter((f) => f.day >= campaign.start && f.day <= campaign.end);
}

/** A report of the period holding the follow-up day, or a later one, answers it. */
export function followUpAnswered(model: FollowUpModel, f: FollowUp, cadence: string): boolean {
  return !lacksReport(model.lastReportPeriod, periodKeyOfDay(f.day, cadence));
}

/** The follow-up the model is overdue for on `today` (past its grace, unanswered), or null. */
export function overdueFollowUp(
  model: FollowUpModel,
  campaign: FollowUpCampaign & { reportCadence: string },
  today: Day,
  timeZone: string,
): FollowUp | null {
  // Reports only move forward, so the latest follow-up past its grace decides.
  const due = followUps(model, campaign, timeZone).filter((f) => f.by < today);
  const last = due.at(-1);
  return last && !followUpAnswered(model, last, campaign.reportCadence) ? last : null;
}

const FIELDS = {
  code: 1,
  title: 1,
  unitId: 1,
  unitPath: 1,
  status: 1,
  honours: 1,
  lastReportPeriod: 1,
  createdByTelegramId: 1,
} as const;

export type HonouredModel = Pick<InitiativeDoc, keyof typeof FIELDS | '_id'>;

/** Models of the campaign still reporting that were honoured in it (`unitId`: within that subtree). */
export async function honouredModels(
  campaignId: Types.ObjectId,
  where: { unitId?: Types.ObjectId; modelId?: Types.ObjectId } = {},
): Promise<HonouredModel[]> {
  const found = await Initiative.find(
    {
      campaignId,
      status: { $in: OPEN_STATUSES },
      ...(where.unitId ? { unitPath: where.unitId } : {}),
      ...(where.modelId ? { _id: where.modelId } : {}),
    },
    FIELDS,
  )
    .sort({ code: 1 })
    .lean<HonouredModel[]>();
  return found.filter((m) => m.honours.some((h) => !h.beforeCampaign));
}

/**
 * The text of a follow-up reminder, composed when it is sent: null when there is nothing left to
 * ask (the report came, the model left the reporting statuses, or a newer honour restarted the count).
 */
export async function renderFollowUp(
  campaign: CampaignDoc,
  payload: Record<string, unknown>,
  t: Translate,
  timeZone: string,
): Promise<string | null> {
  const id = payload.initiativeId as Types.ObjectId | undefined;
  const [model] = id ? await honouredModels(campaign._id, { modelId: id }) : [];
  if (!model) return null;
  const f = followUps(model, campaign, timeZone).find(
    (x) => x.months === payload.months && x.honourDay === payload.honourDay,
  );
  if (!f || followUpAnswered(model, f, campaign.reportCadence)) return null;
  return [
    t('reminder-follow-up-title', { code: model.code, title: model.title }),
    t('reminder-follow-up-body', { honoured: formatDay(f.honourDay), months: f.months }),
    t('reminder-follow-up-footer', { by: formatDay(f.by) }),
  ].join('\n');
}

/** For the weekly digest: the honoured models of a unit's subtree overdue for follow-up. */
export async function overdueFollowUps(
  campaign: CampaignDoc,
  unitId: Types.ObjectId,
  today: Day,
  timeZone: string,
): Promise<{ model: HonouredModel; followUp: FollowUp }[]> {
  const out: { model: HonouredModel; followUp: FollowUp }[] = [];
  for (const model of await honouredModels(campaign._id, { unitId })) {
    const followUp = overdueFollowUp(model, campaign, today, timeZone);
    if (followUp) out.push({ model, followUp });
  }
  return out;
}
