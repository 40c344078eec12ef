import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConversationData, ConversationStorage } from '@grammyjs/conversations';
import type { Context } from 'grammy';
import type { Clock } from '../clock.ts';
import {
  type ChatRecord,
  chatKey,
  chatStateStore,
  type DraftChanges,
  type DraftSnapshot,
} from '../services/chat-state.ts';
import type { FormName } from '../services/drafts.ts';
import type { BotContext } from './context.ts';

/** What this update read from the chat's record, and the draft answers it gave. */
interface UpdateRecord {
  key: string;
  read: ChatRecord<ConversationData>;
  changes: DraftChanges;
}
const perUpdate = new WeakMap<object, UpdateRecord>();

/**
 * Keeps a form's answers so far for this update's state write (called from inside a form through
 * `conversation.external`, with the outside context). The answers reach the database in the same
 * command as the conversation state that records them, after the update: never one without the
 * other.
 */
export function stageDraft(ctx: Context, form: FormName, snapshot: DraftSnapshot | null): void {
  const rec = perUpdate.get(ctx);
  if (!rec) throw new Error('stageDraft: no conversation storage read for this update');
  rec.changes[form] = snapshot;
}

/**
 * A form's answers parked in the chat's record, as this update read it (with the changes staged
 * so far), or undefined if the record was not read in this update.
 */
export function parkedDraftOf(ctx: Context, form: FormName): DraftSnapshot | null | undefined {
  const rec = perUpdate.get(ctx);
  if (!rec) return undefined;
  if (form in rec.changes) return rec.changes[form] ?? null;
  return rec.read.drafts[form] ?? null;
}

/**
 * The conversations plugin's storage: per private chat, one read before the update and one write
 * (or delete) after it, which also carries the draft answers given in the update.
 */
export function conversationStorage(
  clock: Clock,
  version = conversationCodeVersion(),
): ConversationStorage<BotContext, ConversationData> {
  const store = chatStateStore<ConversationData>(clock);
  return {
    type: 'context',
    version,
    adapter: {
      async read(ctx) {
        if (ctx.chatId === undefined) return undefined;
        const key = chatKey(ctx.chatId);
        const read = await store.read(key);
        perUpdate.set(ctx, { key, read, changes: {} });
        return read.state;
      },
      async write(ctx, state) {
        const rec = perUpdate.get(ctx);
        if (!rec) return;
        await store.write(rec.key, state, rec.read.drafts, rec.changes);
      },
      async delete(ctx) {
        const rec = perUpdate.get(ctx);
        if (!rec) return;
        await store.delete(rec.key, rec.read.drafts, rec.changes);
      },
    },
  };
}

const conversationsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../conversations');

/**
 * A hash of the conversation code. Conversations are replayed from their log, so a log written by
 * other code must not be replayed: after a deploy that changed a form, the old state is dropped
 * and the person continues from their draft (which holds every answer) instead.
 */
export function conversationCodeVersion(dir = conversationsDir): string {
  const h = createHash('sha256');
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name.endsWith('.ts')) h.update(entry.name).update(readFileSync(p));
    }
  };
  walk(dir);
  return h.digest('hex').slice(0, 12);
}
