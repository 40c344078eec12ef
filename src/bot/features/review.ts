import { Composer, InlineKeyboard } from 'grammy';
import {
  Campaign,
  type CampaignDoc,
  type InitiativeDoc,
  type ProgressReportDoc,
} from '../../db/models/index.ts';
import { formatDay, localDay } from '../../domain/calendar.ts';
import type { InitiativeStatus } from '../../domain/lifecycle.ts';
import { formatPeriod } from '../../domain/phases.ts';
import { clip, escapeHtml } from '../../domain/text.ts';
import { registrationNames } from '../../services/forms.ts';
import {
  acceptRegistration,
  checkReviewAction,
  decline,
  type FormReviewAction,
  openReviewItem,
  type ReviewFailure,
  readOnlyForTarget,
  reviewFailureText,
  reviewQueue,
  submitForAppraisal,
  verifyReport,
} from '../../services/reviews.ts';
import { putForwardRole } from '../../services/rounds.ts';
import { findByCode } from '../../services/stage-queue.ts';
import { button } from '../buttons.ts';
import { cb, defineCallback, int, objectId } from '../callback-data.ts';
import type { BotContext } from '../context.ts';
import { tellCadres } from '../review-notices.ts';
import { campaignPicker, listCampaigns, pickCampaign, readOnlyLine } from '../views/campaign-picker.ts';
import { pageHtml } from '../views/paged-html.ts';
import { registrationCard } from '../views/registration-card.ts';
import { reportCard } from '../views/report-card.ts';
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

/** Paging through the queue of one campaign. */
const queuePage = defineCallback('rq', { c: objectId, o: int(0, 1_000_000) });

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
      kb.text(`${n}. 🆕 ${item.code}`, `rv:o:${item.id}`).row();
      return ctx.t('rq-line-registration', {
        n,
        code: item.code,
        title: escapeHtml(clip(item.title, 80)),
        unit: escapeHtml(item.unitName),
        when,
        again: item.returnReason ? 1 : 0,
      });
    }
    kb.text(`${n}. 📊 ${item.initiativeCode} · ${formatPeriod(item.periodKey)}`, `rv:r:${item.id}`).row();
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
  if (offset > 0) kb.text(ctx.t('rq-prev'), queuePage.build({ c, o: Math.max(0, offset - PAGE) }));
  if (offset + PAGE < q.total) kb.text(ctx.t('rq-next'), queuePage.build({ c, o: offset + PAGE }));
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
pm.callbackQuery(/^rv:q:(\d+)$/, async (ctx) => {
  await ctx.answerCallbackQuery();
  await showQueue(ctx, Number(ctx.match[1]));
});
pm.callbackQuery(/^rq:/, async (ctx) => {
  const v = queuePage.parse(ctx.callbackQuery.data);
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

/** Sends a card as consecutive messages within Telegram's limit; the buttons go on the last. */
async function replyPaged(ctx: BotContext, html: string, kb?: InlineKeyboard): Promise<void> {
  const pages = pageHtml(html);
  for (const [i, page] of pages.entries()) {
    const last = i === pages.length - 1;
    await ctx.reply(page, { parse_mode: 'HTML', ...(last && kb ? { reply_markup: kb } : {}) });
  }
}

/** The full registration, as the cadre wrote it, for the reviewer (parts from the form table). */
async function registrationText(ctx: BotContext, ini: InitiativeDoc): Promise<string> {
  return registrationCard(ctx.t.bind(ctx), ctx.user?.language ?? 'vi', ini, await registrationNames(ini));
}

const ACTION_BUTTON: Record<string, string> = {
  accept: 'rq-button-accept',
  return: 'rq-button-return',
  submit: 'rq-button-submit',
  appraise: 'rq-button-appraise',
  select: 'rq-button-select',
  decline: 'rq-button-decline',
  honour: 'rq-button-honour',
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
    kb.text(ctx.t(ACTION_BUTTON[a]!), `rv:a:${a}:${String(ini._id)}:${ini.status}`);
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

pm.callbackQuery(/^rv:o:([a-f0-9]{24})$/, async (ctx) => sendModelCard(ctx, ctx.match[1]!));

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
    kb.text(ctx.t('rq-button-verify'), `rv:v:${String(report._id)}`).text(
      ctx.t('rq-button-question'),
      `rv:a:question:${String(report._id)}:pending`,
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

pm.callbackQuery(/^rv:r:([a-f0-9]{24})$/, async (ctx) => {
  const r = await openReviewItem(ctx.principal, { kind: 'report', id: ctx.match[1]! }, ctx.deps.clock);
  if (!r.ok) {
    await ctx.answerCallbackQuery({ text: failureText(ctx, r), show_alert: true });
    return;
  }
  await ctx.answerCallbackQuery();
  if (r.kind === 'report') await sendReport(ctx, r.report, r.initiative, r.readOnly ?? null);
});

/** Verify a report: one tap, no input needed. */
pm.callbackQuery(/^rv:v:([a-f0-9]{24})$/, async (ctx) => {
  const r = await verifyReport(ctx.principal, ctx.match[1]!, { verdict: 'verified' }, ctx.deps.clock);
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
});

/** Actions without input (accept, submit, decline) run at once; the others open a short form. */
pm.callbackQuery(/^rv:a:(\w+):([a-f0-9]{24}):(\w+)$/, async (ctx) => {
  const [, action, id, expected] = ctx.match;
  const opts = { expectedStatus: expected as InitiativeStatus };
  const clock = ctx.deps.clock;
  const simple =
    action === 'accept'
      ? acceptRegistration(ctx.principal, id!, clock, opts)
      : action === 'submit'
        ? submitForAppraisal(ctx.principal, id!, clock, opts)
        : action === 'decline'
          ? decline(ctx.principal, id!, clock, opts)
          : null;
  if (!simple) {
    if (!['return', 'question', 'appraise', 'select', 'honour', 'replicate'].includes(action!)) {
      await ctx.answerCallbackQuery({ text: ctx.t('form-button-stale') });
      return;
    }
    // Permission first: a forged button is refused before the model is named or anything asked.
    const allowed = await checkReviewAction(ctx.principal, action as FormReviewAction, id!);
    if (!allowed.ok) {
      await ctx.answerCallbackQuery({ text: failureText(ctx, allowed), show_alert: true });
      return;
    }
    // A campaign that ended or was closed is refused before any question is asked.
    const closed = await readOnlyForTarget(
      { kind: action === 'question' ? 'report' : 'initiative', id: id! },
      clock,
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
    return;
  }
  const r = await simple;
  if (!r.ok) {
    await ctx.answerCallbackQuery({ text: failureText(ctx, r), show_alert: true });
    return;
  }
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => {});
  await ctx.reply(ctx.t('rq-done', { code: r.initiative.code, status: ctx.t(`status-${r.to}`) }));
  await tellCadres(ctx.api, r, ctx.log);
});

/** Campaign criteria for the appraisal form (used by the review conversation). */
export async function campaignCriteria(campaignId: unknown) {
  const c = await Campaign.findById(campaignId, { criteria: 1, targetLevels: 1, start: 1 }).lean();
  return c;
}
