import type { Types } from 'mongoose';
import { rawCollection, toId } from '../raw.ts';
import { Initiative } from './initiative.ts';
import { ProgressReport } from './progress-report.ts';
import { UnitReplication } from './replication.ts';

/**
 * Counters on a model that concurrent actions change (`reportCount`, `replicationCount`) are never
 * `$inc`ed: FerretDB 1.24 applies `$inc` as read-then-write, and 20 concurrent increments of one
 * counter ended at 1-11 on both of its handlers. Each counter is instead derived from the records
 * it counts (reports of the model; models that name it as their source), which are written by
 * inserts or claims, and stored so that lists and exports read it without counting.
 *
 * The stored value is settled: count, store, read back, count again; repeat while they differ. Of
 * concurrent settlers, whoever stores last reads its own value back and counts every record
 * inserted before it, so the last write standing is the true count.
 */
async function settle(
  id: Types.ObjectId | string,
  field: 'reportCount' | 'replicationCount',
  count: () => Promise<number>,
  alreadyStored?: number,
): Promise<number> {
  // `alreadyStored`: the caller counted and stored this value itself (with a write of its own).
  let n = alreadyStored ?? (await count());
  for (let attempt = 0; ; attempt++) {
    if (attempt > 0 || alreadyStored === undefined)
      await Initiative.updateOne({ _id: id }, { $set: { [field]: n } });
    const [stored, now] = await Promise.all([
      rawCollection<{ reportCount?: number; replicationCount?: number }>(Initiative).findOne(
        { _id: toId(id) },
        { projection: { [field]: 1 } },
      ),
      count(),
    ]);
    if (!stored || (stored[field] === now && now === n) || attempt >= 50) return now;
    n = now;
    // Step aside a little so that concurrent settlers do not keep overwriting one another.
    await new Promise((r) => setTimeout(r, Math.random() * 5 * (attempt + 1)));
  }
}

/** The number of progress reports of the model (one per period; amendments do not count). */
export function countReports(initiativeId: Types.ObjectId | string): Promise<number> {
  return rawCollection(ProgressReport).countDocuments({ initiativeId: toId(initiativeId) });
}

/**
 * Stores the number of progress reports of the model. `stored`: the count the caller has just
 * stored itself (counted with `countReports` before its write), so that only the check is left.
 */
export function settleReportCount(initiativeId: Types.ObjectId | string, stored?: number): Promise<number> {
  return settle(initiativeId, 'reportCount', () => countReports(initiativeId), stored);
}

/**
 * The number of places that replicate a model, whichever side recorded it: every model that names
 * it as its source (`replicatedFrom`, set by the new model's registration, its reviewer, or the
 * source's side), plus every unit recorded from the source's side ("replicated at unit X") where
 * none of those models lies. A unit recorded and later a model there naming the source are one
 * replication, not two.
 */
export async function countReplications(sourceId: Types.ObjectId | string): Promise<number> {
  const [models, units] = await Promise.all([
    Initiative.find({ replicatedFrom: sourceId }, { unitId: 1 }).lean(),
    UnitReplication.find({ sourceId }, { unitId: 1 }).lean(),
  ]);
  const withModel = new Set(models.map((m) => String(m.unitId)));
  return models.length + units.filter((u) => !withModel.has(String(u.unitId))).length;
}

/** Stores on the source model the number of places that replicate it (`countReplications`). */
export function settleReplicationCount(sourceId: Types.ObjectId | string): Promise<number> {
  return settle(sourceId, 'replicationCount', () => countReplications(sourceId));
}
