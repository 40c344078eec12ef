import { Campaign, type CampaignDoc, Unit } from '../db/models/index.ts';
import type { Day } from '../domain/calendar.ts';

/**
 * The campaigns a person may read: those whose root unit lies on the path of one of their grants
 * (any status but draft, ended ones included), newest first. An admin with no grant in any
 * campaign sees them all. Used by the campaign picker of /tonghop, /xuat and /duyet.
 */
export async function campaignsForGrants(
  grantUnitIds: readonly string[],
  opts: { admin?: boolean; limit?: number } = {},
): Promise<CampaignDoc[]> {
  const limit = opts.limit ?? 20;
  const units = grantUnitIds.length
    ? await Unit.find({ _id: { $in: grantUnitIds } }, { path: 1 }).lean()
    : [];
  const onPaths = [...new Set(units.flatMap((u) => u.path.map(String)))];
  let found: CampaignDoc[] = [];
  if (onPaths.length) {
    found = await Campaign.find({ status: { $in: ['active', 'closed'] }, rootUnitId: { $in: onPaths } })
      .sort({ start: -1 })
      .limit(limit)
      .lean<CampaignDoc[]>();
  }
  if (found.length === 0 && opts.admin) {
    found = await Campaign.find({ status: { $in: ['active', 'closed'] } })
      .sort({ start: -1 })
      .limit(limit)
      .lean<CampaignDoc[]>();
  }
  return found;
}

/**
 * The campaign to open on: the one running today (active, between its start and end); else one
 * closed early whose dates still cover today (read-only, but the natural one to read). Null when
 * no campaign covers today: the picker is shown instead.
 */
export function runningCampaign<C extends Pick<CampaignDoc, 'status' | 'start' | 'end'>>(
  campaigns: readonly C[],
  today: Day,
): C | null {
  const covering = campaigns.filter((c) => c.start <= today && today <= c.end);
  return covering.find((c) => c.status === 'active') ?? covering[0] ?? null;
}
