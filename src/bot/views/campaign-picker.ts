import { InlineKeyboard } from 'grammy';
import { z } from 'zod';
import { type Day, formatDay } from '../../domain/calendar.ts';
import { campaignState } from '../../domain/phases.ts';
import { campaignReadOnly } from '../../domain/read-only.ts';
import type { CampaignDoc } from '../../services/records.ts';
import { defineCallback, objectId, text } from '../callback-data.ts';

/**
 * The campaign picker of /tonghop, /xuat and /duyet: the person's campaigns, newest first, the
 * running one ticked. `cp:<to>:<campaign>` opens that campaign in the summary (`sm`), the export
 * (`sx`) or the review queue (`rv`); `cl:<to>` shows the picker again from a result.
 */
export const PICK_TARGETS = ['sm', 'sx', 'rv'] as const;
export type PickTarget = (typeof PICK_TARGETS)[number];

export const pickCampaign = defineCallback('cp', { to: text(z.enum(PICK_TARGETS)), c: objectId });
export const listCampaigns = defineCallback('cl', { to: text(z.enum(PICK_TARGETS)) });

/**
 * Options for `button(pickCampaign | listCampaigns, …)` of the feature that serves these targets:
 * a payload for another target goes on to that feature's handler; a forged one gets "cp-stale".
 */
export function pickerFor(...targets: PickTarget[]) {
  return { when: (v: { to: PickTarget }) => targets.includes(v.to), staleKey: 'cp-stale' };
}

type T = (key: string, vars?: Record<string, string | number>) => string;

export function campaignPicker(
  t: T,
  campaigns: readonly CampaignDoc[],
  to: PickTarget,
  today: Day,
  running: CampaignDoc | null,
): { text: string; keyboard: InlineKeyboard } {
  const kb = new InlineKeyboard();
  for (const c of campaigns) {
    const ro = campaignReadOnly(c, today);
    const state = ro.readOnly ? ro.why : campaignState(c, today);
    const tick = running && String(running._id) === String(c._id) ? '✓ ' : '';
    kb.text(
      `${tick}${c.name} (${formatDay(c.start)}–${formatDay(c.end)}) · ${t(`cp-state-${state}`)}`,
      pickCampaign.build({ to, c: String(c._id) }),
    ).row();
  }
  return { text: t(running ? 'cp-pick-title' : 'cp-pick-none-running'), keyboard: kb };
}

/** The line above a result of a campaign that ended or was closed; empty while it runs. */
export function readOnlyLine(t: T, campaign: CampaignDoc, today: Day): string {
  const ro = campaignReadOnly(campaign, today);
  if (!ro.readOnly) return '';
  return t('cp-read-only', { why: ro.why, name: campaign.name, end: formatDay(campaign.end) });
}

/** The day figures are taken on: today, or the last day of a campaign that has ended. */
export function figuresDay(campaign: Pick<CampaignDoc, 'end'>, today: Day): Day {
  return today > campaign.end ? campaign.end : today;
}
