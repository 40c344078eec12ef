import { randomUUID } from 'node:crypto';
import { autoRetry } from '@grammyjs/auto-retry';
import { type RunnerHandle, run } from '@grammyjs/runner';
import { type Bot, GrammyError } from 'grammy';
import mongoose from 'mongoose';
import { createScheduler } from '../jobs/scheduler.ts';
import type { BotContext } from './bot/context.ts';
import { createBot } from './bot/index.ts';
import { type Clock, systemClock } from './clock.ts';
import { type Config, ConfigError, configWarnings, loadConfig } from './config.ts';
import { connectMongoose, NoDatabaseError, type ResolvedDatabase, resolveDatabase } from './db/connection.ts';
import { type BotState, checkHealth } from './http/health.ts';
import { InFlight } from './http/in-flight.ts';
import { type RunningHttpServer, startHttpServer } from './http/server.ts';
import { registerCommandMenus, setWebhook, webhookPath } from './http/telegram-setup.ts';
import { webhookHandler } from './http/webhook.ts';
import { createLogger, type Logger, scrubToken } from './logger.ts';
import { playgroundRefusal, startPlayground } from './playground/index.ts';
import { createNotifier } from './services/notifications.ts';

/**
 * The process: config -> database -> bot (Telegram by polling or webhook, or the local playground)
 * -> reminder jobs -> health endpoint; and on SIGINT/SIGTERM the same in reverse, draining first.
 */

/** What is running, in the order it is stopped. */
interface Running {
  /** Stop taking updates (polling, webhook server, playground page) and let the ones in hand finish. */
  intake?: () => Promise<void>;
  jobs?: () => Promise<void>;
  health?: RunningHttpServer;
  mongoose?: boolean;
  database?: ResolvedDatabase;
  /** The database being started: a stop that comes meanwhile waits for it, then stops it. */
  resolving?: Promise<ResolvedDatabase>;
}

/** Module-wide so that a failed start-up can still stop what it had started (the embedded database). */
const running: Running = {};

async function main(): Promise<void> {
  try {
    // Settings from .env where there is one; the real environment wins over the file.
    process.loadEnvFile('.env');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      console.error(`Cannot read .env: ${(err as Error).message}`);
      process.exit(1);
    }
  }
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  if (config.mode === 'playground') {
    // Before the database is touched: the playground writes demo data into it.
    const refusal = playgroundRefusal(config);
    if (refusal) {
      console.error(refusal);
      process.exit(1);
    }
  }
  const logger = createLogger(config.LOG_LEVEL);
  for (const warning of configWarnings()) logger.warn(warning);
  const clock = systemClock;
  let shuttingDown = false;
  let firstSignalAt = 0;

  const shutdown = async (signal: string) => {
    if (shuttingDown) {
      // Wrappers (tsx, npm) may pass one signal on twice; only a later one means "now".
      if (Date.now() - firstSignalAt < 2_000) return;
      logger.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    shuttingDown = true;
    firstSignalAt = Date.now();
    logger.info({ signal }, 'shutting down: draining updates');
    const force = setTimeout(() => {
      logger.error('shutdown took longer than 45 s; exiting');
      process.exit(1);
    }, 45_000);
    force.unref();
    await stopAll(running, logger);
    logger.info('stopped cleanly');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    running.resolving = resolveDatabase({ uri: config.MONGODB_URI, dataDir: config.DATA_DIR, logger });
    running.database = await running.resolving;
  } catch (err) {
    if (err instanceof NoDatabaseError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  try {
    await connectMongoose(running.database.uri);
    running.mongoose = true;
  } catch (err) {
    console.error(
      `Cannot connect to the database (${describeUri(running.database.uri)}): ${(err as Error).message}`,
    );
    await running.database.stop().catch(() => {});
    process.exit(1);
  }
  logger.info({ database: running.database.kind, at: describeUri(running.database.uri) }, 'database ready');
  if (shuttingDown) return;

  const deps = { config, logger, clock };
  if (config.mode === 'playground') {
    const playground = await startPlayground(deps).catch((err: NodeJS.ErrnoException) => {
      throw portInUse(err, 'PLAYGROUND_PORT', config.PLAYGROUND_PORT);
    });
    running.intake = () => playground.stop();
    running.jobs = startJobs(config, logger, clock, playground.client);
    console.log(
      `\n  Playground: ${playground.url}\n  Open it in a browser and talk to the bot as a cadre, a coordinator or a board member.\n  (No BOT_TOKEN is set, so nothing goes through Telegram. Ctrl+C stops it.)\n`,
    );
    logger.info({ url: playground.url }, 'playground ready');
    return;
  }

  const { bot, botState } = await startTelegram(config, deps, running);
  running.jobs = startJobs(config, logger, clock, {
    token: config.BOT_TOKEN,
    apiRoot: config.TELEGRAM_API_ROOT,
  });
  if (config.mode === 'polling') {
    try {
      running.health = await startHttpServer({
        host: config.HTTP_HOST,
        port: config.HTTP_PORT,
        logger,
        health: () => checkHealth({ mode: config.mode, bot: botState }),
      });
      logger.info({ url: `${running.health.url}/healthz` }, 'health endpoint ready');
    } catch (err) {
      logger.warn({ err: (err as Error).message }, 'health endpoint not started; polling goes on');
    }
  }
  logger.info({ mode: config.mode, bot: bot.botInfo.username }, 'bot running');
}

/** Long polling (one instance) or a webhook behind our HTTP server (any number of instances). */
async function startTelegram(
  config: Extract<Config, { mode: 'polling' | 'webhook' }>,
  deps: { config: Config; logger: Logger; clock: Clock },
  running: Running,
): Promise<{ bot: Bot<BotContext>; botState: () => BotState }> {
  const { logger } = deps;
  const bot = createBot(deps, {
    token: config.BOT_TOKEN,
    client: config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : undefined,
  });
  // Waits out Telegram's "429 retry after" on the bot's own calls (conversations use their own Api).
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 60 }));
  bot.catch((err) => {
    logger.error(
      { err: scrubToken(String(err.error instanceof Error ? err.error.stack : err.error)) },
      'update failed',
    );
  });
  await initBot(bot, logger);
  void registerCommandMenus(bot.api, logger).catch((err: Error) =>
    logger.warn({ err: scrubToken(err.message) }, 'command menus not registered; going on'),
  );

  if (config.mode === 'webhook') {
    const inFlight = new InFlight();
    let state: BotState = 'running';
    const http = await startHttpServer({
      host: config.HTTP_HOST,
      port: config.HTTP_PORT,
      logger,
      health: () => checkHealth({ mode: 'webhook', bot: () => state }),
      webhook: {
        path: webhookPath(config.WEBHOOK_URL),
        handler: webhookHandler({
          bot,
          secret: config.WEBHOOK_SECRET,
          logger,
          inFlight,
          accepting: () => state === 'running',
        }),
      },
    }).catch((err: NodeJS.ErrnoException) => {
      throw portInUse(err, 'HTTP_PORT', config.HTTP_PORT);
    });
    logger.info({ listen: http.url, path: webhookPath(config.WEBHOOK_URL) }, 'webhook server listening');
    await setWebhook(bot.api, { url: config.WEBHOOK_URL, secret: config.WEBHOOK_SECRET }, logger);
    running.intake = async () => {
      state = 'stopping';
      await http.close(10_000);
      if (!(await inFlight.drain(20_000)))
        logger.warn({ left: inFlight.size }, 'updates still running at shutdown');
      state = 'stopped';
    };
    return { bot, botState: () => state };
  }

  // Long polling: a webhook left from an earlier deployment would make getUpdates fail.
  await bot.api
    .deleteWebhook()
    .catch((err: Error) =>
      logger.warn({ err: scrubToken(err.message) }, 'Telegram refused deleteWebhook; polling may fail'),
    );
  let stopping = false;
  const runner: RunnerHandle = run(bot, {
    runner: { fetch: { allowed_updates: ['message', 'callback_query', 'my_chat_member'] } },
  });
  running.intake = async () => {
    stopping = true;
    await runner.stop();
    // The runner hands updates to the bot concurrently (one chat at a time); wait for them.
    const deadline = Date.now() + 20_000;
    while (runner.size() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (runner.size() > 0) logger.warn({ left: runner.size() }, 'updates still running at shutdown');
  };
  return {
    bot,
    botState: () => (runner.isRunning() ? 'running' : stopping ? 'stopping' : 'failed'),
  };
}

/** getMe, retried while Telegram is unreachable; a refused token stops start-up with one line. */
async function initBot(bot: Bot<BotContext>, logger: Logger): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await bot.init();
      return;
    } catch (err) {
      if (err instanceof GrammyError && (err.error_code === 401 || err.error_code === 404)) {
        console.error(
          'Setting BOT_TOKEN was refused by Telegram (401 Unauthorized). Get a new one from @BotFather.',
        );
        process.exit(1);
      }
      const wait = Math.min(60, 2 ** attempt);
      logger.warn(
        { err: scrubToken((err as Error).message), retryInSeconds: wait },
        'Telegram not reachable',
      );
      await new Promise((r) => setTimeout(r, wait * 1000));
    }
  }
}

/**
 * The reminder scheduler (jobs/scheduler.ts) with the notifier that sends through the same Bot
 * API as the bot (Telegram, or the playground's). Every instance may run it: the sent log makes
 * each reminder go out once. JOBS_ENABLED=false leaves it to other instances.
 */
function startJobs(
  config: Config,
  logger: Logger,
  clock: Clock,
  client: { token: string; apiRoot?: string; fetch?: typeof fetch },
): (() => Promise<void>) | undefined {
  if (!config.JOBS_ENABLED) {
    logger.info('reminder jobs disabled here (JOBS_ENABLED=false)');
    return undefined;
  }
  const notifier = createNotifier({ ...client, logger });
  const scheduler = createScheduler({
    config,
    logger,
    clock,
    notifier,
    instanceId: `${config.mode}-${process.pid}-${randomUUID().slice(0, 6)}`,
  });
  scheduler.start();
  logger.info({ instance: scheduler.instanceId }, 'reminder jobs started');
  return () => scheduler.stop();
}

async function stopAll(running: Running, logger: Logger): Promise<void> {
  const step = async (what: string, fn: (() => Promise<unknown>) | undefined) => {
    if (!fn) return;
    try {
      await fn();
    } catch (err) {
      logger.error({ err: scrubToken((err as Error).message) }, `shutdown: ${what} failed`);
    }
  };
  await step('stopping updates', running.intake);
  await step('stopping jobs', running.jobs);
  await step('closing the health endpoint', running.health && (() => running.health!.close(3_000)));
  await step('closing the database connection', running.mongoose ? () => mongoose.disconnect() : undefined);
  const database = running.database ?? (await running.resolving?.catch(() => undefined));
  await step('stopping the embedded database', database && (() => database.stop()));
}

/** "Address in use" as one line naming the setting to change. */
function portInUse(err: NodeJS.ErrnoException, setting: string, port: number): Error {
  if (err.code !== 'EADDRINUSE') return err;
  return new Error(`port ${port} is taken by another program: set ${setting} to a free port.`);
}

/** A database address for the log: host and database, never a password. */
function describeUri(uri: string): string {
  try {
    const u = new URL(uri);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return 'mongodb://…';
  }
}

main().catch(async (err: Error) => {
  console.error(`Start-up failed: ${scrubToken(err.message)}`);
  await stopAll(running, createLogger('silent'));
  process.exit(1);
});
