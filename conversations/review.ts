import type { BotDeps, FormContext, FormConversation } from '../src/bot/context.ts';
import { sendDirect } from '../src/bot/notify.ts';
import { tellCadres } from '../src/bot/review-notices.ts';
import { reviewFailureText } from '../src/bot/views/review-texts.ts';
import { formatDay } from '../src/domain/calendar.ts';
import { parseQuantity, parseVnDate } from '../src/domain/input.ts';
import type { InitiativeStatus } from '../src/domain/lifecycle.ts';
import { formatPeriod } from '../src/domain/phases.ts';
import { translator } from '../src/i18n.ts';
import {
  checkReviewAction,
  type InitiativeActionResult,
  LIMITS,
  modelIdByCode,
  type ReviewFailure,
  recordReplication,
  returnRegistration,
  reviewSubject,
  verifyReport,
} from '../src/services/reviews.ts';
import { decideCheck, decideRound, scoreCheck, scoreNominee } from '../src/services/rounds.ts';
import { ask, complain, escapeHtml, type FormIO } from './form/engine.ts';
import { makeIO, plain } from './shared.ts';

export interface ReviewArgs {
  lang: string;
  action: 'return' | 'question' | 'replicate' | 'score' | 'decide';
  targetId: string;
  expected: string;
  /** For `score` and `decide`: the round (issue 10). */
  roundId?: string;
}

type Outcome<T> = { ok: true; value: T; ctx: FormContext } | { ok: false };

/** Ask for a line of text until it is given (or the reviewer cancels). */
async function askText(
  io: FormIO,
  ctx: FormContext,
  key: string,
  args: Record<string, string | number>,
  opts: { skip?: boolean; max: number },
): Promise<Outcome<string>> {
  let current = ctx;
  for (;;) {
    const r = await ask(io, current, { text: io.t(key, args), skip: opts.skip });
    if (r.kind === 'cancel') return { ok: false };
    if (r.kind === 'skip') return { ok: true, value: '', ctx: current };
    if (r.kind === 'media') {
      await complain(io, r.ctx, { key: 'err-expected-text' });
      current = r.ctx;
      continue;
    }
    if (r.kind !== 'text') continue;
    current = r.ctx;
    const text = r.text.trim();
    if (text.length === 0) await complain(io, r.ctx, { key: 'err-too-short', args: { min: 1 } });
    else if (text.length > opts.max)
      await complain(io, r.ctx, { key: 'err-too-long', args: { max: opts.max } });
    else return { ok: true, value: text, ctx: r.ctx };
  }
}

async function askChoice(
  io: FormIO,
  ctx: FormContext,
  key: string,
  choices: { label: string; value: string }[],
): Promise<Outcome<string>> {
  let current = ctx;
  for (;;) {
    const r = await ask(io, current, { text: io.t(key), choices: choices.map((c) => [c]) });
    if (r.kind === 'cancel') return { ok: false };
    if (r.kind === 'choice' && choices.some((c) => c.value === r.value))
      return { ok: true, value: r.value, ctx: r.ctx };
    if (r.kind === 'text' || r.kind === 'media') {
      await complain(io, r.ctx, { key: 'err-use-buttons' });
      current = r.ctx;
    }
  }
}

interface Criterion {
  code: string;
  name: string;
  maxScore: number;
}

/**
 * A score per criterion (within its maximum), a comment that may be skipped, and a confirmation
 * showing the total: a council member's score of a nominee.
 */
async function askScores(
  io: FormIO,
  ctx: FormContext,
  head: { code: string; title: string },
  criteria: Criterion[],
): Promise<{ scores: { criterion: string; score: number }[]; comment: string } | null> {
  const t = io.t;
  const scores: { criterion: string; score: number }[] = [];
  let current = ctx;
  for (const c of criteria) {
    for (;;) {
      const r = await ask(io, current, {
        text: t('rq-ask-score', {
          ...head,
          criterion: escapeHtml(c.name),
          max: c.maxScore,
          index: scores.length + 1,
          count: criteria.length,
        }),
      });
      if (r.kind === 'cancel') return null;
      if (r.kind !== 'text') {
        if (r.kind === 'media') await complain(io, r.ctx, { key: 'err-expected-text' });
        continue;
      }
      current = r.ctx;
      const n = parseQuantity(r.text);
      if (!n.ok) await complain(io, r.ctx, n.problem);
      else if (n.value > c.maxScore)
        await complain(io, r.ctx, { key: 'rq-score-too-high', args: { max: c.maxScore } });
      else {
        scores.push({ criterion: c.code, score: n.value });
        break;
      }
    }
  }
  const comment = await askText(io, current, 'rq-ask-comment', head, {
    skip: true,
    max: LIMITS.comment,
  });
  if (!comment.ok) return null;
  const total = scores.reduce((s, x) => s + x.score, 0);
  const max = criteria.reduce((s, c) => s + c.maxScore, 0);
  const confirm = await askChoice(io, comment.ctx, 'rq-confirm-appraisal', [
    { label: t('rq-confirm-appraisal-button', { total, max }), value: 'ok' },
  ]);
  if (!confirm.ok) return null;
  return { scores, comment: comment.value };
}

/**
 * The review actions that need a few words or numbers from the reviewer: return (reason),
 * question a report (note), replicate (the source model's code), and in a round a council
 * member's score (a score per criterion, comment) and the chair's decision (number, date). The
 * service checks permission and state again when the answer is in.
 */
export function reviewConversation(deps: BotDeps) {
  return async function review(conversation: FormConversation, ctx: FormContext, args: ReviewArgs) {
    const t = translator(args.lang);
    const io = await makeIO(conversation, t);
    const expectedStatus = args.expected as InitiativeStatus;
    // Checked again here (the conversation may be entered or replayed later than the button):
    // nothing of the model is read or shown to a person who may not act on it.
    const allowed = await conversation.external(async (octx) => {
      if (args.action === 'score') {
        const refused = await scoreCheck(octx.principal, args.roundId ?? '', args.targetId);
        return plain(refused ?? { ok: true as const });
      }
      if (args.action === 'decide') {
        const r = await decideCheck(octx.principal, args.targetId);
        return plain(r.ok ? { ok: true as const } : r);
      }
      return checkReviewAction(octx.principal, args.action, args.targetId).then(plain);
    });
    if (!allowed.ok) {
      await ctx.reply(`⚠️ ${reviewFailureText(allowed, args.lang)}`);
      return;
    }
    const setup = await conversation.external(() =>
      reviewSubject(
        args.action === 'decide' ? 'round' : args.action === 'question' ? 'report' : 'initiative',
        args.targetId,
        args.lang,
      ).then(plain),
    );
    if (!setup.code) {
      await ctx.reply(t('review-fail-not-found'));
      return;
    }
    const head = { code: setup.code, title: escapeHtml(setup.title) };
    const failure = (f: ReviewFailure) =>
      `⚠️ ${reviewFailureText(f, args.lang, { criteria: setup.criteria.map((c) => ({ code: c.code, name: c.name, nameEn: c.name })) })}`;

    const done = async (result: InitiativeActionResult) => {
      if (!result.ok) {
        await ctx.reply(failure(result));
        return;
      }
      await ctx.reply(t('rq-done', { code: result.initiative.code, status: t(`status-${result.to}`) }));
      await conversation.external((octx) => tellCadres(octx.api, result, deps.logger));
    };

    switch (args.action) {
      case 'return': {
        const reason = await askText(io, ctx, 'rq-ask-reason', head, { max: LIMITS.reason });
        if (!reason.ok) return void (await ctx.reply(t('form-cancelled')));
        const r = await conversation.external((octx) =>
          returnRegistration(octx.principal, args.targetId, reason.value, deps.clock, {
            expectedStatus,
          }).then(plain),
        );
        return done(r);
      }
      case 'question': {
        const note = await askText(
          io,
          ctx,
          'rq-ask-note',
          { ...head, period: formatPeriod(setup.period) },
          { max: LIMITS.note },
        );
        if (!note.ok) return void (await ctx.reply(t('form-cancelled')));
        const r = await conversation.external((octx) =>
          verifyReport(
            octx.principal,
            args.targetId,
            { verdict: 'questioned', note: note.value },
            deps.clock,
          ).then(plain),
        );
        if (!r.ok) return void (await ctx.reply(failure(r)));
        await ctx.reply(
          t('rq-done-questioned', { code: r.initiative.code, period: formatPeriod(r.report.periodKey) }),
        );
        await conversation.external((octx) => tellCadres(octx.api, r, deps.logger));
        return;
      }
      case 'score': {
        const answers = await askScores(io, ctx, head, setup.criteria);
        if (!answers) return void (await ctx.reply(t('form-cancelled')));
        const { scores, comment } = answers;
        const r = await conversation.external((octx) =>
          scoreNominee(
            octx.principal,
            { roundId: args.roundId ?? '', initiativeId: args.targetId, scores, comment },
            deps.clock,
          ).then(plain),
        );
        if (!r.ok) return void (await ctx.reply(failure(r)));
        const nf = new Intl.NumberFormat(args.lang === 'en' ? 'en-GB' : 'vi-VN', {
          maximumFractionDigits: 1,
        });
        await ctx.reply(
          t('stages-scored', {
            total: nf.format(r.score.total),
            max: r.score.max,
            code: r.initiative.code,
            mean: r.mean === null ? '—' : nf.format(r.mean),
            count: r.count,
          }),
        );
        if (r.appraised) {
          await ctx.reply(
            t('stages-scored-complete', { code: r.initiative.code, mean: nf.format(r.mean ?? 0) }),
          );
        }
        return;
      }
      case 'decide': {
        const decision = await askText(
          io,
          ctx,
          'stages-ask-decision',
          { round: escapeHtml(setup.code) },
          {
            max: LIMITS.decisionNo,
          },
        );
        if (!decision.ok) return void (await ctx.reply(t('form-cancelled')));
        let current = decision.ctx;
        let date: string | null = null;
        while (date === null) {
          const r = await ask(io, current, { text: t('stages-ask-decision-date') });
          if (r.kind === 'cancel') return void (await ctx.reply(t('form-cancelled')));
          if (r.kind !== 'text') continue;
          current = r.ctx;
          const d = parseVnDate(r.text);
          if (d.ok) date = d.value;
          else await complain(io, r.ctx, d.problem);
        }
        const day = date;
        const r = await conversation.external((octx) =>
          decideRound(
            octx.principal,
            { roundId: args.targetId, decisionNo: decision.value, decisionDate: day },
            deps.clock,
          ).then(plain),
        );
        if (!r.ok) return void (await ctx.reply(failure(r)));
        await ctx.reply(
          t('stages-decided', {
            decision: escapeHtml(r.round.decisionNo ?? ''),
            date: formatDay(day),
            honoured: r.honoured.length,
            declined: r.notSelected.length,
          }),
        );
        await conversation.external(async (octx) => {
          for (const n of r.notify) {
            await sendDirect(
              octx.api,
              [{ telegramId: n.recipient.telegramId, language: n.recipient.language }],
              (tt) =>
                n.honoured
                  ? tt('stages-notice-honoured', {
                      code: n.initiative.code,
                      title: escapeHtml(n.initiative.title),
                      level: tt(`level-${r.round.targetLevel}`),
                      occasion: r.round.occasion ?? 1,
                      decision: escapeHtml(r.round.decisionNo ?? ''),
                      date: formatDay(day),
                    })
                  : tt('stages-notice-not-selected', {
                      code: n.initiative.code,
                      title: escapeHtml(n.initiative.title),
                      round: escapeHtml(r.round.name),
                    }),
              null,
              deps.logger,
            );
          }
        });
        return;
      }
      case 'replicate': {
        let current = ctx;
        for (;;) {
          const code = await askText(io, current, 'rq-ask-source', head, { max: 20 });
          if (!code.ok) return void (await ctx.reply(t('form-cancelled')));
          current = code.ctx;
          const source = await conversation.external(() => modelIdByCode(code.value));
          if (!source) {
            await complain(io, current, { key: 'rq-source-not-found', args: { code: code.value } });
            continue;
          }
          const r = await conversation.external((octx) =>
            recordReplication(
              octx.principal,
              { sourceId: source, replicaId: args.targetId },
              deps.clock,
            ).then(plain),
          );
          if (!r.ok) {
            await ctx.reply(failure(r));
            if (r.reason === 'invalid') continue;
            return;
          }
          await ctx.reply(t('rq-done-replicated', { source: r.source.code, replica: r.replica.code }));
          await conversation.external((octx) => tellCadres(octx.api, r, deps.logger));
          return;
        }
      }
    }
  };
}
