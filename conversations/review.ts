import type { BotDeps, FormContext, FormConversation } from '../src/bot/context.ts';
import { sendDirect } from '../src/bot/notify.ts';
import { tellCadres } from '../src/bot/review-notices.ts';
import { reviewFailureText } from '../src/bot/views/review-texts.ts';
import { formatDay } from '../src/domain/calendar.ts';
import { showEnv } from '../src/domain/forms/field.ts';
import {
  keptAnswers,
  type ReviewActionData,
  reviewActionFields,
  reviewAnswers,
  reviewAskEnv,
} from '../src/domain/forms/review-actions.ts';
import type { InitiativeStatus } from '../src/domain/lifecycle.ts';
import { formatPeriod } from '../src/domain/phases.ts';
import { translator } from '../src/i18n.ts';
import {
  checkReviewAction,
  type InitiativeActionResult,
  modelIdByCode,
  type ReviewFailure,
  recordReplication,
  returnRegistration,
  reviewSubject,
  verifyReport,
} from '../src/services/reviews.ts';
import { decideCheck, decideRound, scoreCheck, scoreNominee } from '../src/services/rounds.ts';
import { complain, escapeHtml, type FormIO } from './form/engine.ts';
import { fillForm, stepsFromTable } from './form/steps.ts';
import { makeIO, plain } from './shared.ts';

export interface ReviewArgs {
  lang: string;
  action: 'return' | 'question' | 'replicate' | 'score' | 'decide';
  targetId: string;
  expected: string;
  /** For `score` and `decide`: the round (issue 10). */
  roundId?: string;
}

/**
 * Asks the rows of an action's table (src/domain/forms/review-actions.ts) with the form engine:
 * each question, its check and the clear message for a bad answer come from the table; /huy
 * cancels (null). Answers already in `data` are not asked again (a replication asks only its code
 * again when the code is unknown).
 */
async function askRows(
  io: FormIO,
  ctx: FormContext,
  lang: string,
  fields: ReturnType<typeof reviewActionFields>,
  data: ReviewActionData,
): Promise<{ answers: Record<string, unknown>; data: ReviewActionData; ctx: FormContext } | null> {
  const env = { ask: reviewAskEnv(io.t, lang), show: showEnv(io.t, lang) };
  const filled = await fillForm(io, ctx, stepsFromTable(fields, env, {}), data, async () => {});
  if (filled.kind === 'cancel') return null;
  const answers = reviewAnswers(fields, filled.data);
  // Every row was checked when answered; a value the table refuses here is a defect, not input.
  if (!answers.ok) throw new Error(`review form: the answer to "${answers.key}" does not pass its row`);
  return { answers: answers.value, data: filled.data, ctx: filled.ctx };
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
    const failure = (f: ReviewFailure) =>
      `⚠️ ${reviewFailureText(f, args.lang, { criteria: setup.criteria.map((c) => ({ code: c.code, name: c.name, nameEn: c.name })) })}`;
    // The action's questions, from its table (src/domain/forms/review-actions.ts).
    const fields = reviewActionFields(args.action, setup);
    const ask = (data: ReviewActionData = { subject: setup }, from: FormContext = ctx) =>
      askRows(io, from, args.lang, fields, data);

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
        const filled = await ask();
        if (!filled) return void (await ctx.reply(t('form-cancelled')));
        const reason = String(filled.answers.returnReason);
        const answers = keptAnswers('return', filled.answers);
        const r = await conversation.external((octx) =>
          returnRegistration(octx.principal, args.targetId, reason, deps.clock, {
            expectedStatus,
            answers,
          }).then(plain),
        );
        return done(r);
      }
      case 'question': {
        const filled = await ask();
        if (!filled) return void (await ctx.reply(t('form-cancelled')));
        const note = String(filled.answers.verificationNote);
        const answers = keptAnswers('question', filled.answers);
        const r = await conversation.external((octx) =>
          verifyReport(
            octx.principal,
            args.targetId,
            { verdict: 'questioned', note, answers },
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
        const filled = await ask();
        if (!filled) return void (await ctx.reply(t('form-cancelled')));
        const { scores, comment } = filled.answers as {
          scores: { criterion: string; score: number }[];
          comment: string | null;
        };
        const answers = keptAnswers('score', filled.answers);
        const r = await conversation.external((octx) =>
          scoreNominee(
            octx.principal,
            {
              answers,
              roundId: args.roundId ?? '',
              initiativeId: args.targetId,
              scores,
              comment: comment ?? '',
            },
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
        const filled = await ask();
        if (!filled) return void (await ctx.reply(t('form-cancelled')));
        const { decisionNo, decisionDate } = filled.answers;
        const day = String(decisionDate);
        const answers = keptAnswers('decide', filled.answers);
        const r = await conversation.external((octx) =>
          decideRound(
            octx.principal,
            { answers, roundId: args.targetId, decisionNo: String(decisionNo), decisionDate: day },
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
        let filled = await ask();
        for (;;) {
          if (!filled) return void (await ctx.reply(t('form-cancelled')));
          const code = String(filled.answers.sourceCode);
          const answers = keptAnswers('replicate', filled.answers);
          // An unknown code, or one the service refuses as invalid, is asked again.
          const again = { ...filled.data, sourceCode: undefined };
          const source = await conversation.external(() => modelIdByCode(code));
          if (!source) {
            await complain(io, filled.ctx, { key: 'rq-source-not-found', args: { code } });
            filled = await ask(again, filled.ctx);
            continue;
          }
          const r = await conversation.external((octx) =>
            recordReplication(
              octx.principal,
              { answers, sourceId: source, replicaId: args.targetId },
              deps.clock,
            ).then(plain),
          );
          if (!r.ok) {
            await ctx.reply(failure(r));
            if (r.reason !== 'invalid') return;
            filled = await ask(again, filled.ctx);
            continue;
          }
          await ctx.reply(t('rq-done-replicated', { source: r.source.code, replica: r.replica.code }));
          await conversation.external((octx) => tellCadres(octx.api, r, deps.logger));
          return;
        }
      }
    }
  };
}
