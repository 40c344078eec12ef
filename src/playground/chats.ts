import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { InlineKeyboardButton, KeyboardButton } from 'grammy/types';
import type { StoredFile } from './files.ts';

/** One message as the page shows it (and as Telegram would keep it in the chat). */
export interface ChatMessage {
  id: number;
  chatId: number;
  from: 'bot' | 'person';
  /** Unix seconds. */
  date: number;
  text?: string;
  caption?: string;
  /** The text or caption uses Telegram's HTML subset. */
  html?: boolean;
  photo?: StoredFile;
  document?: StoredFile;
  location?: { latitude: number; longitude: number };
  contact?: { phone: string; name: string };
  inlineKeyboard?: InlineKeyboardButton[][];
  edited?: boolean;
}

export interface ReplyKeyboard {
  keyboard: KeyboardButton[][];
  oneTime: boolean;
  placeholder: string | null;
}

interface Chat {
  messages: ChatMessage[];
  nextId: number;
  replyKeyboard: ReplyKeyboard | null;
}

/** Messages kept per chat (older ones are dropped, as a phone would scroll them away). */
const KEEP = 400;

/**
 * The chats of the in-process Bot API. The playground keeps them on disk (DATA_DIR/playground/
 * chats) so a restart shows the same conversation the bot's stored state continues; tests keep
 * them in memory (no directory).
 */
export class ChatStore {
  private readonly chats = new Map<number, Chat>();
  private readonly dirty = new Set<number>();
  private flushTimer: NodeJS.Timeout | null = null;

  constructor(private readonly dir?: string) {
    if (!dir) return;
    mkdirSync(dir, { recursive: true });
    for (const f of readdirSync(dir)) {
      const m = /^(-?\d+)\.json$/.exec(f);
      if (!m) continue;
      try {
        this.chats.set(Number(m[1]), JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Chat);
      } catch {
        // A damaged file only loses that chat's history on the page.
      }
    }
  }

  private chat(chatId: number): Chat {
    let c = this.chats.get(chatId);
    if (!c) {
      c = { messages: [], nextId: 1, replyKeyboard: null };
      this.chats.set(chatId, c);
    }
    return c;
  }

  add(chatId: number, m: Omit<ChatMessage, 'id' | 'chatId'>): ChatMessage {
    const c = this.chat(chatId);
    const msg: ChatMessage = { ...m, id: c.nextId++, chatId };
    c.messages.push(msg);
    if (c.messages.length > KEEP) c.messages.splice(0, c.messages.length - KEEP);
    this.touch(chatId);
    return msg;
  }

  get(chatId: number, id: number): ChatMessage | undefined {
    return this.chats.get(chatId)?.messages.find((m) => m.id === id);
  }

  update(chatId: number, id: number, change: Partial<ChatMessage>): ChatMessage | undefined {
    const m = this.get(chatId, id);
    if (!m) return undefined;
    Object.assign(m, change);
    for (const [k, v] of Object.entries(change)) if (v === undefined) delete m[k as keyof ChatMessage];
    this.touch(chatId);
    return m;
  }

  remove(chatId: number, id: number): boolean {
    const c = this.chats.get(chatId);
    const i = c?.messages.findIndex((m) => m.id === id) ?? -1;
    if (!c || i < 0) return false;
    c.messages.splice(i, 1);
    this.touch(chatId);
    return true;
  }

  list(chatId: number): ChatMessage[] {
    return this.chats.get(chatId)?.messages ?? [];
  }

  replyKeyboard(chatId: number): ReplyKeyboard | null {
    return this.chats.get(chatId)?.replyKeyboard ?? null;
  }

  setReplyKeyboard(chatId: number, k: ReplyKeyboard | null): void {
    this.chat(chatId).replyKeyboard = k;
    this.touch(chatId);
  }

  private touch(chatId: number): void {
    if (!this.dir) return;
    this.dirty.add(chatId);
    this.flushTimer ??= setTimeout(() => void this.flush(), 200);
  }

  async flush(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    const ids = [...this.dirty];
    this.dirty.clear();
    const dir = this.dir;
    if (!dir) return;
    await Promise.all(
      ids.map((id) => writeFile(path.join(dir, `${id}.json`), JSON.stringify(this.chats.get(id)))),
    );
  }
}
