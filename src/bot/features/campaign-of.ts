import type { CampaignDoc } from '../../db/models/index.ts';
import { localDay } from '../../domain/calendar.ts';
import { isAdmin } from '../../domain/permissions.ts';
import { campaignsForGrants, runningCampaign } from '../../services/campaign-choice.ts';
import { activeCampaigns, campaignForGrants } from '../../services/campaigns.ts';
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
 * The campaigns this person may read (ended and closed ones too), newest first, and the one
 * running today if any: what the campaign picker of /tonghop, /xuat and /duyet offers.
 */
export async function readableCampaigns(
  ctx: BotContext,
): Promise<{ campaigns: CampaignDoc[]; running: CampaignDoc | null }> {
  const campaigns = await campaignsForGrants(
    ctx.principal.grants.map((g) => g.unitId),
    { admin: isAdmin(ctx.principal) },
  );
  return { campaigns, running: runningCampaign(campaigns, todayOf(ctx)) };
}

/** A campaign named by a button, if this person may read it (forged ids give null). */
export async function readableCampaign(ctx: BotContext, id: string): Promise<CampaignDoc | null> {
  const { campaigns } = await readableCampaigns(ctx);
  return campaigns.find((c) => String(c._id) === id) ?? null;
}
