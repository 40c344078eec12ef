import { Composer, InlineKeyboard, InputFile } from 'grammy';
import { z } from 'zod';
import {
  buildDocument,
  DOCUMENT_KINDS,
  type DocumentKind,
  documentScope,
  documentScopes,
  honouringRounds,
} from '../../services/documents/index.ts';
import type { CampaignDoc } from '../../services/records.ts';
import { defineCallback, int, objectId, optional, text } from '../callback-data.ts';
import type { BotContext } from '../context.ts';
import { readableCampaign, readableCampaigns, todayOf } from './campaign-of.ts';

/**
 * /vanban (/documents): official documents as Word files (issue 11), for coordinators and the
 * board. The person picks the document, the round (report and commendation list), then the scope
 * (their own unit or one of its child units); a "preparing" message gives way to the file.
 * Permission (`export.create` on the unit, as for the workbook) is checked before the first
 * button is shown and again on every button, whatever it carries.
 */

export const documentsFeature = new Composer<BotContext>();
const pm = documentsFeature.chatType('private');

// --- Typed buttons of /vanban (issue 11) ----------------------------------------------------
const kindCode = text(z.enum(DOCUMENT_KINDS));
/** Document chosen: `vd:<campaign>:<kind>`. */
export const docKindButton = defineCallback('vd', { c: objectId, k: kindCode });
/** Round chosen (its place in the campaign's honouring rounds): `vr:<campaign>:<kind>:<round>`. */
export const docRoundButton = defineCallback('vr', { c: objectId, k: kindCode, r: int(0, 99) });
/** Another page of the scope picker's units: `vp:<campaign>:<kind>:<round|>:<unit>:<page>`. */
export const docScopePageButton = defineCallback('vp', {
  c: objectId,
  k: kindCode,
  r: optional(int(0, 99)),
  u: objectId,
  p: int(0, 999),
});
/** Scope chosen, draft it: `vg:<campaign>:<kind>:<round|>:<unit>`. */
export const docMakeButton = defineCallback('vg', {
  c: objectId,
  k: kindCode,
  r: optional(int(0, 99)),
  u: objectId,
});

/** Child units per page of the scope picker (two per row). */
const SCOPE_PAGE = 20;

/** The campaign a button names, if this person may draft documents in it (forged ids: null). */
async function campaignFor(ctx: BotContext, id: string): Promise<CampaignDoc | null> {
  const campaign = await readableCampaign(ctx, id, 'export.create');
  if (!campaign) return null;
  return (await documentScope(ctx.principal, campaign)) ? campaign : null;
}

pm.command(['vanban', 'documents'], async (ctx) => {
  const { campaigns, running, allowed } = await readableCampaigns(ctx, 'export.create');
  const campaign = running ?? campaigns[0] ?? null;
  if (!allowed || !campaign || !(await documentScope(ctx.principal, campaign))) {
    await ctx.reply(ctx.t(allowed && !campaign ? 'register-no-campaign' : 'vb-fail-not-allowed'));
    return;
  }
  const c = String(campaign._id);
  const kb = new InlineKeyboard();
  for (const k of DOCUMENT_KINDS) kb.text(ctx.t(`vb-doc-${k}`), docKindButton.build({ c, k })).row();
  await ctx.reply(ctx.t('vb-pick-document', { campaign: campaign.name }), { reply_markup: kb });
});

/**
 * The scope picker: the person's whole unit, then its child units a page at a time (◀ ▶ under
 * them when there are more), so that every commune of a province of a hundred can be picked.
 */
async function scopePicker(
  ctx: BotContext,
  campaign: CampaignDoc,
  k: DocumentKind,
  r: number | null,
  scopeId: string,
  page: number,
): Promise<{ text: string; kb: InlineKeyboard } | null> {
  const { scope, children, total } = await documentScopes(scopeId, {
    offset: page * SCOPE_PAGE,
    limit: SCOPE_PAGE,
  });
  const pages = Math.max(1, Math.ceil(total / SCOPE_PAGE));
  if (page >= pages) return null;
  const c = String(campaign._id);
  const kb = new InlineKeyboard()
    .text(ctx.t('vb-scope-whole', { name: scope.name }), docMakeButton.build({ c, k, r, u: scope.id }))
    .row();
  children.forEach((u, i) => {
    kb.text(u.name, docMakeButton.build({ c, k, r, u: u.id }));
    if (i % 2 === 1) kb.row();
  });
  if (pages > 1) {
    kb.row();
    const turn = (p: number) => docScopePageButton.build({ c, k, r, u: scope.id, p });
    if (page > 0) kb.text(ctx.t('vb-scope-previous'), turn(page - 1));
    if (page < pages - 1) kb.text(ctx.t('vb-scope-next'), turn(page + 1));
  }
  const note = pages > 1 ? `\n${ctx.t('vb-scope-page', { page: page + 1, pages, total })}` : '';
  return { text: `${ctx.t('vb-pick-scope')}${note}`, kb };
}

async function askScope(ctx: BotContext, campaign: CampaignDoc, k: DocumentKind, r: number | null) {
  const scopeId = await documentScope(ctx.principal, campaign);
  const picker = scopeId ? await scopePicker(ctx, campaign, k, r, scopeId, 0) : null;
  if (!picker) return false;
  await ctx.reply(picker.text, { reply_markup: picker.kb });
  return true;
}

pm.callbackQuery(/^vp:/, async (ctx) => {
  const v = docScopePageButton.parse(ctx.callbackQuery.data);
  const campaign = v ? await campaignFor(ctx, v.c) : null;
  // The unit must lie in the presser's own scope, checked now, not when the button was made.
  const unitId = campaign && v ? await documentScope(ctx.principal, campaign, v.u) : null;
  const valid =
    v &&
    campaign &&
    unitId &&
    (v.k === 'models' ? v.r === null : v.r !== null && honouringRounds(campaign)[v.r]);
  const picker =
    v && campaign && unitId && valid ? await scopePicker(ctx, campaign, v.k, v.r, unitId, v.p) : null;
  if (!picker) {
    await ctx.answerCallbackQuery({ text: ctx.t('vb-stale') });
    return;
  }
  await ctx.answerCallbackQuery();
  // The page comes as a new message (as the review queue's pages do); the old page's buttons go.
  await ctx.editMessageReplyMarkup().catch(() => {});
  await ctx.reply(picker.text, { reply_markup: picker.kb });
});

pm.callbackQuery(/^vd:/, async (ctx) => {
  const v = docKindButton.parse(ctx.callbackQuery.data);
  const campaign = v ? await campaignFor(ctx, v.c) : null;
  if (!v || !campaign) {
    await ctx.answerCallbackQuery({ text: ctx.t('vb-stale') });
    return;
  }
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup().catch(() => {});
  if (v.k === 'models') {
    await askScope(ctx, campaign, v.k, null);
    return;
  }
  const rounds = honouringRounds(campaign);
  if (rounds.length === 0) {
    await ctx.reply(ctx.t('vb-no-rounds'));
    return;
  }
  const kb = new InlineKeyboard();
  rounds.forEach((r, i) => {
    const name = (ctx.user?.language === 'en' && r.nameEn) || r.name;
    kb.text(name, docRoundButton.build({ c: v.c, k: v.k, r: i })).row();
  });
  await ctx.reply(ctx.t('vb-pick-round'), { reply_markup: kb });
});

pm.callbackQuery(/^vr:/, async (ctx) => {
  const v = docRoundButton.parse(ctx.callbackQuery.data);
  const campaign = v ? await campaignFor(ctx, v.c) : null;
  if (!v || !campaign || v.k === 'models' || !honouringRounds(campaign)[v.r]) {
    await ctx.answerCallbackQuery({ text: ctx.t('vb-stale') });
    return;
  }
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup().catch(() => {});
  await askScope(ctx, campaign, v.k, v.r);
});

pm.callbackQuery(/^vg:/, async (ctx) => {
  const v = docMakeButton.parse(ctx.callbackQuery.data);
  const campaign = v ? await campaignFor(ctx, v.c) : null;
  const round = campaign && v && v.r !== null ? honouringRounds(campaign)[v.r] : null;
  // The unit must lie in the presser's own scope, checked now, not when the button was made.
  const unitId = campaign && v ? await documentScope(ctx.principal, campaign, v.u) : null;
  if (!v || !campaign || !unitId || (v.k !== 'models' && !round)) {
    await ctx.answerCallbackQuery({ text: ctx.t('vb-stale') });
    return;
  }
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup().catch(() => {});
  const preparing = await ctx.reply(ctx.t('vb-preparing'));
  try {
    await ctx.replyWithChatAction('upload_document').catch(() => {});
    const doc = await buildDocument({
      kind: v.k,
      campaign,
      scopeUnitId: unitId,
      defCode: round?.code ?? null,
      today: todayOf(ctx),
      timeZone: ctx.deps.config.TIME_ZONE,
    });
    await ctx.replyWithDocument(new InputFile(doc.buffer, doc.fileName), {
      caption: ctx.t('vb-caption', { what: doc.what, unit: doc.unitName }),
    });
  } finally {
    // The file is here (or the error is about to be told): "preparing…" has done its job.
    await ctx.api.deleteMessage(preparing.chat.id, preparing.message_id).catch(() => {});
  }
});
