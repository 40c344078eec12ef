import { createHash } from 'node:crypto';
import type { Types } from 'mongoose';
import type { Clock } from '../clock.ts';
import {
  Campaign,
  type CampaignDoc,
  Initiative,
  type InitiativeDoc,
  ProgressReport,
  Unit,
  type UserDoc,
} from '../db/models/index.ts';
import { rawCollection, toId } from '../db/raw.ts';
import { type Day, localDay } from '../domain/calendar.ts';
import { registrationForm } from '../domain/forms/registration.ts';
import { isEditable, isOpenForReports } from '../domain/lifecycle.ts';
import { can, scopeRoots } from '../domain/permissions.ts';
import { reportablePeriods } from '../domain/phases.ts';
import { campaignReadOnly } from '../domain/read-only.ts';
import { activeCampaignFor } from './campaigns.ts';
import {
  findInitiative,
  type RegisterResult,
  registerInitiative,
  reportableWithCampaigns,
  type UpdateResult,
  updateRegistration,
} from './initiatives.ts';
import { type SubmitReportResult, submitReport } from './reports.ts';
import { withChildFlags } from './unit-choices.ts';
import { principalOf } from './users.ts';

/**
 * What the registration and report forms (conversations/register.ts, edit.ts, report.ts) load
 * and save, so they never query the database themselves. Everything returned is plain data (ids
 * as strings), as a conversation keeps it in its replay log.
 */

/** What the registration form needs to know about the campaign and the person. */
export interface RegisterSetup {
  campaign: {
    id: string;
    code: string;
    start: string;
    end: string;
    fields: { code: string; name: string; nameEn?: string | null }[];
    targetLevels: string[];
  };
  roots: { id: string; name: string; hasChildren: boolean }[];
  personName: string;
  /** Names the content above (see `keyed`): the form's steps built from it are kept under it. */
  key?: string;
}

/** Plain data: ObjectIds as strings, subdocuments as objects. */
function plain<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

/**
 * A form's setup as plain data, with a key naming its content: a form goes on in a new run after
 * each answer, and the steps built from a setup are looked up by this key instead of the whole
 * setup written out again on every run.
 */
function keyed<T extends object>(v: T): T & { key: string } {
  const json = JSON.stringify(v);
  return { ...(JSON.parse(json) as T), key: createHash('sha1').update(json).digest('base64url') };
}

/** The units in which a person may register (their grants'), as the form lists them. */
async function registerRoots(roots: readonly string[]) {
  return rawCollection<{ name: string; path: Types.ObjectId[] }>(Unit)
    .find(
      { _id: { $in: roots.map(toId) } },
      { projection: { name: 1, path: 1 }, sort: { depth: 1, order: 1 } },
    )
    .toArray();
}

/** The form's setup for a campaign: its dates and lists, and the units the person may choose. */
export async function registerSetupFor(user: UserDoc, campaign: CampaignDoc): Promise<RegisterSetup> {
  const roots = scopeRoots(principalOf(user), 'initiative.register');
  const rootUnits =
    roots === 'all'
      ? await Unit.find({ _id: campaign.rootUnitId }, { name: 1 }).lean()
      : await registerRoots(roots);
  return setupOf(user, campaign, rootUnits);
}

async function setupOf(
  user: UserDoc,
  campaign: CampaignDoc,
  rootUnits: { _id: unknown; name: string }[],
): Promise<RegisterSetup> {
  return keyed({
    campaign: {
      id: String(campaign._id),
      code: campaign.code,
      start: campaign.start,
      end: campaign.end,
      fields: campaign.fields.map((f) => ({ code: f.code, name: f.name, nameEn: f.nameEn ?? null })),
      targetLevels: campaign.targetLevels,
    },
    roots: await withChildFlags(rootUnits.map((u) => ({ id: String(u._id), name: u.name }))),
    personName: user.name,
  });
}

/** /dangky: the campaign running today for the person's first unit in scope, or null. */
export async function registerSetup(user: UserDoc, today: Day): Promise<RegisterSetup | null> {
  const roots = scopeRoots(principalOf(user), 'initiative.register');
  if (roots === 'all' || !roots.length) {
    const top = await Unit.findOne({ parentId: null }).lean();
    const campaign = top ? await activeCampaignFor(top.path, today) : null;
    return campaign ? registerSetupFor(user, campaign) : null;
  }
  // The units in scope, read once: the first grant's path finds the campaign, and all of them are
  // what the form offers.
  const rootUnits = await registerRoots(roots);
  const first = rootUnits.find((u) => String(u._id) === String(roots[0]));
  const campaign = first ? await activeCampaignFor(first.path, today) : null;
  return campaign ? setupOf(user, campaign, rootUnits) : null;
}

/** Saves a confirmed registration (the service checks everything again). */
export async function saveRegistration(
  user: UserDoc,
  campaignId: string,
  input: Record<string, unknown>,
  ctx: { sourceKey: string; clock: Clock; timeZone: string },
): Promise<RegisterResult | { ok: false; reason: 'no-campaign' }> {
  const campaign = await rawCollection<CampaignDoc>(Campaign).findOne({ _id: toId(campaignId) });
  if (!campaign) return { ok: false, reason: 'no-campaign' };
  return registerInitiative(input, { user, campaign, campaignReadNow: true, ...ctx });
}

/** A stored registration as the form's answers: every part of the table, plain. */
function answersOf(ini: InitiativeDoc): Record<string, unknown> {
  const record = ini as unknown as Record<string, unknown>;
  return Object.fromEntries(registrationForm.map((f) => [f.key, plain(record[f.key])]));
}

export type EditLoad =
  | { error: string }
  | {
      data: Record<string, unknown>;
      setup: RegisterSetup;
      version: number;
      code: string;
      status: string;
      returnReason: string | null;
    };

/** /sua: the registration to edit, if this person may edit it now (checked before anything is asked). */
export async function registrationToEdit(user: UserDoc, id: string): Promise<EditLoad> {
  const ini = await findInitiative(id);
  if (!ini) return { error: 'report-error-not-found' };
  if (
    !can(principalOf(user), 'initiative.edit', {
      unitPath: ini.unitPath.map(String),
      ownerId: String(ini.createdBy),
    })
  )
    return { error: 'err-not-allowed' };
  if (!isEditable(ini.status)) return { error: 'edit-not-editable' };
  const campaign = await Campaign.findById(ini.campaignId).lean<CampaignDoc>();
  if (!campaign) return { error: 'register-no-campaign' };
  const unit = await Unit.findById(ini.unitId, { name: 1 }).lean();
  return {
    data: {
      ...answersOf(ini),
      unitName: unit?.name ?? '',
      indicatorsDone: true,
      replicatedFromLabel: null,
    },
    setup: await registerSetupFor(user, campaign),
    version: ini.version,
    code: ini.code,
    status: ini.status,
    returnReason: ini.returnReason ?? null,
  };
}

/** Saves an edited registration (permission, state and version checked by the service). */
export async function saveRegistrationEdit(
  user: UserDoc,
  id: string,
  campaignId: string,
  input: Record<string, unknown>,
  ctx: { clock: Clock; expectedVersion: number },
): Promise<UpdateResult | { ok: false; reason: 'not-found' }> {
  const campaign = await Campaign.findById(campaignId).lean<CampaignDoc>();
  if (!campaign) return { ok: false, reason: 'not-found' };
  return updateRegistration(id, input, { user, campaign, ...ctx });
}

/** A model the report form offers. */
export interface ReportModel {
  id: string;
  code: string;
  title: string;
  unitPath: string[];
  indicators: { name: string; unit: string; target: number }[];
  campaignId: string;
  unitId: string;
}

export interface ReportSetup {
  models: ReportModel[];
  periods: string[];
  evidenceRequired: boolean;
  evidenceTypes: string[];
  evidenceMaxBytes: number;
  /** `${initiativeId}:${periodKey}` that already have a report (sending again amends it). */
  existing: string[];
  /** Names the content above, as RegisterSetup's. */
  key?: string;
}

/**
 * /baocao: the models this person may report on (or the one named by a button, checked), the
 * open periods and the campaign's evidence rules; or the Fluent id saying why not.
 */
export async function reportSetup(
  user: UserDoc,
  targetId: string | null,
  ctx: { clock: Clock; timeZone: string },
): Promise<ReportSetup | { error: string }> {
  const principal = principalOf(user);
  const reportable = await reportableWithCampaigns(principal, user);
  let models = reportable.models;
  if (targetId) {
    const target = await findInitiative(targetId);
    if (!target) return { error: 'report-error-not-found' };
    if (
      !can(principal, 'report.submit', {
        unitPath: target.unitPath.map(String),
        ownerId: String(target.createdBy),
      })
    )
      return { error: 'err-not-allowed' };
    if (!isOpenForReports(target.status)) return { error: 'report-error-closed' };
    models = [target];
  }
  if (!models.length) return { error: 'report-no-models' };
  const campaignId = String(models[0]!.campaignId);
  const campaign =
    reportable.campaigns.get(campaignId) ?? (await Campaign.findById(campaignId).lean<CampaignDoc>());
  if (!campaign) return { error: 'register-no-campaign' };
  const today = localDay(ctx.clock.now(), ctx.timeZone);
  // An ended or closed campaign is read-only: no new report, no amendment.
  if (campaignReadOnly(campaign, today).readOnly) return { error: 'report-error-campaign-ended' };
  const periods = reportablePeriods(campaign, today);
  // Which of these models already have a report for an open period: one read for all of them.
  const existing = (
    models.length && periods.length
      ? await rawCollection<{ initiativeId: Types.ObjectId; periodKey: string }>(ProgressReport)
          .find(
            { initiativeId: { $in: models.map((m) => toId(m._id)) }, periodKey: { $in: periods } },
            { projection: { initiativeId: 1, periodKey: 1 } },
          )
          .toArray()
      : []
  ).map((r) => `${String(r.initiativeId)}:${r.periodKey}`);
  return keyed({
    models: models
      .filter((m) => String(m.campaignId) === String(campaign._id))
      .map((m) => ({
        id: String(m._id),
        code: m.code,
        title: m.title,
        unitPath: m.unitPath.map(String),
        indicators: m.indicators.map((i) => ({ name: i.name, unit: i.unit, target: i.target })),
        campaignId: String(m.campaignId),
        unitId: String(m.unitId),
      })),
    periods,
    evidenceRequired: campaign.evidenceRequired,
    evidenceTypes: [...campaign.evidenceTypes],
    evidenceMaxBytes: campaign.evidenceMaxBytes,
    existing,
  });
}

/** Files a confirmed report (the service checks everything again). */
export async function saveReport(
  user: UserDoc,
  campaignId: string,
  input: Record<string, unknown>,
  ctx: { clock: Clock; timeZone: string; sourceKey: string },
): Promise<SubmitReportResult> {
  const campaign = await rawCollection<CampaignDoc>(Campaign).findOne({ _id: toId(campaignId) });
  if (!campaign) return { ok: false, reason: 'not-found' };
  return submitReport(input, { user, campaign, campaignReadNow: true, ...ctx });
}

/** The form's answers without what the form keeps beside them (labels, progress flags). */
export function formInput(
  data: Record<string, unknown>,
  formOnly: readonly string[],
): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([k]) => !formOnly.includes(k)));
}

/** Names a registration card needs: its unit, the campaign's fields, the model it replicates. */
export interface RegistrationNames {
  fields: { code: string; name: string; nameEn?: string | null }[];
  units: Map<string, string>;
  models: Map<string, { code: string; title: string }>;
}

export async function registrationNames(ini: InitiativeDoc): Promise<RegistrationNames> {
  const [unit, campaign, source] = await Promise.all([
    Unit.findById(ini.unitId, { name: 1 }).lean(),
    Campaign.findById(ini.campaignId, { fields: 1 }).lean(),
    ini.replicatedFrom ? Initiative.findById(ini.replicatedFrom, { code: 1, title: 1 }).lean() : null,
  ]);
  return {
    fields: (campaign?.fields ?? []).map((f) => ({ code: f.code, name: f.name, nameEn: f.nameEn ?? null })),
    units: new Map(unit ? [[String(unit._id), unit.name]] : []),
    models: new Map(source ? [[String(source._id), { code: source.code, title: source.title }]] : []),
  };
}
