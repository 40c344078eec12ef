import { type InferSchemaType, model, Schema, type Types } from 'mongoose';

/**
 * A campaign is instantiated from a template (see data-templates/). Calendar days are stored as
 * local `YYYY-MM-DD` strings: a deadline is a day in the campaign's time zone, not an instant.
 */
const day = { type: String, required: true, match: /^\d{4}-\d{2}-\d{2}$/ };

const taskSchema = new Schema(
  {
    code: { type: String, required: true },
    title: { type: String, required: true },
    titleEn: { type: String, default: '' },
    due: day,
    /** Unit level whose coordinators must do it, or null for every level that takes part. */
    level: { type: String, default: null },
    /** What "behind" means for this task, so a reminder can name who lacks what. */
    check: {
      type: String,
      enum: ['none', 'unitHasInitiative', 'initiativesAppraised', 'initiativesReported'],
      default: 'none',
    },
  },
  { _id: false },
);

const phaseSchema = new Schema(
  {
    code: { type: String, required: true },
    name: { type: String, required: true },
    nameEn: { type: String, default: '' },
    start: day,
    end: day,
    tasks: { type: [taskSchema], default: [] },
  },
  { _id: false },
);

const fieldSchema = new Schema(
  { code: { type: String, required: true }, name: { type: String, required: true }, nameEn: String },
  { _id: false },
);

const criterionSchema = new Schema(
  {
    code: { type: String, required: true },
    name: { type: String, required: true },
    nameEn: String,
    maxScore: { type: Number, required: true, min: 1 },
  },
  { _id: false },
);

/**
 * A round of the campaign (see models/round.ts): `honouring` rounds take nominees, are appraised by
 * the organising unit's council and end with a decision; a `registration` round is the window in
 * which models honoured at a lower level register for `targetLevel`. `unitLevel` is the level of
 * the units that run it (each district runs its own district round; the province its own).
 */
const roundDefSchema = new Schema(
  {
    code: { type: String, required: true },
    name: { type: String, required: true },
    nameEn: { type: String, default: '' },
    kind: { type: String, enum: ['honouring', 'registration'], required: true },
    phaseCode: { type: String, required: true },
    targetLevel: { type: String, required: true },
    unitLevel: { type: String, required: true },
    occasion: { type: Number, default: 1 },
    quota: { type: Number, default: 0, min: 0 },
    opensOn: day,
    closesOn: day,
    conferenceOn: { type: String, match: /^\d{4}-\d{2}-\d{2}$/, default: null },
  },
  { _id: false },
);

/**
 * Official documents (issue 11, services/documents): the layout (`party`: Hướng dẫn 36-HD/VPTW for a
 * Steering Committee under a Party committee; `state`: Nghị định 30/2020/NĐ-CP for a government
 * body), the issuing body, its parent, the symbol, the signer and the recipients. Empty names are
 * derived from the scope unit (`TỈNH ỦY KIÊN GIANG`, `HUYỆN ỦY CHÂU THÀNH`, `ỦY BAN NHÂN DÂN ...`).
 */
const documentSettingsSchema = new Schema(
  {
    format: { type: String, enum: ['party', 'state'], default: 'party' },
    /** The body above the issuer at the campaign's root; empty: derived from the unit. */
    parentName: { type: String, default: '', maxlength: 200 },
    bodyName: { type: String, default: 'BAN CHỈ ĐẠO PHONG TRÀO THI ĐUA "DÂN VẬN KHÉO"', maxlength: 200 },
    /** The issuer's abbreviation in the symbol: `Số 12-BC/BCĐ`. */
    symbol: { type: String, default: 'BCĐ', maxlength: 30 },
    /** The place written before the date; empty: the scope unit's name without its kind. */
    place: { type: String, default: '', maxlength: 80 },
    signerAuthority: { type: String, default: 'T/M BAN CHỈ ĐẠO', maxlength: 120 },
    signerTitle: { type: String, default: 'TRƯỞNG BAN', maxlength: 120 },
    signerName: { type: String, default: '', maxlength: 120 },
    recipients: { type: [String], default: [] },
  },
  { _id: false },
);

const campaignSchema = new Schema(
  {
    code: { type: String, required: true, unique: true, trim: true },
    name: { type: String, required: true },
    templateCode: { type: String, default: null },
    status: { type: String, enum: ['draft', 'active', 'closed'], default: 'active' },
    start: day,
    end: day,
    rootUnitId: { type: Schema.Types.ObjectId, ref: 'Unit', required: true },
    levels: { type: [String], default: [] },
    targetLevels: { type: [String], default: ['grassroots', 'district', 'province'] },
    fields: { type: [fieldSchema], default: [] },
    phases: { type: [phaseSchema], default: [] },
    criteria: { type: [criterionSchema], default: [] },
    reportCadence: { type: String, enum: ['monthly', 'quarterly'], default: 'monthly' },
    reminderOffsets: { type: [Number], default: [30, 7, 3, 1, 0] },
    reportNudgeDays: { type: Number, default: 5 },
    evidenceRequired: { type: Boolean, default: true },
    /** Evidence types accepted, as found in the bytes (issue 13). */
    evidenceTypes: {
      type: [String],
      default: ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'application/pdf', 'video/mp4'],
    },
    /** Largest evidence file; the Bot API lets a bot download at most 20 MB. */
    evidenceMaxBytes: { type: Number, default: 20 * 1024 * 1024, min: 1, max: 20 * 1024 * 1024 },
    /** Share of a unit's reports drawn each period for an on-site check. */
    onsiteShare: { type: Number, default: 0.1, min: 0, max: 1 },
    /** Citizen confirmations one Telegram account may give per day. */
    confirmationsPerDay: { type: Number, default: 5, min: 1 },
    forbidOwnUnitAppraisal: { type: Boolean, default: true },
    honouringDate: { type: String, match: /^\d{4}-\d{2}-\d{2}$/, default: null },
    pilotUnitCode: { type: String, default: null },
    rounds: { type: [roundDefSchema], default: [] },
    /** Verified reports a model needs before its owner may put it forward. */
    putForwardMinVerified: { type: Number, default: 2, min: 0 },
    /** Follow-up of an honoured model: months after the honour when a report is expected. */
    followUpMonths: { type: [Number], default: [6, 12] },
    /** "Effective": a verified report for one of the last this-many periods. */
    effectivePeriods: { type: Number, default: 2, min: 1 },
    /**
     * First part of this campaign's model codes (`DVK-2026-0001`, `DVK2-2026-0001`): unique across
     * campaigns (decided by a `campaign-prefix:<P>` claim), so a code names one model database-wide
     * and says which campaign it belongs to. Null on campaigns made before it existed: assigned,
     * oldest campaign first, the first time it is needed (services/campaigns.ts).
     */
    codePrefix: { type: String, default: null, match: /^[A-Z][A-Z0-9]{1,9}$/ },
    /** Official documents: layout and issuer (see documentSettingsSchema). */
    documents: { type: documentSettingsSchema, default: () => ({}) },
    demo: { type: Boolean, default: false },
  },
  { timestamps: true },
);
campaignSchema.index({ status: 1, start: 1 });

export type CampaignDoc = InferSchemaType<typeof campaignSchema> & { _id: Types.ObjectId };
export type PhaseDoc = InferSchemaType<typeof phaseSchema>;
export type DocumentSettingsDoc = InferSchemaType<typeof documentSettingsSchema>;
export type RoundDefDoc = InferSchemaType<typeof roundDefSchema>;
export type TaskDoc = InferSchemaType<typeof taskSchema>;
export const Campaign = model('Campaign', campaignSchema);
