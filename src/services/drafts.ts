import { randomUUID } from 'node:crypto';
import type { mongo, Types } from 'mongoose';
import { Draft, type DraftDoc } from '../db/models/index.ts';
import { withDbRetry } from '../db/retry.ts';

export type FormName = 'register' | 'report' | 'edit';

const key = (telegramId: number, form: FormName) => `${telegramId}:${form}`;

export async function loadDraft(telegramId: number, form: FormName): Promise<DraftDoc | null> {
  return withDbRetry(() => Draft.findById(key(telegramId, form)).lean<DraftDoc>());
}

/** Starts a fresh draft (replacing any old one) with a new id, the future record's sourceKey. */
export async function startDraft(
  telegramId: number,
  form: FormName,
  data: Record<string, unknown> = {},
  targetId: Types.ObjectId | string | null = null,
  at: Date | null = null,
): Promise<DraftDoc> {
  const draftId = randomUUID();
  await withDbRetry(() =>
    Draft.replaceOne(
      { _id: key(telegramId, form) },
      { telegramId, form, draftId, data, step: null, targetId, savedAt: at },
      { upsert: true },
    ),
  );
  return (await loadDraft(telegramId, form))!;
}

/** Stores the answers so far; called after every accepted answer, before the next question. */
export async function saveDraft(
  telegramId: number,
  form: FormName,
  data: Record<string, unknown>,
  step: string | null,
  at: Date,
): Promise<void> {
  // Called on every answer: through the driver's collection directly, skipping mongoose's casting
  // (`data` is already plain JSON); `updatedAt`, which the schema's timestamps would set, is set here.
  const drafts = Draft.collection as unknown as mongo.Collection<{ _id: string }>;
  await withDbRetry(() =>
    drafts.updateOne({ _id: key(telegramId, form) }, { $set: { data, step, savedAt: at, updatedAt: at } }),
  );
}

export async function discardDraft(telegramId: number, form: FormName): Promise<void> {
  await withDbRetry(() => Draft.deleteOne({ _id: key(telegramId, form) }));
}
