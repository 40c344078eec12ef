import { Campaign, type CampaignDoc, Unit, type UnitDoc, User, type UserDoc } from '../db/models/index.ts';

/**
 * What the operator's CLI (`npm run admin`) lists: units, campaigns, people, the units of a
 * subtree. A subtree is named by its root's code; an unknown code gives null (the CLI says so).
 */

export { ROLES, type Role } from '../db/models/index.ts';

async function subtreeIds(rootCode: string) {
  const root = await Unit.findOne({ code: rootCode }, { _id: 1 }).lean();
  if (!root) return null;
  return (await Unit.find({ path: root._id }, { _id: 1 }).lean()).map((u) => u._id);
}

/** Every unit, or those of a subtree, by depth and order; null for an unknown root. */
export async function unitsOfTree(rootCode?: string): Promise<UnitDoc[] | null> {
  let filter = {};
  if (rootCode) {
    const root = await Unit.findOne({ code: rootCode }, { _id: 1 }).lean();
    if (!root) return null;
    filter = { path: root._id };
  }
  return Unit.find(filter).sort({ depth: 1, order: 1 }).lean<UnitDoc[]>();
}

/** The ids of the units of a subtree (the root included); null for an unknown root. */
export async function unitIdsOfTree(rootCode: string): Promise<string[] | null> {
  return (await subtreeIds(rootCode))?.map(String) ?? null;
}

/** Every campaign, newest first. */
export async function allCampaigns(): Promise<CampaignDoc[]> {
  return Campaign.find().sort({ start: -1 }).lean<CampaignDoc[]>();
}

/**
 * Everyone, or the holders of a role in a subtree, by Telegram id, with the code of every unit
 * (to name their grants); null for an unknown root.
 */
export async function peopleOfTree(
  rootCode?: string,
): Promise<{ users: UserDoc[]; unitCodes: Map<string, string> } | null> {
  let filter = {};
  if (rootCode) {
    const ids = await subtreeIds(rootCode);
    if (!ids) return null;
    filter = { 'roles.unitId': { $in: ids } };
  }
  const unitCodes = new Map((await Unit.find({}, { code: 1 }).lean()).map((u) => [String(u._id), u.code]));
  const users = await User.find(filter).sort({ telegramId: 1 }).lean<UserDoc[]>();
  return { users, unitCodes };
}
