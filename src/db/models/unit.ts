import { type InferSchemaType, model, Schema, type Types } from 'mongoose';

/**
 * A locality or agency. Levels are data (a 2011 tree has districts, a 2026 tree has none).
 * `path` holds the ids of every ancestor and the unit itself, so "in X's subtree" is `{ path: X }`.
 */
const unitSchema = new Schema(
  {
    code: { type: String, required: true, unique: true, trim: true, maxlength: 64 },
    name: { type: String, required: true, trim: true, maxlength: 200 },
    level: { type: String, required: true, trim: true, maxlength: 40 },
    parentId: { type: Schema.Types.ObjectId, ref: 'Unit', default: null },
    path: { type: [Schema.Types.ObjectId], required: true },
    depth: { type: Number, required: true, min: 0 },
    pilot: { type: Boolean, default: false },
    order: { type: Number, default: 0 },
    active: { type: Boolean, default: true },
    /** Official administrative kind and code, where the tree was generated from them. */
    kind: { type: String, default: null },
    officialCode: { type: String, default: null },
    /** Set when `units migrate` retired this unit into another (a merger or a renaming). */
    mergedInto: { type: Schema.Types.ObjectId, ref: 'Unit', default: null },
  },
  { timestamps: true },
);
unitSchema.index({ path: 1 });
unitSchema.index({ parentId: 1, order: 1 });

export type UnitDoc = InferSchemaType<typeof unitSchema> & { _id: Types.ObjectId };
export const Unit = model('Unit', unitSchema);
