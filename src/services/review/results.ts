import type { Types } from 'mongoose';
import type { InitiativeDoc, ProgressReportDoc } from '../../db/models/index.ts';
import { keptAnswersSchema, REVIEW_LIMITS, type ReviewAction } from '../../domain/forms/review-actions.ts';
import type { InitiativeStatus } from '../../domain/lifecycle.ts';
import type { Recipient } from '../actors.ts';

/**
 * What the review and round services answer: the reasons an action was refused, the input
 * problems that ask the same question again, and the results the bot turns into messages.
 */

export type { Recipient } from '../actors.ts';

export const REVIEW_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** What was wrong with the input, for a specific message and the same question again. */
export type InputProblem =
  | 'reason-required'
  | 'reason-too-long'
  | 'note-required'
  | 'note-too-long'
  | 'comment-too-long'
  | 'verdict-invalid'
  | 'score-missing'
  | 'score-unknown-criterion'
  | 'score-duplicate'
  | 'score-out-of-range'
  | 'year-invalid'
  | 'decision-required'
  | 'decision-too-long'
  | 'same-model'
  /** An answer kept as it is (a row added to the action's table) fails its row's check; detail: its key. */
  | 'answer-invalid';

export type ReviewFailureReason =
  /** No such record (also for malformed ids from forged callback data). */
  | 'not-found'
  /** Not this person's role or not in their unit's subtree. */
  | 'not-allowed'
  /** The record is not in a state this action applies to (someone else acted earlier). */
  | 'wrong-status'
  /** Someone else acted on the same item at the same moment and won. */
  | 'conflict'
  | 'top-level'
  | 'invalid'
  /** The new model already names a source it was replicated from. */
  | 'already-linked'
  // Issue 10: conflicts of interest and levels (each refusal says why).
  /** This person registered the model (they own it). */
  | 'registered-it'
  /** This person submitted a progress report of the model. */
  | 'reported-on-it'
  /** A collective of the council member's own unit. */
  | 'own-unit-collective'
  /** Selection and honours at a level are for people whose role is at that level. */
  | 'wrong-level'
  | 'not-council'
  | 'not-chair'
  | 'quota-full'
  | 'already-scored'
  /** No round for the model's level is open today (per the campaign's calendar). */
  | 'no-open-round'
  /** The round is open in the calendar but the unit's council has not opened it yet. */
  | 'round-not-opened'
  | 'round-decided'
  | 'already-open'
  /** The owner may put forward only with enough verified reports. */
  | 'rules-not-met'
  | 'not-appraised'
  | 'nothing-selected'
  | 'already-nominated'
  /** No registration round for the next level is open today. */
  | 'no-registration-round'
  /** The campaign ended or was closed: it can be read, not changed (`current`: why, `detail`: end day). */
  | 'campaign-read-only';

export interface ReviewFailure {
  ok: false;
  reason: ReviewFailureReason;
  /** The record's state now (an initiative status or a report verification). */
  current?: string;
  problem?: InputProblem;
  /** A criterion code or a limit that goes with the problem. */
  detail?: string;
}

export type InitiativeActionResult =
  | {
      ok: true;
      initiative: InitiativeDoc;
      from: InitiativeStatus;
      to: InitiativeStatus;
      notify: Recipient[];
    }
  | ReviewFailure;

export type VerifyResult =
  | {
      ok: true;
      report: ProgressReportDoc;
      initiative: { id: string; code: string; title: string };
      notify: Recipient[];
    }
  | ReviewFailure;

export type ReplicationResult =
  | { ok: true; source: InitiativeDoc; replica: InitiativeDoc; replicaUnitName: string; notify: Recipient[] }
  | ReviewFailure;

/** The longest answers a service takes: the review-action table's (domain/forms/review-actions.ts). */
export const LIMITS = {
  reason: REVIEW_LIMITS.reason,
  note: REVIEW_LIMITS.note,
  comment: REVIEW_LIMITS.comment,
  decisionNo: REVIEW_LIMITS.decisionNo,
} as const;

export type Id = Types.ObjectId | string;

export interface ActionOptions {
  /** The status the reviewer saw; if it moved on since, the action is refused as a conflict. */
  expectedStatus?: InitiativeStatus;
}

export const fail = (
  reason: ReviewFailureReason,
  extra: Omit<ReviewFailure, 'ok' | 'reason'> = {},
): ReviewFailure => ({ ok: false, reason, ...extra });

export const invalid = (problem: InputProblem, detail?: string): ReviewFailure =>
  fail('invalid', detail === undefined ? { problem } : { problem, detail });

/** Trimmed text within `max` characters, or the problem to ask about again. */
export function cleanText(
  value: string | null | undefined,
  max: number,
  required: InputProblem | null,
  tooLong: InputProblem,
): string | ReviewFailure {
  const text = (value ?? '').trim();
  if (!text && required) return invalid(required);
  if (text.length > max) return invalid(tooLong, String(max));
  return text;
}

/**
 * The answers an action's record keeps as they are (rows of its table the service does not
 * store itself: src/domain/forms/review-actions.ts `keptAnswerRows`), checked by their rows; the
 * service sets them with its own change. Nothing is kept when one is wrong.
 */
export function checkKeptAnswers(
  action: ReviewAction,
  answers: Record<string, unknown> | undefined,
): { ok: true; value: Record<string, unknown> } | ReviewFailure {
  const r = keptAnswersSchema(action).safeParse(answers ?? {});
  if (r.success) return { ok: true, value: r.data };
  return invalid('answer-invalid', String(r.error.issues[0]?.path[0] ?? ''));
}
