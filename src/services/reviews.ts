/**
 * The coordinators' and the board's side of a model's life outside the rounds, one module per
 * responsibility (this file is their public face, so callers import from one place):
 *
 * - `review/queue.ts`: the review queue, one item with the buttons a person may press on it, the
 *   permission check a review form makes before it asks anything, a form's head;
 * - `review/transitions.ts`: accept, return, withdraw (permission, read-only campaign, conflict of
 *   interest, then `changeStatus`: a unique claim plus its audit event);
 * - `review/verification.ts`: verifying or questioning a report, once per revision;
 * - `review/replication.ts`: linking a model to the honoured one it replicates;
 * - `review/results.ts`: refusal reasons, input problems and result types, shared with rounds;
 * - `review/shared.ts`: a model's permission target, loading it, read-only campaigns;
 * - `actors.ts` (beside this file): who acts and whom to tell, shared with `rounds.ts`.
 *
 * Appraisal, selection and honours happen only in rounds (`rounds.ts`). The words shown for these
 * results are the bot's (`src/bot/views/review-texts.ts`).
 */

export * from './review/queue.ts';
export * from './review/replication.ts';
export * from './review/results.ts';
export { campaignReadOnlyOf, readOnlyForTarget } from './review/shared.ts';
export * from './review/transitions.ts';
export * from './review/verification.ts';
