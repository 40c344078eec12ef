import { type InferSchemaType, type MongooseQueryMiddleware, model, Schema, type Types } from 'mongoose';

export const ROLES = ['cadre', 'coordinator', 'board', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const roleGrantSchema = new Schema(
  {
    role: { type: String, enum: ROLES, required: true },
    unitId: { type: Schema.Types.ObjectId, ref: 'Unit', required: true },
    grantedBy: { type: Schema.Types.ObjectId, ref: 'User', default: null },
    grantedAt: { type: Date, default: () => new Date() },
  },
  { _id: false },
);

const userSchema = new Schema(
  {
    telegramId: { type: Number, required: true, unique: true },
    name: { type: String, trim: true, maxlength: 120, default: '' },
    username: { type: String, default: null },
    language: { type: String, enum: ['vi', 'en'], default: 'vi' },
    roles: { type: [roleGrantSchema], default: [] },
    /** `role:unitId` for each grant: lets a conditional update test "has no such grant yet" and
     * lets queries find holders with a plain equality (FerretDB lacks `$not: { $elemMatch }`). */
    roleKeys: { type: [String], default: [] },
    /** False once the person blocked the bot (Telegram 403): nobody retries until they come back. */
    active: { type: Boolean, default: true },
    /**
     * Set by an operator or a coordinator: the bot answers this person with one line and nothing
     * else, sends them nothing (`active` stays false), and a message from them changes neither.
     */
    deactivated: { type: Boolean, default: false },
    onboarded: { type: Boolean, default: false },
    snoozeUntil: { type: Date, default: null },
    demo: { type: Boolean, default: false },
  },
  { timestamps: true },
);
userSchema.index({ roleKeys: 1 });

/**
 * Counts the writes to users made through this model in this process (before and after each):
 * the per-process user cache (services/users.ts) drops what it holds when the count moves, so a
 * role, deactivation or language change made here takes effect on the next update.
 */
let userWrites = 0;
export const userWriteCount = () => userWrites;
const bump = () => {
  userWrites++;
};
const USER_QUERY_WRITES: MongooseQueryMiddleware[] = [
  'updateOne',
  'updateMany',
  'findOneAndUpdate',
  'findOneAndReplace',
  'findOneAndDelete',
  'replaceOne',
  'deleteOne',
  'deleteMany',
];
userSchema.pre(USER_QUERY_WRITES, bump);
userSchema.post(USER_QUERY_WRITES, bump);
userSchema.pre('save', bump);
userSchema.post('save', bump);
userSchema.pre('insertMany', bump);
userSchema.post('insertMany', bump);

export const roleKey = (role: string, unitId: unknown) => `${role}:${String(unitId)}`;

export type UserDoc = InferSchemaType<typeof userSchema> & { _id: Types.ObjectId };
export type RoleGrant = InferSchemaType<typeof roleGrantSchema>;
export const User = model('User', userSchema);
