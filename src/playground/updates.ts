import type { Update } from 'grammy/types';
import { type Logger, scrubToken } from '../logger.ts';

/**
 * Hands the page's updates to the bot one chat at a time, in order, as Telegram does for one chat;
 * different chats run side by side. Reports when a chat starts and stops being busy, so the page
 * can show that the bot is "typing".
 */
export class ChatUpdateQueue {
  private readonly tails = new Map<number, Promise<void>>();
  private readonly pending = new Map<number, number>();
  private accepting = true;

  constructor(
    private readonly handle: (update: Update) => Promise<void>,
    private readonly onBusy: (chatId: number, busy: boolean) => void,
    private readonly logger: Logger,
  ) {}

  push(chatId: number, update: Update): boolean {
    if (!this.accepting) return false;
    const n = (this.pending.get(chatId) ?? 0) + 1;
    this.pending.set(chatId, n);
    if (n === 1) this.onBusy(chatId, true);
    const tail = (this.tails.get(chatId) ?? Promise.resolve())
      .then(() => this.handle(update))
      .catch((err: Error) =>
        this.logger.error(
          { update_id: update.update_id, err: scrubToken(err.stack ?? err.message) },
          'update failed',
        ),
      )
      .finally(() => {
        const left = (this.pending.get(chatId) ?? 1) - 1;
        this.pending.set(chatId, left);
        if (left === 0) {
          this.pending.delete(chatId);
          if (this.tails.get(chatId) === tail) this.tails.delete(chatId);
          this.onBusy(chatId, false);
        }
      });
    this.tails.set(chatId, tail);
    return true;
  }

  busy(chatId: number): boolean {
    return (this.pending.get(chatId) ?? 0) > 0;
  }

  /** Stops taking updates and waits for the queued ones (at most `timeoutMs`). */
  async drain(timeoutMs: number): Promise<boolean> {
    this.accepting = false;
    let timer: NodeJS.Timeout | undefined;
    const done = await Promise.race([
      Promise.all(this.tails.values()).then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    return done;
  }
}
