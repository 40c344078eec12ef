import { InlineKeyboard } from 'grammy';
import { formatDay } from '../../domain/calendar.ts';
import { type FormField, showEnv } from '../../domain/forms/field.ts';
import { reviewActionForms } from '../../domain/forms/review-actions.ts';
import { clip, escapeHtml } from '../../domain/text.ts';
import type { ReplicationsView } from '../../services/replications.ts';
import type { Standings } from '../../services/rounds.ts';
import type { StageView } from '../../services/stage-queue.ts';
import { cb, cbAfterHonour, STAGE_NAMES } from '../callback-data.ts';
import type { BotContext } from '../context.ts';
import { cardParts } from './form-card.ts';

/** The stage tabs of /duyet, each with its count. */
export function stageTabs(ctx: BotContext, v: StageView): { text: string; keyboard: InlineKeyboard } {
  const kb = new InlineKeyboard();
  STAGE_NAMES.forEach((s, i) => {
    kb.text(ctx.t(`stages-tab-${s}`, { count: v.counts[s] }), cb.tab.build({ s }));
    if (i % 2 === 1) kb.row();
  });
  if (v.writable)
    kb.row().text(ctx.t('hb-button-enter'), cbAfterHonour.honouredBefore.build({ c: v.campaignId }));
  return { text: ctx.t('stages-title'), keyboard: kb };
}

const nf = (lang: string) =>
  new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'vi-VN', { maximumFractionDigits: 1 });

/** One stage's list with the buttons that act on it (forward, score, open, ranking, decide). */
export function stageList(
  ctx: BotContext,
  v: StageView,
  extra: { replicationCounts?: Map<string, number> } = {},
): { text: string; keyboard: InlineKeyboard } {
  const kb = new InlineKeyboard();
  if (v.items.length === 0) return { text: ctx.t('stages-empty'), keyboard: kb };
  const lines = v.items.map((item, i) => {
    const base = {
      n: i + 1,
      code: item.code,
      title: escapeHtml(clip(item.title, 80)),
      unit: escapeHtml(item.unitName),
    };
    switch (v.stage) {
      case 'forward':
        kb.text(ctx.t('stages-button-forward', { code: item.code }), cb.forward.build({ i: item.id })).row();
        break;
      case 'appraise':
        kb.text(
          ctx.t('stages-button-score', { code: item.code }),
          cb.score.build({ r: item.roundId!, i: item.id }),
        ).row();
        break;
      case 'select':
        break;
      case 'honour':
        kb.text(
          ctx.t('stages-button-decide', { name: clip(item.title, 30) }),
          cb.decide.build({ r: item.id }),
        ).row();
        break;
      case 'rounds':
        if (item.opened)
          kb.text(
            ctx.t('stages-button-standings', { name: clip(item.title, 30) }),
            cb.standings.build({ r: item.id }),
          ).row();
        else {
          const [d, u] = item.id.split('@') as [string, string];
          kb.text(
            ctx.t('stages-button-open', { name: clip(item.title, 24), unit: clip(item.unitName, 16) }),
            cb.openRound.build({ d, u }),
          ).row();
        }
        break;
      case 'replications':
        kb.text(
          ctx.t('rp-button-view', { code: item.code }),
          cbAfterHonour.replications.build({ i: item.id }),
        ).row();
        // The derived count (settleReplicationCount): replications recorded from either side.
        return ctx.t('stages-line-replication', {
          ...base,
          count: item.replications ?? extra.replicationCounts?.get(item.id) ?? 0,
        });
      default:
        break;
    }
    return ctx.t('stages-line', base);
  });
  if (v.stage === 'select') {
    // One ranking per round with nominees to select.
    const rounds = [...new Map(v.items.map((x) => [x.roundId!, x])).values()];
    for (const r of rounds)
      kb.text(
        ctx.t('stages-button-standings', { name: clip(r.code, 30) }),
        cb.standings.build({ r: r.roundId! }),
      ).row();
  }
  return { text: `${ctx.t(`stages-list-${v.stage}`)}\n\n${lines.join('\n')}`, keyboard: kb };
}

/**
 * A round's card: council, quota, ranked nominees with every score and its comment; the chair's
 * buttons. Sent with `replyPaged`: a round of many nominees goes over one message.
 */
export function roundCard(
  ctx: BotContext,
  s: Standings,
  opts: { chair: boolean },
): { text: string; keyboard: InlineKeyboard } {
  const lang = ctx.user?.language ?? 'vi';
  const n = nf(lang);
  const r = s.round;
  const name = lang === 'en' ? r.nameEn || r.name : r.name;
  const kb = new InlineKeyboard();
  const lines = [
    ctx.t('stages-round-title', { round: escapeHtml(name), unit: escapeHtml(r.unitName) }),
    ctx.t('stages-round-meta', {
      members: escapeHtml(r.council.map((m) => m.name).join(', ')),
      chair: escapeHtml(r.chairName),
      quota: r.quota,
      selected: s.selected,
    }),
  ];
  // The decision as the chair gave it, placed and shown by the rows of the review-action table.
  if (r.decisionNo) {
    const { head } = cardParts(
      reviewActionForms.decide as FormField<never>[],
      r as unknown as Record<string, unknown>,
      showEnv(ctx.t.bind(ctx), lang),
    );
    lines.push(ctx.t('stages-round-decision', { decision: '', date: '', ...head }));
  }
  lines.push('');
  if (s.rows.length === 0) lines.push(ctx.t('stages-round-none'));
  for (const row of s.rows) {
    lines.push(
      ctx.t('stages-round-row', {
        rank: row.rank ?? '–',
        code: row.code,
        title: escapeHtml(clip(row.title, 60)),
        mean: row.mean === null ? '—' : n.format(row.mean),
        count: row.count,
        outcome: ctx.t(`stages-outcome-${row.outcome}`),
      }),
    );
    for (const sc of row.scores) {
      lines.push(
        ctx.t('stages-round-score', {
          member: escapeHtml(sc.memberName),
          total: n.format(sc.total),
          max: sc.max,
        }),
      );
      // The member's general comment, in full (a long card is paged by the sender, never cut).
      if (sc.comment) lines.push(ctx.t('stages-round-comment', { comment: escapeHtml(sc.comment) }));
    }
    if (
      opts.chair &&
      r.status === 'open' &&
      row.outcome === 'nominated' &&
      row.status === 'appraised' &&
      s.selected < r.quota
    ) {
      kb.text(
        ctx.t('stages-button-select', { code: row.code }),
        cb.select.build({ r: String(r._id), i: row.initiativeId }),
      ).row();
    }
  }
  if (opts.chair && r.status === 'open' && s.selected > 0) {
    kb.text(
      ctx.t('stages-button-decide', { name: clip(name, 30) }),
      cb.decide.build({ r: String(r._id) }),
    ).row();
  }
  return { text: lines.join('\n'), keyboard: kb };
}

/** A source model's replications, from either side, with the buttons that add one. */
export function replicationsCard(
  ctx: BotContext,
  v: ReplicationsView,
): { text: string; keyboard: InlineKeyboard } {
  const kb = new InlineKeyboard();
  const lines = [
    ctx.t('rp-title', {
      code: v.source.code,
      title: escapeHtml(clip(v.source.title, 80)),
      unit: escapeHtml(v.source.unitName),
      count: v.count,
    }),
  ];
  for (const h of v.source.honours)
    lines.push(
      ctx.t(h.beforeCampaign ? 'rp-honour-before' : 'rp-honour', {
        level: ctx.t(`level-${h.level}`),
        occasion: h.occasion,
        decision: escapeHtml(h.decisionNo),
        date: h.decisionDate ? formatDay(h.decisionDate) : String(h.year),
      }),
    );
  lines.push('');
  if (v.models.length === 0 && v.units.length === 0) lines.push(ctx.t('rp-none'));
  for (const m of v.models)
    lines.push(
      ctx.t('rp-line-model', {
        code: m.code,
        title: escapeHtml(clip(m.title, 60)),
        unit: escapeHtml(m.unitName),
      }),
    );
  for (const u of v.units)
    lines.push(
      ctx.t('rp-line-unit', {
        unit: escapeHtml(u.unitName),
        note: u.note ? ` (${escapeHtml(clip(u.note, 80))})` : '',
      }),
    );
  if (v.canRecord) {
    kb.text(
      ctx.t('rp-button-add-model'),
      cbAfterHonour.addReplication.build({ i: v.source.id, k: 'm' }),
    ).row();
    kb.text(
      ctx.t('rp-button-add-unit'),
      cbAfterHonour.addReplication.build({ i: v.source.id, k: 'u' }),
    ).row();
  }
  return { text: lines.join('\n'), keyboard: kb };
}
