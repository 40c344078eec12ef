import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type {
  ConversationData,
  ConversationStorage,
  VersionedState,
  VersionedStateStorage,
} from '@grammyjs/conversations';
import type { mongo } from 'mongoose';
import type { Clock } from '../clock.ts';
import { ConversationState } from '../db/models/index.ts';
import { withDbRetry } from '../db/retry.ts';
import type { BotContext } from './context.ts';

/** Unfinished conversations older than this are forgotten (the form's draft stays). */
export const CONVERSATION_TTL_MS = 30 * 86_400_000;

/**
 * Conversation state in MongoDB, keyed per chat. The state is stored as a JSON string (its replay
 * log nests arrays, which FerretDB cannot store), and expiry is checked on read because FerretDB
 * has no TTL indexes.
 */
export function mongoConversationStorage<S>(clock: Clock): VersionedStateStorage<string, S> {
  // Every update reads and writes this: through the driver's collection directly, skipping
  // mongoose's query casting (the documents are flat: a string key, a string, two dates).
  const states = () => ConversationState.collection as unknown as mongo.Collection<StateRow>;
  return {
    async read(key) {
      const doc = await withDbRetry(() => states().findOne({ _id: key }));
      if (!doc) return undefined;
      if (doc.expiresAt.getTime() <= clock.now().getTime()) {
        await states().deleteOne({ _id: key });
        return undefined;
      }
      return JSON.parse(doc.state) as VersionedState<S>;
    },
    async write(key, state) {
      const now = clock.now();
      await withDbRetry(() =>
        states().updateOne(
          { _id: key },
          {
            $set: {
              state: JSON.stringify(state),
              updatedAt: now,
              expiresAt: new Date(now.getTime() + CONVERSATION_TTL_MS),
            },
          },
          { upsert: true },
        ),
      );
    },
    async delete(key) {
      await withDbRetry(() => states().deleteOne({ _id: key }));
    },
  };
}

interface StateRow {
  _id: string;
  state: string;
  updatedAt: Date;
  expiresAt: Date;
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

export function conversationStorage(
  clock: Clock,
  version = conversationCodeVersion(),
): ConversationStorage<BotContext, ConversationData> {
  return {
    type: 'key',
    version,
    prefix: 'conv:',
    getStorageKey: (ctx) => ctx.chatId?.toString(),
    adapter: mongoConversationStorage<ConversationData>(clock),
  };
}
