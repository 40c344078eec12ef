import { type InferSchemaType, model, Schema, type Types } from 'mongoose';

/**
 * A reminder is data: planned ahead, leased by one scheduler instance through a claim per try
 * (`send:<key>:<try>`), sent once, its delivery recorded in the sent log.
 * `key` names the recipient and the occasion, so planning twice cannot duplicate it.
 * Reminders, their sent log entries and send claims are deleted by the daily retention job
 * (jobs/retention.ts) 60 days after the occasion, never while the reminder could still be sent.
 */
const reminderSchema = new Schema(
  {
    key: { type: String, required: true, unique: true },
    kind: {
      type: String,
      enum: ['phase-deadline', 'report-nudge', 'report-overdue', 'weekly-digest', 'follow-up', 'notice'],
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
    /**
     * Written behind the claims and the sent log, which decide delivery (jobs/leasing.ts). Documents
     * from before leases were claims may still say 'sending' and carry `leaseOwner` / `leaseUntil`:
     * reading them is harmless (nothing reads those fields) and the scheduler settles them on start.
     */
    status: { type: String, enum: ['pending', 'sent', 'failed', 'skipped'], default: 'pending' },
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
