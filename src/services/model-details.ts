import { isValidObjectId, type Types } from 'mongoose';
import { Campaign, type CampaignDoc, Initiative, type InitiativeDoc, Unit } from '../db/models/index.ts';

/** What a model's card shows beside the model itself (/mohinh, the review card). */

type Id = Types.ObjectId | string;

/** The model's unit name and the names of its field in its campaign. */
export async function modelDetailFacts(
  ini: Pick<InitiativeDoc, 'unitId' | 'campaignId' | 'field'>,
): Promise<{ unitName: string; field: { name: string; nameEn?: string | null } | null }> {
  const [unit, campaign] = await Promise.all([
    Unit.findById(ini.unitId, { name: 1 }).lean(),
    Campaign.findById(ini.campaignId, { fields: 1 }).lean(),
  ]);
  const field = campaign?.fields.find((f) => f.code === ini.field);
  return { unitName: unit?.name ?? '', field: field ? { name: field.name, nameEn: field.nameEn } : null };
}

/** These campaigns by id. */
export async function campaignsById(ids: Id[]): Promise<Map<string, CampaignDoc>> {
  const unique = [...new Set(ids.map(String))].filter((id) => isValidObjectId(id));
  const list = await Campaign.find({ _id: { $in: unique } }).lean<CampaignDoc[]>();
  return new Map(list.map((c) => [String(c._id), c]));
}

/** The code and title of a model (the source a model replicates), or null. */
export async function modelHeading(
  id: Id | null | undefined,
): Promise<{ code: string; title: string } | null> {
  if (!id || !isValidObjectId(id)) return null;
  return Initiative.findById(id, { code: 1, title: 1 }).lean<{ code: string; title: string }>();
}
