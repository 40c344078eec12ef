import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Types } from 'mongoose';
import { Campaign, type CampaignDoc, Unit } from '../db/models/index.ts';
import type { Day } from '../domain/calendar.ts';
import { type CampaignTemplate, campaignTemplateSchema, missingTaskLevels } from '../domain/templates.ts';

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

/** Stores a campaign made from a template, rooted at a unit (normally the province). */
export async function createCampaign(
  t: CampaignTemplate,
  rootUnitCode: string,
  opts: { templateCode?: string; demo?: boolean } = {},
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
  });
  return doc.toObject() as CampaignDoc;
}

/** The active campaign covering a unit on a day (the newest if several). */
export async function activeCampaignFor(
  unitPath: readonly (Types.ObjectId | string)[],
  today: Day,
): Promise<CampaignDoc | null> {
  return Campaign.findOne({
    status: 'active',
    rootUnitId: { $in: unitPath },
    start: { $lte: today },
    end: { $gte: today },
  })
    .sort({ start: -1 })
    .lean<CampaignDoc>();
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
  return Campaign.findOne({
    status: 'active',
    rootUnitId: { $in: onPaths },
    start: { $lte: today },
    end: { $gte: today },
  })
    .sort({ start: -1 })
    .lean<CampaignDoc>();
}
