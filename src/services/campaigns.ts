import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Types } from 'mongoose';
import { Campaign, type CampaignDoc, Claim, tryClaim, Unit } from '../db/models/index.ts';
import { rawCollection, toId } from '../db/raw.ts';
import type { Day } from '../domain/calendar.ts';
import { type CampaignTemplate, campaignTemplateSchema, missingTaskLevels } from '../domain/templates.ts';
import { recordAudit } from './audit.ts';

export const TEMPLATES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../templates');
export const DEFAULT_TEMPLATE = path.join(TEMPLATES_DIR, 'campaign-dvk-2011-2015.json');
export const DEFAULT_UNITS = path.join(TEMPLATES_DIR, 'units-kien-giang-2011.json');
/** The 2026-2030 plan on the two-tier map, and An Giang's units from 1 July 2025. */
export const TEMPLATE_2026 = path.join(TEMPLATES_DIR, 'campaign-dvk-2026-2030.json');
export const UNITS_AN_GIANG_2025 = path.join(TEMPLATES_DIR, 'units-an-giang-2025.json');
export const MAPPING_AN_GIANG_2025 = path.join(TEMPLATES_DIR, 'units-mapping-an-giang-2025.json');

export class TemplateError extends Error {}

export function loadTemplate(file: string = DEFAULT_TEMPLATE): CampaignTemplate {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new TemplateError(`cannot read ${file}: ${(err as Error).message}`);
  }
  const r = campaignTemplateSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new TemplateError(
      `${path.basename(file)}: ${issue.path.join('.') || 'template'}: ${issue.message}`,
    );
  }
  return r.data;
}

/**
 * Stores a campaign made from a template, rooted at a unit (normally the province). `now` comes
 * from the injected clock: it dates the record and the claim of its code prefix.
 */
export async function createCampaign(
  t: CampaignTemplate,
  rootUnitCode: string,
  opts: { now: Date; templateCode?: string; demo?: boolean },
): Promise<CampaignDoc> {
  const root = await Unit.findOne({ code: rootUnitCode }, { _id: 1 }).lean();
  if (!root) throw new TemplateError(`no unit with code ${rootUnitCode}; import the units first`);
  if (await Campaign.exists({ code: t.code }))
    throw new TemplateError(`a campaign with code ${t.code} exists already`);
  const treeLevels = (await Unit.distinct('level', { path: root._id, active: true })) as string[];
  const missing = missingTaskLevels(t, treeLevels);
  if (missing.size > 0) {
    const what = [...missing].map(([level, tasks]) => `"${level}" (${tasks.join(', ')})`).join(', ');
    throw new TemplateError(
      `the template has tasks for level ${what} but the units under ${rootUnitCode} have only ${treeLevels.sort().join(', ')}; use a template for this tree`,
    );
  }
  const { source: _source, bodies: _bodies, ...fields } = t;
  const doc = await Campaign.create({
    ...fields,
    templateCode: opts.templateCode ?? null,
    rootUnitId: root._id,
    status: 'active',
    demo: opts.demo ?? false,
    createdAt: opts.now,
  });
  const codePrefix = await codePrefixOf(doc.toObject() as CampaignDoc, opts.now);
  return { ...(doc.toObject() as CampaignDoc), codePrefix };
}

/** The prefix every campaign's codes start with; the first campaign keeps the historical `DVK`. */
export const DEFAULT_CODE_PREFIX = 'DVK';

/**
 * The campaign's model-code prefix, assigned once: `DVK` for the first campaign, then `DVK2`,
 * `DVK3` ... Each prefix is a claim owned by its campaign, so two campaigns can never share one
 * and two instances assigning at once agree. Campaigns that predate prefixes get theirs first,
 * oldest first, so the campaign whose codes already read `DVK-…` keeps `DVK`.
 */
export async function codePrefixOf(
  campaign: Pick<CampaignDoc, '_id'> & { codePrefix?: string | null },
  at: Date,
): Promise<string> {
  if (campaign.codePrefix) return campaign.codePrefix;
  const stored = await Campaign.findById(campaign._id, { codePrefix: 1 }).lean();
  if (stored?.codePrefix) return stored.codePrefix;
  const older = await Campaign.find({ codePrefix: null }, { _id: 1, createdAt: 1 })
    .sort({ createdAt: 1, _id: 1 })
    .lean();
  let mine: string | null = null;
  for (const c of older) {
    const p = await assignPrefix(String(c._id), at);
    if (String(c._id) === String(campaign._id)) mine = p;
  }
  return mine ?? assignPrefix(String(campaign._id), at);
}

async function assignPrefix(campaignId: string, at: Date): Promise<string> {
  for (let n = 1; ; n++) {
    const prefix = n === 1 ? DEFAULT_CODE_PREFIX : `${DEFAULT_CODE_PREFIX}${n}`;
    const key = `campaign-prefix:${prefix}`;
    const mine =
      (await tryClaim(key, at, campaignId)) || (await Claim.findById(key).lean())?.owner === campaignId;
    if (!mine) continue;
    await Campaign.updateOne({ _id: campaignId, codePrefix: null }, { $set: { codePrefix: prefix } });
    return prefix;
  }
}

/** The active campaign covering a unit on a day (the newest if several). */
export async function activeCampaignFor(
  unitPath: readonly (Types.ObjectId | string)[],
  today: Day,
): Promise<CampaignDoc | null> {
  return rawCollection<CampaignDoc>(Campaign).findOne(
    {
      status: 'active',
      rootUnitId: { $in: unitPath.map(toId) },
      start: { $lte: today },
      end: { $gte: today },
    },
    { sort: { start: -1 } },
  );
}

export async function activeCampaigns(): Promise<CampaignDoc[]> {
  return Campaign.find({ status: 'active' }).sort({ start: -1 }).lean<CampaignDoc[]>();
}

/**
 * The campaign a person works in today: the newest active campaign whose root unit lies on the
 * path of one of their grants (a province coordinator and a commune cadre find the same one).
 */
export async function campaignForGrants(
  grantUnitIds: readonly string[],
  today: Day,
): Promise<CampaignDoc | null> {
  if (grantUnitIds.length === 0) return null;
  const units = await Unit.find({ _id: { $in: grantUnitIds } }, { path: 1 }).lean();
  const onPaths = [...new Set(units.flatMap((u) => u.path.map(String)))];
  if (onPaths.length === 0) return null;
  // A closed campaign is still found (summaries and exports work on it); an active one is preferred.
  const found = await Campaign.find({
    status: { $in: ['active', 'closed'] },
    rootUnitId: { $in: onPaths },
    start: { $lte: today },
    end: { $gte: today },
  })
    .sort({ start: -1 })
    .limit(10)
    .lean<CampaignDoc[]>();
  return found.find((c) => c.status === 'active') ?? found[0] ?? null;
}

export type CloseResult =
  | { ok: true; campaign: CampaignDoc; changed: boolean }
  | { ok: false; reason: 'unknown' };

/**
 * Closes a campaign: read-only from then on. Registrations and reports are refused with a clear
 * message (services/initiatives.ts, services/reports.ts), reminders stop (the planner reads active
 * campaigns only); summaries and exports go on working (campaignForGrants still finds it).
 */
export async function closeCampaign(
  code: string,
  actor: { userId?: Types.ObjectId | null; at: Date },
): Promise<CloseResult> {
  const c = await Campaign.findOne({ code }).lean<CampaignDoc>();
  if (!c) return { ok: false, reason: 'unknown' };
  if (c.status === 'closed') return { ok: true, campaign: c, changed: false };
  await Campaign.updateOne({ _id: c._id }, { $set: { status: 'closed' } });
  await recordAudit({
    at: actor.at,
    actorId: actor.userId ?? null,
    entity: 'campaign',
    entityId: c._id,
    action: 'close',
    from: c.status,
    to: 'closed',
    unitPath: [c.rootUnitId],
  });
  return { ok: true, campaign: { ...c, status: 'closed' }, changed: true };
}

/** Whether registrations and reports are refused: the campaign was closed (read fresh). */
export async function isCampaignClosed(campaignId: Types.ObjectId | string): Promise<boolean> {
  return (await Campaign.findById(campaignId, { status: 1 }).lean())?.status === 'closed';
}
