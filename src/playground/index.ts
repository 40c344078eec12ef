import path from 'node:path';
import type { Bot } from 'grammy';
import type { BotContext } from '../bot/context.ts';
import { createBot } from '../bot/index.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import { Campaign } from '../db/models/index.ts';
import { formatDay, localDay } from '../domain/calendar.ts';
import { currentPhase } from '../domain/phases.ts';
import { type BotState, checkHealth } from '../http/health.ts';
import { type RunningHttpServer, startHttpServer } from '../http/server.ts';
import { registerCommandMenus } from '../http/telegram-setup.ts';
import type { Logger } from '../logger.ts';
import { InProcessBotApi, PLAYGROUND_TOKEN } from './bot-api.ts';
import { ChatStore } from './chats.ts';
import { FileStore } from './files.ts';
import { DEMO_PEOPLE } from './people.ts';
import { seedDemo } from './seed.ts';
import { playgroundPage } from './server.ts';
import { ChatUpdateQueue } from './updates.ts';

export interface PlaygroundOptions {
  config: Config;
  logger: Logger;
  clock: Clock;
  /** Defaults to 127.0.0.1 and PLAYGROUND_PORT; tests pass port 0. */
  host?: string;
  port?: number;
}

export interface Playground {
  url: string;
  bot: Bot<BotContext>;
  api: InProcessBotApi;
  /** grammY client options that reach the in-process Bot API (for the reminder notifier). */
  client: { token: string; apiRoot: string; fetch: typeof fetch };
  http: RunningHttpServer;
  /** Stops taking updates, lets the queued ones finish, closes the page server. */
  stop(): Promise<void>;
}

/**
 * Why the playground may not start on this database, or null. It writes demo data (an active
 * campaign, demo people with roles) into the database, so a MONGODB_URI is used only when the
 * operator says it is a throwaway one; the embedded database (no MONGODB_URI) is always fine.
 */
export function playgroundRefusal(
  config: Pick<Config, 'MONGODB_URI' | 'PLAYGROUND_DEMO_DATA'>,
): string | null {
  if (!config.MONGODB_URI || config.PLAYGROUND_DEMO_DATA === 'throwaway') return null;
  return 'The playground (no BOT_TOKEN) writes demo data into the database: with MONGODB_URI set it starts only if PLAYGROUND_DEMO_DATA=throwaway says that database is a throwaway one (or unset MONGODB_URI to use the embedded database).';
}

export class PlaygroundRefused extends Error {}

/**
 * The local playground: the real bot (createBot, its conversations, the database) wired to a Bot
 * API that lives in this process, and a chat page on localhost where a person talks to it as one
 * of the demo people. Expects mongoose to be connected already.
 */
export async function startPlayground(opts: PlaygroundOptions): Promise<Playground> {
  const { config, logger, clock } = opts;
  const refusal = playgroundRefusal(config);
  if (refusal) throw new PlaygroundRefused(refusal);
  const dir = path.resolve(config.DATA_DIR, 'playground');
  const files = new FileStore(path.join(dir, 'files'));
  const chats = new ChatStore(path.join(dir, 'chats'));
  const world = await seedDemo({ clock, timeZone: config.TIME_ZONE, logger, files });

  const api = new InProcessBotApi({
    chats,
    files,
    clock,
    logger: logger.child({ component: 'playground-bot-api' }),
    person: (id) => {
      const p = DEMO_PEOPLE.find((x) => x.telegramId === id);
      return p ? { id: p.telegramId, name: p.name } : undefined;
    },
  });
  const client = { token: PLAYGROUND_TOKEN, apiRoot: api.apiRoot, fetch: api.fetch };
  const bot = createBot(
    { config, logger, clock },
    { token: PLAYGROUND_TOKEN, botInfo: api.botInfo, client: { apiRoot: api.apiRoot, fetch: api.fetch } },
  );
  await registerCommandMenus(bot.api, logger, 'the playground');

  let state: BotState = 'running';
  const queue = new ChatUpdateQueue(
    (update) => bot.handleUpdate(update),
    (chatId, busy) => api.emit({ type: 'busy', chatId, busy }),
    logger,
  );
  const page = playgroundPage({
    api,
    chats,
    files,
    queue,
    logger,
    about: async () => {
      const campaign = (await Campaign.findById(world.campaign._id).lean()) ?? world.campaign;
      const today = localDay(clock.now(), config.TIME_ZONE);
      const phase = currentPhase(campaign, today);
      return {
        campaign: campaign.name,
        phase: phase
          ? {
              vi: phase.name,
              en: phase.nameEn || phase.name,
              from: formatDay(phase.start),
              to: formatDay(phase.end),
            }
          : null,
      };
    },
  });
  const http = await startHttpServer({
    host: opts.host ?? '127.0.0.1',
    port: opts.port ?? config.PLAYGROUND_PORT,
    logger,
    health: () => checkHealth({ mode: 'playground', bot: () => state }),
    fallback: page.handler,
  });

  return {
    url: http.url,
    bot,
    api,
    client,
    http,
    async stop() {
      state = 'stopping';
      const drained = await queue.drain(20_000);
      if (!drained) logger.warn('playground: some updates were still running at shutdown');
      page.closeStreams();
      await http.close(5_000);
      await chats.flush();
      state = 'stopped';
    },
  };
}
