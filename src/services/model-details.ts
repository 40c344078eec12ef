import { isValidObjectId, type Types } from 'mongoose';
import { Campaign, type CampaignDoc } from '../db/models/index.ts';

/** What a model's card needs beside the model itself (/mohinh). */

type Id = Types.ObjectId | string;

/** These campaigns by id. */
export async function campaignsById(ids: Id[]): Promise<Map<string, CampaignDoc>> {
  const unique = [...new Set(ids.map(String))].filter((id) => isValidObjectId(id));
  const list = await Campaign.find({ _id: { $in: unique } }).lean<CampaignDoc[]>();
  return new Map(list.map((c) => [String(c._id), c]));
}
