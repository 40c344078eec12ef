import { Composer, InlineKeyboard, InputFile } from 'grammy';
import { formatDay, localDay } from '../../domain/calendar.ts';
import {
  type InitiativeStatus,
  isEditable,
  isOpenForReports,
  nextTargetLevel,
} from '../../domain/lifecycle.ts';
import { can } from '../../domain/permissions.ts';
import { formatPeriod, nextDeadlines, periodKeyOfDay, periodRange } from '../../domain/phases.ts';
import { escapeHtml } from '../../domain/text.ts';
import { CONFIRMABLE, modelLink, modelQrPng } from '../../services/evidence/citizens.ts';
import { registrationNames } from '../../services/forms.ts';
import { findInitiative, myInitiatives } from '../../services/initiatives.ts';
import { campaignsById } from '../../services/model-details.ts';
import type { CampaignDoc, InitiativeDoc } from '../../services/records.ts';
import { checkWithdraw, withdrawModel } from '../../services/reviews.ts';
import { nextLevelRegistrationOpen, roundFor } from '../../services/rounds.ts';
import { button } from '../buttons.ts';
import { cb, cbAfterHonour, myModelsCb } from '../callback-data.ts';
import type { BotContext } from '../context.ts';
import { replyPaged } from '../views/paged-html.ts';
import { registrationCard } from '../views/registration-card.ts';
import { reviewFailureText } from '../views/review-texts.ts';

export const myModelsFeature = new Composer<BotContext>();
const pm = myModelsFeature.chatType('private');

const STATUS_ICON: Record<InitiativeStatus, string> = {
  registered: '🆕',
  returned: '↩️',
  nurturing: '🌱',
  submitted: '📤',
  appraised: '📝',
  selected: '⭐',
  honoured: '🏅',
  withdrawn: '⛔',
};

function nextDueFor(ini: InitiativeDoc, campaign: CampaignDoc | undefined, today: string): string {
  if (!campaign) return '';
  if (isOpenForReports(ini.status as InitiativeStatus)) {
    const period = periodKeyOfDay(today, campaign.reportCadence);
    if (ini.lastReportPeriod !== period) return formatDay(periodRange(period).last);
  }
  const d = nextDeadlines(campaign, today, 1)[0];
  return d ? formatDay(d.due) : '';
}

async function listText(ctx: BotContext): Promise<{ text: string; keyboard: InlineKeyboard }> {
  // Only models this person still has rights on: owner rights end with their last covering grant.
  const mine = (await myInitiatives(ctx.user!)).filter((m) =>
    can(ctx.principal, 'initiative.view', { unitPath: m.unitPath.map(String), ownerId: String(m.createdBy) }),
  );
  const keyboard = new InlineKeyboard();
  if (!mine.length) return { text: ctx.t('mymodels-empty'), keyboard };
  const today = localDay(ctx.deps.clock.now(), ctx.deps.config.TIME_ZONE);
  const campaigns = await campaignsById(mine.map((m) => m.campaignId));
  const lines = mine.map((m) => {
    const last = m.lastReportPeriod ? formatPeriod(m.lastReportPeriod) : ctx.t('mymodels-no-report');
    const due = nextDueFor(m, campaigns.get(String(m.campaignId)), today);
    return ctx.t('mymodels-line', {
      icon: STATUS_ICON[m.status as InitiativeStatus],
      code: m.code,
      title: escapeHtml(m.title),
      status: ctx.t(`status-${m.status}`),
      last,
      due: due || '-',
    });
  });
  mine.forEach((m, i) => {
    keyboard.text(
      `${STATUS_ICON[m.status as InitiativeStatus]} ${m.code}`,
      myModelsCb.view.build({ i: String(m._id) }),
    );
    if (i % 2 === 1) keyboard.row();
  });
  return { text: `${ctx.t('mymodels-title', { count: mine.length })}\n\n${lines.join('\n\n')}`, keyboard };
}

pm.command(['mohinh', 'models'], async (ctx) => {
  if (!ctx.user || ctx.principal.grants.length === 0) {
    await ctx.reply(ctx.t('fallback-no-role'));
    return;
  }
  const { text, keyboard } = await listText(ctx);
  await ctx.reply(text, { parse_mode: 'HTML', reply_markup: keyboard });
});

/** Loads a model named by callback data and checks that this person may see it. */
async function loadVisible(ctx: BotContext, id: string): Promise<InitiativeDoc | null> {
  const ini = await findInitiative(id);
  if (
    !ini ||
    !can(ctx.principal, 'initiative.view', {
      unitPath: ini.unitPath.map(String),
      ownerId: String(ini.createdBy),
    })
  ) {
    await ctx.answerCallbackQuery({ text: ctx.t('err-not-allowed'), show_alert: true });
    return null;
  }
  return ini;
}

/**
 * The model's detail: every part of the registration as the owner entered it, from the form table
 * (src/bot/views/registration-card.ts), the same card the reviewer reads.
 */
async function initiativeDetails(ctx: BotContext, ini: InitiativeDoc): Promise<string> {
  return registrationCard(ctx.t.bind(ctx), ctx.user?.language ?? 'vi', ini, await registrationNames(ini));
}

pm.callbackQuery(
  myModelsCb.view.pattern,
  button(myModelsCb.view, async (ctx, v) => {
    const ini = await loadVisible(ctx, v.i);
    if (!ini) return;
    await ctx.answerCallbackQuery();
    const status = ini.status as InitiativeStatus;
    const kb = new InlineKeyboard();
    if (
      isOpenForReports(status) &&
      can(ctx.principal, 'report.submit', {
        unitPath: ini.unitPath.map(String),
        ownerId: String(ini.createdBy),
      })
    ) {
      kb.text(ctx.t('mymodels-button-report'), myModelsCb.report.build({ i: String(ini._id) })).row();
    }
    if (
      isEditable(status) &&
      can(ctx.principal, 'initiative.edit', {
        unitPath: ini.unitPath.map(String),
        ownerId: String(ini.createdBy),
      })
    )
      kb.text(ctx.t('mymodels-button-edit'), myModelsCb.edit.build({ i: String(ini._id) })).row();
    if (
      ['registered', 'returned', 'nurturing'].includes(status) &&
      can(ctx.principal, 'initiative.withdraw', {
        unitPath: ini.unitPath.map(String),
        ownerId: String(ini.createdBy),
      })
    ) {
      kb.text(ctx.t('mymodels-button-withdraw'), myModelsCb.withdraw.build({ i: String(ini._id) })).row();
    }
    // Issue 10: the owner puts the model forward when a round for its level is open, and registers
    // an honoured model for the next level while that registration round is open.
    if (String(ini.createdBy) === ctx.principal.userId && ['nurturing', 'honoured'].includes(status)) {
      const campaign = (await campaignsById([ini.campaignId])).get(String(ini.campaignId));
      const day = localDay(ctx.deps.clock.now(), ctx.deps.config.TIME_ZONE);
      if (campaign && (await roundFor(ini, campaign, day))) {
        kb.text(ctx.t('mymodels-button-forward'), cb.forward.build({ i: String(ini._id) })).row();
      }
      if (campaign && nextLevelRegistrationOpen(campaign, ini, day)) {
        const next = nextTargetLevel(ini.targetLevel, campaign.targetLevels)!;
        kb.text(
          ctx.t('mymodels-button-next-level', { level: ctx.t(`level-${next}`) }),
          cb.nextLevel.build({ i: String(ini._id) }),
        ).row();
      }
    }
    // Issue 10: the owner of an honoured model records where it was replicated, from its side.
    if (
      String(ini.createdBy) === ctx.principal.userId &&
      (status === 'honoured' || (ini.honours?.length ?? 0) > 0)
    )
      kb.text(
        ctx.t('rp-button-view', { code: ini.code }),
        cbAfterHonour.replications.build({ i: String(ini._id) }),
      ).row();
    if (CONFIRMABLE.includes(status))
      kb.text(ctx.t('mymodels-button-qr'), myModelsCb.qr.build({ i: String(ini._id) })).row();
    // A long registration comes as consecutive messages, the buttons under the last.
    await replyPaged(ctx, await initiativeDetails(ctx, ini), kb);
  }),
);

/** The model's QR code for the people (issue 13): a PNG opening the bot on this model. */
pm.callbackQuery(
  myModelsCb.qr.pattern,
  button(myModelsCb.qr, async (ctx, v) => {
    const ini = await loadVisible(ctx, v.i);
    if (!ini) return;
    if (!CONFIRMABLE.includes(ini.status)) {
      await ctx.answerCallbackQuery({ text: ctx.t('cz-not-found'), show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    const bot = ctx.me.username;
    const png = await modelQrPng(bot, String(ini._id));
    await ctx.replyWithPhoto(new InputFile(png, `qr-${ini.code}.png`), {
      caption: ctx.t('qr-caption', { code: ini.code, link: modelLink(bot, String(ini._id)) }),
    });
  }),
);

/** Withdraw: the permission is checked before the model is named or the question asked. */
pm.callbackQuery(
  myModelsCb.withdraw.pattern,
  button(myModelsCb.withdraw, async (ctx, v) => {
    const r = await checkWithdraw(ctx.principal, v.i);
    if (!r.ok) {
      await ctx.answerCallbackQuery({ text: ctx.t('err-not-allowed'), show_alert: true });
      return;
    }
    const ini = r.initiative;
    await ctx.answerCallbackQuery();
    await ctx.reply(ctx.t('mymodels-withdraw-confirm', { code: ini.code, title: escapeHtml(ini.title) }), {
      parse_mode: 'HTML',
      reply_markup: new InlineKeyboard()
        .text(
          ctx.t('mymodels-withdraw-yes'),
          myModelsCb.withdrawYes.build({ i: String(ini._id), s: ini.status }),
        )
        .text(ctx.t('common-no'), myModelsCb.withdrawNo.build({ i: String(ini._id) })),
    });
  }),
);

pm.callbackQuery(
  myModelsCb.withdrawNo.pattern,
  button(myModelsCb.withdrawNo, async (ctx) => {
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => {});
    await ctx.reply(ctx.t('mymodels-withdraw-kept'));
  }),
);

/** Withdraw confirmed: the service checks permission, the campaign and the status seen again. */
pm.callbackQuery(
  myModelsCb.withdrawYes.pattern,
  button(myModelsCb.withdrawYes, async (ctx, v) => {
    const r = await withdrawModel(ctx.principal, v.i, ctx.deps.clock, { expectedStatus: v.s });
    if (!r.ok && (r.reason === 'not-found' || r.reason === 'not-allowed')) {
      await ctx.answerCallbackQuery({ text: ctx.t('err-not-allowed'), show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => {});
    if (r.ok) await ctx.reply(ctx.t('mymodels-withdrawn', { code: r.initiative.code }));
    else if (r.reason === 'conflict' || r.reason === 'wrong-status')
      await ctx.reply(ctx.t('mymodels-withdraw-failed', { status: ctx.t(`status-${r.current ?? v.s}`) }));
    else await ctx.reply(`⚠️ ${reviewFailureText(r, ctx.user?.language ?? 'vi')}`);
  }),
);
