import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Clock } from '../src/clock.ts';
import { isDuplicateKey, Reminder, type ReminderDoc } from '../src/db/models/index.ts';
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
const CHUNK = 20;

export function writeBehind(log: Logger, sending: () => boolean = () => false, everyMs = 200) {
  type Op = { updateOne: { filter: Record<string, unknown>; update: Record<string, unknown> } };
  let ops: Op[] = [];
  let done: (() => void)[] = [];
  /** Reminders with a write queued or under way, and how many. */
  const waiting = new Map<string, number>();
  let timer: NodeJS.Timeout | null = null;
  let chain: Promise<void> = Promise.resolve();

  async function write(batch: Op[]) {
    for (let i = 0; i < batch.length; i += CHUNK) {
      const chunk = batch.slice(i, i + CHUNK);
      const started = performance.now();
      try {
        await retrying(() => Reminder.bulkWrite(chunk as never, { ordered: true }));
      } catch (err) {
        log.error({ err, count: chunk.length }, 'could not record reminder statuses');
      }
      // On a database that takes its time (FerretDB holds its write lock for the whole batch),
      // while messages are going out, leave it as long again to the claims and delivery records
      // that sending waits for.
      const took = performance.now() - started;
      if (took > 50 && sending()) await sleep(took);
      for (const op of chunk) {
        const id = String(op.updateOne.filter._id);
        const n = (waiting.get(id) ?? 1) - 1;
        if (n > 0) waiting.set(id, n);
        else waiting.delete(id);
      }
    }
  }

  function flush(): Promise<void> {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    const batch = ops;
    const written = done;
    ops = [];
    done = [];
    chain = chain.then(async () => {
      if (batch.length > 0) await write(batch);
      for (const d of written) d();
    });
    return chain;
  }

  /** Queues an update of one reminder; resolves once it is written. */
  function update(filter: { _id: unknown } & Record<string, unknown>, update: Record<string, unknown>) {
    ops.push({ updateOne: { filter, update } });
    waiting.set(String(filter._id), (waiting.get(String(filter._id)) ?? 0) + 1);
    const written = new Promise<void>((resolve) => done.push(resolve));
    timer ??= setTimeout(() => void flush(), everyMs);
    return written;
  }

  /** Whether this reminder's record is about to change (then it is not worth looking at now). */
  function changing(id: unknown): boolean {
    return waiting.has(String(id));
  }

  return { update, flush, changing };
}

/**
 * The reminder statuses the scheduler records, all written behind (see `writeBehind`): its end
 * (sent, skipped, failed), a later time to look again (quiet hours, snooze), or a retry after a
 * failed try. `failedAt` comes from the injected clock: it is what `deliveries failed` shows.
 */
export function reminderStatuses(log: Logger, clock: Clock, sending: () => boolean) {
  const writes = writeBehind(log, sending);
  return {
    finish(
      r: Pick<ReminderDoc, '_id'>,
      set: { status: 'sent' | 'skipped' | 'failed'; sentAt?: Date; lastError?: string },
      attempts?: number,
    ): Promise<void> {
      return writes.update(
        { _id: r._id },
        {
          $set: {
            lastError: null,
            ...set,
            ...(set.status === 'failed' ? { failedAt: clock.now() } : {}),
            ...(attempts !== undefined ? { attempts } : {}),
            nextAttemptAt: null,
          },
        },
      );
    },
    /** Not now: look at it again at `until`. */
    defer(r: Pick<ReminderDoc, '_id'>, until: Date): Promise<void> {
      return writes.update({ _id: r._id }, { $set: { nextAttemptAt: until } });
    },
    /** Try `attempt` failed for `reason`: the next one at `at`. */
    retryAt(r: Pick<ReminderDoc, '_id'>, attempt: number, reason: string, at: Date): Promise<void> {
      return writes.update(
        { _id: r._id },
        { $set: { attempts: attempt, lastError: reason, nextAttemptAt: at } },
      );
    },
    changing: writes.changing,
    flush: writes.flush,
  };
}

export type ReminderStatuses = ReturnType<typeof reminderStatuses>;
