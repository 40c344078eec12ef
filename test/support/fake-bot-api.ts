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
