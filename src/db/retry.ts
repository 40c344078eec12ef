/**
 * FerretDB's SQLite backend answers "database is locked" (SQLITE_BUSY) when writes pile up; the
 * same call a moment later succeeds. The per-update hot paths (conversation state, drafts, the
 * user) retry such errors a few times with jitter instead of failing the person's update.
 */
const TRANSIENT = /database is locked|SQLITE_BUSY/i;

export function isTransientDbError(err: unknown): boolean {
  return err instanceof Error && TRANSIENT.test(err.message);
}

export async function withDbRetry<T>(fn: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= attempts || !isTransientDbError(err)) throw err;
      await new Promise((r) => setTimeout(r, 15 * 2 ** i + Math.random() * 40));
    }
  }
}
