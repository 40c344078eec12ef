import { conversations, createConversation } from '@grammyjs/conversations';
import { limit } from '@grammyjs/ratelimiter';
import { sequentialize } from '@grammyjs/runner';
import { type ApiClientOptions, Bot } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { accessRequestConversation } from '../../conversations/access-request.ts';
import { citizenConversation } from '../../conversations/citizen.ts';
import { editConversation } from '../../conversations/edit.ts';
import { takeReentry, takingButtonsOff } from '../../conversations/form/engine.ts';
import { honouredBeforeConversation } from '../../conversations/honoured-before.ts';
import { onboardingConversation } from '../../conversations/onboarding.ts';
import { onsiteConversation } from '../../conversations/onsite.ts';
import { registerConversation } from '../../conversations/register.ts';
import { replicationConversation } from '../../conversations/replication.ts';
import { reportConversation } from '../../conversations/report.ts';
import { reviewConversation } from '../../conversations/review.ts';
import { createI18n } from '../i18n.ts';
import type { BotContext, BotDeps, FormContext } from './context.ts';
import { conversationStorage } from './conversation-storage.ts';
import { accessFeature } from './features/access.ts';
import { afterHonourFeature } from './features/after-honour.ts';
import { documentsFeature } from './features/documents.ts';
import { fallbackFeature } from './features/fallback.ts';
import { formsFeature } from './features/forms.ts';
import { helpFeature } from './features/help.ts';
import { inviteFeature } from './features/invite.ts';
import { languageFeature } from './features/language.ts';
import { myModelsFeature } from './features/my-models.ts';
import { onsiteFeature } from './features/onsite.ts';
import { peopleFeature } from './features/people.ts';
import { remindersFeature } from './features/reminders.ts';
import { reviewFeature } from './features/review.ts';
import { stagesFeature } from './features/stages.ts';
import { startFeature } from './features/start.ts';
import { summaryFeature } from './features/summary.ts';
import { errorBoundary } from './middleware/error-boundary.ts';
import { loadUser } from './middleware/user.ts';

export interface CreateBotOptions {
  token?: string;
  botInfo?: UserFromGetMe;
  /** grammY client options: `apiRoot` for a self-hosted Bot API or the playground, `fetch` for tests. */
  client?: ApiClientOptions;
  /** Overrides the conversation code version (tests simulate a deploy with it). */
  conversationVersion?: string;
}

/**
 * The one seam used by main, the playground and the tests. The order of middleware below is the
 * path of every update, top to bottom.
 */
export function createBot(deps: BotDeps, options: CreateBotOptions = {}): Bot<BotContext> {
  const bot = new Bot<BotContext>(options.token ?? '0:playground', {
    botInfo: options.botInfo,
    client: options.client,
  });

  // Updates of one chat are handled in order (matters with @grammyjs/runner and webhooks).
  bot.use(sequentialize((ctx) => ctx.chat?.id.toString() ?? ctx.from?.id.toString()));
  bot.use((ctx, next) => {
    ctx.deps = deps;
    ctx.log = deps.logger.child({ update_id: ctx.update.update_id });
    return next();
  });
  bot.use(createI18n<BotContext>());
  bot.use(errorBoundary);
  bot.use(
    limit({
      timeFrame: 60_000,
      limit: deps.config.RATE_LIMIT_PER_MINUTE,
      keyGenerator: (ctx) => ctx.from?.id.toString(),
      onLimitExceeded: async (ctx) => {
        if (ctx.chat?.type === 'private') await ctx.reply(ctx.t('rate-limited')).catch(() => {});
      },
    }),
  );
  bot.use(loadUser);

  const privateChats = bot.chatType('private');
  privateChats.use(
    conversations<BotContext, FormContext>({
      storage: conversationStorage(deps.clock, options.conversationVersion),
      onExit: () => {},
    }),
  );
  privateChats.use(createConversation(takingButtonsOff(registerConversation(deps)), 'register'));
  privateChats.use(createConversation(takingButtonsOff(reportConversation(deps)), 'report'));
  privateChats.use(createConversation(takingButtonsOff(editConversation(deps)), 'edit'));
  privateChats.use(createConversation(takingButtonsOff(onboardingConversation(deps)), 'onboarding'));
  privateChats.use(createConversation(takingButtonsOff(accessRequestConversation(deps)), 'access-request'));
  privateChats.use(createConversation(takingButtonsOff(reviewConversation(deps)), 'review'));
  privateChats.use(createConversation(takingButtonsOff(citizenConversation(deps)), 'citizen'));
  privateChats.use(createConversation(takingButtonsOff(onsiteConversation(deps)), 'onsite'));
  privateChats.use(createConversation(takingButtonsOff(replicationConversation(deps)), 'replication'));
  privateChats.use(createConversation(takingButtonsOff(honouredBeforeConversation(deps)), 'honoured-before'));
  // A form that ended its run after an answer goes on in a new run, in this update (resumeAfterAnswer).
  // A run entered here may end the same way (a question answered without asking, such as the
  // only unit): enter again until a run waits for the person.
  privateChats.use(async (ctx, next) => {
    let again = takeReentry(ctx);
    if (!again) return next();
    while (again) {
      await ctx.conversation.enter(again.name, ...again.args);
      again = takeReentry(ctx);
      // The plugin keeps an empty entry for a conversation entered and ended in this update, which
      // would refuse the next `enter`; nothing else is active here.
      if (again) await ctx.conversation.exitAll();
    }
  });

  bot.use(startFeature);
  bot.use(helpFeature);
  bot.use(languageFeature);
  bot.use(formsFeature);
  bot.use(myModelsFeature);
  bot.use(inviteFeature);
  bot.use(accessFeature);
  bot.use(peopleFeature);
  bot.use(reviewFeature);
  bot.use(stagesFeature);
  bot.use(afterHonourFeature);
  bot.use(summaryFeature);
  bot.use(documentsFeature);
  bot.use(onsiteFeature);
  bot.use(remindersFeature);
  bot.use(fallbackFeature);
  return bot;
}
