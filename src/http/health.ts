import { type DatabaseHealth, databaseHealth } from '../services/health.ts';

export type BotState = 'starting' | 'running' | 'stopping' | 'stopped' | 'failed';

export interface HealthReport {
  /** 200 when the database answers and the bot takes updates, 503 otherwise. */
  httpStatus: 200 | 503;
  body: {
    status: 'ok' | 'unavailable';
    mode: string;
    database: DatabaseHealth;
    bot: BotState;
    uptimeSeconds: number;
  };
}

const startedAt = Date.now();

/**
 * What a load balancer or an operator needs to know: is the database there, is the bot taking
 * updates. A connected driver is not enough (it notices a dead server only at its next heartbeat),
 * so the database is pinged, with a short limit so the health check itself never hangs.
 */
export async function checkHealth(opts: {
  mode: string;
  bot: () => BotState;
  pingTimeoutMs?: number;
}): Promise<HealthReport> {
  const database = await databaseHealth(opts.pingTimeoutMs ?? 2_000);
  const bot = opts.bot();
  const ok = database === 'connected' && bot === 'running';
  return {
    httpStatus: ok ? 200 : 503,
    body: {
      status: ok ? 'ok' : 'unavailable',
      mode: opts.mode,
      database,
      bot,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
    },
  };
}
