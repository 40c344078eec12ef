import { createLogger, type Logger } from '../../src/logger.ts';
import { createNotifier, type NotifierOptions } from '../../src/services/notifications.ts';
import { FakeTelegram } from './telegram.ts';

/**
 * The fake Telegram for code that talks to the Bot API without a bot (the notifier, the
 * scheduler): the same one as the bot tests' (`FakeTelegram`, the in-process Bot API).
 *
 *   const tg = fakeBotApi();
 *   const api = new Api(FAKE_TOKEN, tg.clientOptions);
 *   tg.respond((call) => (call.payload.chat_id === 42 ? tg.blocked() : undefined));
 */
export const FAKE_TOKEN = '123456:TEST-token-for-the-fake-bot-api-000';

export const fakeBotApi = () => new FakeTelegram();

export type FakeBotApi = FakeTelegram;

/** A logger at debug level whose lines are kept, parsed, in `lines` (for asserting what was logged). */
export function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger('debug', { write: (s: string) => lines.push(JSON.parse(s)) });
  return { lines, logger };
}

/** The reminder notifier on a fake Telegram without pacing: tests of what is sent, not how fast. */
export function unpacedNotifier(tg: FakeBotApi, logger: Logger, extra: Partial<NotifierOptions> = {}) {
  return createNotifier({
    token: FAKE_TOKEN,
    logger,
    ...tg.clientOptions,
    messagesPerSecond: 1000,
    perChatIntervalMs: 0,
    ...extra,
  });
}
