import { Composer, InlineKeyboard, InputFile } from 'grammy';
import { type CampaignDoc, Unit } from '../../db/models/index.ts';
import { formatPeriod } from '../../domain/phases.ts';
import { renderUnitStatusChart } from '../../services/charts.ts';
import { buildExportWorkbook, exportFileName } from '../../services/exports.ts';
import {
  buildSummary,
  formatSummaryText,
  resolveSummaryScope,
  type SummaryFilters,
} from '../../services/summaries.ts';
import type { BotContext } from '../context.ts';
import { campaignOf, todayOf } from './campaign-of.ts';

export const summaryFeature = new Composer<BotContext>();
const pm = summaryFeature.chatType('private');

interface Filters {
  unitId: string | null;
  field: string | null;
  ownerKind: 'collective' | 'individual' | null;
  periodKey: string | null;
}
const NONE: Filters = { unitId: null, field: null, ownerKind: null, periodKey: null };

/** Filters travel in callback data as `u:f:k:p` (`-` for none); they are re-checked on use. */
export function encodeFilters(f: Filters): string {
  return [
    f.unitId ?? '-',
    f.field ?? '-',
    f.ownerKind === 'collective' ? 'c' : f.ownerKind === 'individual' ? 'i' : '-',
    f.periodKey ?? '-',
  ].join(':');
}

export function decodeFilters(s: string): Filters | null {
  const m = /^([a-f0-9]{24}|-):([a-z0-9-]{1,20}|-):([ci-]):(\d{4}-(?:\d{2}|Q[1-4])|-)$/.exec(s);
  if (!m) return null;
  const v = (x: string) => (x === '-' ? null : x);
  return {
    unitId: v(m[1]!),
    field: v(m[2]!),
    ownerKind: m[3] === 'c' ? 'collective' : m[3] === 'i' ? 'individual' : null,
    periodKey: v(m[4]!),
  };
}

const KIND_WORDS: Record<string, 'collective' | 'individual'> = {
  tapthe: 'collective',
  'tập thể': 'collective',
  collective: 'collective',
  canhan: 'individual',
  'cá nhân': 'individual',
  individual: 'individual',
};

/**
 * Arguments typed after the command, as `key=value` or bare values:
 * `/tonghop linhvuc=economy chuthe=tapthe ky=2026-11 donvi=kg-chau-thanh`.
 */
export async function parseFilterArgs(
  text: string,
  campaign: CampaignDoc,
): Promise<Filters | { bad: string }> {
  const f: Filters = { ...NONE };
  for (const token of text.trim().split(/\s+/).filter(Boolean)) {
    const [k, raw] = token.includes('=') ? (token.split('=', 2) as [string, string]) : ['', token];
    const value = raw.trim();
    const key = k.toLowerCase();
    if (['ky', 'kỳ', 'period'].includes(key) || (!key && /^\d{4}-(\d{2}|Q[1-4])$/i.test(value))) {
      f.periodKey = value.toUpperCase().replace(/^(\d{4})-Q/, '$1-Q');
    } else if (['chuthe', 'kind', 'owner'].includes(key) || (!key && KIND_WORDS[value.toLowerCase()])) {
      const kind = KIND_WORDS[value.toLowerCase()];
      if (!kind) return { bad: token };
      f.ownerKind = kind;
    } else if (
      ['linhvuc', 'field'].includes(key) ||
      (!key && campaign.fields.some((x) => x.code === value))
    ) {
      f.field = value;
    } else if (['donvi', 'unit'].includes(key) || !key) {
      const unit = await Unit.findOne({ code: value.toLowerCase() }, { _id: 1 }).lean();
      if (!unit) return { bad: token };
      f.unitId = String(unit._id);
    } else return { bad: token };
  }
  return f;
}

async function sendSummary(ctx: BotContext, filters: Filters, known?: CampaignDoc): Promise<void> {
  const campaign = known ?? (await campaignOf(ctx));
  if (!campaign) {
    await ctx.reply(ctx.t('register-no-campaign'));
    return;
  }
  const scope = await resolveSummaryScope(ctx.principal, campaign, filters as SummaryFilters, 'summary.view');
  if (!scope.ok) {
    await ctx.reply(ctx.t(`sm-fail-${scope.reason}`));
    return;
  }
  const lang = ctx.user?.language ?? 'vi';
  await ctx.replyWithChatAction('typing').catch(() => {});
  const summary = await buildSummary({
    campaign,
    scopeUnitId: scope.scopeUnitId,
    filters: scope.filters,
    today: todayOf(ctx),
    timeZone: ctx.deps.config.TIME_ZONE,
  });
  await ctx.reply(formatSummaryText(summary, lang, { html: true }), { parse_mode: 'HTML' });
  await ctx.replyWithChatAction('upload_photo').catch(() => {});
  const png = await renderUnitStatusChart(summary, { lang });
  const code = encodeFilters(filters);
  const kb = new InlineKeyboard()
    .text(ctx.t('sm-button-export'), `sx:${code}`)
    .text(ctx.t('sm-button-filter'), `sf:${code}`);
  await ctx.replyWithPhoto(new InputFile(png, 'tong-hop.png'), {
    caption: ctx.t('sm-chart-caption', { unit: summary.unit.name }),
    reply_markup: kb,
  });
}

async function sendExport(ctx: BotContext, filters: Filters, known?: CampaignDoc): Promise<void> {
  const campaign = known ?? (await campaignOf(ctx));
  if (!campaign) {
    await ctx.reply(ctx.t('register-no-campaign'));
    return;
  }
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
      today,
      timeZone: ctx.deps.config.TIME_ZONE,
      lang,
    });
    const unit = await Unit.findById(scope.filters.unitId ?? scope.scopeUnitId, { code: 1, name: 1 }).lean();
    await ctx.replyWithDocument(new InputFile(buffer, exportFileName(unit?.code ?? 'all', today, lang)), {
      caption: ctx.t('sm-export-caption', { unit: unit?.name ?? '' }),
    });
  } finally {
    // The file is here (or the error is about to be told): "preparing…" has done its job.
    await ctx.api.deleteMessage(preparing.chat.id, preparing.message_id).catch(() => {});
  }
}

async function fromCommand(
  ctx: BotContext & { match: string },
  send: (ctx: BotContext, f: Filters, campaign: CampaignDoc) => Promise<void>,
) {
  const campaign = await campaignOf(ctx);
  if (!campaign) {
    await ctx.reply(ctx.t('register-no-campaign'));
    return;
  }
  const parsed = await parseFilterArgs(ctx.match, campaign);
  if ('bad' in parsed) {
    await ctx.reply(ctx.t('sm-bad-argument', { arg: parsed.bad }));
    return;
  }
  await send(ctx, parsed, campaign);
}

pm.command(['tonghop', 'summary'], (ctx) => fromCommand(ctx, sendSummary));
pm.command(['xuat', 'export'], (ctx) => fromCommand(ctx, sendExport));

pm.callbackQuery(/^sx:(.+)$/, async (ctx) => {
  const f = decodeFilters(ctx.match[1]!);
  await ctx.answerCallbackQuery();
  if (f) await sendExport(ctx, f);
});

pm.callbackQuery(/^sm:(.+)$/, async (ctx) => {
  const f = decodeFilters(ctx.match[1]!);
  await ctx.answerCallbackQuery();
  if (f) await sendSummary(ctx, f);
});

/** The filter menu: fields, collective/individual, the previous period, child units. */
pm.callbackQuery(/^sf:(.+)$/, async (ctx) => {
  const f = decodeFilters(ctx.match[1]!);
  const campaign = await campaignOf(ctx);
  if (!f || !campaign) {
    await ctx.answerCallbackQuery({ text: ctx.t('form-button-stale') });
    return;
  }
  const scope = await resolveSummaryScope(ctx.principal, campaign, f as SummaryFilters, 'summary.view');
  if (!scope.ok) {
    await ctx.answerCallbackQuery({ text: ctx.t(`sm-fail-${scope.reason}`), show_alert: true });
    return;
  }
  await ctx.answerCallbackQuery();
  const lang = ctx.user?.language ?? 'vi';
  const kb = new InlineKeyboard();
  campaign.fields.forEach((x, i) => {
    kb.text(
      `${f.field === x.code ? '✓ ' : ''}${(lang === 'en' && x.nameEn) || x.name}`,
      `sm:${encodeFilters({ ...f, field: f.field === x.code ? null : x.code })}`,
    );
    if (i % 2 === 1) kb.row();
  });
  kb.row();
  for (const kind of ['collective', 'individual'] as const) {
    kb.text(
      `${f.ownerKind === kind ? '✓ ' : ''}${ctx.t(`owner-${kind}`)}`,
      `sm:${encodeFilters({ ...f, ownerKind: f.ownerKind === kind ? null : kind })}`,
    );
  }
  kb.row();
  const children = await Unit.find({ parentId: f.unitId ?? scope.scopeUnitId, active: true }, { name: 1 })
    .sort({ order: 1 })
    .limit(24)
    .lean();
  children.forEach((u, i) => {
    kb.text(u.name, `sm:${encodeFilters({ ...f, unitId: String(u._id) })}`);
    if (i % 2 === 1) kb.row();
  });
  kb.row().text(ctx.t('sm-button-clear'), `sm:${encodeFilters(NONE)}`);
  const period = f.periodKey ? formatPeriod(f.periodKey) : ctx.t('sm-current-period');
  await ctx.reply(ctx.t('sm-filter-menu', { period }), { reply_markup: kb });
});
