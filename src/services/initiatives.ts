import type { Types } from 'mongoose';
import type { Clock } from '../clock.ts';
import { settleReplicationCount } from '../db/models/derived-counts.ts';
import type { CampaignDoc, InitiativeDoc, UserDoc } from '../db/models/index.ts';
import { Campaign, Initiative, isDuplicateKey, nextSequence, Unit } from '../db/models/index.ts';
import { rawCollection, toId } from '../db/raw.ts';
import { localDay } from '../domain/calendar.ts';
import { schemaOf } from '../domain/forms/field.ts';
import { type RegistrationInput, registrationForm } from '../domain/forms/registration.ts';
import { isEditable, isOpenForReports } from '../domain/lifecycle.ts';
import { can, type Principal } from '../domain/permissions.ts';
import { recordAudit } from './audit.ts';
import { codePrefixOf, isCampaignClosed } from './campaigns.ts';
import { changeStatus } from './initiative-status.ts';
import { principalOf } from './users.ts';

/** The whole registration's check, from every part of the form table. */
const registrationSchema = schemaOf(registrationForm);

export type RegisterResult =
  | { ok: true; created: boolean; initiative: InitiativeDoc }
  | {
      ok: false;
      reason:
        | 'invalid'
        | 'not-allowed'
        | 'unknown-unit'
        | 'bad-field'
        | 'bad-level'
        | 'dates'
        | 'bad-source'
        | 'campaign-closed';
      detail?: string;
    };

/** Checks everything about a registration that depends on the campaign and the unit tree. */
async function checkRegistration(input: RegistrationInput, user: UserDoc, campaign: CampaignDoc) {
  const unit = await rawCollection<{ path: Types.ObjectId[] }>(Unit).findOne(
    { _id: toId(input.unitId) },
    { projection: { path: 1 } },
  );
  if (!unit) return { ok: false as const, reason: 'unknown-unit' as const };
  if (!can(principalOf(user), 'initiative.register', { unitPath: unit.path.map(String) })) {
    return { ok: false as const, reason: 'not-allowed' as const };
  }
  if (!campaign.fields.some((f) => f.code === input.field))
    return { ok: false as const, reason: 'bad-field' as const };
  if (!campaign.targetLevels.includes(input.targetLevel))
    return { ok: false as const, reason: 'bad-level' as const };
  if (
    input.startDate < campaign.start ||
    input.evaluationDate > campaign.end ||
    input.evaluationDate < input.startDate
  ) {
    return { ok: false as const, reason: 'dates' as const };
  }
  if (input.replicatedFrom && !(await Initiative.exists({ _id: input.replicatedFrom, status: 'honoured' }))) {
    return { ok: false as const, reason: 'bad-source' as const };
  }
  return { ok: true as const, unit };
}

/**
 * Saves a registration. `sourceKey` (the draft id) is unique: a second confirm, a re-delivered
 * update or a second instance returns the record the first one made instead of a duplicate.
 */
export async function registerInitiative(
  raw: unknown,
  ctx: {
    user: UserDoc;
    campaign: CampaignDoc;
    sourceKey: string;
    clock: Clock;
    timeZone?: string;
    /** The caller read `campaign` from the database just now: its status need not be read again. */
    campaignReadNow?: boolean;
  },
): Promise<RegisterResult> {
  const existing = await rawCollection<InitiativeDoc>(Initiative).findOne({ sourceKey: ctx.sourceKey });
  if (existing) return { ok: true, created: false, initiative: existing };
  if (
    ctx.campaign.status === 'closed' ||
    (!ctx.campaignReadNow && (await isCampaignClosed(ctx.campaign._id)))
  )
    return { ok: false, reason: 'campaign-closed' };
  const parsed = registrationSchema.safeParse(raw);
  if (!parsed.success)
    return { ok: false, reason: 'invalid', detail: parsed.error.issues[0]?.path.join('.') };
  const input = parsed.data as RegistrationInput;
  const check = await checkRegistration(input, ctx.user, ctx.campaign);
  if (!check.ok) return check;
  const now = ctx.clock.now();
  const year = localDay(now, ctx.timeZone ?? 'Asia/Ho_Chi_Minh').slice(0, 4);
  // The sequence is per campaign and year; the prefix is the campaign's own, so two campaigns of
  // one year number from 0001 each without colliding (`DVK-2026-0001`, `DVK2-2026-0001`).
  const prefix = await codePrefixOf(ctx.campaign, now);
  const seq = await nextSequence(`initiative:${String(ctx.campaign._id)}:${year}`, now);
  const code = `${prefix}-${year}-${String(seq).padStart(4, '0')}`;
  try {
    const doc = await Initiative.create({
      ...input,
      indicators: input.indicators.map((i) => ({ ...i, current: null })),
      code,
      sourceKey: ctx.sourceKey,
      campaignId: ctx.campaign._id,
      unitPath: check.unit.path,
      createdBy: ctx.user._id,
      createdByTelegramId: ctx.user.telegramId,
      status: 'registered',
      statusChangedAt: now,
      // From the bot's clock, not the database's: exports show it as the registration day.
      createdAt: now,
    });
    await recordAudit({
      at: now,
      actorId: ctx.user._id,
      actorTelegramId: ctx.user.telegramId,
      entity: 'initiative',
      entityId: doc._id,
      action: 'register',
      to: 'registered',
      unitPath: check.unit.path,
    });
    if (input.replicatedFrom) await settleReplicationCount(input.replicatedFrom);
    return { ok: true, created: true, initiative: doc.toObject() as InitiativeDoc };
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const again = await Initiative.findOne({ sourceKey: ctx.sourceKey }).lean<InitiativeDoc>();
    if (!again) throw err;
    return { ok: true, created: false, initiative: again };
  }
}

export type UpdateResult =
  | { ok: true; initiative: InitiativeDoc; resubmitted: boolean }
  | {
      ok: false;
      reason:
        | 'not-found'
        | 'not-allowed'
        | 'not-editable'
        | 'invalid'
        | 'unknown-unit'
        | 'bad-field'
        | 'bad-level'
        | 'dates'
        | 'bad-source'
        | 'conflict';
    };

/**
 * Edits a registration while it is registered or returned. Editing a returned one resubmits it
 * (returned -> registered) so it is back in the coordinators' queue.
 */
export async function updateRegistration(
  id: Types.ObjectId | string,
  raw: unknown,
  ctx: { user: UserDoc; campaign: CampaignDoc; clock: Clock; expectedVersion: number },
): Promise<UpdateResult> {
  const current = await Initiative.findById(id).lean<InitiativeDoc>();
  if (!current) return { ok: false, reason: 'not-found' };
  const principal = principalOf(ctx.user);
  if (
    !can(principal, 'initiative.edit', {
      unitPath: current.unitPath.map(String),
      ownerId: String(current.createdBy),
    })
  ) {
    return { ok: false, reason: 'not-allowed' };
  }
  if (!isEditable(current.status)) return { ok: false, reason: 'not-editable' };
  const parsed = registrationSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: 'invalid' };
  const data = parsed.data as RegistrationInput;
  const check = await checkRegistration(data, ctx.user, ctx.campaign);
  if (!check.ok) return check;
  if (current.version !== ctx.expectedVersion) return { ok: false, reason: 'conflict' };
  const { indicators, ...rest } = data;
  const indicatorDocs = indicators.map((i) => ({
    ...i,
    current: current.indicators.find((c) => c.name === i.name)?.current ?? null,
  }));
  if (current.status === 'returned') {
    const r = await changeStatus(
      {
        initiativeId: current._id,
        name: 'resubmit',
        actor: { userId: ctx.user._id, telegramId: ctx.user.telegramId, as: 'owner' },
        // The reason stays with the record so the reviewer sees what was asked; accepting clears it.
        set: { ...rest, indicators: indicatorDocs, unitPath: check.unit.path },
        expectedStatus: 'returned',
      },
      ctx.clock,
    );
    if (!r.ok) return { ok: false, reason: r.reason === 'conflict' ? 'conflict' : 'not-editable' };
    return { ok: true, initiative: r.initiative, resubmitted: true };
  }
  const updated = await Initiative.findOneAndUpdate(
    { _id: current._id, version: current.version, status: current.status },
    { $set: { ...rest, indicators: indicatorDocs, unitPath: check.unit.path, version: current.version + 1 } },
    { returnDocument: 'after', runValidators: true },
  ).lean<InitiativeDoc>();
  if (!updated) return { ok: false, reason: 'conflict' };
  await recordAudit({
    at: ctx.clock.now(),
    actorId: ctx.user._id,
    actorTelegramId: ctx.user.telegramId,
    entity: 'initiative',
    entityId: current._id,
    action: 'edit',
    unitPath: check.unit.path,
  });
  return { ok: true, initiative: updated, resubmitted: false };
}

/** The person's own models (newest first). */
export async function myInitiatives(user: UserDoc, limit = 30): Promise<InitiativeDoc[]> {
  return rawCollection<InitiativeDoc>(Initiative)
    .find({ createdBy: toId(user._id) }, { sort: { createdAt: -1 }, limit })
    .toArray();
}

/**
 * Models this person may report on (their own, open for reports, in a campaign not closed, and
 * allowed by `can`), with the campaigns they belong to by id: read in the command that leaves out
 * the closed ones, since /baocao needs both.
 */
export async function reportableWithCampaigns(
  principal: Principal,
  user: UserDoc,
  limit = 30,
): Promise<{ models: InitiativeDoc[]; campaigns: Map<string, CampaignDoc> }> {
  const own = await myInitiatives(user, limit);
  const ids = [...new Set(own.map((i) => String(i.campaignId)))];
  const campaigns = new Map(
    (ids.length
      ? await rawCollection<CampaignDoc>(Campaign)
          .find({ _id: { $in: ids.map(toId) } })
          .toArray()
      : []
    ).map((c) => [String(c._id), c]),
  );
  const models = own.filter(
    (i) =>
      isOpenForReports(i.status) &&
      campaigns.get(String(i.campaignId))?.status !== 'closed' &&
      can(principal, 'report.submit', { unitPath: i.unitPath.map(String), ownerId: String(i.createdBy) }),
  );
  return { models, campaigns };
}

export async function findInitiative(id: string): Promise<InitiativeDoc | null> {
  if (!/^[a-f0-9]{24}$/.test(id)) return null;
  return Initiative.findById(id).lean<InitiativeDoc>();
}

/** Honoured models a new one may say it replicates (search by code or words of the name). */
export async function honouredInitiatives(query: string, limit = 8): Promise<InitiativeDoc[]> {
  const q = query.trim();
  const filter = /^[A-Z][A-Z0-9]{1,9}-\d{4}-\d{4,}$/i.test(q)
    ? { code: q.toUpperCase(), status: 'honoured' as const }
    : { status: 'honoured' as const };
  const docs = await Initiative.find(filter).sort({ statusChangedAt: -1 }).limit(200).lean<InitiativeDoc[]>();
  const needle = q.toLowerCase();
  return docs
    .filter((d) => !needle || d.code.toLowerCase() === needle || d.title.toLowerCase().includes(needle))
    .slice(0, limit);
}
