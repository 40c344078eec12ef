import mongoose from 'mongoose';
import { databaseState } from '../db/connection.ts';

export type DatabaseHealth = ReturnType<typeof databaseState> | 'unreachable';

/**
 * The database as the health endpoint reports it: the driver's state, and 'unreachable' when it
 * says connected but the server does not answer a ping within `timeoutMs` (a connected driver
 * notices a dead server only at its next heartbeat, and the health check itself must never hang).
 */
export async function databaseHealth(timeoutMs: number): Promise<DatabaseHealth> {
  const state = databaseState();
  if (state !== 'connected') return state;
  return (await pingDatabase(timeoutMs)) ? state : 'unreachable';
}

async function pingDatabase(timeoutMs: number): Promise<boolean> {
  const db = mongoose.connection.db;
  if (!db) return false;
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      db
        .command({ ping: 1 })
        .then(() => true)
        .catch(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
