import { type InferSchemaType, model, Schema, type Types } from 'mongoose';
import { checkStored, storedPaths } from '../../domain/forms/field.ts';
import { registrationForm } from '../../domain/forms/registration.ts';
import { keptAnswerPaths } from '../../domain/forms/review-actions.ts';
import { INITIATIVE_STATUSES } from '../../domain/lifecycle.ts';

const indicatorSchema = new Schema(
  {
    name: { type: String, required: true, maxlength: 200 },
    unit: { type: String, required: true, maxlength: 40 },
    target: { type: Number, required: true, min: 0 },
    /** Latest reported value (denormalised from the newest report). */
    current: { type: Number, default: null },
  },
  { _id: false },
);

const scoreSchema = new Schema(
  { criterion: { type: String, required: true }, score: { type: Number, required: true, min: 0 } },
  { _id: false },
);

const appraisalSchema = new Schema(
  {
    by: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    byName: String,
    unitId: { type: Schema.Types.ObjectId, ref: 'Unit' },
    scores: { type: [scoreSchema], default: [] },
    total: { type: Number, required: true },
    max: { type: Number, required: true },
    comment: { type: String, maxlength: 2000, default: '' },
    at: { type: Date, required: true },
  },
  { _id: false },
);

const honourSchema = new Schema(
  {
    level: { type: String, required: true },
    year: { type: Number, required: true },
    decisionNo: { type: String, required: true, maxlength: 80 },
    by: { type: Schema.Types.ObjectId, ref: 'User' },
    at: { type: Date, required: true },
    /** The round (models/round.ts) whose decision gave it; null for honours entered by hand. */
    roundId: { type: Schema.Types.ObjectId, ref: 'Round', default: null },
    /** 1 for the first honouring at this level, 2 for the second (tổng kết) ... */
    occasion: { type: Number, default: 1 },
    decisionDate: { type: String, match: /^\d{4}-\d{2}-\d{2}$/, default: null },
    /** Honoured before the campaign (e.g. in 2010), entered for re-assessment. */
    beforeCampaign: { type: Boolean, default: false },
  },
  { _id: false },
);

/**
 * A model entered with an honour from before the campaign (e.g. 2010, to be re-assessed) carries
 * only what its honour says: the registration's text parts and indicators may be empty until it is
 * registered again. `this` is the document when one is saved (an update's query otherwise).
 */
function registrationPart(this: unknown): boolean {
  const honours = (this as { honours?: { beforeCampaign?: boolean }[] } | null)?.honours;
  return !(Array.isArray(honours) && honours.some((h) => h?.beforeCampaign));
}

/** A registration part: required (not empty) unless the model was entered with an earlier honour. */
const partGiven = {
  validator(this: unknown, v: unknown) {
    return !registrationPart.call(this) || (typeof v === 'string' && v.trim().length > 0);
  },
  message: 'Path `{PATH}` is required.',
  /** Read by checkStored (domain/forms/field.ts): this part is required, conditionally. */
  marksRequired: true,
};

/**
 * The registration's parts other code reads by name (their types are inferred from here). They
 * must agree with the form table (src/domain/forms/registration.ts), checked at start-up.
 */
const registrationParts = {
  ownerName: { type: String, required: true, maxlength: 200 },
  field: { type: String, required: true },
  targetLevel: { type: String, required: true },
  title: { type: String, required: true, maxlength: 200 },
  situation: { type: String, default: '', validate: partGiven, maxlength: 3000 },
  goals: { type: String, default: '', validate: partGiven, maxlength: 3000 },
  content: { type: String, default: '', validate: partGiven, maxlength: 3000 },
  area: { type: String, default: '', validate: partGiven, maxlength: 1000 },
  beneficiaries: { type: String, default: '', validate: partGiven, maxlength: 1000 },
  forces: { type: String, default: '', validate: partGiven, maxlength: 2000 },
  resources: { type: String, default: '', validate: partGiven, maxlength: 2000 },
  startDate: { type: String, required: true, match: /^\d{4}-\d{2}-\d{2}$/ },
  evaluationDate: { type: String, required: true, match: /^\d{4}-\d{2}-\d{2}$/ },
  milestones: { type: String, maxlength: 2000, default: '' },
  outputs: { type: String, default: '', validate: partGiven, maxlength: 2000 },
  sustainability: { type: String, default: '', validate: partGiven, maxlength: 2000 },
};

/** A registered "Dân vận khéo" model. Every registration part in domain.md is a field here. */
const initiativeSchema = new Schema(
  {
    code: { type: String, required: true, unique: true },
    /** Idempotency key of the submission (the draft id): a double tap cannot create two records. */
    sourceKey: { type: String, required: true, unique: true },
    campaignId: { type: Schema.Types.ObjectId, ref: 'Campaign', required: true },
    unitId: { type: Schema.Types.ObjectId, ref: 'Unit', required: true },
    unitPath: { type: [Schema.Types.ObjectId], required: true },
    ownerKind: { type: String, enum: ['collective', 'individual'], required: true },
    createdBy: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    createdByTelegramId: { type: Number, required: true },
    ...registrationParts,
    // A part added to the form table is stored without a line here.
    ...storedPaths(registrationForm, registrationParts),
    // An answer added to the return or replicate table (src/domain/forms/review-actions.ts) too.
    ...keptAnswerPaths(['return', 'replicate']),
    indicators: {
      type: [indicatorSchema],
      validate: [
        function (this: unknown, v: unknown[]) {
          return v.length <= 10 && (v.length >= 1 || !registrationPart.call(this));
        },
        'between 1 and 10 indicators',
      ],
    },
    replicatedFrom: { type: Schema.Types.ObjectId, ref: 'Initiative', default: null },
    status: { type: String, enum: INITIATIVE_STATUSES, default: 'registered' },
    statusChangedAt: { type: Date, default: () => new Date() },
    returnReason: { type: String, default: null },
    selectedLevel: { type: String, default: null },
    appraisals: { type: [appraisalSchema], default: [] },
    honours: { type: [honourSchema], default: [] },
    /** Models elsewhere that were replicated from this one. */
    replicationCount: { type: Number, default: 0 },
    lastReportAt: { type: Date, default: null },
    lastReportPeriod: { type: String, default: null },
    /** The newest period with a verified report (only verification sets it): "effective" reads it. */
    lastVerifiedPeriod: { type: String, default: null },
    /** When a coordinator accepted it (nurturing from then): "late" counts from its first full period. */
    acceptedAt: { type: Date, default: null },
    progress: { type: Number, default: 0, min: 0, max: 100 },
    reportCount: { type: Number, default: 0 },
    version: { type: Number, default: 0 },
    demo: { type: Boolean, default: false },
  },
  { timestamps: true },
);
checkStored('Initiative', registrationForm, (k) => initiativeSchema.path(k));
initiativeSchema.index({ campaignId: 1, unitPath: 1, status: 1 });
initiativeSchema.index({ createdBy: 1, createdAt: -1 });
initiativeSchema.index({ campaignId: 1, status: 1, statusChangedAt: 1 });

export type InitiativeDoc = InferSchemaType<typeof initiativeSchema> & { _id: Types.ObjectId };
export type Indicator = InferSchemaType<typeof indicatorSchema>;
export const Initiative = model('Initiative', initiativeSchema);
