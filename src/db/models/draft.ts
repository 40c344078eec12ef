import { type InferSchemaType, model, Schema, type Types } from 'mongoose';

/**
 * The answers of an unfinished form, saved after every accepted answer. Survives restarts,
 * deploys (conversation code changes) and long pauses; `draftId` becomes the record's sourceKey.
 * A draft untouched for 90 days is deleted by the daily retention job (jobs/retention.ts).
 */
const draftSchema = new Schema(
  {
    /** `<telegramId>:<form>`. The key is the _id: FerretDB's SQLite backend uses an index only for `_id`. */
    _id: { type: String, required: true },
    telegramId: { type: Number, required: true },
    form: { type: String, enum: ['register', 'report', 'edit'], required: true },
    draftId: { type: String, required: true },
    data: { type: Schema.Types.Mixed, default: {} },
    step: { type: String, default: null },
    targetId: { type: Schema.Types.ObjectId, default: null },
    /** When the person last answered, from the bot's injected clock (never the server's). */
    savedAt: { type: Date, default: null },
  },
  { timestamps: true, minimize: false },
);

export type DraftDoc = InferSchemaType<typeof draftSchema> & { _id: Types.ObjectId };
export const Draft = model('Draft', draftSchema);
