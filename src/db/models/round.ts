import { type InferSchemaType, model, Schema, type Types } from 'mongoose';
import { keptAnswerPaths } from '../../domain/forms/review-actions.ts';

/**
 * Rounds and conferences as records (issue 10, item 4).
 *
 * A campaign lists its rounds (`Campaign.rounds`, from the template): e.g. "Sơ kết lần 1" in
 * step 2 at district level, "Đăng ký cấp tỉnh", "Tổng kết lần 2" in step 3, the provincial
 * honouring of 15/10. A `Round` is one unit's instance of such a definition: the district of
 * Châu Thành's sơ kết is one Round, Rạch Giá's another; a province-level round has one instance,
 * at the campaign's root unit. Its council is the organising unit's coordinators (board members at
 * the root for province rounds) at the time the round is opened; the one who opened it chairs.
 *
 * Shape, for readers such as the workbook's round sheets:
 * - `Round`: campaignId, defCode (the definition's code), name/nameEn, kind (`honouring` has
 *   nominees; `registration` is a window in which models honoured below register for `targetLevel`),
 *   phaseCode, targetLevel (the honour's level: grassroots | district | province), unitId/unitPath/
 *   unitName (the organising unit), occasion (1 = first honouring, 2 = second ...), quota (how many
 *   may be selected), opensOn/closesOn/conferenceOn (local days YYYY-MM-DD), chairId/chairName,
 *   council [{ userId, name, unitId }], status `open` | `decided`, decisionNo, decisionDate (day),
 *   decidedBy, decidedAt.
 * - `Nomination`: one per (round, model): the model's code/title/unit at the time it was put
 *   forward, who put it forward and when, outcome `nominated` | `selected` | `not-selected` |
 *   `honoured`, selectedBy/selectedAt, honouredAt.
 * - `CouncilScore`: one per (round, model, council member), never overwritten: scores per
 *   criterion, total, max, comment, at. A nominee's result is the mean of its members' totals and
 *   the ranking is by that mean (computed in code: `services/rounds.ts` `roundStandings`).
 * Honours given are also pushed onto `Initiative.honours` with `roundId`.
 */

const day = { type: String, match: /^\d{4}-\d{2}-\d{2}$/ };

const memberSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    name: { type: String, default: '' },
    unitId: { type: Schema.Types.ObjectId, ref: 'Unit', required: true },
  },
  { _id: false },
);

const roundSchema = new Schema(
  {
    campaignId: { type: Schema.Types.ObjectId, ref: 'Campaign', required: true },
    defCode: { type: String, required: true },
    name: { type: String, required: true },
    nameEn: { type: String, default: '' },
    kind: { type: String, enum: ['honouring', 'registration'], required: true },
    phaseCode: { type: String, required: true },
    targetLevel: { type: String, required: true },
    unitId: { type: Schema.Types.ObjectId, ref: 'Unit', required: true },
    unitPath: { type: [Schema.Types.ObjectId], required: true },
    unitName: { type: String, default: '' },
    occasion: { type: Number, default: 1, min: 1 },
    quota: { type: Number, default: 0, min: 0 },
    opensOn: { ...day, required: true },
    closesOn: { ...day, required: true },
    conferenceOn: { ...day, default: null },
    chairId: { type: Schema.Types.ObjectId, ref: 'User', default: null },
    chairName: { type: String, default: '' },
    council: { type: [memberSchema], default: [] },
    status: { type: String, enum: ['open', 'decided'], default: 'open' },
    decisionNo: { type: String, default: null, maxlength: 80 },
    decisionDate: { ...day, default: null },
    decidedBy: { type: Schema.Types.ObjectId, ref: 'User', default: null },
    decidedAt: { type: Date, default: null },
    // An answer added to the decision table (src/domain/forms/review-actions.ts).
    ...keptAnswerPaths(['decide']),
    createdBy: { type: Schema.Types.ObjectId, ref: 'User', default: null },
    openedAt: { type: Date, required: true },
    demo: { type: Boolean, default: false },
  },
  { timestamps: true },
);
/** One instance of a definition per organising unit: opening it twice at once makes one. */
roundSchema.index({ campaignId: 1, defCode: 1, unitId: 1 }, { unique: true });
roundSchema.index({ campaignId: 1, unitPath: 1 });

const nominationSchema = new Schema(
  {
    roundId: { type: Schema.Types.ObjectId, ref: 'Round', required: true },
    campaignId: { type: Schema.Types.ObjectId, ref: 'Campaign', required: true },
    initiativeId: { type: Schema.Types.ObjectId, ref: 'Initiative', required: true },
    code: { type: String, required: true },
    title: { type: String, required: true },
    ownerName: { type: String, default: '' },
    ownerKind: { type: String, default: 'collective' },
    field: { type: String, default: '' },
    unitId: { type: Schema.Types.ObjectId, ref: 'Unit', required: true },
    unitPath: { type: [Schema.Types.ObjectId], required: true },
    nominatedBy: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    nominatedAt: { type: Date, required: true },
    outcome: {
      type: String,
      enum: ['nominated', 'selected', 'not-selected', 'honoured'],
      default: 'nominated',
    },
    selectedBy: { type: Schema.Types.ObjectId, ref: 'User', default: null },
    selectedAt: { type: Date, default: null },
    honouredAt: { type: Date, default: null },
  },
  { timestamps: true },
);
nominationSchema.index({ roundId: 1, initiativeId: 1 }, { unique: true });
nominationSchema.index({ campaignId: 1, initiativeId: 1 });

const criterionScoreSchema = new Schema(
  { criterion: { type: String, required: true }, score: { type: Number, required: true, min: 0 } },
  { _id: false },
);

const councilScoreSchema = new Schema({
  roundId: { type: Schema.Types.ObjectId, ref: 'Round', required: true },
  initiativeId: { type: Schema.Types.ObjectId, ref: 'Initiative', required: true },
  memberId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  memberName: { type: String, default: '' },
  scores: { type: [criterionScoreSchema], default: [] },
  total: { type: Number, required: true, min: 0 },
  max: { type: Number, required: true, min: 0 },
  comment: { type: String, maxlength: 2000, default: '' },
  at: { type: Date, required: true },
  // An answer added to the scoring table (src/domain/forms/review-actions.ts).
  ...keptAnswerPaths(['score']),
});
/** Each member scores a nominee once: the insert is the claim, a second one is refused. */
councilScoreSchema.index({ roundId: 1, initiativeId: 1, memberId: 1 }, { unique: true });
councilScoreSchema.index({ roundId: 1 });

export type RoundDoc = InferSchemaType<typeof roundSchema> & { _id: Types.ObjectId };
export type NominationDoc = InferSchemaType<typeof nominationSchema> & { _id: Types.ObjectId };
export type CouncilScoreDoc = InferSchemaType<typeof councilScoreSchema> & { _id: Types.ObjectId };
export const Round = model('Round', roundSchema);
export const Nomination = model('Nomination', nominationSchema);
export const CouncilScore = model('CouncilScore', councilScoreSchema);
