import { autoRetry } from '@grammyjs/auto-retry';
import { Api, GrammyError, HttpError } from 'grammy';
import { User } from '../db/models/index.ts';
import type { Logger } from '../logger.ts';

/**
 * The one place that sends in bulk (reminders, digests, notices). It talks to the Bot API through
 * grammY's `Api`, paces itself under Telegram's limits (about 30 messages a second overall and one
 * a second per chat), lets @grammyjs/auto-retry wait out a 429's `retry_after`, marks a person who
 * blocked the bot as inactive, and says for every message what happened, so the caller (the
 * scheduler) can record it. It never retries on its own beyond a short 429 wait: retries with
 * backoff are planned by the caller through `retryDelayMs`, so one slow chat never holds a batch.
 */

export interface OutgoingMessage {
  telegramId: number;
  text: string;
}

export type Delivery =
  /** Telegram accepted the message. */
  | { status: 'sent'; messageId: number }
  /**
   * 403: the person blocked the bot (or deleted the account); they are now marked inactive.
   * `attempted: false` when an earlier 403 in this process already told us, and nothing was sent.
   */
  | { status: 'blocked'; reason: string; attempted: boolean }
  /** Telegram refused the message for good (400 chat not found, message too long ...). */
  | { status: 'rejected'; reason: string }
  /**
   * Worth another try later: a 5xx, a network failure, a timeout, or a `retry_after` longer than
   * we are willing to wait inline. `uncertain` means Telegram may have received the message
   * (the request was sent but no answer came back).
   */
  | { status: 'retry'; reason: string; retryAfterMs: number | null; uncertain: boolean }
  /** Not sent at all: the pacer could not fit it in before the caller's deadline. */
  | { status: 'not-sent'; reason: string };

export interface NotifierStats {
  sent: number;
  rateLimited: number;
  blocked: number;
  rejected: number;
  retry: number;
  notSent: number;
}

export interface SendOptions {
  /** Epoch ms (wall clock): do not start after it; abort a request still running then. */
  deadline?: number;
  /** Aborting gives the message back unsent if it is still waiting for a slot (shutdown). */
  signal?: AbortSignal;
}

export interface Notifier {
  /**
   * Sends one message when the pacer allows. `deadline` (epoch ms, wall clock) is when the caller's
   * lease on this message ends: the message is not started after it, and a request still running
   * then is aborted, so a sender never outlives its lease.
   */
  send(message: OutgoingMessage, opts?: SendOptions): Promise<Delivery>;
  stats(): NotifierStats;
}

export interface NotifierOptions {
  token: string;
  logger: Logger;
  /** A self-hosted Bot API server, or a fake one in tests. */
  apiRoot?: string;
  /** A fake transport in tests (grammY client option). */
  fetch?: typeof fetch;
  /** Overall pace. Telegram allows about 30 a second; a little under leaves room for jitter. */
  messagesPerSecond?: number;
  /** Gap between two messages to the same chat (Telegram: about one a second). */
  perChatIntervalMs?: number;
  /** Longest `retry_after` waited out inline; a longer one comes back as `retry`. */
  maxRetryAfterSeconds?: number;
  /** How long one request may take before it counts as failed (uncertain). */
  timeoutSeconds?: number;
}

export const DELIVERY_DEFAULTS = {
  messagesPerSecond: 29,
  perChatIntervalMs: 1_050,
  maxRetryAfterSeconds: 30,
  timeoutSeconds: 30,
  /** Tries per message before it is recorded as failed. */
  maxAttempts: 5,
};

/** Backoff before try number `attempt + 1` (attempt counts from 1): 1, 2, 4, 8 ... minutes, at most an hour. */
export function retryDelayMs(attempt: number): number {
  return Math.min(60 * 60_000, 60_000 * 2 ** Math.max(0, attempt - 1));
}

const MAX_TEXT = 4_000;
/** How long a 403 spares the same chat's queued messages (the person may unblock the bot). */
const BLOCKED_MEMORY_MS = 10 * 60_000;

export function createNotifier(opts: NotifierOptions): Notifier {
  const pacer = new Pacer(
    opts.messagesPerSecond ?? DELIVERY_DEFAULTS.messagesPerSecond,
    opts.perChatIntervalMs ?? DELIVERY_DEFAULTS.perChatIntervalMs,
  );
  const maxRetryAfter = opts.maxRetryAfterSeconds ?? DELIVERY_DEFAULTS.maxRetryAfterSeconds;
  /** Chats that answered 403 lately: their other queued messages are not even tried. */
  const blockedChats = new Map<number, number>();
  const stats: NotifierStats = { sent: 0, rateLimited: 0, blocked: 0, rejected: 0, retry: 0, notSent: 0 };
  const api = new Api(opts.token, {
    ...(opts.apiRoot ? { apiRoot: opts.apiRoot } : {}),
    ...(opts.fetch ? { fetch: opts.fetch as never } : {}),
    timeoutSeconds: opts.timeoutSeconds ?? DELIVERY_DEFAULTS.timeoutSeconds,
  });
  // Transformers wrap in order of installation, the last outermost: this one sits under
  // auto-retry, so it sees every request auto-retry makes. The first try of a message has its
  // pacing slot from `send`; a retry (the same payload object again) takes a slot here, so
  // retries count against the pace instead of bursting past it.
  const tried = new WeakSet<object>();
  api.config.use(async (prev, method, payload, signal) => {
    if (tried.has(payload)) {
      const chat = (payload as { chat_id?: number }).chat_id;
      if (
        typeof chat === 'number' &&
        !(await pacer.acquire(chat, Number.POSITIVE_INFINITY, signal as AbortSignal | undefined))
      ) {
        throw new PacingAborted();
      }
    } else tried.add(payload);
    const res = await prev(method, payload, signal);
    if (!res.ok && res.error_code === 429) {
      stats.rateLimited++;
      const chat = (payload as { chat_id?: number }).chat_id;
      const after = res.parameters?.retry_after ?? 1;
      // A pause auto-retry waits out holds the chat's other messages too; a longer one goes back
      // to the caller, who reschedules it in its own (domain) time.
      if (typeof chat === 'number' && after <= maxRetryAfter) pacer.holdChat(chat, after * 1000);
      opts.logger.debug({ method, retryAfter: after }, 'Telegram asked to slow down (429)');
    }
    return res;
  });
  api.config.use(
    autoRetry({
      maxDelaySeconds: maxRetryAfter,
      maxRetryAttempts: 5,
      // 5xx and network errors come back to the caller, who retries later with backoff instead
      // of holding the batch for minutes.
      rethrowInternalServerErrors: true,
      rethrowHttpErrors: true,
    }),
  );

  async function send(message: OutgoingMessage, o: SendOptions = {}): Promise<Delivery> {
    const deadline = o.deadline ?? Number.POSITIVE_INFINITY;
    if (!(await pacer.acquire(message.telegramId, deadline, o.signal))) {
      stats.notSent++;
      return {
        status: 'not-sent',
        reason: o.signal?.aborted ? 'stopping' : 'no sending slot before the lease ended',
      };
    }
    // Wall-clock time on purpose: this bounds a network request, not a domain instant.
    const blockedAt = blockedChats.get(message.telegramId);
    if (blockedAt !== undefined && Date.now() - blockedAt < BLOCKED_MEMORY_MS) {
      stats.blocked++;
      return { status: 'blocked', reason: 'blocked the bot a moment ago; not sent', attempted: false };
    }
    const left = deadline - Date.now();
    if (left <= 0) {
      stats.notSent++;
      return { status: 'not-sent', reason: 'the lease ended before sending' };
    }
    const signal = Number.isFinite(left) ? AbortSignal.timeout(left) : undefined;
    const text = message.text.length > MAX_TEXT ? `${message.text.slice(0, MAX_TEXT - 1)}…` : message.text;
    try {
      const res = await api.sendMessage(
        message.telegramId,
        text,
        { link_preview_options: { is_disabled: true } },
        // grammY types its signal with the abort-controller polyfill; the platform one is compatible.
        signal as Parameters<typeof api.sendMessage>[3],
      );
      stats.sent++;
      return { status: 'sent', messageId: res.message_id };
    } catch (err) {
      const d = classify(err);
      if (d.status === 'blocked') {
        stats.blocked++;
        blockedChats.set(message.telegramId, Date.now());
        await User.updateOne({ telegramId: message.telegramId }, { $set: { active: false } });
        opts.logger.info({ telegramId: message.telegramId }, 'recipient blocked the bot; marked inactive');
      } else if (d.status === 'rejected') stats.rejected++;
      else stats.retry++;
      return d;
    }
  }

  return { send, stats: () => ({ ...stats }) };
}

/** A retry was still waiting for its slot when the lease ended: not sent. */
class PacingAborted extends Error {}

function classify(err: unknown): Delivery {
  if (err instanceof PacingAborted) {
    return {
      status: 'retry',
      reason: 'lease ended while waiting to retry',
      retryAfterMs: null,
      uncertain: false,
    };
  }
  if (err instanceof GrammyError) {
    const reason = `${err.error_code}: ${err.description}`;
    if (err.error_code === 403) return { status: 'blocked', reason, attempted: true };
    if (err.error_code === 429) {
      const after = err.parameters.retry_after ?? 60;
      return { status: 'retry', reason, retryAfterMs: after * 1000, uncertain: false };
    }
    if (err.error_code >= 500) return { status: 'retry', reason, retryAfterMs: null, uncertain: false };
    return { status: 'rejected', reason };
  }
  const reason = err instanceof HttpError ? `network: ${String(err.error)}` : String(err);
  return { status: 'retry', reason: reason.slice(0, 300), retryAfterMs: null, uncertain: true };
}

interface Waiter {
  chatId: number;
  deadline: number;
  resolve: (ok: boolean) => void;
}

/**
 * Hands out sending slots: at most `perSecond` in any second (a sliding window, the way Telegram
 * counts), at least half a slot apart so they do not come in bursts, and to a chat no sooner than
 * `perChatMs` after its previous one. A slot missed because a timer fired late is made up within
 * the window, so a busy process still reaches the pace. A waiter whose chat is not ready does not
 * block the ones behind it. Wall-clock time: pacing is about Telegram's real limits, not domain
 * time. The pace is per process: several instances together may exceed it, and then auto-retry
 * waits out the 429s.
 */
export class Pacer {
  private readonly limit: number;
  private readonly spacing: number;
  private queue: Waiter[] = [];
  /** Times of the slots handed out in the last second, oldest first. */
  private recent: number[] = [];
  private readonly lastByChat = new Map<number, number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    perSecond: number,
    private readonly perChatMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.limit = Math.max(1, Math.floor(perSecond));
    this.spacing = 500 / perSecond;
  }

  acquire(chatId: number, deadline = Number.POSITIVE_INFINITY, signal?: AbortSignal): Promise<boolean> {
    if (signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const onAbort = () => {
        const i = this.queue.indexOf(waiter);
        if (i >= 0) this.queue.splice(i, 1);
        resolve(false);
      };
      const waiter: Waiter = {
        chatId,
        deadline,
        resolve: (ok) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(ok);
        },
      };
      this.queue.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pump();
    });
  }

  /** After a 429 for this chat: nothing more to it until `ms` from now. */
  holdChat(chatId: number, ms: number): void {
    const until = this.now() + ms - this.perChatMs;
    this.lastByChat.set(chatId, Math.max(this.lastByChat.get(chatId) ?? 0, until));
  }

  waiting(): number {
    return this.queue.length;
  }

  private ready(chatId: number): number {
    return (this.lastByChat.get(chatId) ?? Number.NEGATIVE_INFINITY) + this.perChatMs;
  }

  /** The earliest time the next slot may be handed out, whoever it is for. */
  private nextSlot(): number {
    const last = this.recent.at(-1) ?? Number.NEGATIVE_INFINITY;
    const windowFree = this.recent.length < this.limit ? Number.NEGATIVE_INFINITY : this.recent[0]! + 1000;
    return Math.max(last + this.spacing, windowFree);
  }

  private pump = (): void => {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const t = this.now();
    if (this.queue.some((w) => w.deadline <= t)) {
      for (const w of this.queue.filter((w) => w.deadline <= t)) w.resolve(false);
      this.queue = this.queue.filter((w) => w.deadline > t);
    }
    while (this.recent.length > 0 && this.recent[0]! <= t - 1000) this.recent.shift();
    while (this.queue.length > 0 && t >= this.nextSlot()) {
      const i = this.queue.findIndex((w) => this.ready(w.chatId) <= t);
      if (i < 0) break;
      const [w] = this.queue.splice(i, 1);
      this.lastByChat.set(w!.chatId, t);
      this.recent.push(t);
      w!.resolve(true);
    }
    if (this.lastByChat.size > 10_000) {
      for (const [chat, at] of this.lastByChat) if (at + this.perChatMs < t) this.lastByChat.delete(chat);
    }
    if (this.queue.length === 0) return;
    const slot = this.nextSlot();
    let wake = Number.POSITIVE_INFINITY;
    for (const w of this.queue) wake = Math.min(wake, Math.max(slot, this.ready(w.chatId)), w.deadline);
    this.timer = setTimeout(this.pump, Math.max(1, Math.ceil(wake - t)));
  };
}
