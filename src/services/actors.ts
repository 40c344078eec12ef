import { isValidObjectId, type Types } from 'mongoose';
import { AuditEvent, isDuplicateKey, User } from '../db/models/index.ts';
import type { Principal } from '../domain/permissions.ts';

/**
 * The people around a domain action, as the review and round services both need them: who acts
 * (name and Telegram id for the audit event and the record) and whom to tell of the outcome.
 */

/** Someone the bot should tell about the outcome (the cadre who sent the record). */
export interface Recipient {
  userId: string;
  telegramId: number;
  language: 'vi' | 'en';
}

type Id = Types.ObjectId | string;

/** The acting person's name and Telegram id; null for an id that names nobody. */
export async function actorUser(p: Principal): Promise<{ name: string; telegramId: number } | null> {
  return isValidObjectId(p.userId)
    ? User.findById(p.userId, { name: 1, telegramId: 1 }).lean<{ name: string; telegramId: number }>()
    : null;
}

/** An audit event as a claim: what happened, to what, under which unique key. */
export interface AuditClaim {
  key: string;
  at: Date;
  entity: 'initiative' | 'report';
  entityId: Types.ObjectId;
  action: string;
  from: string | null;
  to: string;
  note: string | null;
  unitPath: Types.ObjectId[];
  /** The change the claim stands for, so that a later caller can complete it. */
  change: string;
}

/**
 * Writes the audit event of a change that must happen once, in the acting person's name. Its
 * unique key is the claim (atomic on FerretDB too): false when someone else already holds it.
 */
export async function claimWithAudit(p: Principal, claim: AuditClaim): Promise<boolean> {
  const actor = await actorUser(p);
  try {
    await AuditEvent.create({ ...claim, actorId: p.userId, actorTelegramId: actor?.telegramId ?? null });
    return true;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    return false;
  }
}

/** The active people among these ids, each once, in the order given, with their language. */
export async function recipients(userIds: Id[]): Promise<Recipient[]> {
  const ids = [...new Set(userIds.map(String))];
  const users = await User.find({ _id: { $in: ids }, active: true }, { telegramId: 1, language: 1 }).lean<
    { _id: Types.ObjectId; telegramId: number; language: string }[]
  >();
  const byId = new Map(users.map((u) => [String(u._id), u]));
  return ids.flatMap((id) => {
    const u = byId.get(id);
    return u ? [{ userId: id, telegramId: u.telegramId, language: u.language === 'en' ? 'en' : 'vi' }] : [];
  });
}
