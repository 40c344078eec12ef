import type { Bot } from 'grammy';
import type { InlineKeyboardButton, Message, Update, UserFromGetMe } from 'grammy/types';
import pino from 'pino';
import sharp from 'sharp';
import type { BotContext } from '../../src/bot/context.ts';
import { createBot } from '../../src/bot/index.ts';
import type { Clock } from '../../src/clock.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import { NOW } from './fixtures.ts';

/**
 * A fake Telegram for bot tests: grammY's client `fetch` is pointed here (conversations inherit
 * it), every outgoing Bot API call is recorded, and answers look like Telegram's.
 */
export interface ApiCall {
  method: string;
  payload: Record<string, unknown>;
  /** What the fake Telegram answered (a sent message carries its `message_id`). */
  result?: unknown;
}

export const BOT_INFO: UserFromGetMe = {
  id: 42,
  is_bot: true,
  first_name: 'Dân Vận Bot',
  username: 'danvan_test_bot',
  can_join_groups: false,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
} as UserFromGetMe;

export class FakeTelegram {
  calls: ApiCall[] = [];
  private nextMessageId = 1000;
  private nextUpdateId = 1;
  /** Make a method fail, e.g. `fail.set('sendMessage', { code: 403, description: 'Forbidden: bot was blocked by the user' })`. */
  fail = new Map<string, { code: number; description: string; chatId?: number }>();
  /** Bytes Telegram keeps for a file id: answered by getFile and the file download URL. */
  files = new Map<string, Buffer>();
  /** File downloads the bot made (`/file/bot<token>/<path>`). */
  downloads: string[] = [];
  /** Messages sent with `parse_mode: 'HTML'` that Telegram would refuse (they were answered with 400). */
  htmlErrors: { method: string; text: string; problem: string }[] = [];

  fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    const download = /\/file\/bot[^/]+\/files\/(.+)$/.exec(url);
    if (download) {
      const fileId = decodeURIComponent(download[1]!);
      this.downloads.push(fileId);
      const bytes = this.files.get(fileId);
      return bytes
        ? new Response(new Uint8Array(bytes), { status: 200 })
        : new Response('Not Found', { status: 404 });
    }
    const method = url.slice(url.lastIndexOf('/') + 1);
    const payload = await readPayload(init);
    const call: ApiCall = { method, payload };
    this.calls.push(call);
    if (payload.parse_mode === 'HTML') {
      const problem = telegramHtmlProblem(String(payload.text ?? payload.caption ?? ''));
      if (problem) {
        // What Telegram answers to malformed HTML: the message is not sent at all.
        this.htmlErrors.push({ method, text: String(payload.text ?? payload.caption ?? ''), problem });
        return json({
          ok: false,
          error_code: 400,
          description: `Bad Request: can't parse entities: ${problem}`,
        });
      }
    }
    const failure = this.fail.get(method);
    if (failure && (failure.chatId === undefined || failure.chatId === Number(payload.chat_id))) {
      return json({ ok: false, error_code: failure.code, description: failure.description });
    }
    if (method === 'getFile') {
      // As Telegram: unknown ids are refused, files over 20 MB cannot be downloaded by a bot.
      const bytes = this.files.get(String(payload.file_id));
      if (!bytes) return json({ ok: false, error_code: 400, description: 'Bad Request: invalid file_id' });
      if (bytes.length > 20 * 1024 * 1024)
        return json({ ok: false, error_code: 400, description: 'Bad Request: file is too big' });
    }
    const result = this.result(method, payload);
    call.result = result;
    return json({ ok: true, result });
  }) as unknown as typeof fetch;

  private result(method: string, p: Record<string, unknown>): unknown {
    const base = () => ({
      message_id: this.nextMessageId++,
      date: Math.floor(NOW.getTime() / 1000), // the base date, as every test clock (the bot reads no update date)
      chat: { id: Number(p.chat_id), type: 'private', first_name: 'x' },
      from: BOT_INFO,
    });
    switch (method) {
      case 'getMe':
        return BOT_INFO;
      case 'sendMessage':
        return { ...base(), text: p.text, reply_markup: p.reply_markup };
      case 'sendPhoto':
        return {
          ...base(),
          photo: [
            {
              file_id: `photo-${this.nextMessageId}`,
              file_unique_id: `u${this.nextMessageId}`,
              width: 800,
              height: 600,
            },
          ],
          caption: p.caption,
        };
      case 'sendDocument':
        return {
          ...base(),
          document: {
            file_id: `doc-${this.nextMessageId}`,
            file_unique_id: `d${this.nextMessageId}`,
            file_name: 'file',
          },
          caption: p.caption,
        };
      case 'editMessageText':
        return { ...base(), message_id: Number(p.message_id), text: p.text };
      case 'getFile': {
        const id = String(p.file_id);
        return {
          file_id: id,
          file_unique_id: `u-${id}`,
          file_size: this.files.get(id)!.length,
          file_path: `files/${id}`,
        };
      }
      case 'sendMediaGroup':
        return [base(), base()];
      case 'sendLocation':
        return { ...base(), location: { latitude: p.latitude, longitude: p.longitude } };
      default:
        return true;
    }
  }

  updateId(): number {
    return this.nextUpdateId++;
  }

  /** Calls of a method, optionally to one chat. */
  sent(method: string, chatId?: number): ApiCall[] {
    return this.calls.filter(
      (c) => c.method === method && (chatId === undefined || Number(c.payload.chat_id) === chatId),
    );
  }
}

async function readPayload(init?: RequestInit): Promise<Record<string, unknown>> {
  const body = init?.body;
  if (!body) return {};
  if (typeof body === 'string') return JSON.parse(body) as Record<string, unknown>;
  // Multipart (files): collect the text fields and note file parts.
  const chunks: Uint8Array[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array>) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('latin1');
  const out: Record<string, unknown> = { multipart: true };
  for (const m of text.matchAll(
    /name="([^"]+)"(?:;\s*filename="?([^"\r\n]*)"?)?\r\n(?:content-type:[^\r]*\r\n)?\r\n([\s\S]*?)\r\n--/gi,
  )) {
    out[m[1]!] =
      m[2] !== undefined
        ? { filename: m[2], bytes: m[3]!.length, content: Buffer.from(m[3]!, 'latin1') }
        : Buffer.from(m[3]!, 'latin1').toString('utf8');
  }
  // `photo: attach://x` names the file part `x`.
  for (const [k, v] of Object.entries(out)) {
    if (typeof v === 'string' && v.startsWith('attach://')) out[k] = out[v.slice('attach://'.length)];
  }
  return out;
}

/** A small picture of grey noise, different for every `n`: what a photo without given bytes holds. */
async function noisePhoto(n: number): Promise<Buffer> {
  const raw = Buffer.alloc(48 * 36);
  let a = n * 2654435761;
  for (let i = 0; i < raw.length; i++) {
    a = (a * 1103515245 + 12345) >>> 0;
    raw[i] = a >>> 24;
  }
  return sharp(raw, { raw: { width: 48, height: 36, channels: 1 } })
    .jpeg()
    .toBuffer();
}

/** In a multipart upload the keyboard arrives as a JSON string. */
function readMarkup(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v);
  } catch {
    return undefined;
  }
}

function json(data: unknown): Response {
  return new Response(JSON.stringify(data), { status: 200, headers: { 'content-type': 'application/json' } });
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({ LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '1000', ...overrides });
}

export function makeBot(
  tg: FakeTelegram,
  clock: Clock,
  opts: { config?: Config; conversationVersion?: string } = {},
): Bot<BotContext> {
  return createBot(
    { config: opts.config ?? testConfig(), logger: pino({ level: 'silent' }), clock },
    {
      token: '123456:TEST-TOKEN-abcdefghijklmnopqrstuvwxyz',
      botInfo: BOT_INFO,
      client: { fetch: tg.fetch, apiRoot: 'https://telegram.test' },
      conversationVersion: opts.conversationVersion,
    },
  );
}

/** One person chatting with the bot in a private chat. */
export class Person {
  constructor(
    readonly tg: FakeTelegram,
    public bot: Bot<BotContext>,
    readonly id: number,
    readonly firstName = 'Lan',
  ) {}

  private from() {
    return { id: this.id, is_bot: false, first_name: this.firstName, language_code: 'vi' };
  }

  private message(extra: Partial<Message>): Update {
    return {
      update_id: this.tg.updateId(),
      message: {
        message_id: this.tg.updateId() + 50_000,
        date: Math.floor(NOW.getTime() / 1000), // the base date, as every test clock (the bot reads no update date)
        chat: { id: this.id, type: 'private', first_name: this.firstName },
        from: this.from(),
        ...extra,
      } as never,
    };
  }

  async send(text: string): Promise<void> {
    const entities = text.startsWith('/')
      ? [{ type: 'bot_command' as const, offset: 0, length: text.split(/\s/)[0]!.length }]
      : undefined;
    await this.bot.handleUpdate(this.message({ text, entities }));
  }

  async sendPhoto(caption = '', bytes?: Buffer): Promise<void> {
    const n = this.tg.updateId();
    this.tg.files.set(`photo-${n}`, bytes ?? (await noisePhoto(n)));
    await this.bot.handleUpdate(
      this.message({
        photo: [
          { file_id: `small-${n}`, file_unique_id: `s${n}`, width: 90, height: 60 },
          { file_id: `photo-${n}`, file_unique_id: `p${n}`, width: 1280, height: 960 },
        ],
        caption,
      }),
    );
  }

  async sendDocument(
    fileName = 'bien-ban.pdf',
    mime = 'application/pdf',
    bytes?: Buffer,
    fileSize?: number,
  ): Promise<void> {
    const n = this.tg.updateId();
    this.tg.files.set(`doc-${n}`, bytes ?? Buffer.from(`%PDF-1.4\n% biên bản ${n}\n%%EOF\n`));
    await this.bot.handleUpdate(
      this.message({
        document: {
          file_id: `doc-${n}`,
          file_unique_id: `d${n}`,
          file_name: fileName,
          mime_type: mime,
          ...(fileSize !== undefined ? { file_size: fileSize } : {}),
        },
      }),
    );
  }

  async sendLocation(latitude = 10.01, longitude = 105.08): Promise<void> {
    await this.bot.handleUpdate(this.message({ location: { latitude, longitude } }));
  }

  async sendSticker(): Promise<void> {
    const n = this.tg.updateId();
    await this.bot.handleUpdate(
      this.message({
        sticker: {
          file_id: `st-${n}`,
          file_unique_id: `st${n}`,
          type: 'regular',
          width: 1,
          height: 1,
          is_animated: false,
          is_video: false,
        },
      }),
    );
  }

  /** Taps a button with this callback data (forged or real). */
  async press(data: string, messageId = 1): Promise<void> {
    await this.bot.handleUpdate({
      update_id: this.tg.updateId(),
      callback_query: {
        id: String(this.tg.updateId()),
        from: this.from(),
        chat_instance: 'ci',
        data,
        message: {
          message_id: messageId,
          date: 0,
          chat: { id: this.id, type: 'private', first_name: this.firstName },
          text: '',
        } as never,
      },
    });
  }

  /** Text messages the bot sent to this person, newest last. */
  messages(): { text: string; buttons: InlineKeyboardButton.CallbackButton[]; method: string }[] {
    return this.allMessages().filter((m) => m.method === 'sendMessage');
  }

  /** Everything with buttons or text the bot sent: messages, photos, documents (captions as text). */
  allMessages(): {
    text: string;
    buttons: InlineKeyboardButton.CallbackButton[];
    method: string;
    messageId?: number;
  }[] {
    return this.tg.calls
      .filter(
        (c) =>
          ['sendMessage', 'sendPhoto', 'sendDocument'].includes(c.method) &&
          Number(c.payload.chat_id) === this.id,
      )
      .map((c) => ({
        messageId: (c.result as { message_id?: number } | undefined)?.message_id,
        method: c.method,
        text: String(c.payload.text ?? c.payload.caption ?? ''),
        buttons: (
          (readMarkup(c.payload.reply_markup) as { inline_keyboard?: InlineKeyboardButton[][] } | undefined)
            ?.inline_keyboard ?? []
        ).flat() as InlineKeyboardButton.CallbackButton[],
      }));
  }

  lastText(): string {
    return this.messages().at(-1)?.text ?? '';
  }

  /** Texts sent since the given count of messages. */
  textsSince(n: number): string[] {
    return this.messages()
      .slice(n)
      .map((m) => m.text);
  }

  /** Taps the button whose label contains `label` in the newest message that has one. */
  async tap(label: string | RegExp): Promise<void> {
    const msgs = this.allMessages();
    for (let i = msgs.length - 1; i >= 0; i--) {
      const b = msgs[i]!.buttons.find((x) =>
        typeof label === 'string' ? x.text.includes(label) : label.test(x.text),
      );
      if (b) return this.press(b.callback_data, msgs[i]!.messageId ?? 1);
    }
    throw new Error(
      `no button "${String(label)}" in: ${msgs.at(-1)?.text}\nbuttons: ${msgs
        .at(-1)
        ?.buttons.map((b) => b.text)
        .join(' | ')}`,
    );
  }

  /** Callback data of a button in the newest message that has it. */
  buttonData(label: string | RegExp): string {
    const msgs = this.allMessages();
    for (let i = msgs.length - 1; i >= 0; i--) {
      const b = msgs[i]!.buttons.find((x) =>
        typeof label === 'string' ? x.text.includes(label) : label.test(x.text),
      );
      if (b) return b.callback_data;
    }
    throw new Error(`no button "${String(label)}"`);
  }

  /** Short answers given to callback queries (alerts such as "not allowed"). */
  callbackAnswers(): string[] {
    return this.tg.sent('answerCallbackQuery').map((c) => String(c.payload.text ?? ''));
  }
}

/** The tags Telegram's HTML parse mode accepts (https://core.telegram.org/bots/api#html-style). */
const TELEGRAM_TAGS = new Set([
  'b',
  'strong',
  'i',
  'em',
  'u',
  'ins',
  's',
  'strike',
  'del',
  'span',
  'tg-spoiler',
  'a',
  'tg-emoji',
  'code',
  'pre',
  'blockquote',
]);

/**
 * Why Telegram would refuse this text in HTML parse mode, or null if it parses: only its tags,
 * properly nested and closed; every `<`, `>` and `&` that is not part of a tag written as an entity
 * (`&lt;` `&gt;` `&amp;` `&quot;` or numeric).
 */
export function telegramHtmlProblem(html: string): string | null {
  const stack: string[] = [];
  let i = 0;
  while (i < html.length) {
    const ch = html[i]!;
    if (ch === '<') {
      const m =
        /^<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+(?:\s*=\s*(?:"[^"<]*"|'[^'<]*'|[^\s"'<>]+))?)*)\s*>/.exec(
          html.slice(i),
        );
      if (!m) return `unexpected "<" at byte offset ${i}`;
      const [whole, closing, rawName] = m;
      const name = rawName!.toLowerCase();
      if (!TELEGRAM_TAGS.has(name)) return `unsupported start tag "${name}" at byte offset ${i}`;
      if (closing) {
        const open = stack.pop();
        if (open !== name) return `can't find end tag corresponding to start tag "${open ?? name}"`;
      } else stack.push(name);
      i += whole!.length;
      continue;
    }
    if (ch === '>') return `unexpected ">" at byte offset ${i}`;
    if (ch === '&') {
      const m = /^&(?:lt|gt|amp|quot|#\d{1,7}|#x[0-9a-fA-F]{1,6});/.exec(html.slice(i));
      if (!m) return `unsupported entity at byte offset ${i}`;
      i += m[0].length;
      continue;
    }
    i++;
  }
  if (stack.length) return `can't find end tag corresponding to start tag "${stack.at(-1)}"`;
  return null;
}

/** What a person sees of an HTML message: tags removed, entities decoded. */
export function htmlToText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(Number.parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}
