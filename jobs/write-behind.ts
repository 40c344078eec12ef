import { setTimeout as sleep } from 'node:timers/promises';
import { isDuplicateKey, Reminder } from '../src/db/models/index.ts';
import type { Logger } from '../src/logger.ts';

/**
 * Retries a database operation that failed for a passing reason: under load FerretDB's SQLite
 * answers "database is locked". Only for operations that are safe to repeat (updates and deletes
 * by _id, reads, inserts whose duplicate-key error is passed straight on).
 */
export async function retrying<T>(op: () => Promise<T>, tries = 7): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await op();
    } catch (err) {
      if (isDuplicateKey(err) || i >= tries) throw err;
      await sleep(50 * 2 ** i);
    }
  }
}

/**
 * The reminder's own status fields, written behind: queued, then written in order, many in one
 * round trip, every `everyMs`. The claims and the SentLog, written at once, decide delivery;
 * these fields follow them, and a write lost in a crash is repaired from them when the reminder
 * comes up again. (On FerretDB 1.24 every document update scans the collection, so a burst of
 * deliveries is recorded here at the database's pace while sending goes on at Telegram's.)
 */
export function writeBehind(log: Logger, everyMs = 200) {
  type Op = { updateOne: { filter: Record<string, unknown>; update: Record<string, unknown> } };
  let ops: Op[] = [];
  let done: (() => void)[] = [];
  let timer: NodeJS.Timeout | null = null;
  let chain: Promise<void> = Promise.resolve();

  async function write(batch: Op[]) {
    for (let i = 0; i < batch.length; i += 100) {
      const chunk = batch.slice(i, i + 100);
      try {
        await retrying(() => Reminder.bulkWrite(chunk as never, { ordered: true }));
      } catch (err) {
        log.error({ err, count: chunk.length }, 'could not record reminder statuses');
      }
    }
  }

  function flush(): Promise<void> {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    const batch = ops;
    const waiting = done;
    ops = [];
    done = [];
    chain = chain.then(async () => {
      if (batch.length > 0) await write(batch);
      for (const d of waiting) d();
    });
    return chain;
  }

  /** Queues an update of one reminder; resolves once it is written. */
  function update(filter: { _id: unknown } & Record<string, unknown>, update: Record<string, unknown>) {
    ops.push({ updateOne: { filter, update } });
    const written = new Promise<void>((resolve) => done.push(resolve));
    timer ??= setTimeout(() => void flush(), everyMs);
    return written;
  }

  return { update, flush };
}
