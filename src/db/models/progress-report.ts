import { type InferSchemaType, model, Schema, type Types } from 'mongoose';
import { checkStored, storedPaths } from '../../domain/forms/field.ts';
import { reportForm } from '../../domain/forms/report.ts';
import { keptAnswerPaths } from '../../domain/forms/review-actions.ts';

const evidenceSchema = new Schema(
  {
    kind: { type: String, enum: ['photo', 'document', 'location'], required: true },
    fileId: { type: String, default: null },
    fileUniqueId: { type: String, default: null },
    fileName: { type: String, default: null },
    mimeType: { type: String, default: null },
    latitude: { type: Number, default: null },
    longitude: { type: Number, default: null },
    caption: { type: String, maxlength: 1000, default: '' },
    /** The archived copy in GridFS (services/evidence/archive.ts); null for evidence from before. */
    archiveId: { type: Schema.Types.ObjectId, default: null },
    /** What the checks found when it arrived: 'reused', 'capture-date'. */
    flags: { type: [String], default: [] },
  },
  { _id: false },
);

const indicatorValueSchema = new Schema(
  { name: { type: String, required: true }, value: { type: Number, required: true, min: 0 } },
  { _id: false },
);

const reportBody = {
  activities: { type: String, required: true, maxlength: 3000 },
  indicatorValues: { type: [indicatorValueSchema], default: [] },
  progress: { type: Number, required: true, min: 0, max: 100 },
  participants: { type: Number, required: true, min: 0 },
  beneficiaries: { type: Number, required: true, min: 0 },
  funds: { type: Number, default: null, min: 0 },
  evidence: { type: [evidenceSchema], default: [] },
  difficulties: { type: String, maxlength: 2000, default: '' },
  summary: { type: String, required: true, maxlength: 2000 },
  submittedBy: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  submittedAt: { type: Date, required: true },
  /** The draft this version was sent from: sending the same draft again changes nothing. */
  sourceKey: { type: String, default: null },
};
/** A part added to the form table (src/domain/forms/report.ts) is stored without a line here. */
const addedParts = storedPaths(reportForm, reportBody);

/** A superseded version of a report, kept when the cadre amends it. */
const previousVersionSchema = new Schema({ ...reportBody, ...addedParts, revision: Number }, { _id: false });

/** One report per initiative and period; sending again amends and keeps the old version. */
const progressReportSchema = new Schema(
  {
    initiativeId: { type: Schema.Types.ObjectId, ref: 'Initiative', required: true },
    campaignId: { type: Schema.Types.ObjectId, ref: 'Campaign', required: true },
    unitId: { type: Schema.Types.ObjectId, ref: 'Unit', required: true },
    unitPath: { type: [Schema.Types.ObjectId], required: true },
    periodKey: { type: String, required: true, match: /^\d{4}-(\d{2}|Q[1-4])$/ },
    ...reportBody,
    ...addedParts,
    // An answer added to the table of questioning a report (src/domain/forms/review-actions.ts).
    ...keptAnswerPaths(['question']),
    revision: { type: Number, default: 1 },
    history: { type: [previousVersionSchema], default: [] },
    verification: { type: String, enum: ['pending', 'verified', 'questioned'], default: 'pending' },
    verificationNote: { type: String, default: null },
    verifiedBy: { type: Schema.Types.ObjectId, ref: 'User', default: null },
    verifiedAt: { type: Date, default: null },
    demo: { type: Boolean, default: false },
  },
  { timestamps: true },
);
checkStored('ProgressReport', reportForm, (k) => progressReportSchema.path(k));
progressReportSchema.index({ initiativeId: 1, periodKey: 1 }, { unique: true });
progressReportSchema.index({ campaignId: 1, unitPath: 1, periodKey: 1 });
progressReportSchema.index({ campaignId: 1, verification: 1, submittedAt: 1 });

export type ProgressReportDoc = InferSchemaType<typeof progressReportSchema> & { _id: Types.ObjectId };
export type Evidence = InferSchemaType<typeof evidenceSchema>;
export const ProgressReport = model('ProgressReport', progressReportSchema);
