import { type InferSchemaType, model, Schema, type Types } from 'mongoose';

/** Who changed what, when: one per status change (the plan's honesty requirement). */
const auditEventSchema = new Schema({
  /**
   * Unique. For a status change it is `initiative:<id>:v<version>`: inserting it *is* the claim
   * on that version (see services/initiative-status.ts), because on FerretDB a conditional update
   * is not atomic but a unique-index insert is. Other events get a random key.
   */
  key: { type: String, required: true, unique: true },
  at: { type: Date, required: true },
  actorId: { type: Schema.Types.ObjectId, ref: 'User', default: null },
  actorTelegramId: { type: Number, default: null },
  entity: {
    type: String,
    enum: ['initiative', 'report', 'invite', 'user', 'access-request', 'campaign', 'unit'],
    required: true,
  },
  entityId: { type: Schema.Types.ObjectId, required: true },
  action: { type: String, required: true },
  from: { type: String, default: null },
  to: { type: String, default: null },
  note: { type: String, default: null },
  unitPath: { type: [Schema.Types.ObjectId], default: [] },
  /** The update a status change applies, as JSON, so a change interrupted by a crash can be completed. */
  change: { type: String, default: null },
});
auditEventSchema.index({ entity: 1, entityId: 1, at: 1 });
auditEventSchema.index({ unitPath: 1, at: -1 });

export type AuditEventDoc = InferSchemaType<typeof auditEventSchema> & { _id: Types.ObjectId };
export const AuditEvent = model('AuditEvent', auditEventSchema);
