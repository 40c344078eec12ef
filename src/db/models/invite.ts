import { type InferSchemaType, model, Schema, type Types } from 'mongoose';
import { ROLES } from './user.ts';

/** Only the SHA-256 of a code is stored; the code itself is shown once, to its creator. */
const inviteSchema = new Schema(
  {
    codeHash: { type: String, required: true, unique: true },
    role: { type: String, enum: ROLES, required: true },
    unitId: { type: Schema.Types.ObjectId, ref: 'Unit', required: true },
    expiresAt: { type: Date, required: true },
    maxUses: { type: Number, required: true, min: 1 },
    usesLeft: { type: Number, required: true, min: 0 },
    usedBy: { type: [Number], default: [] },
    createdBy: { type: Schema.Types.ObjectId, ref: 'User', default: null },
    revoked: { type: Boolean, default: false },
  },
  { timestamps: true },
);

export type InviteDoc = InferSchemaType<typeof inviteSchema> & { _id: Types.ObjectId };
export const Invite = model('Invite', inviteSchema);
