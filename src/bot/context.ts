import type { Conversation, ConversationFlavor } from '@grammyjs/conversations';
import type { I18nFlavor } from '@grammyjs/i18n';
import type { Context } from 'grammy';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Principal } from '../domain/permissions.ts';
import type { Logger } from '../logger.ts';
import type { UserDoc } from '../services/records.ts';

/** What the bot needs from the outside world; main, the playground and the tests pass it in. */
export interface BotDeps {
  config: Config;
  logger: Logger;
  clock: Clock;
}

interface BotFlavor {
  deps: BotDeps;
  log: Logger;
  /** The person behind the update (created on first contact), or null for channel posts etc. */
  user: UserDoc | null;
  principal: Principal;
}

/** Context outside conversations. */
export type BotContext = ConversationFlavor<Context & I18nFlavor & BotFlavor>;

/** Context inside conversations: plain, replay-safe; texts come from `translator(lang)`. */
export type FormContext = Context;
export type FormConversation = Conversation<BotContext, FormContext>;
