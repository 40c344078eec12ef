import type { VersionedState, VersionedStateStorage } from '@grammyjs/conversations';
import type { mongo } from 'mongoose';
import type { Clock } from '../clock.ts';
import { ConversationState } from '../db/models/index.ts';
import { withDbRetry } from '../db/retry.ts';
import type { FormName } from './drafts.ts';

/** Unfinished conversations older than this are forgotten (the form's draft stays). */
export const CONVERSATION_TTL_MS = 30 * 86_400_000;
/** A record that holds a form's answers is kept as long as a draft (RETENTION.draftUntouchedMs). */
export const DRAFT_KEEP_MS = 90 * 86_400_000;

/** The private chat's record: `conv:<chatId>`; in a private chat the chat id is the person's id. */
export const chatKey = (telegramId: number | string) => `conv:${telegramId}`;

/**
 * The latest answers of a form in progress, kept in the chat's record and written in the same
 * command as the conversation state: one write per answer instead of two. `drafts`
 * (services/drafts.ts) holds the draft's start (its id, target, first data); `loadDraft` returns
 * whichever of the two is newer.
 */
export interface DraftSnapshot {
  draftId: string;
  targetId: string | null;
  data: Record<string, unknown>;
  step: string | null;
  savedAt: Date;
}
export type ParkedDrafts = Partial<Record<FormName, DraftSnapshot>>;
/** What an update changed: a snapshot to store, or null to remove that form's answers. */
export type DraftChanges = Partial<Record<FormName, DraftSnapshot | null>>;

interface ChatRow {
  _id: string;
  /** The conversations plugin's versioned state as JSON (its replay log nests arrays, which
   * FerretDB cannot store); absent when no conversation runs but answers are parked. */
  state?: string;
  /** When the conversation is forgotten (checked on read: FerretDB has no TTL indexes). */
  stateExpiresAt?: Date;
  /** When the daily retention job may delete the whole record (jobs/retention.ts). */
  expiresAt: Date;
  updatedAt: Date;
  drafts?: ParkedDrafts;
}

export interface ChatRecord<S> {
  state: VersionedState<S> | undefined;
  drafts: ParkedDrafts;
}

const rows = () => ConversationState.collection as unknown as mongo.Collection<ChatRow>;

/**
 * The per-update reads and writes of a chat's record, through the driver's collection directly
 * (skipping mongoose's casting: the documents are flat), each one command on `_id`, the one
 * lookup FerretDB serves from an index.
 */
export function chatStateStore<S>(clock: Clock) {
  /** The `$set`/`$unset` of the draft changes, and whether the record still holds any draft. */
  const draftUpdate = (before: ParkedDrafts, changes: DraftChanges) => {
    const set: Record<string, DraftSnapshot> = {};
    const unset: Record<string, ''> = {};
    const after: ParkedDrafts = { ...before };
    for (const [form, snap] of Object.entries(changes) as [FormName, DraftSnapshot | null][]) {
      if (snap) {
        set[`drafts.${form}`] = snap;
        after[form] = snap;
      } else {
        unset[`drafts.${form}`] = '';
        delete after[form];
      }
    }
    return { set, unset, holdsDrafts: Object.keys(after).length > 0 };
  };

  return {
    async read(key: string): Promise<ChatRecord<S>> {
      const doc = await withDbRetry(() => rows().findOne({ _id: key }));
      if (!doc) return { state: undefined, drafts: {} };
      const drafts = doc.drafts ?? {};
      const expiry = doc.stateExpiresAt ?? doc.expiresAt;
      if (doc.state !== undefined && expiry.getTime() <= clock.now().getTime()) {
        // Expired: the conversation is forgotten; answers parked in the record stay.
        if (Object.keys(drafts).length > 0)
          await withDbRetry(() =>
            rows().updateOne({ _id: key }, { $unset: { state: '', stateExpiresAt: '' } }),
          );
        else await withDbRetry(() => rows().deleteOne({ _id: key }));
        return { state: undefined, drafts };
      }
      return {
        state: doc.state === undefined ? undefined : (JSON.parse(doc.state) as VersionedState<S>),
        drafts,
      };
    },

    /** The state and this update's draft changes, in one command. */
    async write(key: string, state: VersionedState<S>, before: ParkedDrafts, changes: DraftChanges) {
      const now = clock.now();
      const d = draftUpdate(before, changes);
      const stateExpiresAt = new Date(now.getTime() + CONVERSATION_TTL_MS);
      const update: mongo.UpdateFilter<ChatRow> = {
        $set: {
          state: JSON.stringify(state),
          updatedAt: now,
          stateExpiresAt,
          expiresAt: d.holdsDrafts ? new Date(now.getTime() + DRAFT_KEEP_MS) : stateExpiresAt,
          ...d.set,
        },
      };
      if (Object.keys(d.unset).length > 0) update.$unset = d.unset;
      await withDbRetry(() => rows().updateOne({ _id: key }, update, { upsert: true }));
    },

    /** The conversation ended: one command; the record stays while it holds a form's answers. */
    async delete(key: string, before: ParkedDrafts, changes: DraftChanges) {
      const d = draftUpdate(before, changes);
      if (!d.holdsDrafts) {
        await withDbRetry(() => rows().deleteOne({ _id: key }));
        return;
      }
      const now = clock.now();
      await withDbRetry(() =>
        rows().updateOne(
          { _id: key },
          {
            $set: { updatedAt: now, expiresAt: new Date(now.getTime() + DRAFT_KEEP_MS), ...d.set },
            $unset: { state: '', stateExpiresAt: '', ...d.unset },
          },
          { upsert: true },
        ),
      );
    },
  };
}

/** Removes a form's parked answers (the draft was submitted or discarded). */
export async function unparkDraft(telegramId: number, form: FormName): Promise<void> {
  await withDbRetry(() =>
    rows().updateOne({ _id: chatKey(telegramId) }, { $unset: { [`drafts.${form}`]: '' } }),
  );
}

/** A form's parked answers, if any. */
export async function parkedDraft(telegramId: number, form: FormName): Promise<DraftSnapshot | null> {
  const doc = await withDbRetry(() => rows().findOne({ _id: chatKey(telegramId) }));
  return doc?.drafts?.[form] ?? null;
}

/**
 * The plain key-value storage of the conversations plugin on the same records, without drafts:
 * what the bare grammY bot of bench/cadres.bench.ts runs on.
 */
export function keyedConversationStorage<S>(clock: Clock): VersionedStateStorage<string, S> {
  const store = chatStateStore<S>(clock);
  return {
    read: async (key) => (await store.read(key)).state,
    write: (key, state) => store.write(key, state, {}, {}),
    delete: (key) => store.delete(key, {}, {}),
  };
}
