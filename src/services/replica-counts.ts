import { Initiative } from '../db/models/index.ts';

/**
 * How many models replicate each of these models, counted from the replicas themselves (never an
 * $inc'd counter, which FerretDB can lose under concurrent presses).
 */
export async function replicaCounts(ids: readonly string[]): Promise<Map<string, number>> {
  const rows = await Initiative.find({ replicatedFrom: { $in: [...ids] } }, { replicatedFrom: 1 }).lean();
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(String(r.replicatedFrom), (counts.get(String(r.replicatedFrom)) ?? 0) + 1);
  return counts;
}
