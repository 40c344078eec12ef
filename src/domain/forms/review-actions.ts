import { z } from 'zod';
import { formatDay, isValidDay } from '../calendar.ts';
import { type Parsed, parseQuantity, parseVnDate, parseWith, text } from '../input.ts';
import { formatPeriod } from '../phases.ts';
import { escapeHtml } from '../text.ts';
import { type AskEnv, excelDay, type FormField, storedPaths } from './field.ts';

/**
 * The review actions that take a few words or numbers from the reviewer (conversations/review.ts),
 * one table per action, in the order asked: return a registration (the reason), question a report
 * (the note), record a replication (the source model's code), a council member's score of a
 * nominee (a score per criterion of the round, a comment that may be skipped, a confirmation with
 * the total) and the chair's decision of a round (number, then date).
 *
 * A row says everything about one answer: its key (the key of the record that keeps it and of the
 * service's input object), its question and label (Fluent ids), its check (the same as the
 * service's, so a bad answer gets the reason and the question again, never a refusal after the
 * fact), how a card shows it and its workbook column. The answers go to the action's service
 * function, which stores them in the record it names (`stored: 'explicit'`): Initiative
 * `returnReason`, ProgressReport `verificationNote`, CouncilScore `scores` and `comment`, Round
 * `decisionNo` and `decisionDate`. The cards and the workbook show those values through these rows
 * (src/bot/views/registration-card.ts, report-card.ts, stages.ts; services/exports.ts).
 *
 * Adding an answer to an action is one row here plus its `rq-label-…` and `rq-ask-…` lines in both
 * locales: the reviewer is asked it, the action's record keeps it (`keptAnswerRows` below) and the
 * cards and the workbook show it (test/bot/review-form-table.test.ts proves it with sample rows).
 */

/** What the questions name: the model (code, title), the report's period, the round, criteria. */
export interface ReviewSubject {
  code: string;
  title: string;
  /** The report's period key (questioning a report). */
  period: string;
  criteria: { code: string; name: string; maxScore: number }[];
}

/** The answers so far, beside the subject they are about (never sent to the service). */
export interface ReviewActionData extends Record<string, unknown> {
  subject: ReviewSubject;
}

export type ReviewAction = 'return' | 'question' | 'replicate' | 'score' | 'decide';

/** Longest answers, as the services check them too (services/review/results.ts `LIMITS`). */
export const REVIEW_LIMITS = { reason: 1000, note: 1000, comment: 2000, decisionNo: 80, code: 20 } as const;

type Row = FormField<ReviewActionData>;

/** The subject's model, escaped for the question. */
const head = (d: ReviewActionData) => ({ code: d.subject.code, title: escapeHtml(d.subject.title) });

/** Typed text of at least one character, trimmed: the reason for a return, a note, a number. */
function answer(
  key: string,
  max: number,
  opts: Partial<Row> & {
    /** The question's arguments (the model's code and title when left out). */
    askArgs?: (d: ReviewActionData) => Record<string, string | number>;
    optional?: boolean;
  },
): Row {
  const { askArgs, optional, ...rest } = opts;
  const check = text(1, max);
  return {
    key,
    labelKey: `rq-label-${key}`,
    askKey: `rq-ask-${key}`,
    input: { kind: 'text', parse: (raw) => parseWith(check, raw), askArgs, optional },
    schema: optional ? check.nullable() : check,
    stored: 'explicit',
    show: (v) => String(v),
    card: false,
    export: false,
    editable: false,
    ...rest,
  };
}

const returnReason = answer('returnReason', REVIEW_LIMITS.reason, {
  askKey: 'rq-ask-reason',
  // /mohinh and the card show it under their heading while the model is returned.
  card: 'body',
  export: { key: 'export-col-return-reason', width: 40 },
});

const verificationNote = answer('verificationNote', REVIEW_LIMITS.note, {
  askKey: 'rq-ask-note',
  askArgs: (d) => ({ ...head(d), period: formatPeriod(d.subject.period) }),
  card: 'body',
  export: { key: 'export-col-verification-note', width: 30 },
});

// The code is looked up when given; an unknown one is asked again (conversations/review.ts).
const sourceCode = answer('sourceCode', REVIEW_LIMITS.code, { askKey: 'rq-ask-source' });

const comment = answer('comment', REVIEW_LIMITS.comment, { optional: true });

/** The score of each criterion, from a row of the scoring form (`criterionScore`). */
function scoresOf(d: Record<string, unknown>, criteria: ReviewSubject['criteria']) {
  return criteria.map((c) => ({ criterion: c.code, score: Number(d[scoreKey(c.code)] ?? 0) }));
}

const scoreKey = (criterion: string) => `score:${criterion}`;

/** The confirmation that ends the scoring: one button showing the total over the maximum. */
const confirmTotal: Row = {
  key: 'confirmed',
  labelKey: 'rq-label-confirmed',
  askKey: 'rq-confirm-appraisal',
  input: {
    kind: 'choice',
    options: (d, env: AskEnv) => {
      const criteria = d.subject.criteria;
      const total = scoresOf(d, criteria).reduce((s, x) => s + x.score, 0);
      const max = criteria.reduce((s, c) => s + c.maxScore, 0);
      return [{ label: env.t('rq-confirm-appraisal-button', { total, max }), value: 'ok' }];
    },
  },
  schema: z.literal('ok'),
  stored: 'explicit',
  show: () => '',
  card: false,
  export: false,
  editable: false,
};

const decisionNo = answer('decisionNo', REVIEW_LIMITS.decisionNo, {
  askKey: 'stages-ask-decision',
  askArgs: (d) => ({ round: escapeHtml(d.subject.code) }),
  card: { head: 'decision' },
  export: { key: 'export-round-decision', width: 16 },
});

const decisionDate: Row = {
  key: 'decisionDate',
  labelKey: 'rq-label-decisionDate',
  askKey: 'stages-ask-decision-date',
  input: { kind: 'text', parse: (raw) => parseVnDate(raw) },
  schema: z.string().refine(isValidDay),
  stored: 'explicit',
  show: (v) => formatDay(String(v)),
  card: { head: 'date' },
  export: { key: 'export-round-decision-date', width: 14, format: 'date' },
  cell: (v) => excelDay(String(v)),
  editable: false,
};

/**
 * The rows of each action, in the order asked. Scoring starts with one row per criterion of the
 * round (`criterionScore`, built when the round is known) before these.
 */
export const reviewActionForms: Record<ReviewAction, Row[]> = {
  return: [returnReason],
  question: [verificationNote],
  replicate: [sourceCode],
  score: [comment, confirmTotal],
  decide: [decisionNo, decisionDate],
};

/** The one row definition a criterion's score is asked by: 0 to the criterion's maximum. */
export function criterionScore(
  criterion: ReviewSubject['criteria'][number],
  index: number,
  count: number,
): Row {
  const max = criterion.maxScore;
  return {
    key: scoreKey(criterion.code),
    labelKey: 'rq-label-score',
    askKey: 'rq-ask-score',
    input: {
      kind: 'text',
      askArgs: (d) => ({ ...head(d), criterion: escapeHtml(criterion.name), max, index, count }),
      parse: (raw): Parsed<number> => {
        const n = parseQuantity(raw);
        if (n.ok && n.value > max) return { ok: false, problem: { key: 'rq-score-too-high', args: { max } } };
        return n;
      },
    },
    schema: z.number().min(0).max(max),
    stored: 'explicit',
    show: (v) => String(v),
    card: false,
    export: false,
    editable: false,
  };
}

/**
 * The rows an action asks, the scoring rows built from the round's criteria. A typed row without
 * arguments of its own (e.g. one made by `textField`) may name the model in its question:
 * `{ $code }`, `{ $title }`.
 */
export function reviewActionFields(action: ReviewAction, subject: ReviewSubject): Row[] {
  const perCriterion =
    action === 'score'
      ? subject.criteria.map((c, i) => criterionScore(c, i + 1, subject.criteria.length))
      : [];
  return [...perCriterion, ...reviewActionForms[action]].map((f) =>
    f.input.kind === 'text' && !f.input.askArgs ? { ...f, input: { ...f.input, askArgs: head } } : f,
  );
}

/**
 * The answers of a filled form as the service's input: every row's value by its key (a skipped
 * one as null), the scores gathered into `scores`; nothing half-valid (checked by each row's schema).
 */
export function reviewAnswers(
  fields: readonly Row[],
  data: ReviewActionData,
): { ok: true; value: Record<string, unknown> } | { ok: false; key: string } {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const checked = f.schema.safeParse(data[f.key] ?? null);
    if (!checked.success) return { ok: false, key: f.key };
    if (!f.key.startsWith('score:') && f.key !== 'confirmed') out[f.key] = checked.data;
  }
  if (fields.some((f) => f.key.startsWith('score:'))) out.scores = scoresOf(data, data.subject.criteria);
  return { ok: true, value: out };
}

/** What the review rows' questions are given: the reader's words only (they ask no campaign list). */
export function reviewAskEnv(t: AskEnv['t'], lang: string): AskEnv {
  return { t, lang, campaign: { start: '', end: '', fields: [], targetLevels: [] }, personName: '' };
}

/**
 * Rows an action's record keeps as they are: every row not stored by the service itself
 * (`stored` other than `'explicit'`), e.g. one added to the table with `textField`. The record's
 * model declares a path for each (`keptAnswerPaths`), the service checks them with
 * `keptAnswersSchema` and sets them with the action's own change, and the cards and the workbook
 * show them through their rows like every other answer.
 */
export function keptAnswerRows(action: ReviewAction): Row[] {
  return reviewActionForms[action].filter((f) => f.stored !== 'explicit');
}

/**
 * The model paths of the kept answers of these actions. Never required on the record: a model
 * (a report, a round) has them only once the action has been taken.
 */
export function keptAnswerPaths(actions: readonly ReviewAction[]): Record<string, Record<string, unknown>> {
  const rows = actions.flatMap(keptAnswerRows).map((f) => {
    const s = f.stored;
    return s === 'explicit' ? f : { ...f, stored: { ...s, required: false } };
  });
  return storedPaths(rows as FormField<never>[], {});
}

/** The kept answers of an action, checked by their rows (a missing optional one as null). */
export function keptAnswersSchema(action: ReviewAction) {
  return z.object(
    Object.fromEntries(
      keptAnswerRows(action).map((f) => [
        f.key,
        f.input.kind === 'text' && f.input.optional ? f.schema.nullable().default(null) : f.schema,
      ]),
    ),
  );
}

/** The answers of a filled form that the action's record keeps as they are. */
export function keptAnswers(action: ReviewAction, answers: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(keptAnswerRows(action).map((f) => [f.key, answers[f.key] ?? null]));
}
