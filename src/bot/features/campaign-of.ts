import { localDay } from '../../domain/calendar.ts';
import { type Action, isAdmin, scopeRoots } from '../../domain/permissions.ts';
import { campaignsForGrants, runningCampaign } from '../../services/campaign-choice.ts';
import { activeCampaigns, campaignForGrants } from '../../services/campaigns.ts';
import type { CampaignDoc } from '../../services/records.ts';
import type { BotContext } from '../context.ts';

/** Today in the configured time zone. */
export const todayOf = (ctx: BotContext) => localDay(ctx.deps.clock.now(), ctx.deps.config.TIME_ZONE);

/** The campaign this person works in today (an admin without grants in one: the newest active). */
export async function campaignOf(ctx: BotContext): Promise<CampaignDoc | null> {
  const today = todayOf(ctx);
  const found = await campaignForGrants(
    ctx.principal.grants.map((g) => g.unitId),
    today,
  );
  if (found || !isAdmin(ctx.principal)) return found;
  return (await activeCampaigns()).find((c) => c.start <= today && today <= c.end) ?? null;
}

/**
 * The campaigns this person may read for `action` (ended and closed ones too), newest first, and
 * the one running today if any: what the campaign picker of /tonghop, /xuat and /duyet offers.
 * Only grants whose role allows the action count, so nobody is shown a picker they cannot use;
 * `allowed` is false when no grant does.
 */
export async function readableCampaigns(
  ctx: BotContext,
  action: Extract<Action, 'review.queue' | 'summary.view' | 'export.create'> = 'summary.view',
): Promise<{ campaigns: CampaignDoc[]; running: CampaignDoc | null; allowed: boolean }> {
  const roots = scopeRoots(ctx.principal, action);
  const allowed = roots === 'all' || roots.length > 0;
  if (!allowed) return { campaigns: [], running: null, allowed };
  const campaigns = await campaignsForGrants(
    roots === 'all' ? ctx.principal.grants.map((g) => g.unitId) : roots,
    {
      admin: isAdmin(ctx.principal),
    },
  );
  return { campaigns, running: runningCampaign(campaigns, todayOf(ctx)), allowed };
}

/** A campaign named by a button, if this person may read it for `action` (forged ids give null). */
export async function readableCampaign(
  ctx: BotContext,
  id: string,
  action: Extract<Action, 'review.queue' | 'summary.view' | 'export.create'> = 'summary.view',
): Promise<CampaignDoc | null> {
  const { campaigns } = await readableCampaigns(ctx, action);
  return campaigns.find((c) => String(c._id) === id) ?? null;
}
