import { Composer, InlineKeyboard, InputFile } from 'grammy';
import { z } from 'zod';
import { formatPeriod } from '../../domain/phases.ts';
import { escapeHtml } from '../../domain/text.ts';
import { renderUnitStatusChart } from '../../services/charts.ts';
import { evidenceSummary, formatEvidenceSummary } from '../../services/evidence/summary.ts';
import { buildExportWorkbook, exportFileName } from '../../services/exports.ts';
import { type FilterProblem, readFilterArgs } from '../../services/filter-args.ts';
import type { CampaignDoc } from '../../services/records.ts';
import {
  buildSummary,
  formatSummaryText,
  resolveSummaryScope,
  type SummaryFilters,
} from '../../services/summaries.ts';
import { childUnitNames, unitLabel } from '../../services/unit-choices.ts';
import { button } from '../buttons.ts';
import { defineCallback, int, objectId, optional, text } from '../callback-data.ts';
import type { BotContext } from '../context.ts';
import {
  campaignPicker,
  figuresDay,
  listCampaigns,
  pickCampaign,
  pickerFor,
  readOnlyLine,
} from '../views/campaign-picker.ts';
import { campaignOf, readableCampaign, readableCampaigns, todayOf } from './campaign-of.ts';

export const summaryFeature = new Composer<BotContext>();
const pm = summaryFeature.chatType('private');

interface Filters {
  unitId: string | null;
  field: string | null;
  ownerKind: 'collective' | 'individual' | null;
  periodKey: string | null;
}
const NONE: Filters = { unitId: null, field: null, ownerKind: null, periodKey: null };

/**
 * Summary buttons carry their campaign and filters: `sm` shows the summary, `sf` the filter menu,
 * `sx` the workbook. The field travels as its place in the campaign's list; everything is checked
 * again on use (scope, campaign the person may read).
 */
const filterShape = {
  c: optional(objectId),
  u: optional(objectId),
  f: optional(int(0, 99)),
  k: optional(text(z.enum(['c', 'i']))),
  p: optional(text(z.string().regex(/^\d{4}-(?:\d{2}|Q[1-4])$/))),
};
export const summaryButton = defineCallback('sm', filterShape);
export const filterButton = defineCallback('sf', filterShape);
export const exportButton = defineCallback('sx', filterShape);
type FilterPayload = NonNullable<ReturnType<typeof summaryButton.parse>>;

/** The payload of a summary button for these filters of this campaign. */
export function encodeFilters(
  f: Filters,
  campaign?: Pick<CampaignDoc, '_id' | 'fields'> | null,
): FilterPayload {
  const fieldIndex = f.field && campaign ? campaign.fields.findIndex((x) => x.code === f.field) : -1;
  return {
    c: campaign ? String(campaign._id) : null,
    u: f.unitId,
    f: fieldIndex >= 0 ? fieldIndex : null,
    k: f.ownerKind === 'collective' ? 'c' : f.ownerKind === 'individual' ? 'i' : null,
    p: f.periodKey,
  };
}

function decodeFilters(v: FilterPayload, campaign: Pick<CampaignDoc, 'fields'>): Filters | null {
  const field = v.f === null ? null : campaign.fields[v.f]?.code;
  if (field === undefined) return null;
  return {
    unitId: v.u,
    field,
    ownerKind: v.k === 'c' ? 'collective' : v.k === 'i' ? 'individual' : null,
    periodKey: v.p,
  };
}

/** The campaign and filters a summary button names, if this person may read that campaign. */
async function fromButton(
  ctx: BotContext,
  v: FilterPayload,
): Promise<{ campaign: CampaignDoc; filters: Filters } | null> {
  const campaign = v.c ? await readableCampaign(ctx, v.c) : await campaignOf(ctx);
  if (!campaign) return null;
  const filters = decodeFilters(v, campaign);
  return filters ? { campaign, filters } : null;
}

/** What was wrong with typed filters, with the values that are allowed. */
function filterProblemText(ctx: BotContext, p: FilterProblem): string {
  switch (p.kind) {
    case 'field':
      return ctx.t('sm-unknown-field', { value: p.value, allowed: p.allowed.join('; ') });
    case 'unit':
      return ctx.t('sm-unknown-unit', { value: p.value, allowed: p.allowed.join('; ') || '—' });
    case 'unit-ambiguous':
      return ctx.t('sm-ambiguous-unit', { value: p.value, allowed: p.allowed.join('; ') });
    case 'owner':
      return ctx.t('sm-unknown-owner', { value: p.value });
    case 'period':
      return ctx.t('sm-unknown-period', { value: p.value });
    default:
      return ctx.t('sm-bad-argument', { arg: p.value });
  }
}

async function sendSummary(
  ctx: BotContext,
  filters: Filters,
  campaign: CampaignDoc,
  opts: { others?: boolean } = {},
): Promise<void> {
  const scope = await resolveSummaryScope(ctx.principal, campaign, filters as SummaryFilters, 'summary.view');
  if (!scope.ok) {
    await ctx.reply(ctx.t(`sm-fail-${scope.reason}`));
    return;
  }
  const lang = ctx.user?.language ?? 'vi';
  const today = todayOf(ctx);
  await ctx.replyWithChatAction('typing').catch(() => {});
  const summary = await buildSummary({
    campaign,
    scopeUnitId: scope.scopeUnitId,
    filters: scope.filters,
    today: figuresDay(campaign, today),
    timeZone: ctx.deps.config.TIME_ZONE,
  });
  const evidence = await evidenceSummary({
    campaignId: campaign._id,
    scopeUnitId: scope.scopeUnitId,
    periodKey: scope.filters.periodKey,
  });
  const readOnly = readOnlyLine(ctx.t.bind(ctx), campaign, today);
  const text = `${formatSummaryText(summary, lang, { html: true })}\n\n${formatEvidenceSummary(evidence, ctx.t.bind(ctx), escapeHtml)}`;
  await ctx.reply(readOnly ? `${escapeHtml(readOnly)}\n\n${text}` : text, { parse_mode: 'HTML' });
  await ctx.replyWithChatAction('upload_photo').catch(() => {});
  const png = await renderUnitStatusChart(summary, { lang });
  const payload = encodeFilters(filters, campaign);
  const kb = new InlineKeyboard()
    .text(ctx.t('sm-button-export'), exportButton.build(payload))
    .text(ctx.t('sm-button-filter'), filterButton.build(payload));
  if (opts.others) kb.row().text(ctx.t('cp-button-other'), listCampaigns.build({ to: 'sm' }));
  await ctx.replyWithPhoto(new InputFile(png, 'tong-hop.png'), {
    caption: ctx.t('sm-chart-caption', { unit: summary.unit.name }),
    reply_markup: kb,
  });
}

async function sendExport(
  ctx: BotContext,
  filters: Filters,
  campaign: CampaignDoc,
  opts: { others?: boolean } = {},
): Promise<void> {
  const scope = await resolveSummaryScope(
    ctx.principal,
    campaign,
    filters as SummaryFilters,
    'export.create',
  );
  if (!scope.ok) {
    await ctx.reply(ctx.t(`sm-fail-${scope.reason}`));
    return;
  }
  const lang = ctx.user?.language ?? 'vi';
  const today = todayOf(ctx);
  const preparing = await ctx.reply(ctx.t('sm-export-preparing'));
  try {
    await ctx.replyWithChatAction('upload_document').catch(() => {});
    const buffer = await buildExportWorkbook({
      campaign,
      scopeUnitId: scope.scopeUnitId,
      filters: scope.filters,
      today: figuresDay(campaign, today),
      timeZone: ctx.deps.config.TIME_ZONE,
      lang,
    });
    const unit = await unitLabel(scope.filters.unitId ?? scope.scopeUnitId);
    const readOnly = readOnlyLine(ctx.t.bind(ctx), campaign, today);
    const caption = ctx.t('sm-export-caption', { unit: unit?.name ?? '' });
    await ctx.replyWithDocument(new InputFile(buffer, exportFileName(unit?.code ?? 'all', today, lang)), {
      caption: readOnly
        ? `${caption}
${readOnly}`
        : caption,
      ...(opts.others
        ? {
            reply_markup: new InlineKeyboard().text(
              ctx.t('cp-button-other'),
              listCampaigns.build({ to: 'sx' }),
            ),
          }
        : {}),
    });
  } finally {
    // The file is here (or the error is about to be told): "preparing…" has done its job.
    await ctx.api.deleteMessage(preparing.chat.id, preparing.message_id).catch(() => {});
  }
}

type Send = (
  ctx: BotContext,
  f: Filters,
  campaign: CampaignDoc,
  opts?: { others?: boolean },
) => Promise<void>;

/**
 * /tonghop and /xuat: the running campaign with the typed filters; with none running, the picker
 * of the person's campaigns (an ended one is read as it stood on its last day).
 */
async function fromCommand(ctx: BotContext & { match: string }, to: 'sm' | 'sx', send: Send) {
  const action = to === 'sm' ? 'summary.view' : 'export.create';
  const { campaigns, running, allowed } = await readableCampaigns(ctx, action);
  if (!allowed) {
    await ctx.reply(ctx.t('sm-fail-not-allowed'));
    return;
  }
  if (campaigns.length === 0) {
    await ctx.reply(ctx.t('register-no-campaign'));
    return;
  }
  if (!running) {
    const picker = campaignPicker(ctx.t.bind(ctx), campaigns, to, todayOf(ctx), null);
    await ctx.reply(picker.text, { reply_markup: picker.keyboard });
    return;
  }
  // The scope first: the allowed units listed for an unknown one are those this person may see.
  const scope = await resolveSummaryScope(ctx.principal, running, {}, action);
  if (!scope.ok) {
    await ctx.reply(ctx.t(`sm-fail-${scope.reason}`));
    return;
  }
  const parsed = await readFilterArgs(ctx.match, running, {
    scopeUnitId: scope.scopeUnitId,
    lang: ctx.user?.language ?? 'vi',
  });
  if (!parsed.ok) {
    await ctx.reply(filterProblemText(ctx, parsed.problem));
    return;
  }
  await send(ctx, parsed.filters, running, { others: campaigns.length > 1 });
}

pm.command(['tonghop', 'summary'], (ctx) => fromCommand(ctx, 'sm', sendSummary));
pm.command(['xuat', 'export'], (ctx) => fromCommand(ctx, 'sx', sendExport));

/** A campaign chosen in the picker: its summary or workbook, unfiltered. */
pm.callbackQuery(
  pickCampaign.pattern,
  button(
    pickCampaign,
    async (ctx, v) => {
      const action = v.to === 'sm' ? 'summary.view' : 'export.create';
      const campaign = await readableCampaign(ctx, v.c, action);
      if (!campaign) {
        await ctx.answerCallbackQuery({ text: ctx.t('cp-stale') });
        return;
      }
      await ctx.answerCallbackQuery();
      const { campaigns } = await readableCampaigns(ctx, action);
      await (v.to === 'sm' ? sendSummary : sendExport)(ctx, NONE, campaign, { others: campaigns.length > 1 });
    },
    pickerFor('sm', 'sx'),
  ),
);

/** "Another campaign" under a summary or a workbook: the picker. */
pm.callbackQuery(
  listCampaigns.pattern,
  button(
    listCampaigns,
    async (ctx, v) => {
      const { campaigns, running } = await readableCampaigns(
        ctx,
        v.to === 'sm' ? 'summary.view' : 'export.create',
      );
      if (campaigns.length === 0) {
        await ctx.answerCallbackQuery({ text: ctx.t('cp-stale') });
        return;
      }
      await ctx.answerCallbackQuery();
      const picker = campaignPicker(ctx.t.bind(ctx), campaigns, v.to, todayOf(ctx), running);
      await ctx.reply(picker.text, { reply_markup: picker.keyboard });
    },
    pickerFor('sm', 'sx'),
  ),
);

/**
 * A summary, export or filter button: its campaign (one this person may read) and filters, or
 * "no longer valid" when the payload, the campaign or the field it names does not hold.
 */
function onFilters(
  def: typeof summaryButton,
  handler: (ctx: BotContext, b: { campaign: CampaignDoc; filters: Filters }) => Promise<void>,
) {
  pm.callbackQuery(
    def.pattern,
    button(def, async (ctx, v) => {
      const b = await fromButton(ctx, v);
      if (!b) {
        await ctx.answerCallbackQuery({ text: ctx.t('form-button-stale') });
        return;
      }
      await handler(ctx, b);
    }),
  );
}

onFilters(exportButton, async (ctx, b) => {
  await ctx.answerCallbackQuery();
  await sendExport(ctx, b.filters, b.campaign);
});

onFilters(summaryButton, async (ctx, b) => {
  await ctx.answerCallbackQuery();
  await sendSummary(ctx, b.filters, b.campaign);
});

/** The filter menu: fields, collective/individual, the previous period, child units. */
onFilters(filterButton, async (ctx, { campaign, filters: f }) => {
  const scope = await resolveSummaryScope(ctx.principal, campaign, f as SummaryFilters, 'summary.view');
  if (!scope.ok) {
    await ctx.answerCallbackQuery({ text: ctx.t(`sm-fail-${scope.reason}`), show_alert: true });
    return;
  }
  await ctx.answerCallbackQuery();
  const lang = ctx.user?.language ?? 'vi';
  const filtered = (next: Filters) => summaryButton.build(encodeFilters(next, campaign));
  const kb = new InlineKeyboard();
  campaign.fields.forEach((x, i) => {
    kb.text(
      `${f.field === x.code ? '✓ ' : ''}${(lang === 'en' && x.nameEn) || x.name}`,
      filtered({ ...f, field: f.field === x.code ? null : x.code }),
    );
    if (i % 2 === 1) kb.row();
  });
  kb.row();
  for (const kind of ['collective', 'individual'] as const) {
    kb.text(
      `${f.ownerKind === kind ? '✓ ' : ''}${ctx.t(`owner-${kind}`)}`,
      filtered({ ...f, ownerKind: f.ownerKind === kind ? null : kind }),
    );
  }
  kb.row();
  const children = await childUnitNames(f.unitId ?? scope.scopeUnitId, 24);
  children.forEach((u, i) => {
    kb.text(u.name, filtered({ ...f, unitId: u.id }));
    if (i % 2 === 1) kb.row();
  });
  kb.row().text(ctx.t('sm-button-clear'), filtered(NONE));
  const period = f.periodKey ? formatPeriod(f.periodKey) : ctx.t('sm-current-period');
  await ctx.reply(ctx.t('sm-filter-menu', { period }), { reply_markup: kb });
});
