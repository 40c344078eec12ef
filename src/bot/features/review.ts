import { Composer, InlineKeyboard } from 'grammy';
import { formatDay, localDay } from '../../domain/calendar.ts';
import { formatPeriod } from '../../domain/phases.ts';
import { clip, escapeHtml } from '../../domain/text.ts';
import { registrationNames } from '../../services/forms.ts';
import type { CampaignDoc, InitiativeDoc, ProgressReportDoc } from '../../services/records.ts';
import {
  acceptRegistration,
  checkReviewAction,
  type FormReviewAction,
  openReviewItem,
  type ReviewFailure,
  readOnlyForTarget,
  reviewQueue,
  verifyReport,
} from '../../services/reviews.ts';
import { putForwardRole } from '../../services/rounds.ts';
import { findByCode } from '../../services/stage-queue.ts';
import { button } from '../buttons.ts';
import { cb, reviewCb } from '../callback-data.ts';
import type { BotContext } from '../context.ts';
import { tellCadres } from '../review-notices.ts';
import { campaignPicker, listCampaigns, pickCampaign, readOnlyLine } from '../views/campaign-picker.ts';
import { replyPaged } from '../views/paged-html.ts';
import { registrationCard } from '../views/registration-card.ts';
import { reportCard } from '../views/report-card.ts';
import { reviewFailureText } from '../views/review-texts.ts';
import { campaignOf, readableCampaign, readableCampaigns, todayOf } from './campaign-of.ts';
import { evidenceChecks, sendArchivedEvidence, sendReusePairs } from './evidence-card.ts';
import { showStageTabs } from './stages.ts';

export const reviewFeature = new Composer<BotContext>();
const pm = reviewFeature.chatType('private');

const PAGE = 8;

/** One line saying why an action did not happen, in the reviewer's language. */
export function failureText(ctx: BotContext, f: ReviewFailure): string {
  return `⚠️ ${reviewFailureText(f, ctx.user?.language ?? 'vi')}`;
}

async function showQueue(
  ctx: BotContext,
  offset: number,
  known?: CampaignDoc | null,
  opts: { others?: boolean } = {},
): Promise<void> {
  const campaign = known ?? (await campaignOf(ctx));
  if (!campaign) {
    await ctx.reply(ctx.t('register-no-campaign'));
    return;
  }
  const readOnly = readOnlyLine(ctx.t.bind(ctx), campaign, todayOf(ctx));
  const header = readOnly ? `${escapeHtml(readOnly)}\n\n` : '';
  const q = await reviewQueue(ctx.principal, campaign._id, { limit: PAGE, offset });
  if (!q.ok) {
    await ctx.reply(failureText(ctx, q));
    return;
  }
  if (q.total === 0) {
    const kb = new InlineKeyboard();
    if (opts.others) kb.text(ctx.t('cp-button-other'), listCampaigns.build({ to: 'rv' }));
    await ctx.reply(`${header}${ctx.t('rq-empty')}`, { parse_mode: 'HTML', reply_markup: kb });
    return;
  }
  const tz = ctx.deps.config.TIME_ZONE;
  const kb = new InlineKeyboard();
  const lines = q.items.map((item, i) => {
    const n = offset + i + 1;
    const when = formatDay(localDay(item.at, tz));
    if (item.kind === 'registration') {
      kb.text(`${n}. 🆕 ${item.code}`, reviewCb.open.build({ i: item.id })).row();
      return ctx.t('rq-line-registration', {
        n,
        code: item.code,
        title: escapeHtml(clip(item.title, 80)),
        unit: escapeHtml(item.unitName),
        when,
        again: item.returnReason ? 1 : 0,
      });
    }
    kb.text(
      `${n}. 📊 ${item.initiativeCode} · ${formatPeriod(item.periodKey)}`,
      reviewCb.report.build({ r: item.id }),
    ).row();
    return ctx.t('rq-line-report', {
      n,
      code: item.initiativeCode,
      title: escapeHtml(clip(item.initiativeTitle, 80)),
      unit: escapeHtml(item.unitName),
      period: formatPeriod(item.periodKey),
      progress: item.progress,
      evidence: item.evidenceCount,
      when,
      revision: item.revision,
    });
  });
  const c = String(campaign._id);
  if (offset > 0) kb.text(ctx.t('rq-prev'), reviewCb.queuePage.build({ c, o: Math.max(0, offset - PAGE) }));
  if (offset + PAGE < q.total) kb.text(ctx.t('rq-next'), reviewCb.queuePage.build({ c, o: offset + PAGE }));
  if (opts.others) kb.row().text(ctx.t('cp-button-other'), listCampaigns.build({ to: 'rv' }));
  await ctx.reply(
    `${header}${ctx.t('rq-title', { registrations: q.registrations, reports: q.reports })}\n\n${lines.join('\n\n')}`,
    {
      parse_mode: 'HTML',
      reply_markup: kb,
    },
  );
}

/**
 * /duyet: the stage tabs with their counts, then the queue of the running campaign; with none
 * running, the picker of the person's campaigns. `/duyet DVK-2011-0003`: that model's card.
 */
pm.command(['duyet', 'review'], async (ctx) => {
  const code = String(ctx.match ?? '').trim();
  if (code) {
    const campaign = await campaignOf(ctx);
    const ini = campaign ? await findByCode(ctx.principal, campaign, code) : null;
    if (!ini) {
      await ctx.reply(ctx.t('stages-search-none', { code: escapeHtml(clip(code, 40)) }), {
        parse_mode: 'HTML',
      });
      return;
    }
    await sendModelCard(ctx, String(ini._id));
    return;
  }
  const { campaigns, running, allowed } = await readableCampaigns(ctx, 'review.queue');
  if (!allowed) {
    await ctx.reply(failureText(ctx, { ok: false, reason: 'not-allowed' }));
    return;
  }
  if (campaigns.length === 0) {
    await ctx.reply(ctx.t('register-no-campaign'));
    return;
  }
  if (!running) {
    const picker = campaignPicker(ctx.t.bind(ctx), campaigns, 'rv', todayOf(ctx), null);
    await ctx.reply(picker.text, { reply_markup: picker.keyboard });
    return;
  }
  await showStageTabs(ctx);
  await showQueue(ctx, 0, running, { others: campaigns.length > 1 });
});
pm.callbackQuery(cb.tab.pattern, async (ctx, next) => {
  const data = cb.tab.parse(ctx.callbackQuery.data ?? '');
  if (data?.s !== 'registrations' && data?.s !== 'reports') return next();
  await ctx.answerCallbackQuery();
  await showQueue(ctx, 0);
});
/** Paging buttons of messages sent before the queue named its campaign: the running one. */
pm.callbackQuery(
  reviewCb.legacyQueuePage.pattern,
  button(reviewCb.legacyQueuePage, async (ctx, v) => {
    // The review buttons of older messages (`rv:o:…`, `rv:a:…`) are answered here as stale.
    await ctx.answerCallbackQuery();
    await showQueue(ctx, v.o);
  }),
);
pm.callbackQuery(reviewCb.queuePage.pattern, async (ctx) => {
  const v = reviewCb.queuePage.parse(ctx.callbackQuery.data);
  const campaign = v ? await readableCampaign(ctx, v.c, 'review.queue') : null;
  if (!v || !campaign) {
    await ctx.answerCallbackQuery({ text: ctx.t('cp-stale') });
    return;
  }
  await ctx.answerCallbackQuery();
  await showQueue(ctx, v.o, campaign);
});
/** A campaign chosen in the picker: its review queue (read-only once it has ended). */
pm.callbackQuery(
  pickCampaign.pattern,
  button(
    pickCampaign,
    async (ctx, v) => {
      const campaign = await readableCampaign(ctx, v.c, 'review.queue');
      if (!campaign) {
        await ctx.answerCallbackQuery({ text: ctx.t('cp-stale') });
        return;
      }
      await ctx.answerCallbackQuery();
      const { campaigns } = await readableCampaigns(ctx, 'review.queue');
      await showQueue(ctx, 0, campaign, { others: campaigns.length > 1 });
    },
    { when: (v) => v.to === 'rv', staleKey: 'cp-stale' },
  ),
);
pm.callbackQuery(
  listCampaigns.pattern,
  button(
    listCampaigns,
    async (ctx) => {
      const { campaigns, running } = await readableCampaigns(ctx, 'review.queue');
      if (campaigns.length === 0) {
        await ctx.answerCallbackQuery({ text: ctx.t('cp-stale') });
        return;
      }
      await ctx.answerCallbackQuery();
      const picker = campaignPicker(ctx.t.bind(ctx), campaigns, 'rv', todayOf(ctx), running);
      await ctx.reply(picker.text, { reply_markup: picker.keyboard });
    },
    { when: (v) => v.to === 'rv', staleKey: 'cp-stale' },
  ),
);

/** The full registration, as the cadre wrote it, for the reviewer (parts from the form table). */
async function registrationText(ctx: BotContext, ini: InitiativeDoc): Promise<string> {
  return registrationCard(ctx.t.bind(ctx), ctx.user?.language ?? 'vi', ini, await registrationNames(ini));
}

const ACTION_BUTTON: Record<string, string> = {
  accept: 'rq-button-accept',
  return: 'rq-button-return',
  replicate: 'rq-button-replicate',
};

/** A model's card for a reviewer, with the buttons this person may press on it now. */
async function sendModelCard(ctx: BotContext, id: string): Promise<void> {
  const r = await openReviewItem(ctx.principal, { kind: 'registration', id }, ctx.deps.clock);
  if (!r.ok) {
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: failureText(ctx, r), show_alert: true });
    else await ctx.reply(failureText(ctx, r));
    return;
  }
  if (ctx.callbackQuery) await ctx.answerCallbackQuery();
  if (r.kind !== 'registration') return;
  const ini = r.initiative;
  const kb = new InlineKeyboard();
  r.actions.forEach((a, i) => {
    kb.text(ctx.t(ACTION_BUTTON[a]!), reviewCb.act.build({ a, i: String(ini._id), s: ini.status }));
    if (i % 2 === 1) kb.row();
  });
  if (
    !r.readOnly &&
    ['nurturing', 'honoured'].includes(ini.status) &&
    putForwardRole(ctx.principal, ini) === 'coordinator'
  ) {
    kb.row().text(
      ctx.t('stages-button-forward', { code: ini.code }),
      cb.forward.build({ i: String(ini._id) }),
    );
  }
  const text = await registrationText(ctx, ini);
  await replyPaged(ctx, r.readOnly ? `${failureText(ctx, r.readOnly)}\n\n${text}` : text, kb);
}

pm.callbackQuery(
  reviewCb.open.pattern,
  button(reviewCb.open, async (ctx, v) => {
    await sendModelCard(ctx, v.i);
  }),
);

/** A report with everything the cadre sent: text, then each piece of evidence. */
async function sendReport(
  ctx: BotContext,
  report: ProgressReportDoc,
  ini: InitiativeDoc | null,
  readOnly: ReviewFailure | null = null,
): Promise<void> {
  const text = reportCard(ctx.t.bind(ctx), ctx.user?.language ?? 'vi', report, ini);
  const checks = await evidenceChecks(ctx, report, ini);
  const kb = new InlineKeyboard();
  if (report.verification === 'pending' && !readOnly) {
    const r = String(report._id);
    kb.text(ctx.t('rq-button-verify'), reviewCb.verify.build({ r })).text(
      ctx.t('rq-button-question'),
      reviewCb.question.build({ r }),
    );
  }
  const full = checks.text ? `${text}\n\n${checks.text}` : text;
  await replyPaged(ctx, readOnly ? `${failureText(ctx, readOnly)}\n\n${full}` : full, kb);
  await ctx.replyWithChatAction('upload_photo').catch(() => {});
  for (const e of report.evidence) {
    const caption = e.caption ? clip(e.caption, 900) : undefined;
    if (await sendArchivedEvidence(ctx, e)) continue;
    if (e.kind === 'photo' && e.fileId) await ctx.replyWithPhoto(e.fileId, { caption });
    else if (e.kind === 'document' && e.fileId) await ctx.replyWithDocument(e.fileId, { caption });
    else if (e.kind === 'location' && e.latitude != null && e.longitude != null)
      await ctx.replyWithLocation(e.latitude, e.longitude);
  }
  await sendReusePairs(ctx, checks.pairs);
}

pm.callbackQuery(
  reviewCb.report.pattern,
  button(reviewCb.report, async (ctx, v) => {
    const r = await openReviewItem(ctx.principal, { kind: 'report', id: v.r }, ctx.deps.clock);
    if (!r.ok) {
      await ctx.answerCallbackQuery({ text: failureText(ctx, r), show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    if (r.kind === 'report') await sendReport(ctx, r.report, r.initiative, r.readOnly ?? null);
  }),
);

/** Verify a report: one tap, no input needed. */
pm.callbackQuery(
  reviewCb.verify.pattern,
  button(reviewCb.verify, async (ctx, v) => {
    const r = await verifyReport(ctx.principal, v.r, { verdict: 'verified' }, ctx.deps.clock);
    if (!r.ok) {
      await ctx.answerCallbackQuery({ text: failureText(ctx, r), show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => {});
    await ctx.reply(
      ctx.t('rq-done-verified', { code: r.initiative.code, period: formatPeriod(r.report.periodKey) }),
    );
    await tellCadres(ctx.api, r, ctx.log);
  }),
);

/**
 * A review form (return with a reason, question a report, record the source of a replication):
 * permission and a running campaign are checked before the model is named or anything asked.
 */
async function enterReviewForm(
  ctx: BotContext,
  action: FormReviewAction,
  id: string,
  expected: string,
): Promise<void> {
  const allowed = await checkReviewAction(ctx.principal, action, id);
  if (!allowed.ok) {
    await ctx.answerCallbackQuery({ text: failureText(ctx, allowed), show_alert: true });
    return;
  }
  const closed = await readOnlyForTarget(
    { kind: action === 'question' ? 'report' : 'initiative', id },
    ctx.deps.clock,
  );
  if (closed) {
    await ctx.answerCallbackQuery({ text: failureText(ctx, closed), show_alert: true });
    return;
  }
  await ctx.answerCallbackQuery();
  await ctx.conversation.enter('review', {
    lang: ctx.user?.language ?? 'vi',
    action,
    targetId: id,
    expected,
  });
}

pm.callbackQuery(
  reviewCb.question.pattern,
  button(reviewCb.question, async (ctx, v) => {
    await enterReviewForm(ctx, 'question', v.r, 'pending');
  }),
);

/** Accept runs at once; return and replicate open a short form. */
pm.callbackQuery(
  reviewCb.act.pattern,
  button(reviewCb.act, async (ctx, v) => {
    if (v.a !== 'accept') {
      await enterReviewForm(ctx, v.a, v.i, v.s);
      return;
    }
    const r = await acceptRegistration(ctx.principal, v.i, ctx.deps.clock, { expectedStatus: v.s });
    if (!r.ok) {
      await ctx.answerCallbackQuery({ text: failureText(ctx, r), show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => {});
    await ctx.reply(ctx.t('rq-done', { code: r.initiative.code, status: ctx.t(`status-${r.to}`) }));
    await tellCadres(ctx.api, r, ctx.log);
  }),
);
