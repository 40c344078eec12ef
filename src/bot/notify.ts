import { type Api, GrammyError, type InlineKeyboard } from 'grammy';
import { type Translate, translator } from '../i18n.ts';
import type { Logger } from '../logger.ts';
import { markUnreachable } from '../services/people.ts';
import type { UserDoc } from '../services/records.ts';

// Conversations import the coordinators to tell from here, beside sendDirect.
export { nearestCoordinators } from '../services/people.ts';

/**
 * A few direct messages caused by one person's action (a new registration, a report, a decision):
 * the nearest coordinators, or the one cadre concerned. Bulk sending (reminders, digests) goes
 * through services/notifications.ts instead. A person who blocked the bot is marked inactive.
 */
export async function sendDirect(
  api: Api,
  users: readonly Pick<UserDoc, 'telegramId' | 'language'>[],
  text: (t: Translate, lang: string) => string,
  keyboard: ((t: Translate) => InlineKeyboard) | null,
  logger: Logger,
): Promise<number> {
  let sent = 0;
  for (const u of users) {
    const lang = u.language ?? 'vi';
    const t = translator(lang);
    try {
      await api.sendMessage(u.telegramId, text(t, lang), { parse_mode: 'HTML', reply_markup: keyboard?.(t) });
      sent++;
    } catch (err) {
      if (err instanceof GrammyError && err.error_code === 403) {
        await markUnreachable(u.telegramId);
      }
      logger.warn({ telegramId: u.telegramId, err: (err as Error).message }, 'direct message not delivered');
    }
  }
  return sent;
}
