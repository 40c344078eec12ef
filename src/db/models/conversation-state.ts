import { model, Schema } from 'mongoose';

/**
 * Storage for @grammyjs/conversations, keyed per chat. The replay log is kept as a JSON string:
 * it contains nested arrays, which FerretDB cannot store as documents. `expiresAt` is checked
 * in code on read (no TTL index on FerretDB), and expired states are deleted by the daily
 * retention job (jobs/retention.ts).
 */
const conversationStateSchema = new Schema({
  _id: { type: String, required: true },
  state: { type: String, required: true },
  updatedAt: { type: Date, required: true },
  expiresAt: { type: Date, required: true },
});
conversationStateSchema.index({ expiresAt: 1 });

export const ConversationState = model('ConversationState', conversationStateSchema);
