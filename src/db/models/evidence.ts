import { type InferSchemaType, model, Schema, type Types } from 'mongoose';

/**
 * Evidence archived when it arrives (issue 13). The bytes are in GridFS (bucket `evidence`, same
 * `_id`); this record says whose it is, what it really is, and what the checks found.
 */
const flagSchema = new Schema(
  {
    kind: { type: String, enum: ['reused', 'capture-date'], required: true },
    /** reused: the earlier file it matches, why it counts (other unit, model or period), distance. */
    otherId: { type: Schema.Types.ObjectId, default: null },
    reason: { type: String, enum: ['other-unit', 'other-model', 'other-period', null], default: null },
    distance: { type: Number, default: null },
    /** capture-date: the day the camera recorded, outside the report's period. */
    captureDay: { type: String, default: null },
  },
  { _id: false },
);

const evidenceFileSchema = new Schema({
  ownerId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  campaignId: { type: Schema.Types.ObjectId, ref: 'Campaign', required: true },
  initiativeId: { type: Schema.Types.ObjectId, ref: 'Initiative', required: true },
  unitId: { type: Schema.Types.ObjectId, ref: 'Unit', required: true },
  unitPath: { type: [Schema.Types.ObjectId], required: true },
  periodKey: { type: String, required: true },
  /** photo, document, or visit (a photo taken by a coordinator on an on-site check). */
  kind: { type: String, enum: ['photo', 'document', 'visit'], required: true },
  fileUniqueId: { type: String, default: null },
  fileName: { type: String, default: null },
  /** Type found in the bytes, never the name's or the sender's claim. */
  mime: { type: String, required: true },
  size: { type: Number, required: true },
  sha256: { type: String, required: true },
  /** dHash as 16 hex digits, for pictures. */
  phash: { type: String, default: null },
  captureDay: { type: String, default: null },
  latitude: { type: Number, default: null },
  longitude: { type: Number, default: null },
  flags: { type: [flagSchema], default: [] },
  at: { type: Date, required: true },
});
evidenceFileSchema.index({ campaignId: 1, unitPath: 1 });

export type EvidenceFileDoc = InferSchemaType<typeof evidenceFileSchema> & { _id: Types.ObjectId };
export type EvidenceFlag = InferSchemaType<typeof flagSchema>;
export const EvidenceFile = model('EvidenceFile', evidenceFileSchema);

/**
 * An on-site check draw: one per campaign, period and unit (`_id` is that key, so the draw happens
 * once even when two coordinators ask at the same moment). The seed is derived from the key, the
 * candidates are stored in the order the draw used, so anyone can replay it.
 */
const onsiteDrawSchema = new Schema({
  _id: { type: String, required: true },
  campaignId: { type: Schema.Types.ObjectId, required: true },
  periodKey: { type: String, required: true },
  unitId: { type: Schema.Types.ObjectId, required: true },
  unitPath: { type: [Schema.Types.ObjectId], required: true },
  seed: { type: String, required: true },
  share: { type: Number, required: true },
  candidates: { type: [String], default: [] },
  chosen: { type: [String], default: [] },
  at: { type: Date, required: true },
});
export type OnsiteDrawDoc = InferSchemaType<typeof onsiteDrawSchema>;
export const OnsiteDraw = model('OnsiteDraw', onsiteDrawSchema);

/** The record of a visit: one per report (`_id` = `visit:<reportId>`). */
const onsiteVisitSchema = new Schema({
  _id: { type: String, required: true },
  reportId: { type: Schema.Types.ObjectId, required: true },
  initiativeId: { type: Schema.Types.ObjectId, required: true },
  unitPath: { type: [Schema.Types.ObjectId], required: true },
  visitDay: { type: String, required: true },
  byId: { type: Schema.Types.ObjectId, required: true },
  who: { type: String, required: true, maxlength: 300 },
  seen: { type: String, required: true, maxlength: 2000 },
  photoIds: { type: [Schema.Types.ObjectId], default: [] },
  verdict: { type: String, enum: ['verified', 'questioned'], required: true },
  at: { type: Date, required: true },
});
export type OnsiteVisitDoc = InferSchemaType<typeof onsiteVisitSchema>;
export const OnsiteVisit = model('OnsiteVisit', onsiteVisitSchema);

/** A citizen's answer about a model: one per Telegram account and model (`_id` = `<model>:<tg id>`). */
const confirmationSchema = new Schema({
  _id: { type: String, required: true },
  initiativeId: { type: Schema.Types.ObjectId, required: true },
  campaignId: { type: Schema.Types.ObjectId, required: true },
  unitPath: { type: [Schema.Types.ObjectId], required: true },
  telegramId: { type: Number, required: true },
  knows: { type: Boolean, required: true },
  benefits: { type: Boolean, required: true },
  /** 1-5; null from someone who does not know the model (that answer counts too). */
  rating: { type: Number, min: 1, max: 5, default: null },
  comment: { type: String, maxlength: 500, default: '' },
  at: { type: Date, required: true },
});
confirmationSchema.index({ initiativeId: 1 });
export type ConfirmationDoc = InferSchemaType<typeof confirmationSchema>;
export const Confirmation = model('Confirmation', confirmationSchema);

/** "Report abuse" from a citizen about a model, passed to the unit's coordinators. */
const abuseReportSchema = new Schema({
  initiativeId: { type: Schema.Types.ObjectId, required: true },
  telegramId: { type: Number, required: true },
  text: { type: String, maxlength: 1000, default: '' },
  at: { type: Date, required: true },
});
export const AbuseReport = model('AbuseReport', abuseReportSchema);
