import { type InferSchemaType, model, Schema } from 'mongoose';

/**
 * A replication recorded from the source's side at a unit where no model of this campaign names
 * the source (issue 10, item 5): "replicated at unit X". A replication as a model is recorded on
 * the model itself (`Initiative.replicatedFrom`), whichever side records it.
 *
 * `_id` is `<source id>:<unit id>`: the insert is the claim, so two people recording the same unit
 * at once make one record (FerretDB uses an index only for `_id`).
 */
const unitReplicationSchema = new Schema(
  {
    _id: { type: String, required: true },
    sourceId: { type: Schema.Types.ObjectId, ref: 'Initiative', required: true },
    unitId: { type: Schema.Types.ObjectId, ref: 'Unit', required: true },
    unitPath: { type: [Schema.Types.ObjectId], required: true },
    unitName: { type: String, default: '' },
    note: { type: String, maxlength: 500, default: '' },
    recordedBy: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    recordedAt: { type: Date, required: true },
  },
  { timestamps: true },
);
unitReplicationSchema.index({ sourceId: 1 });

export type UnitReplicationDoc = InferSchemaType<typeof unitReplicationSchema> & { _id: string };
export const UnitReplication = model('UnitReplication', unitReplicationSchema);
