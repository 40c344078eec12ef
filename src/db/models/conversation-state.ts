import { model, Schema } from 'mongoose';

/**
 * A private chat's record (`conv:<chatId>`): the state of @grammyjs/conversations and the latest
 * answers of the forms in progress (`drafts`, written in the same command as the state; see
 * services/chat-state.ts). The replay log is kept as a JSON string: it contains nested arrays,
 * which FerretDB cannot store as documents. `stateExpiresAt` is checked in code on read (no TTL
 * index on FerretDB); records past `expiresAt` are deleted by the daily retention job
 * (jobs/retention.ts), which is 90 days after the last answer while the record holds answers.
 */
const conversationStateSchema = new Schema(
  {
    _id: { type: String, required: true },
    state: { type: String },
    updatedAt: { type: Date, required: true },
    stateExpiresAt: { type: Date },
    expiresAt: { type: Date, required: true },
    drafts: { type: Schema.Types.Mixed },
  },
  { minimize: false },
);
conversationStateSchema.index({ expiresAt: 1 });

export const ConversationState = model('ConversationState', conversationStateSchema);
