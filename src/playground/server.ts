import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { send } from '../http/webhook.ts';
import type { Logger } from '../logger.ts';
import type { InProcessBotApi, PlaygroundEvent } from './bot-api.ts';
import type { ChatStore } from './chats.ts';
import type { FileStore } from './files.ts';
import { mimeOf } from './multipart.ts';
import { DEMO_PEOPLE, type DemoPerson } from './people.ts';
import type { ChatUpdateQueue } from './updates.ts';

const PAGE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'page');
const STATIC: Record<string, [string, string]> = {
  '/': ['index.html', 'text/html; charset=utf-8'],
  '/app.js': ['app.js', 'text/javascript; charset=utf-8'],
  '/style.css': ['style.css', 'text/css; charset=utf-8'],
  '/favicon.svg': ['favicon.svg', 'image/svg+xml'],
};
const MAX_UPLOAD = 20 * 1024 * 1024;

export interface PageDeps {
  api: InProcessBotApi;
  chats: ChatStore;
  files: FileStore;
  queue: ChatUpdateQueue;
  logger: Logger;
  /** What the page shows above the chat. */
  about: () => Promise<{
    campaign: string;
    phase: { vi: string; en: string; from: string; to: string } | null;
  }>;
}

/**
 * The page's side of the playground: the chat page itself, its small JSON API (what the person
 * types, taps and uploads becomes a Telegram update for the bot), the files, and a stream of
 * server-sent events with everything the bot does.
 */
export function playgroundPage(deps: PageDeps) {
  const streams = new Set<ServerResponse>();

  async function handler(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://local');
    const p = url.pathname;
    const lang = url.searchParams.get('lang') === 'en' ? 'en' : 'vi';
    res.setHeader('x-content-type-options', 'nosniff');

    if (req.method === 'GET' && STATIC[p]) {
      const [file, type] = STATIC[p];
      const body = await readFile(path.join(PAGE_DIR, file));
      res.writeHead(200, {
        'content-type': type,
        'cache-control': 'no-cache',
        ...(file === 'index.html'
          ? {
              'content-security-policy':
                "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; connect-src 'self'",
            }
          : {}),
      });
      res.end(body);
      return;
    }
    if (req.method === 'GET' && p === '/api/state') {
      return send(res, 200, {
        bot: { name: deps.api.botInfo.first_name, username: deps.api.botInfo.username },
        people: DEMO_PEOPLE.filter((x) => x.selectable).map((x) => ({
          id: x.telegramId,
          key: x.key,
          name: x.name,
          role: x.role,
          label: x.label,
        })),
        ...(await deps.about()),
      });
    }
    if (req.method === 'GET' && p === '/api/events') return openStream(req, res);
    const file = /^\/files\/([A-Za-z0-9_-]+)$/.exec(p);
    if (req.method === 'GET' && file) return serveFile(file[1]!, url.searchParams.has('download'), res);

    const chat = /^\/api\/chats\/(\d+)(?:\/([a-z]+))?$/.exec(p);
    const person = chat
      ? DEMO_PEOPLE.find((x) => x.selectable && x.telegramId === Number(chat[1]))
      : undefined;
    if (!chat || !person) return send(res, 404, { error: 'not found' });
    const action = chat[2] ?? '';
    if (req.method === 'GET' && action === '') {
      return send(res, 200, {
        messages: deps.chats.list(person.telegramId),
        replyKeyboard: deps.chats.replyKeyboard(person.telegramId),
        busy: deps.queue.busy(person.telegramId),
      });
    }
    if (req.method === 'GET' && action === 'commands') {
      return send(res, 200, { commands: deps.api.menuFor(person.telegramId, lang) });
    }
    if (req.method !== 'POST') return send(res, 405, { error: 'method not allowed' });
    // A custom header cannot be sent cross-site without a preflight we never grant: other web
    // pages open in the same browser cannot drive the bot.
    if (req.headers['x-playground'] !== '1') return send(res, 403, { error: 'missing x-playground header' });
    return act(person, action, lang, url, req, res);
  }

  async function act(
    person: DemoPerson,
    action: string,
    lang: string,
    url: URL,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const who = { id: person.telegramId, name: person.name };
    const deliver = (u: ReturnType<InProcessBotApi['personMessage']> | null) => {
      if (!u) return send(res, 409, { error: 'that button is gone' });
      if (!deps.queue.push(person.telegramId, u)) return send(res, 503, { error: 'shutting down' });
      send(res, 202, { accepted: true });
    };
    if (action === 'upload') {
      const kind = url.searchParams.get('kind') === 'photo' ? 'photo' : 'document';
      const name =
        (url.searchParams.get('name') ?? '').slice(0, 120) || (kind === 'photo' ? 'photo.jpg' : 'file');
      const body = await readBody(req, MAX_UPLOAD);
      if (!body) return send(res, 413, { error: 'files up to 20 MB' });
      if (body.length === 0) return send(res, 400, { error: 'empty file' });
      const stored = await deps.files.save(body, {
        kind,
        name,
        mime: String(req.headers['content-type'] ?? '') || mimeOf(name),
      });
      const caption = (url.searchParams.get('caption') ?? '').slice(0, 1024);
      return deliver(
        deps.api.personMessage(who, lang, {
          ...(kind === 'photo' ? { photo: stored } : { document: stored }),
          ...(caption ? { caption } : {}),
        }),
      );
    }
    const raw = await readBody(req, 64 * 1024);
    let input: Record<string, unknown>;
    try {
      input = JSON.parse(raw?.toString('utf8') || '{}') as Record<string, unknown>;
    } catch {
      return send(res, 400, { error: 'JSON expected' });
    }
    if (action === 'text') {
      const text = typeof input.text === 'string' ? input.text.trim() : '';
      if (!text || text.length > 4096)
        return send(res, 400, { error: 'text of 1 to 4096 characters expected' });
      return deliver(deps.api.personMessage(who, lang, { text }));
    }
    if (action === 'tap') {
      const messageId = Number(input.messageId);
      const data = typeof input.data === 'string' ? input.data : '';
      return deliver(deps.api.personTap(who, lang, messageId, data));
    }
    if (action === 'location') {
      const latitude = Number(input.latitude);
      const longitude = Number(input.longitude);
      if (!(Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180)) {
        return send(res, 400, { error: 'latitude and longitude expected' });
      }
      return deliver(deps.api.personMessage(who, lang, { location: { latitude, longitude } }));
    }
    if (action === 'contact') {
      const phone = `+8490${String(person.telegramId).slice(-7)}`;
      return deliver(deps.api.personMessage(who, lang, { contact: { phone, name: person.name } }));
    }
    send(res, 404, { error: 'not found' });
  }

  function openStream(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    res.write('retry: 1500\n\n');
    const write = (e: PlaygroundEvent) => res.write(`data: ${JSON.stringify(e)}\n\n`);
    const off = deps.api.on(write);
    const ping = setInterval(() => res.write(': ping\n\n'), 20_000);
    streams.add(res);
    req.on('close', () => {
      off();
      clearInterval(ping);
      streams.delete(res);
    });
  }

  async function serveFile(fileId: string, download: boolean, res: ServerResponse): Promise<void> {
    const meta = await deps.files.get(fileId);
    const data = meta ? await deps.files.read(fileId) : null;
    if (!meta || !data) return send(res, 404, { error: 'no such file' });
    const inline = !download && /^image\/(png|jpeg|gif|webp)$/.test(meta.mime);
    res.writeHead(200, {
      'content-type': inline ? meta.mime : meta.mime || 'application/octet-stream',
      'content-length': data.length,
      'cache-control': 'private, max-age=86400, immutable',
      'content-disposition': `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(meta.name)}`,
      'content-security-policy': "default-src 'none'; sandbox",
    });
    res.end(data);
  }

  return {
    handler,
    /** Ends the event streams (they would otherwise hold the server open). */
    closeStreams(): void {
      for (const s of streams) s.end();
      streams.clear();
    },
  };
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) over = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(over ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
