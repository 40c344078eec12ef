import type { Types } from 'mongoose';
import { Initiative, Unit, type UnitDoc } from '../src/db/models/index.ts';
import { addDays, type Day, zonedInstant } from '../src/domain/calendar.ts';
import { INITIATIVE_STATUSES, isOpenForReports } from '../src/domain/lifecycle.ts';
import { periodKeyOfDay, periodRange } from '../src/domain/phases.ts';

/**
 * What a unit still lacks for one task, read from the database at the moment of asking. Reminders
 * call this when they are sent (not when they are planned), so a reminder planned days ahead
 * reports the state of the day it arrives; `/lichnhac` and the weekly digest use the same answer.
 */
export type UnitLack =
  /** The task has no measurable check (`none`): nothing to say about the unit. */
  | { kind: 'unknown' }
  | { kind: 'ok' }
  /** `unitHasInitiative` for a unit with sub-units: the sub-units without any registered model. */
  | { kind: 'units-without-model'; total: number; missing: string[]; level: string }
  /** `unitHasInitiative` for a unit without sub-units. */
  | { kind: 'no-model' }
  /** `initiativesAppraised`: models submitted and not yet appraised. */
  | { kind: 'awaiting-appraisal'; count: number; titles: string[] }
  /** `initiativesReported`: models open for reports with no report for the period. */
  | { kind: 'unreported'; count: number; total: number; period: string; titles: string[] };

export function isBehind(lack: UnitLack): boolean {
  return lack.kind !== 'ok' && lack.kind !== 'unknown';
}

/** Statuses in which a model reports progress (and so may owe a report). */
export const OPEN_STATUSES = INITIATIVE_STATUSES.filter(isOpenForReports);
/** A "registered model" is any registration that has not been withdrawn. */
const REGISTERED_STATUSES = INITIATIVE_STATUSES.filter((s) => s !== 'withdrawn');

interface CampaignRef {
  _id: Types.ObjectId;
  reportCadence: string;
}

export async function unitLack(
  campaign: CampaignRef,
  task: { check?: string | null },
  unit: Pick<UnitDoc, '_id'>,
  today: Day,
): Promise<UnitLack> {
  switch (task.check) {
    case 'unitHasInitiative':
      return unitsWithoutModel(campaign, unit);
    case 'initiativesAppraised': {
      const waiting = await Initiative.find(
        { campaignId: campaign._id, unitPath: unit._id, status: 'submitted' },
        { code: 1, title: 1 },
      )
        .sort({ statusChangedAt: 1 })
        .lean();
      if (waiting.length === 0) return { kind: 'ok' };
      return { kind: 'awaiting-appraisal', count: waiting.length, titles: waiting.map((i) => i.title) };
    }
    case 'initiativesReported': {
      const period = periodKeyOfDay(today, campaign.reportCadence);
      const open = await Initiative.find(
        { campaignId: campaign._id, unitPath: unit._id, status: { $in: OPEN_STATUSES } },
        { code: 1, title: 1, lastReportPeriod: 1 },
      )
        .sort({ code: 1 })
        .lean();
      const missing = open.filter((i) => lacksReport(i.lastReportPeriod, period));
      if (missing.length === 0) return { kind: 'ok' };
      return {
        kind: 'unreported',
        count: missing.length,
        total: open.length,
        period,
        titles: missing.map((i) => i.title),
      };
    }
    default:
      return { kind: 'unknown' };
  }
}

/** No report for `period` yet (period keys of one cadence sort as strings). */
export function lacksReport(lastReportPeriod: string | null | undefined, period: string): boolean {
  return !lastReportPeriod || lastReportPeriod < period;
}

async function unitsWithoutModel(campaign: CampaignRef, unit: Pick<UnitDoc, '_id'>): Promise<UnitLack> {
  const children = await Unit.find({ parentId: unit._id, active: true }, { name: 1, level: 1 })
    .sort({ order: 1, name: 1 })
    .lean();
  const registered = await Initiative.find(
    { campaignId: campaign._id, unitPath: unit._id, status: { $in: REGISTERED_STATUSES } },
    { unitPath: 1 },
  ).lean();
  if (children.length === 0) return registered.length > 0 ? { kind: 'ok' } : { kind: 'no-model' };
  const covered = new Set(registered.flatMap((i) => i.unitPath.map(String)));
  const missing = children.filter((c) => !covered.has(String(c._id)));
  if (missing.length === 0) return { kind: 'ok' };
  return {
    kind: 'units-without-model',
    total: children.length,
    missing: missing.map((c) => c.name),
    level: children[0]!.level,
  };
}

/**
 * Models open for reports that owed a report for `period` and have none: in a unit's subtree
 * (`unitPath`) or of one cadre (`createdByTelegramId`).
 */
export async function lackingReports(
  campaign: CampaignRef,
  where: { unitPath: Types.ObjectId } | { createdByTelegramId: number },
  period: string,
  timeZone: string,
) {
  const { last } = periodRange(period);
  const end = zonedInstant(addDays(last, 1), timeZone, 0);
  const open = await Initiative.find(
    { campaignId: campaign._id, ...where, status: { $in: OPEN_STATUSES } },
    { code: 1, title: 1, unitId: 1, unitPath: 1, lastReportPeriod: 1, createdAt: 1 },
  )
    .sort({ code: 1 })
    .lean();
  return open.filter((i) => lacksReport(i.lastReportPeriod, period) && i.createdAt < end);
}
