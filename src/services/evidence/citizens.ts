import { Types } from 'mongoose';
import QRCode from 'qrcode';
import { AbuseReport, Confirmation, type ConfirmationDoc } from '../../db/models/evidence.ts';
import { Campaign, Initiative, type InitiativeDoc, isDuplicateKey, tryClaim } from '../../db/models/index.ts';
import { localDay } from '../../domain/calendar.ts';

/**
 * The people confirm (issue 13, item 5). Every accepted model has a QR code opening the bot with
 * `/start m_<model id>`; anyone who scans it, role or not, may say they know the model and benefit
 * from it, rate it 1-5 and comment. One answer per Telegram account and model (the answer's `_id`
 * is `<model>:<telegram id>`, a unique insert), and at most `confirmationsPerDay` answers per
 * account per local day (a claim per slot).
 */

/** Deep-link payload: Telegram allows 1-64 characters of A-Z a-z 0-9 _ -; the id is indexed. */
export const DEEP_LINK_PREFIX = 'm_';
export function modelPayload(initiativeId: string): string {
  return `${DEEP_LINK_PREFIX}${initiativeId}`;
}
export function modelIdFromPayload(payload: string): string | null {
  const m = /^m_([a-f0-9]{24})$/.exec(payload.trim());
  return m ? m[1]! : null;
}

export function modelLink(botUsername: string, initiativeId: string): string {
  return `https://t.me/${botUsername}?start=${modelPayload(initiativeId)}`;
}

/** Statuses of a model the people may be asked about: accepted and later, not withdrawn. */
export const CONFIRMABLE = ['nurturing', 'submitted', 'appraised', 'selected', 'honoured'];

/** The QR code PNG for a model's deep link. */
export async function modelQrPng(botUsername: string, initiativeId: string): Promise<Buffer> {
  return QRCode.toBuffer(modelLink(botUsername, initiativeId), {
    type: 'png',
    errorCorrectionLevel: 'M',
    margin: 2,
    width: 512,
  });
}

export async function confirmableModel(id: string): Promise<InitiativeDoc | null> {
  if (!Types.ObjectId.isValid(id)) return null;
  const ini = await Initiative.findById(id).lean<InitiativeDoc>();
  return ini && CONFIRMABLE.includes(ini.status) ? ini : null;
}

export interface ConfirmInput {
  knows: boolean;
  benefits: boolean;
  /** 1-5 from someone who knows the model; null from someone who does not. */
  rating: number | null;
  comment: string;
}

export type ConfirmResult =
  | { ok: true; confirmation: ConfirmationDoc }
  | { ok: false; reason: 'not-found' | 'already' | 'daily-limit' | 'invalid' };

export async function alreadyConfirmed(initiativeId: string, telegramId: number): Promise<boolean> {
  return (await Confirmation.findById(`${initiativeId}:${telegramId}`, { _id: 1 }).lean()) !== null;
}

export async function confirmModel(
  initiativeId: string,
  telegramId: number,
  input: ConfirmInput,
  now: Date,
  timeZone: string,
): Promise<ConfirmResult> {
  const ini = await confirmableModel(initiativeId);
  if (!ini) return { ok: false, reason: 'not-found' };
  const comment = input.comment.trim();
  const ratingOk =
    input.rating === null
      ? !input.knows
      : Number.isInteger(input.rating) && input.rating >= 1 && input.rating <= 5 && input.knows;
  if (!ratingOk || (input.benefits && !input.knows) || comment.length > 500)
    return { ok: false, reason: 'invalid' };
  if (await alreadyConfirmed(initiativeId, telegramId)) return { ok: false, reason: 'already' };
  const campaign = await Campaign.findById(ini.campaignId, { confirmationsPerDay: 1 }).lean();
  const perDay = campaign?.confirmationsPerDay ?? 5;
  const day = localDay(now, timeZone);
  let slot = 0;
  for (let i = 1; i <= perDay && !slot; i++)
    if (await tryClaim(`confirm-day:${telegramId}:${day}:${i}`, now, initiativeId)) slot = i;
  if (!slot) return { ok: false, reason: 'daily-limit' };
  try {
    const created = await Confirmation.create({
      _id: `${initiativeId}:${telegramId}`,
      initiativeId: ini._id,
      campaignId: ini.campaignId,
      unitPath: ini.unitPath,
      telegramId,
      knows: input.knows,
      benefits: input.benefits,
      rating: input.rating,
      comment,
      at: now,
    });
    return { ok: true, confirmation: created.toObject() as ConfirmationDoc };
  } catch (err) {
    if (isDuplicateKey(err)) return { ok: false, reason: 'already' };
    throw err;
  }
}

export interface ConfirmationStats {
  count: number;
  knows: number;
  benefits: number;
  /** Mean rating, one decimal; null without answers. */
  rating: number | null;
  comments: string[];
}

export function statsOf(list: readonly Pick<ConfirmationDoc, 'knows' | 'benefits' | 'rating' | 'comment'>[]) {
  const count = list.length;
  const rated = list.map((c) => c.rating).filter((r): r is number => typeof r === 'number');
  return {
    count,
    knows: list.filter((c) => c.knows).length,
    benefits: list.filter((c) => c.benefits).length,
    rating: rated.length ? Math.round((rated.reduce((s, r) => s + r, 0) / rated.length) * 10) / 10 : null,
    comments: list.map((c) => c.comment).filter(Boolean),
  } satisfies ConfirmationStats;
}

export async function confirmationStats(initiativeId: string | Types.ObjectId): Promise<ConfirmationStats> {
  return statsOf(await Confirmation.find({ initiativeId }).lean());
}

/** Stats for many models at once (summary, workbook): one read of the campaign's answers. */
export async function confirmationStatsByModel(
  campaignId: string | Types.ObjectId,
): Promise<Map<string, ConfirmationStats>> {
  const all = await Confirmation.find(
    { campaignId },
    { initiativeId: 1, knows: 1, benefits: 1, rating: 1, comment: 1 },
  ).lean();
  const by = new Map<string, typeof all>();
  for (const c of all) {
    const k = String(c.initiativeId);
    by.set(k, [...(by.get(k) ?? []), c]);
  }
  return new Map([...by].map(([k, v]) => [k, statsOf(v)]));
}

/** Records a citizen's abuse report; the caller tells the unit's coordinators. */
export async function reportAbuse(
  initiativeId: string,
  telegramId: number,
  text: string,
  now: Date,
  timeZone: string,
): Promise<
  { ok: true; initiative: InitiativeDoc } | { ok: false; reason: 'not-found' | 'daily-limit' | 'invalid' }
> {
  const ini = await confirmableModel(initiativeId);
  if (!ini) return { ok: false, reason: 'not-found' };
  const clean = text.trim();
  if (!clean || clean.length > 1000) return { ok: false, reason: 'invalid' };
  if (!(await tryClaim(`abuse:${initiativeId}:${telegramId}:${localDay(now, timeZone)}`, now)))
    return { ok: false, reason: 'daily-limit' };
  await AbuseReport.create({ initiativeId: ini._id, telegramId, text: clean, at: now });
  return { ok: true, initiative: ini };
}
