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
  },
  { timestamps: true },
);
unitSchema.index({ path: 1 });
unitSchema.index({ parentId: 1, order: 1 });

export type UnitDoc = InferSchemaType<typeof unitSchema> & { _id: Types.ObjectId };
export const Unit = model('Unit', unitSchema);
