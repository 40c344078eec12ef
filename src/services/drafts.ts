import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { Draft, type DraftDoc } from '../db/models/index.ts';
import { rawCollection } from '../db/raw.ts';
import { withDbRetry } from '../db/retry.ts';
import { type DraftSnapshot, parkedDraft, unparkDraft } from './chat-state.ts';

export type FormName = 'register' | 'report' | 'edit';

const key = (telegramId: number, form: FormName) => `${telegramId}:${form}`;

/**
 * A person's draft of a form: the `drafts` document holds its start (id, target, first data);
 * while the form is filled in, every answer is written with the conversation state into the
 * chat's record (services/chat-state.ts). The newer of the two is the draft. `parked`: the chat
 * record's answers of this form when the caller has already read that record in this update
 * (the conversation storage has), so it is not read a second time; omitted, it is read here.
 */
export async function loadDraft(
  telegramId: number,
  form: FormName,
  parked?: DraftSnapshot | null,
): Promise<DraftDoc | null> {
  const [stored, snapshot] = await Promise.all([
    withDbRetry(
      () =>
        rawCollection<Omit<DraftDoc, '_id'> & { _id: string }>(Draft).findOne({
          _id: key(telegramId, form),
        }) as Promise<DraftDoc | null>,
    ),
    parked === undefined ? parkedDraft(telegramId, form) : parked,
  ]);
  return newerDraft(telegramId, form, stored, snapshot);
}

function newerDraft(
  telegramId: number,
  form: FormName,
  stored: DraftDoc | null,
  parked: DraftSnapshot | null,
): DraftDoc | null {
  if (!parked) return stored;
  const parkedIsNewer =
    !stored ||
    stored.draftId === parked.draftId ||
    (stored.savedAt != null && parked.savedAt.getTime() > new Date(stored.savedAt).getTime());
  if (!parkedIsNewer) return stored;
  return {
    ...(stored ?? {}),
    _id: key(telegramId, form),
    telegramId,
    form,
    draftId: parked.draftId,
    targetId: parked.targetId ? new Types.ObjectId(parked.targetId) : null,
    data: parked.data,
    step: parked.step,
    savedAt: parked.savedAt,
  } as unknown as DraftDoc;
}

/** Starts a fresh draft (replacing any old one) with a new id, the future record's sourceKey. */
export async function startDraft(
  telegramId: number,
  form: FormName,
  data: Record<string, unknown> = {},
  targetId: Types.ObjectId | string | null = null,
  at: Date | null = null,
): Promise<{ draftId: string }> {
  const draftId = randomUUID();
  await withDbRetry(() =>
    Draft.replaceOne(
      { _id: key(telegramId, form) },
      { telegramId, form, draftId, data, step: null, targetId, savedAt: at },
      { upsert: true },
    ),
  );
  return { draftId };
}

/** The answers so far, as stored in the chat's record with the conversation state. */
export function draftSnapshot(
  draft: { draftId: string; targetId?: string | null },
  data: Record<string, unknown>,
  step: string | null,
  at: Date,
): DraftSnapshot {
  return { draftId: draft.draftId, targetId: draft.targetId ?? null, data, step, savedAt: at };
}

/** Forgets the draft (submitted, or thrown away): its start and its parked answers. */
export async function discardDraft(telegramId: number, form: FormName): Promise<void> {
  await discardDraftStart(telegramId, form);
  await unparkDraft(telegramId, form);
}

/**
 * Forgets only the draft's start: for a form whose parked answers are removed by the same
 * update's conversation-state write (stageDraft(ctx, form, null)), in one command with it.
 */
export async function discardDraftStart(telegramId: number, form: FormName): Promise<void> {
  await withDbRetry(() => rawCollection<{ _id: string }>(Draft).deleteOne({ _id: key(telegramId, form) }));
}
