import type {
  BotCommand,
  BotCommandScope,
  InlineKeyboardButton,
  Message,
  Update,
  UserFromGetMe,
} from 'grammy/types';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { ChatMessage, ChatStore, ReplyKeyboard } from './chats.ts';
import type { FileStore, StoredFile } from './files.ts';
import { mimeOf, readBotApiPayload } from './multipart.ts';
import { plainText, telegramHtmlProblem } from './telegram-html.ts';

/**
 * Telegram's Bot API, emulated in the process: the one fake Telegram of the project, used by the
 * playground (`npm start` without a token) and by the tests (test/support/telegram.ts). The real
 * bot (createBot, its conversations, the reminder notifier) is given `{ apiRoot, fetch }` from
 * here as grammY client options, so every call it makes lands in `handle` below instead of going
 * to Telegram. Answers have Telegram's shape and Telegram's refusals (unknown chat, HTML it cannot
 * parse, a text too long, a button whose data is too long, "message is not modified", getFile over
 * 20 MB), so what works here works there.
 *
 * For tests it also records every call (`record`), lets a test script answers (`respond`: an
 * error, a 429 with `retry_after`, a 403, a request that never returns), and with `tolerant`
 * answers calls about messages, button presses and files it never saw, since tests build those
 * updates themselves.
 */

export const PLAYGROUND_TOKEN = '1000001:playground-in-process-no-telegram';

export const PLAYGROUND_BOT: UserFromGetMe = {
  id: 1_000_001,
  is_bot: true,
  first_name: 'Dân Vận Bot',
  username: 'danvan_playground_bot',
  can_join_groups: false,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
} as UserFromGetMe;

export type PlaygroundEvent =
  | { type: 'message'; message: ChatMessage }
  | { type: 'deleted'; chatId: number; id: number }
  | { type: 'callback-answer'; chatId: number; text: string; alert: boolean }
  | { type: 'action'; chatId: number; action: string }
  | { type: 'keyboard'; chatId: number; keyboard: ReplyKeyboard | null }
  | { type: 'busy'; chatId: number; busy: boolean }
  | { type: 'commands' };

export interface Person {
  id: number;
  name: string;
}

/** One Bot API call as it arrived (recorded with `record`). */
export interface ApiCall {
  method: string;
  payload: Record<string, unknown>;
  /** Order of arrival, from 1. */
  seq: number;
  /** Wall-clock arrival time (ms), for asserting real waits such as retry_after. */
  at: number;
  /** What was answered when the call succeeded (a sent message carries its `message_id`). */
  result?: unknown;
}

export type ScriptedAnswer =
  | { ok: true; result: unknown }
  | { ok: false; error_code: number; description: string; parameters?: { retry_after?: number } }
  /** Never answers (and ignores aborts): the process that sent it is considered dead. */
  | 'hang'
  /** Telegram gets the message (it is delivered) but the answer never comes back. */
  | 'deliver-and-hang'
  /** Answers as usual, after this many milliseconds (a slow network). */
  | { delayMs: number }
  | 'network-error';

/** Returns an answer to override the emulation, or undefined to let the call run. */
export type Responder = (call: ApiCall) => ScriptedAnswer | undefined;

/** Telegram's own error answers, for scripting with `respond`. */
export const telegramErrors = {
  tooManyRequests: (retryAfter: number): ScriptedAnswer => ({
    ok: false,
    error_code: 429,
    description: `Too Many Requests: retry after ${retryAfter}`,
    parameters: { retry_after: retryAfter },
  }),
  blocked: (): ScriptedAnswer => ({
    ok: false,
    error_code: 403,
    description: 'Forbidden: bot was blocked by the user',
  }),
  serverError: (): ScriptedAnswer => ({ ok: false, error_code: 500, description: 'Internal Server Error' }),
  chatNotFound: (): ScriptedAnswer => ({
    ok: false,
    error_code: 400,
    description: 'Bad Request: chat not found',
  }),
};

class ApiRefusal extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
  ) {
    super(description);
  }
}

/** HTML Telegram cannot parse: the message is not sent at all. */
class HtmlRefusal extends ApiRefusal {
  constructor(
    readonly text: string,
    readonly problem: string,
  ) {
    super(400, `Bad Request: can't parse entities: ${problem}`);
  }
}

const bad = (what: string) => new ApiRefusal(400, `Bad Request: ${what}`);

/** Telegram lets a bot download files up to 20 MB. */
const MAX_DOWNLOAD = 20 * 1024 * 1024;

export class InProcessBotApi {
  readonly apiRoot: string;
  readonly botInfo: UserFromGetMe;
  /** Every call, in order of arrival (only with `record`). */
  readonly calls: ApiCall[] = [];
  /** Texts refused because Telegram could not parse their HTML (only with `record`). */
  readonly htmlErrors: { method: string; text: string; problem: string }[] = [];
  /** File downloads the bot made (`/file/bot<token>/<path>`), by file id (only with `record`). */
  readonly downloads: string[] = [];
  private responder: Responder = () => undefined;
  private readonly hanging = new Set<() => void>();
  private seq = 0;
  private readonly listeners = new Set<(e: PlaygroundEvent) => void>();
  private readonly commandMenus: {
    scope: BotCommandScope;
    lang: string;
    commands: BotCommand[];
  }[] = [];
  private readonly callbacks = new Map<string, number>();
  private readonly warned = new Set<string>();
  private nextUpdateId = 1;
  private nextCallbackId = 1;

  constructor(
    private readonly deps: {
      chats: ChatStore;
      files: FileStore;
      clock: Clock;
      logger: Logger;
      /** The people the bot may write to (Telegram: a chat exists once the person opened the bot). */
      person: (chatId: number) => Person | undefined;
      botInfo?: UserFromGetMe;
      apiRoot?: string;
      /** Keep every call, refused HTML and download for a test to inspect. */
      record?: boolean;
      /**
       * Answer edits and deletions of messages it does not keep, presses it did not hand out and
       * files sent by ids it never issued, as if they were known (tests build such updates).
       */
      tolerant?: boolean;
    },
  ) {
    this.botInfo = deps.botInfo ?? PLAYGROUND_BOT;
    this.apiRoot = deps.apiRoot ?? 'http://bot-api.playground.invalid';
  }

  /** Scripts the answers to come (see `ScriptedAnswer`); undefined lets a call run as usual. */
  respond(responder: Responder): void {
    this.responder = responder;
  }

  /** Lets requests told to hang finish (with a network error), e.g. at the end of a test. */
  releaseHanging(): void {
    for (const release of this.hanging) release();
    this.hanging.clear();
  }

  /** A fresh update id (also a handy unique number for tests). */
  nextUpdate(): number {
    return this.nextUpdateId++;
  }

  on(listener: (e: PlaygroundEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(e: PlaygroundEvent): void {
    for (const l of this.listeners) l(e);
  }

  /** grammY client option `fetch`: every Bot API request of the bot arrives here. */
  readonly fetch = (async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    // File downloads (getFile's file_path under /file/bot<token>/), as the bot archives evidence.
    const download = /^\/file\/bot[^/]+\/files\/([A-Za-z0-9_-]+)$/.exec(url.pathname);
    if (download) {
      if (this.deps.record) this.downloads.push(download[1]!);
      const bytes = await this.deps.files.read(download[1]!);
      return bytes
        ? new Response(new Uint8Array(bytes), { status: 200 })
        : new Response('Not Found', { status: 404 });
    }
    const method = url.pathname.slice(url.pathname.lastIndexOf('/') + 1);
    const payload = await readBotApiPayload(init);
    const call: ApiCall = { method, payload, seq: ++this.seq, at: Date.now() };
    if (this.deps.record) this.calls.push(call);
    const scripted = this.responder(call);
    if (scripted === 'hang') return this.hang();
    if (scripted === 'network-error') throw new TypeError('fetch failed (scripted network error)');
    if (scripted && typeof scripted === 'object' && 'delayMs' in scripted) {
      await new Promise((resolve) => setTimeout(resolve, scripted.delayMs));
    } else if (scripted && scripted !== 'deliver-and-hang') {
      return json(scripted.ok ? 200 : scripted.error_code, scripted);
    }
    try {
      call.result = await this.handle(method, payload);
      if (scripted === 'deliver-and-hang') return this.hang();
      return json(200, { ok: true, result: call.result });
    } catch (err) {
      if (err instanceof ApiRefusal) {
        if (err instanceof HtmlRefusal && this.deps.record) {
          this.htmlErrors.push({ method, text: err.text, problem: err.problem });
        }
        this.deps.logger.warn({ method, refusal: err.description }, 'in-process Bot API refused a call');
        return json(err.code, { ok: false, error_code: err.code, description: err.description });
      }
      throw err;
    }
  }) as unknown as typeof fetch;

  private async hang(): Promise<never> {
    await new Promise<void>((resolve) => this.hanging.add(resolve));
    throw new TypeError('fetch failed (released hanging request)');
  }

  // --- what the person does on the page, turned into Telegram updates -----------------------------

  personMessage(
    person: Person,
    lang: string,
    content: Pick<ChatMessage, 'text' | 'caption' | 'photo' | 'document' | 'location' | 'contact'>,
  ): Update {
    const msg = this.deps.chats.add(person.id, { from: 'person', date: this.unixNow(), ...content });
    this.emit({ type: 'message', message: msg });
    const kb = this.deps.chats.replyKeyboard(person.id);
    if (kb?.oneTime) {
      this.deps.chats.setReplyKeyboard(person.id, null);
      this.emit({ type: 'keyboard', chatId: person.id, keyboard: null });
    }
    const tg = this.toTelegram(msg, person, lang);
    return { update_id: this.nextUpdateId++, message: tg as Update['message'] & {} };
  }

  /** A tap on an inline button; null if the message or the button does not exist (any more). */
  personTap(person: Person, lang: string, messageId: number, data: string): Update | null {
    const msg = this.deps.chats.get(person.id, messageId);
    const exists = msg?.inlineKeyboard?.some((row) =>
      row.some((b) => 'callback_data' in b && b.callback_data === data),
    );
    if (!msg || !exists) return null;
    return this.callbackQuery(person, lang, messageId, data);
  }

  /**
   * The update of a button press with any data, on a message of the chat (a bare one if it is not
   * kept): what a forged or stale press looks like to the bot. The query may then be answered.
   */
  callbackQuery(person: Person, lang: string, messageId: number, data: string): Update {
    const msg = this.deps.chats.get(person.id, messageId);
    const id = String(this.nextCallbackId++);
    this.callbacks.set(id, person.id);
    return {
      update_id: this.nextUpdateId++,
      callback_query: {
        id,
        from: this.userOf(person, lang),
        message: msg
          ? this.toTelegram(msg, person, lang)
          : ({
              message_id: messageId,
              date: 0,
              chat: { id: person.id, type: 'private', first_name: person.name },
              text: '',
            } as Message),
        chat_instance: `chat-${person.id}`,
        data,
      },
    };
  }

  /** The command menu Telegram would show this person (most specific scope first). */
  menuFor(chatId: number, lang: string): BotCommand[] {
    const find = (type: string, l: string) =>
      this.commandMenus.find(
        (m) =>
          m.scope.type === type &&
          m.lang === l &&
          (type !== 'chat' || Number((m.scope as { chat_id: number }).chat_id) === chatId),
      );
    for (const [type, l] of [
      ['chat', lang],
      ['chat', ''],
      ['all_private_chats', lang],
      ['all_private_chats', ''],
      ['default', lang],
      ['default', ''],
    ] as const) {
      const m = find(type, l);
      if (m) return m.commands;
    }
    return [];
  }

  // --- the Bot API methods -------------------------------------------------------------------------

  private async handle(method: string, p: Record<string, unknown>): Promise<unknown> {
    switch (method) {
      case 'getMe':
        return this.botInfo;
      case 'sendMessage': {
        const person = this.chatOf(p);
        const text = String(p.text ?? '');
        const html = checkText(text, p.parse_mode, 4096, 'message text');
        const msg = this.deps.chats.add(person.id, {
          from: 'bot',
          date: this.unixNow(),
          text,
          html,
          ...this.markup(person.id, p.reply_markup),
        });
        this.emit({ type: 'message', message: msg });
        return this.toTelegram(msg, person);
      }
      case 'sendPhoto':
      case 'sendDocument':
      case 'sendVideo':
      case 'sendAnimation':
      case 'sendAudio': {
        const person = this.chatOf(p);
        const field = method === 'sendPhoto' ? 'photo' : method.slice(4).toLowerCase();
        const file = await this.fileOf(p[field], method === 'sendPhoto' ? 'photo' : 'document');
        const caption = p.caption === undefined ? undefined : String(p.caption);
        const html = caption ? checkText(caption, p.parse_mode, 1024, 'message caption') : false;
        const msg = this.deps.chats.add(person.id, {
          from: 'bot',
          date: this.unixNow(),
          ...(file.kind === 'photo' ? { photo: file } : { document: file }),
          ...(caption ? { caption, html } : {}),
          ...this.markup(person.id, p.reply_markup),
        });
        this.emit({ type: 'message', message: msg });
        return this.toTelegram(msg, person);
      }
      case 'sendMediaGroup': {
        const person = this.chatOf(p);
        const media = (Array.isArray(p.media) ? p.media : []) as {
          type: string;
          media: unknown;
          caption?: string;
          parse_mode?: string;
        }[];
        if (media.length < 1 || media.length > 10) throw bad('wrong number of media in the album');
        const out: Message[] = [];
        for (const item of media) {
          const file = await this.fileOf(item.media, item.type === 'photo' ? 'photo' : 'document');
          const html = item.caption
            ? checkText(item.caption, item.parse_mode, 1024, 'message caption')
            : false;
          const msg = this.deps.chats.add(person.id, {
            from: 'bot',
            date: this.unixNow(),
            ...(file.kind === 'photo' ? { photo: file } : { document: file }),
            ...(item.caption ? { caption: item.caption, html } : {}),
          });
          this.emit({ type: 'message', message: msg });
          out.push(this.toTelegram(msg, person));
        }
        return out;
      }
      case 'sendLocation': {
        const person = this.chatOf(p);
        const msg = this.deps.chats.add(person.id, {
          from: 'bot',
          date: this.unixNow(),
          location: { latitude: Number(p.latitude), longitude: Number(p.longitude) },
          ...this.markup(person.id, p.reply_markup),
        });
        this.emit({ type: 'message', message: msg });
        return this.toTelegram(msg, person);
      }
      case 'editMessageText':
      case 'editMessageCaption':
      case 'editMessageReplyMarkup': {
        const person = this.chatOf(p);
        const msg = this.deps.chats.get(person.id, Number(p.message_id));
        if (!msg && this.deps.tolerant) return this.unkeptEdit(method, person, p);
        if (!msg) throw bad('message to edit not found');
        const change: Partial<ChatMessage> = {};
        if (method === 'editMessageText') {
          if (msg.text === undefined) throw bad('there is no text in the message to edit');
          change.text = String(p.text ?? '');
          change.html = checkText(change.text, p.parse_mode, 4096, 'message text');
        } else if (method === 'editMessageCaption') {
          change.caption = String(p.caption ?? '');
          change.html = checkText(change.caption, p.parse_mode, 1024, 'message caption', true);
        }
        const keyboard = inlineKeyboardOf(p.reply_markup);
        change.inlineKeyboard = keyboard ?? undefined;
        const same =
          (change.text === undefined || change.text === msg.text) &&
          (change.caption === undefined || change.caption === msg.caption) &&
          JSON.stringify(change.inlineKeyboard ?? null) === JSON.stringify(msg.inlineKeyboard ?? null);
        if (same) {
          throw bad(
            'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
          );
        }
        const updated = this.deps.chats.update(person.id, msg.id, {
          ...change,
          edited: method !== 'editMessageReplyMarkup' || msg.edited,
        })!;
        this.emit({ type: 'message', message: updated });
        return this.toTelegram(updated, person);
      }
      case 'deleteMessage': {
        const person = this.chatOf(p);
        if (!this.deps.chats.remove(person.id, Number(p.message_id))) {
          if (this.deps.tolerant) return true;
          throw bad('message to delete not found');
        }
        this.emit({ type: 'deleted', chatId: person.id, id: Number(p.message_id) });
        return true;
      }
      case 'answerCallbackQuery': {
        const chatId = this.callbacks.get(String(p.callback_query_id));
        if (chatId === undefined && this.deps.tolerant) return true;
        if (chatId === undefined)
          throw bad('query is too old and response timeout expired or query ID is invalid');
        this.callbacks.delete(String(p.callback_query_id));
        if (p.text) {
          this.emit({ type: 'callback-answer', chatId, text: String(p.text), alert: p.show_alert === true });
        }
        return true;
      }
      case 'sendChatAction': {
        const person = this.chatOf(p);
        this.emit({ type: 'action', chatId: person.id, action: String(p.action) });
        return true;
      }
      case 'setMyCommands': {
        const commands = (p.commands ?? []) as BotCommand[];
        if (commands.length > 100) throw bad('too many commands');
        for (const c of commands) {
          if (!/^[a-z0-9_]{1,32}$/.test(c.command)) throw bad('BOT_COMMAND_INVALID');
          if (!c.description || c.description.length > 256) throw bad('BOT_COMMAND_DESCRIPTION_INVALID');
        }
        const scope = (p.scope as BotCommandScope | undefined) ?? { type: 'default' };
        const lang = String(p.language_code ?? '');
        this.removeMenu(scope, lang);
        this.commandMenus.push({ scope, lang, commands });
        this.emit({ type: 'commands' });
        return true;
      }
      case 'getMyCommands': {
        const scope = (p.scope as BotCommandScope | undefined) ?? { type: 'default' };
        return (
          this.commandMenus.find((m) => sameScope(m.scope, scope) && m.lang === String(p.language_code ?? ''))
            ?.commands ?? []
        );
      }
      case 'deleteMyCommands':
        this.removeMenu(
          (p.scope as BotCommandScope | undefined) ?? { type: 'default' },
          String(p.language_code ?? ''),
        );
        this.emit({ type: 'commands' });
        return true;
      case 'getFile': {
        const file = await this.deps.files.get(String(p.file_id));
        if (!file) throw bad('invalid file_id');
        if (file.size > MAX_DOWNLOAD) throw bad('file is too big');
        return {
          file_id: file.fileId,
          file_unique_id: file.fileUniqueId,
          file_size: file.size,
          file_path: `files/${file.fileId}`,
        };
      }
      case 'getUpdates':
        return [];
      case 'setWebhook':
      case 'deleteWebhook':
      case 'setMyDescription':
      case 'setMyShortDescription':
      case 'setMyName':
      case 'setChatMenuButton':
        return true;
      default:
        if (!this.warned.has(method)) {
          this.warned.add(method);
          this.deps.logger.warn(
            { method },
            'the playground does not emulate this Bot API method; answered "true"',
          );
        }
        return true;
    }
  }

  private removeMenu(scope: BotCommandScope, lang: string): void {
    const i = this.commandMenus.findIndex((m) => sameScope(m.scope, scope) && m.lang === lang);
    if (i >= 0) this.commandMenus.splice(i, 1);
  }

  private chatOf(p: Record<string, unknown>): Person {
    const person = this.deps.person(Number(p.chat_id));
    if (!person) throw bad('chat not found');
    return person;
  }

  /** The keyboard part of a message: inline buttons on it, or the reply keyboard of the chat. */
  private markup(chatId: number, raw: unknown): Pick<ChatMessage, 'inlineKeyboard'> {
    const inline = inlineKeyboardOf(raw);
    if (inline) return { inlineKeyboard: inline };
    const m = raw as
      | {
          keyboard?: unknown;
          one_time_keyboard?: boolean;
          input_field_placeholder?: string;
          remove_keyboard?: boolean;
        }
      | undefined;
    if (m && Array.isArray(m.keyboard)) {
      const keyboard = (m.keyboard as unknown[][]).map((row) =>
        row.map((b) => (typeof b === 'string' ? { text: b } : (b as { text: string }))),
      );
      const k: ReplyKeyboard = {
        keyboard,
        oneTime: m.one_time_keyboard === true,
        placeholder: m.input_field_placeholder ?? null,
      };
      this.deps.chats.setReplyKeyboard(chatId, k);
      this.emit({ type: 'keyboard', chatId, keyboard: k });
    } else if (m?.remove_keyboard) {
      this.deps.chats.setReplyKeyboard(chatId, null);
      this.emit({ type: 'keyboard', chatId, keyboard: null });
    }
    return {};
  }

  /** A file the bot sends: a new upload (InputFile) or one known by its file_id. */
  private async fileOf(value: unknown, kind: 'photo' | 'document'): Promise<StoredFile> {
    if (value && typeof value === 'object' && 'data' in value) {
      const upload = value as { data: Buffer; filename: string | null };
      const name = upload.filename || (kind === 'photo' ? 'photo.jpg' : 'file.dat');
      return this.deps.files.save(upload.data, { kind, name, mime: mimeOf(name) });
    }
    if (typeof value === 'string') {
      if (/^https?:\/\//.test(value)) throw bad('the playground cannot fetch files from URLs (no network)');
      const known = await this.deps.files.get(value);
      if (known) return known;
      if (this.deps.tolerant) {
        return { fileId: value, fileUniqueId: `u-${value}`, kind, name: 'file', mime: mimeOf(''), size: 0 };
      }
      throw bad('wrong file identifier/HTTP URL specified');
    }
    throw bad(`there is no ${kind} in the request`);
  }

  /** With `tolerant`: an edit of a message this API does not keep, answered as Telegram would. */
  private unkeptEdit(method: string, person: Person, p: Record<string, unknown>): unknown {
    if (method === 'editMessageReplyMarkup') return true;
    const text = String((method === 'editMessageText' ? p.text : p.caption) ?? '');
    checkText(text, p.parse_mode, method === 'editMessageText' ? 4096 : 1024, 'message text', true);
    return {
      message_id: Number(p.message_id),
      date: this.unixNow(),
      edit_date: this.unixNow(),
      chat: { id: person.id, type: 'private', first_name: person.name },
      from: this.botInfo,
      ...(method === 'editMessageText' ? { text: p.parse_mode === 'HTML' ? plainText(text) : text } : {}),
    };
  }

  private userOf(person: Person, lang: string) {
    return { id: person.id, is_bot: false as const, first_name: person.name, language_code: lang };
  }

  private toTelegram(m: ChatMessage, person: Person, lang = 'vi'): Message {
    const msg: Record<string, unknown> = {
      message_id: m.id,
      date: m.date,
      chat: { id: person.id, type: 'private', first_name: person.name },
      from: m.from === 'bot' ? this.botInfo : this.userOf(person, lang),
    };
    if (m.text !== undefined) {
      msg.text = m.html ? plainText(m.text) : m.text;
      const command = m.from === 'person' ? /^\/[A-Za-z0-9_]+(@\w+)?/.exec(m.text) : null;
      if (command) msg.entities = [{ type: 'bot_command', offset: 0, length: command[0].length }];
    }
    if (m.caption !== undefined) msg.caption = m.html ? plainText(m.caption) : m.caption;
    if (m.photo) {
      const f = m.photo;
      msg.photo = [
        {
          file_id: f.fileId,
          file_unique_id: f.fileUniqueId,
          width: f.width ?? 1280,
          height: f.height ?? 960,
          file_size: f.size,
        },
      ];
    }
    if (m.document) {
      msg.document = {
        file_id: m.document.fileId,
        file_unique_id: m.document.fileUniqueId,
        file_name: m.document.name,
        mime_type: m.document.mime,
        file_size: m.document.size,
      };
    }
    if (m.location) msg.location = m.location;
    if (m.contact) {
      msg.contact = { phone_number: m.contact.phone, first_name: m.contact.name, user_id: person.id };
    }
    if (m.inlineKeyboard) msg.reply_markup = { inline_keyboard: m.inlineKeyboard };
    if (m.edited) msg.edit_date = this.unixNow();
    return msg as unknown as Message;
  }

  private unixNow(): number {
    return Math.floor(this.deps.clock.now().getTime() / 1000);
  }
}

/** Checks a text or caption as Telegram does; true if it is HTML. */
function checkText(text: string, parseMode: unknown, max: number, what: string, allowEmpty = false): boolean {
  const html = parseMode === 'HTML';
  if (html) {
    const problem = telegramHtmlProblem(text);
    if (problem) throw new HtmlRefusal(text, problem);
  }
  const shown = html ? plainText(text) : text;
  if (!allowEmpty && shown.trim() === '') throw bad(`${what} is empty`);
  if ([...shown].length > max)
    throw bad(what === 'message text' ? 'message is too long' : 'message caption is too long');
  return html;
}

function inlineKeyboardOf(raw: unknown): InlineKeyboardButton[][] | null {
  const rows = (raw as { inline_keyboard?: InlineKeyboardButton[][] } | undefined)?.inline_keyboard;
  if (!Array.isArray(rows)) return null;
  for (const row of rows) {
    for (const b of row) {
      if (!b.text) throw bad('text buttons are unallowed in the inline keyboard');
      if ('callback_data' in b && Buffer.byteLength(b.callback_data) > 64) throw bad('BUTTON_DATA_INVALID');
    }
  }
  return rows.length ? rows : null;
}

function sameScope(a: BotCommandScope, b: BotCommandScope): boolean {
  return (
    JSON.stringify({ ...a, chat_id: 'chat_id' in a ? Number(a.chat_id) : undefined }) ===
    JSON.stringify({ ...b, chat_id: 'chat_id' in b ? Number(b.chat_id) : undefined })
  );
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}
