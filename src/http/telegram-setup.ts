import type { Api } from 'grammy';
import type { BotCommand } from 'grammy/types';
import { primaryRole, type RoleName } from '../domain/permissions.ts';
import { LANGUAGES, type Language, translator } from '../i18n.ts';
import { type Logger, scrubToken } from '../logger.ts';
import { seniorUsers } from '../services/people.ts';
import { principalOf } from '../services/users.ts';

/**
 * The calls a bot makes to Telegram once at start: its command menus and, in webhook mode, the
 * webhook itself. Telegram refusing one of them is logged and start-up goes on; the bot works
 * without a menu, and a webhook that was set before still delivers.
 */

/** The help sections a role sees, in the order of /help (see bot/features/help.ts). */
const SECTIONS: Record<RoleName | 'none', string[]> = {
  none: ['help-cadre', 'help-always'],
  cadre: ['help-cadre', 'help-always'],
  coordinator: ['help-cadre', 'help-coordinator', 'help-always'],
  board: ['help-cadre', 'help-coordinator', 'help-always'],
  admin: ['help-cadre', 'help-coordinator', 'help-admin', 'help-always'],
};

/**
 * The command menu of a role in a language, read from the help texts (lines `/command – what it
 * does`), so the menu and /help cannot disagree.
 */
export function commandMenu(role: RoleName | null, lang: Language): BotCommand[] {
  const t = translator(lang);
  const seen = new Set<string>();
  const out: BotCommand[] = [];
  for (const key of SECTIONS[role ?? 'none']) {
    for (const line of t(key).split('\n')) {
      const m = /^\s*\/([a-z0-9_]{1,32})\s+[–—-]\s+(.+?)\s*$/.exec(line);
      if (!m || seen.has(m[1]!)) continue;
      seen.add(m[1]!);
      out.push({ command: m[1]!, description: m[2]!.replace(/`/g, '').slice(0, 256) });
    }
  }
  return out;
}

/**
 * Menus for every private chat, per language (Vietnamese by default, English for English
 * Telegram clients), and for each coordinator, board member and admin a menu of their own (chat
 * scope, in their language), since Telegram has no notion of roles. A role granted later gets its
 * menu at the next start.
 */
export async function registerCommandMenus(
  api: Api,
  logger: Logger,
  /** Where the menus went, for the log line: the playground's Bot API is not Telegram. */
  where: 'Telegram' | 'the playground' = 'Telegram',
): Promise<void> {
  const calls: [string, () => Promise<unknown>][] = [];
  for (const lang of LANGUAGES) {
    calls.push([
      `menu for private chats (${lang})`,
      () =>
        api.setMyCommands(commandMenu('cadre', lang), {
          scope: { type: 'all_private_chats' },
          ...(lang === 'vi' ? {} : { language_code: lang }),
        }),
    ]);
  }
  let failures = 0;
  for (const [what, call] of calls) {
    try {
      await call();
    } catch (err) {
      failures++;
      logger.warn({ err: scrubToken((err as Error).message) }, `Telegram refused the ${what}; going on`);
    }
  }
  const seniors = await seniorUsers();
  let chatMenus = 0;
  for (const u of seniors) {
    const lang: Language = u.language === 'en' ? 'en' : 'vi';
    try {
      await api.setMyCommands(commandMenu(primaryRole(principalOf(u)), lang), {
        scope: { type: 'chat', chat_id: u.telegramId },
      });
      chatMenus++;
    } catch (err) {
      // Usually "chat not found": the person has not opened the bot yet.
      logger.debug({ telegramId: u.telegramId, err: scrubToken((err as Error).message) }, 'no chat menu');
    }
  }
  logger.info(
    { languages: LANGUAGES.length, chatMenus, refused: failures },
    `command menus registered with ${where}`,
  );
}

/** Points Telegram at this deployment's webhook, with the secret it must send back. */
export async function setWebhook(
  api: Api,
  opts: { url: string; secret: string },
  logger: Logger,
): Promise<boolean> {
  try {
    await api.setWebhook(opts.url, { secret_token: opts.secret, max_connections: 40 });
    logger.info({ url: opts.url }, 'webhook set');
    return true;
  } catch (err) {
    logger.error(
      { url: opts.url, err: scrubToken((err as Error).message) },
      'Telegram refused setWebhook; still serving the webhook address (a webhook set earlier keeps working)',
    );
    return false;
  }
}

/** The path part of WEBHOOK_URL, where this server listens for Telegram. */
export function webhookPath(url: string): string {
  return new URL(url).pathname || '/';
}
