import { model, Schema } from 'mongoose';
import { rawCollection } from '../raw.ts';

/**
 * Claims: a unique-key insert is the one compare-and-set that every MongoDB-compatible server
 * does atomically (FerretDB 1.24's SQLite backend applies `findOneAndUpdate` / `updateOne` as
 * read-then-write, so two concurrent conditional updates can both "win"). Whatever must happen
 * once (a sequence number, a use of an invite, a status version) is decided by inserting a claim.
 * Which claims may ever be deleted, and when, is decided per kind in jobs/retention.ts: a claim
 * that still guards something that could happen again (a sequence number, a campaign prefix, a
 * revision of a report that exists) is kept.
 */
const claimSchema = new Schema({
  _id: { type: String, required: true },
  at: { type: Date, required: true },
  owner: { type: String, default: null },
  /**
   * What the winner is about to write, when a crash between the claim and the write must be
   * completable by the next attempt (a report amendment keeps its new revision here).
   */
  payload: { type: Schema.Types.Mixed, default: null },
});
export const Claim = model('Claim', claimSchema);

/** A hint for the next free number of a sequence; the claim decides. */
const counterSchema = new Schema({
  _id: { type: String, required: true },
  seq: { type: Number, default: 0 },
});
export const Counter = model('Counter', counterSchema);

export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: number }).code === 11000;
}

/** The result of a unique insert, or null when its key was taken already (any other error is thrown). */
export async function unlessDuplicate<T>(insert: () => Promise<T>): Promise<T | null> {
  try {
    return await insert();
  } catch (err) {
    if (isDuplicateKey(err)) return null;
    throw err;
  }
}

/** Inserts the claim; true if this caller got it, false if someone had it already. */
export async function tryClaim(
  key: string,
  at: Date,
  owner: string | null = null,
  payload: unknown = null,
): Promise<boolean> {
  try {
    // Without a payload, as Claim.create would write it but without building a document: claims
    // are on the hot path of every registration (its code's sequence number). A payload goes
    // through the model, which leaves out its undefined and empty parts as it always has.
    if (payload === null)
      await rawCollection<{ _id: string; at: Date; owner: string | null; payload: null; __v: number }>(
        Claim,
      ).insertOne({ _id: key, at, owner, payload: null, __v: 0 });
    else await Claim.create({ _id: key, at, owner, payload });
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

/** Per sequence, the end of the last allocation this process started (see nextSequence). */
const inProcess = new Map<string, Promise<unknown>>();

/**
 * The next number of a named sequence (1, 2, 3 ...), unique across concurrent callers. The claim
 * decides across processes; within one process the callers of a sequence take turns, so that
 * many at once (a campaign's last day) do not all claim the same number, lose, re-read and claim
 * again, each loss a wasted insert and read.
 */
export function nextSequence(name: string, at: Date): Promise<number> {
  const before = inProcess.get(name) ?? Promise.resolve();
  const mine = before.then(
    () => claimNextSequence(name, at),
    () => claimNextSequence(name, at),
  );
  inProcess.set(name, mine);
  const forget = () => {
    if (inProcess.get(name) === mine) inProcess.delete(name);
  };
  mine.then(forget, forget);
  return mine;
}

async function claimNextSequence(name: string, at: Date): Promise<number> {
  const counters = rawCollection<{ _id: string; seq: number }>(Counter);
  let n = ((await counters.findOne({ _id: name }))?.seq ?? 0) + 1;
  for (;;) {
    if (!(await tryClaim(`seq:${name}:${n}`, at))) {
      // Lost to someone else: the hint has probably moved on; jump past it rather than step by one.
      const hint = (await counters.findOne({ _id: name }))?.seq ?? 0;
      n = Math.max(n + 1, hint + 1);
      continue;
    }
    await counters
      .updateOne(
        { _id: name, seq: { $lt: n } },
        { $set: { seq: n }, $setOnInsert: { __v: 0 } },
        { upsert: true },
      )
      .catch((err) => {
        if (!isDuplicateKey(err)) throw err;
      });
    return n;
  }
}
