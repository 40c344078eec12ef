import type { Bot } from 'grammy';
import type { InlineKeyboardButton, Message, Update, UserFromGetMe } from 'grammy/types';
import pino from 'pino';
import sharp from 'sharp';
import type { BotContext } from '../../src/bot/context.ts';
import { createBot } from '../../src/bot/index.ts';
import { type Clock, ManualClock } from '../../src/clock.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import {
  type ApiCall,
  InProcessBotApi,
  PLAYGROUND_BOT,
  telegramErrors,
} from '../../src/playground/bot-api.ts';
import { ChatStore } from '../../src/playground/chats.ts';
import { FileStore } from '../../src/playground/files.ts';
import { NOW } from './fixtures.ts';

/**
 * The fake Telegram of the tests: the project's one in-process Bot API (src/playground/bot-api.ts,
 * also the playground's), with its chats and files in memory, recording every call, and tolerant
 * of updates the tests build themselves (forged presses, messages it never sent). grammY's client
 * options are pointed at it (`clientOptions`; conversations inherit them). Scripted failures:
 * `fail` per method (optionally per chat), or `respond` for anything (a 429 with retry_after, a
 * 403, a request that never returns).
 */
export type { ApiCall } from '../../src/playground/bot-api.ts';

export const BOT_INFO: UserFromGetMe = { ...PLAYGROUND_BOT, id: 42, username: 'danvan_test_bot' };

export const TEST_TOKEN = '123456:TEST-TOKEN-abcdefghijklmnopqrstuvwxyz';

export class FakeTelegram extends InProcessBotApi {
  /** Make a method fail, e.g. `fail.set('sendMessage', { code: 403, description: 'Forbidden: bot was blocked by the user' })`. */
  readonly fail = new Map<string, { code: number; description: string; chatId?: number }>();
  /** Ready to spread into grammY client options. */
  readonly clientOptions = { apiRoot: this.apiRoot, fetch: this.fetch };
  private readonly fileStore: FileStore;

  constructor(opts: { clock?: Clock } = {}) {
    const files = new FileStore();
    super({
      chats: new ChatStore(),
      files,
      // The base date, as every test clock starts (the bot reads no message date).
      clock: opts.clock ?? new ManualClock(NOW),
      logger: pino({ level: 'silent' }),
      person: (id) => ({ id, name: 'x' }),
      botInfo: BOT_INFO,
      apiRoot: 'https://telegram.test',
      record: true,
      tolerant: true,
    });
    this.fileStore = files;
    this.respond((call) => {
      const f = this.fail.get(call.method);
      if (!f || (f.chatId !== undefined && f.chatId !== Number(call.payload.chat_id))) return undefined;
      return { ok: false, error_code: f.code, description: f.description };
    });
  }

  /** Bytes Telegram keeps under a file id: answered by getFile and the file download URL. */
  async addFile(fileId: string, bytes: Buffer, kind: 'photo' | 'document' = 'document'): Promise<void> {
    await this.fileStore.save(
      bytes,
      { kind, name: kind === 'photo' ? 'photo.jpg' : 'file', mime: '' },
      fileId,
    );
  }

  updateId(): number {
    return this.nextUpdate();
  }

  /** Calls of a method, optionally to one chat. */
  sent(method: string, chatId?: number): ApiCall[] {
    return this.calls.filter(
      (c) => c.method === method && (chatId === undefined || Number(c.payload.chat_id) === chatId),
    );
  }

  /** Text messages Telegram delivered (answered with a message), in order of arrival. */
  get messages(): { chatId: number; text: string; messageId: number; at: number }[] {
    return this.calls
      .filter((c) => c.method === 'sendMessage' && c.result)
      .map((c) => ({
        chatId: Number(c.payload.chat_id),
        text: String(c.payload.text),
        messageId: (c.result as { message_id: number }).message_id,
        at: c.at,
      }));
  }

  /** Text messages delivered to one chat. */
  to(chatId: number) {
    return this.messages.filter((m) => m.chatId === chatId);
  }

  readonly tooManyRequests = telegramErrors.tooManyRequests;
  readonly blocked = telegramErrors.blocked;
  readonly serverError = telegramErrors.serverError;
  readonly chatNotFound = telegramErrors.chatNotFound;
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
      token: TEST_TOKEN,
      botInfo: BOT_INFO,
      client: tg.clientOptions,
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
    await this.tg.addFile(`photo-${n}`, bytes ?? (await noisePhoto(n)), 'photo');
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
    await this.tg.addFile(`doc-${n}`, bytes ?? Buffer.from(`%PDF-1.4\n% biên bản ${n}\n%%EOF\n`));
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
    await this.bot.handleUpdate(
      this.tg.callbackQuery({ id: this.id, name: this.firstName }, 'vi', messageId, data),
    );
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
          (c.payload.reply_markup as { inline_keyboard?: InlineKeyboardButton[][] } | undefined)
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

/** The one HTML checker (Telegram's rules), and what a person sees of an HTML message. */
export { plainText as htmlToText, telegramHtmlProblem } from '../../src/playground/telegram-html.ts';
