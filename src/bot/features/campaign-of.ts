import type { CampaignDoc } from '../../db/models/index.ts';
import { localDay } from '../../domain/calendar.ts';
import { isAdmin } from '../../domain/permissions.ts';
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
