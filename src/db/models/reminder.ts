import { type InferSchemaType, model, Schema, type Types } from 'mongoose';

/**
 * A reminder is data: planned ahead, claimed with a lease by one scheduler instance, sent once.
 * `key` names the recipient and the occasion, so planning twice cannot duplicate it.
 * Reminders, their sent log entries and send claims are deleted by the daily retention job
 * (jobs/retention.ts) 60 days after the occasion, never while the reminder could still be sent.
 */
const reminderSchema = new Schema(
  {
    key: { type: String, required: true, unique: true },
    kind: {
      type: String,
      enum: ['phase-deadline', 'report-nudge', 'report-overdue', 'weekly-digest', 'notice'],
      required: true,
    },
    campaignId: { type: Schema.Types.ObjectId, ref: 'Campaign', default: null },
    userId: { type: Schema.Types.ObjectId, ref: 'User', default: null },
    telegramId: { type: Number, required: true },
    unitId: { type: Schema.Types.ObjectId, ref: 'Unit', default: null },
    dueAt: { type: Date, required: true },
    /** After this instant the reminder is no longer worth sending (skipped as stale). */
    staleAt: { type: Date, required: true },
    /** Deadline-day reminders ignore a personal snooze. */
    urgent: { type: Boolean, default: false },
    payload: { type: Schema.Types.Mixed, default: {} },
    status: { type: String, enum: ['pending', 'sending', 'sent', 'failed', 'skipped'], default: 'pending' },
    leaseOwner: { type: String, default: null },
    leaseUntil: { type: Date, default: null },
    attempts: { type: Number, default: 0 },
    nextAttemptAt: { type: Date, default: null },
    lastError: { type: String, default: null },
    sentAt: { type: Date, default: null },
    /** When it was recorded as failed, from the scheduler's injected clock (never the server's). */
    failedAt: { type: Date, default: null },
  },
  { timestamps: true, minimize: false },
);
reminderSchema.index({ status: 1, dueAt: 1 });
reminderSchema.index({ campaignId: 1, kind: 1 });

/** Proof of delivery: unique per recipient and occasion, across instances and restarts. */
const sentLogSchema = new Schema({
  key: { type: String, required: true, unique: true },
  telegramId: { type: Number, required: true },
  messageId: { type: Number, default: null },
  sentAt: { type: Date, required: true },
  instance: { type: String, default: null },
});

export type ReminderDoc = InferSchemaType<typeof reminderSchema> & { _id: Types.ObjectId };
export const Reminder = model('Reminder', reminderSchema);
export const SentLog = model('SentLog', sentLogSchema);
