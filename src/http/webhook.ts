import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Update } from 'grammy/types';
import { type Logger, scrubToken } from '../logger.ts';
import type { InFlight } from './in-flight.ts';

export const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

export interface WebhookOptions {
  bot: { handleUpdate(update: Update): Promise<void> };
  /** The secret given to setWebhook; Telegram sends it back in every request. */
  secret: string;
  logger: Logger;
  inFlight: InFlight;
  /**
   * Telegram waits for the answer and re-delivers an update it got no answer for. Work that takes
   * longer than this (a big export) is answered 200 and carries on in the background.
   */
  answerWithinMs?: number;
  maxBodyBytes?: number;
  /** False while shutting down: new updates are refused with 503, so Telegram delivers them later. */
  accepting?: () => boolean;
}

/**
 * Telegram's webhook requests. A request without the secret header gets 401, with a wrong one
 * 403, and is never handled. A correct one is handed to the bot; the answer is 200 once it is
 * handled, or 500 if it failed before the bot's own error boundary, so Telegram tries again.
 */
export function webhookHandler(opts: WebhookOptions) {
  const expected = Buffer.from(opts.secret);
  const answerWithinMs = opts.answerWithinMs ?? 25_000;
  const maxBodyBytes = opts.maxBodyBytes ?? 1_000_000;
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'POST') return send(res, 405, { error: 'POST only' }, { allow: 'POST' });
    const given = req.headers[SECRET_HEADER];
    if (typeof given !== 'string' || given === '') {
      opts.logger.warn({ from: req.socket.remoteAddress }, 'webhook request without the secret header');
      return send(res, 401, { error: 'secret token missing' });
    }
    const got = Buffer.from(given);
    if (got.length !== expected.length || !timingSafeEqual(got, expected)) {
      opts.logger.warn({ from: req.socket.remoteAddress }, 'webhook request with a wrong secret');
      return send(res, 403, { error: 'secret token wrong' });
    }
    if (opts.accepting && !opts.accepting()) return send(res, 503, { error: 'shutting down' });
    let update: Update;
    try {
      const raw = await readBody(req, maxBodyBytes);
      update = JSON.parse(raw.toString('utf8')) as Update;
      if (typeof update?.update_id !== 'number') throw new Error('not an update');
    } catch (err) {
      const tooBig = (err as Error).message === 'too large';
      return send(res, tooBig ? 413 : 400, { error: tooBig ? 'body too large' : 'not a Telegram update' });
    }
    const handling = opts.inFlight.track(opts.bot.handleUpdate(update));
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      handling.then(
        () => 'done' as const,
        (err: unknown) => err as Error,
      ),
      new Promise<'later'>((resolve) => {
        timer = setTimeout(() => resolve('later'), answerWithinMs);
      }),
    ]);
    clearTimeout(timer);
    if (outcome instanceof Error) {
      opts.logger.error(
        { update_id: update.update_id, err: scrubToken(String(outcome.stack ?? outcome.message)) },
        'update failed outside the bot error boundary',
      );
      return send(res, 500, { error: 'update failed' });
    }
    if (outcome === 'later') {
      handling.catch((err: Error) =>
        opts.logger.error({ update_id: update.update_id, err: scrubToken(err.message) }, 'update failed'),
      );
    }
    send(res, 200, {});
  };
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error('too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}
