import mongoose from 'mongoose';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { connectMongoose } from '../../src/db/connection.ts';
import { checkHealth } from '../../src/http/health.ts';
import { InFlight } from '../../src/http/in-flight.ts';
import { type RunningHttpServer, startHttpServer } from '../../src/http/server.ts';
import { SECRET_HEADER, webhookHandler } from '../../src/http/webhook.ts';
import { useTestDatabase } from '../support/database.ts';
import { clock, NOW } from '../support/fixtures.ts';
import { FakeTelegram, makeBot } from '../support/telegram.ts';

const { dbName } = useTestDatabase({ clean: 'each' });

const SECRET = 'webhook-secret_0123456789abcdef';
const PATH = '/telegram/hook';
const logger = pino({ level: 'silent' });

let tg: FakeTelegram;
let server: RunningHttpServer;
let inFlight: InFlight;
let accepting = true;
let nextUpdateId = 1;

beforeAll(async () => {
  tg = new FakeTelegram();
  inFlight = new InFlight();
  server = await webhookServer(tg, inFlight, () => accepting);
});

/** The HTTP server with the webhook of a bot on `on`, as main.ts starts it in webhook mode. */
function webhookServer(on: FakeTelegram, updates: InFlight, accepting?: () => boolean) {
  return startHttpServer({
    host: '127.0.0.1',
    port: 0,
    logger,
    health: () => checkHealth({ mode: 'webhook', bot: () => 'running' }),
    webhook: {
      path: PATH,
      handler: webhookHandler({
        bot: makeBot(on, clock()),
        secret: SECRET,
        logger,
        inFlight: updates,
        accepting,
      }),
    },
  });
}

afterAll(async () => {
  await server?.close(1_000);
});

beforeEach(() => {
  tg.calls.length = 0;
  tg.fail.clear();
  accepting = true;
});

function helpUpdate(userId = 5_550_001) {
  return {
    update_id: nextUpdateId++,
    message: {
      message_id: nextUpdateId + 100,
      date: Math.floor(NOW.getTime() / 1000), // the base date, as every test clock (the bot reads no update date)
      chat: { id: userId, type: 'private', first_name: 'Hà' },
      from: { id: userId, is_bot: false, first_name: 'Hà', language_code: 'vi' },
      text: '/help',
      entities: [{ type: 'bot_command', offset: 0, length: 5 }],
    },
  };
}

function post(body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${server.url}${PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('webhook mode', () => {
  it('refuses a request without the secret header (401) and does not handle it', async () => {
    const res = await post(helpUpdate());
    expect(res.status).toBe(401);
    expect(tg.sent('sendMessage')).toHaveLength(0);
  });

  it('refuses a request with a wrong secret (403), also one that only shares a prefix', async () => {
    for (const wrong of ['not-the-secret', `${SECRET}x`, SECRET.slice(0, -1)]) {
      const res = await post(helpUpdate(), { [SECRET_HEADER]: wrong });
      expect(res.status, wrong).toBe(403);
    }
    expect(tg.sent('sendMessage')).toHaveLength(0);
  });

  it('hands an update with the right secret to the bot, which answers through Telegram', async () => {
    const res = await post(helpUpdate(5_550_002), { [SECRET_HEADER]: SECRET });
    expect(res.status).toBe(200);
    const sent = tg.sent('sendMessage', 5_550_002);
    expect(sent).toHaveLength(1);
    // A person without a role is told how to join.
    expect(String(sent[0]!.payload.text)).toContain('/start');
  });

  it('answers 400 to a body that is not an update, and 405 to other methods', async () => {
    expect((await post('{not json', { [SECRET_HEADER]: SECRET })).status).toBe(400);
    expect((await post({ hello: 1 }, { [SECRET_HEADER]: SECRET })).status).toBe(400);
    const get = await fetch(`${server.url}${PATH}`, { headers: { [SECRET_HEADER]: SECRET } });
    expect(get.status).toBe(405);
  });

  it('while shutting down answers 503, so Telegram delivers the update again later', async () => {
    accepting = false;
    const res = await post(helpUpdate(), { [SECRET_HEADER]: SECRET });
    expect(res.status).toBe(503);
    expect(tg.sent('sendMessage')).toHaveLength(0);
  });

  it('lets an update in progress finish when the server closes', async () => {
    const slow = new FakeTelegram();
    slow.respond(() => ({ delayMs: 400 }));
    const drainInFlight = new InFlight();
    const s = await webhookServer(slow, drainInFlight);
    const response = fetch(`${s.url}${PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SECRET_HEADER]: SECRET },
      body: JSON.stringify(helpUpdate(5_550_003)),
    });
    await new Promise((r) => setTimeout(r, 150));
    expect(drainInFlight.size).toBe(1);
    await s.close(5_000);
    expect(await drainInFlight.drain(5_000)).toBe(true);
    expect((await response).status).toBe(200);
    expect(slow.sent('sendMessage', 5_550_003)).toHaveLength(1);
  });
});

describe('health endpoint', () => {
  it('reports ok with the database connected and the bot running', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: 'ok',
      mode: 'webhook',
      database: 'connected',
      bot: 'running',
    });
  });

  it('reports a lost database connection with 503', async () => {
    await mongoose.disconnect();
    try {
      const res = await fetch(`${server.url}/healthz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ status: 'unavailable', database: 'disconnected' });
    } finally {
      await connectMongoose(inject('mongodbUri'), dbName);
    }
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('reports a bot that is not taking updates with 503', async () => {
    const s = await startHttpServer({
      host: '127.0.0.1',
      port: 0,
      logger,
      health: () => checkHealth({ mode: 'polling', bot: () => 'stopping' }),
    });
    try {
      const res = await fetch(`${s.url}/healthz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ database: 'connected', bot: 'stopping' });
    } finally {
      await s.close(1_000);
    }
  });
});
