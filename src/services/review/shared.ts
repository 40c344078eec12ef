import { isValidObjectId } from 'mongoose';
import type { Clock } from '../../clock.ts';
import {
  Campaign,
  type CampaignDoc,
  Initiative,
  type InitiativeDoc,
  ProgressReport,
} from '../../db/models/index.ts';
import { localDay } from '../../domain/calendar.ts';
import type { Target } from '../../domain/permissions.ts';
import { campaignReadOnly } from '../../domain/read-only.ts';
import { fail, type Id, REVIEW_TIME_ZONE, type ReviewFailure } from './results.ts';

/** What the review modules share: the permission target of a model, loading it, read-only campaigns. */

export function targetOf(ini: Pick<InitiativeDoc, 'unitPath' | 'unitId' | 'createdBy'>): Target {
  return {
    unitPath: ini.unitPath.map(String),
    unitId: String(ini.unitId),
    ownerId: String(ini.createdBy),
  };
}

export async function loadInitiative(id: Id): Promise<InitiativeDoc | null> {
  if (!isValidObjectId(id)) return null;
  return Initiative.findById(id).lean<InitiativeDoc>();
}

/** Refusal for a change to a model of a campaign that ended or was closed; null while it runs. */
export function readOnlyFailure(
  campaign: Pick<CampaignDoc, 'status' | 'end'>,
  clock: Clock,
): ReviewFailure | null {
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
