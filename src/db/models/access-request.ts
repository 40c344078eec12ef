import { type InferSchemaType, model, Schema, type Types } from 'mongoose';

/** A person without an invite asks to join a unit as a cadre; the unit's coordinators decide. */
const accessRequestSchema = new Schema(
  {
    telegramId: { type: Number, required: true },
    name: { type: String, required: true, maxlength: 120 },
    unitId: { type: Schema.Types.ObjectId, ref: 'Unit', required: true },
    unitPath: { type: [Schema.Types.ObjectId], required: true },
    status: { type: String, enum: ['pending', 'approved', 'denied'], default: 'pending' },
    decidedBy: { type: Schema.Types.ObjectId, ref: 'User', default: null },
    decidedAt: { type: Date, default: null },
    /**
     * One open request per person and unit: `telegramId:unitId` while pending, made unique by the
     * request id once decided (FerretDB has no partial or sparse index to say "unique if pending").
     */
    openKey: { type: String, required: true, unique: true },
  },
  { timestamps: true },
);
accessRequestSchema.index({ unitPath: 1, status: 1 });

export type AccessRequestDoc = InferSchemaType<typeof accessRequestSchema> & { _id: Types.ObjectId };
export const AccessRequest = model('AccessRequest', accessRequestSchema);
