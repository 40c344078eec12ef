import type { Types } from 'mongoose';
import { z } from 'zod';
import { settleReplicationCount } from '../db/models/derived-counts.ts';
import {
  AccessRequest,
  AuditEvent,
  Campaign,
  Initiative,
  Invite,
  nextSequence,
  ProgressReport,
  Reminder,
  roleKey,
  Unit,
  type UnitDoc,
  User,
} from '../db/models/index.ts';
import { addDays, addYears, localDay } from '../domain/calendar.ts';
import { recordAudit } from './audit.ts';
import { fold } from './units.ts';

/**
 * Carries a database from an old unit tree to a new one (the 2025 reorganisation): every old unit
 * that the mapping sends to exactly one new unit is retired into it (`active: false`,
 * `mergedInto`), and every record that copies a unit's id or path follows. An old commune split
 * between several new units, and an old unit the mapping does not know, are listed and left
 * alone for a person to decide. Dry by default; running it again changes nothing.
 *
 * The mapping is the file `scripts/units/generate.py` writes (`units-mapping-*.json`).
 */

const commune = z.object({
  name: z.string().min(1),
  officialCode: z.string().default(''),
  to: z.array(z.string()),
  suggested: z.string().nullable().optional(),
});
const district = z.object({
  name: z.string().min(1),
  officialCode: z.string().default(''),
  to: z.string().nullable(),
  how: z.string().nullable().optional(),
  communes: z.array(commune),
});
export const unitMappingSchema = z.object({
  name: z.string().default(''),
  source: z.string().default(''),
  to: z.object({ province: z.string().min(1), name: z.string().default('') }),
  oldProvinces: z
    .array(
      z.object({
        name: z.string().min(1),
        officialCode: z.string().default(''),
        districts: z.array(district),
      }),
    )
    .min(1),
});
export type UnitMapping = z.infer<typeof unitMappingSchema>;

export class MigrationError extends Error {}

type Lean = Pick<
  UnitDoc,
  '_id' | 'code' | 'name' | 'level' | 'parentId' | 'path' | 'active' | 'officialCode'
> & {
  mergedInto?: Types.ObjectId | null;
};

export interface UnitMove {
  from: { id: string; code: string; name: string; parentName: string | null };
  to: { id: string; code: string; name: string; path: Types.ObjectId[] };
  /** merged: several old units go into this new one; renamed: one, under another name; moved: same name. */
  kind: 'merged' | 'renamed' | 'moved';
  /** Kept active because some unit below it is left for a person to decide. */
  keptActive: boolean;
}

export interface MigrationPlan {
  target: { code: string; name: string };
  moves: UnitMove[];
  splits: {
    code: string;
    name: string;
    parentName: string | null;
    candidates: string[];
    suggested: string | null;
  }[];
  unmapped: { code: string; name: string; parentName: string | null }[];
  /** Documents that would change (dry run) or changed (apply), by kind of record. */
  records: Record<RecordKind, number>;
}

export const RECORD_KINDS = [
  'models',
  'reports',
  'accessRequests',
  'auditEvents',
  'users',
  'invites',
  'reminders',
  'campaigns',
  'units',
] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** Name without its kind ("Huyện Châu Thành" -> "chau thanh"). */
function shortKey(name: string): string {
  return fold(name)
    .replace(/^(tinh|thanh pho|thi xa|quan|huyen|thi tran|xa|phuong|dac khu)\s+/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The entry of `candidates` for a unit: by official code, then by full name, then by short name if unique. */
function matchByName<T extends { name: string; officialCode?: string }>(
  u: Lean,
  candidates: readonly T[],
): T | null {
  if (u.officialCode) {
    const byCode = candidates.find((c) => c.officialCode && c.officialCode === u.officialCode);
    if (byCode) return byCode;
  }
  const full = candidates.filter((c) => fold(c.name) === fold(u.name));
  if (full.length === 1) return full[0]!;
  const short = candidates.filter((c) => shortKey(c.name) === shortKey(u.name));
  return short.length === 1 ? short[0]! : null;
}

export async function planMigration(mapping: UnitMapping): Promise<MigrationPlan> {
  const all = await Unit.find(
    {},
    { code: 1, name: 1, level: 1, parentId: 1, path: 1, active: 1, officialCode: 1, mergedInto: 1 },
  ).lean<Lean[]>();
  const byId = new Map(all.map((u) => [String(u._id), u]));
  const byCode = new Map(all.map((u) => [u.code, u]));
  const targetRoot = byCode.get(mapping.to.province);
  if (!targetRoot)
    throw new MigrationError(
      `no unit ${mapping.to.province}: import the new tree first (npm run admin -- units import …)`,
    );
  const children = new Map<string, Lean[]>();
  for (const u of all) {
    if (!u.parentId) continue;
    const k = String(u.parentId);
    children.set(k, [...(children.get(k) ?? []), u]);
  }
  const newTree = new Set(
    all.filter((u) => u.path.some((p) => p.equals(targetRoot._id))).map((u) => String(u._id)),
  );
  const targetOf = (code: string) => {
    const t = byCode.get(code);
    if (!t || !newTree.has(String(t._id)))
      throw new MigrationError(
        `the mapping names ${code}, which is not under ${mapping.to.province}: import the new tree first`,
      );
    return t;
  };

  const plan: MigrationPlan = {
    target: { code: targetRoot.code, name: targetRoot.name },
    moves: [],
    splits: [],
    unmapped: [],
    records: Object.fromEntries(RECORD_KINDS.map((k) => [k, 0])) as Record<RecordKind, number>,
  };
  const parentName = (u: Lean) => (u.parentId ? (byId.get(String(u.parentId))?.name ?? null) : null);
  const decided = new Map<string, Lean>(); // old unit id -> new unit
  const undecided = new Set<string>();

  const oldRoots = all.filter((u) => u.parentId === null && !newTree.has(String(u._id)) && u.active);
  for (const root of oldRoots) {
    const prov = matchByName(root, mapping.oldProvinces);
    if (!prov) continue; // a tree this mapping is not about
    decided.set(String(root._id), targetRoot);
    const walk = (parent: Lean, depth: number, d: (typeof prov.districts)[number] | null) => {
      for (const u of children.get(String(parent._id)) ?? []) {
        if (!u.active) continue;
        if (depth === 1) {
          const md = matchByName(u, prov.districts);
          if (md?.to) decided.set(String(u._id), targetOf(md.to));
          else {
            undecided.add(String(u._id));
            plan.unmapped.push({ code: u.code, name: u.name, parentName: parentName(u) });
          }
          walk(u, 2, md ?? null);
          continue;
        }
        const mc = d ? matchByName(u, d.communes) : null;
        if (mc && mc.to.length === 1) decided.set(String(u._id), targetOf(mc.to[0]!));
        else if (mc && mc.to.length > 1) {
          undecided.add(String(u._id));
          for (const c of mc.to) targetOf(c);
          plan.splits.push({
            code: u.code,
            name: u.name,
            parentName: parentName(u),
            candidates: mc.to,
            suggested: mc.suggested ?? null,
          });
        } else {
          undecided.add(String(u._id));
          plan.unmapped.push({ code: u.code, name: u.name, parentName: parentName(u) });
        }
        walk(u, depth + 1, null);
      }
    };
    walk(root, 1, null);
  }

  // Units retired by an earlier run: their records are swept again (an interrupted run completes).
  for (const u of all)
    if (!u.active && u.mergedInto && byId.has(String(u.mergedInto)))
      decided.set(String(u._id), byId.get(String(u.mergedInto))!);

  const intoCount = new Map<string, number>();
  for (const t of decided.values()) intoCount.set(String(t._id), (intoCount.get(String(t._id)) ?? 0) + 1);
  for (const [id, t] of decided) {
    const u = byId.get(id)!;
    if (!u.active) continue;
    const keptActive = [...undecided].some((x) => byId.get(x)?.path.some((p) => p.equals(u._id)));
    plan.moves.push({
      from: { id, code: u.code, name: u.name, parentName: parentName(u) },
      to: { id: String(t._id), code: t.code, name: t.name, path: t.path },
      kind:
        (intoCount.get(String(t._id)) ?? 0) > 1
          ? 'merged'
          : shortKey(u.name) === shortKey(t.name)
            ? 'moved'
            : 'renamed',
      keptActive,
    });
    if (!keptActive) plan.records.units++;
  }
  planned.set(plan, decided);
  await countRecords(plan, decided);
  return plan;
}

const planned = new WeakMap<MigrationPlan, Map<string, Lean>>();

/** Documents whose own unit (the last element of their path, or their unitId) is a decided old unit. */
async function affected(decided: Map<string, Lean>) {
  const ids = [...decided.keys()];
  const own = <T extends { unitPath?: Types.ObjectId[]; unitId?: Types.ObjectId | null }>(d: T) => {
    const last = d.unitId ?? d.unitPath?.at(-1);
    return last ? decided.get(String(last)) : undefined;
  };
  const withPath = async <
    T extends { _id: Types.ObjectId; unitPath?: Types.ObjectId[]; unitId?: Types.ObjectId | null },
  >(
    find: () => Promise<T[]>,
  ) => (await find()).flatMap((d) => (own(d) ? [{ doc: d, to: own(d)! }] : []));
  return {
    models: await withPath(() =>
      Initiative.find(
        { $or: [{ unitId: { $in: ids } }, { 'appraisals.unitId': { $in: ids } }] },
        {
          unitId: 1,
          unitPath: 1,
          appraisals: 1,
        },
      ).lean(),
    ),
    appraisalsOnly: (
      await Initiative.find(
        { 'appraisals.unitId': { $in: ids }, unitId: { $nin: ids } },
        { appraisals: 1 },
      ).lean()
    ).map((d) => ({ doc: d })),
    reports: await withPath(() =>
      ProgressReport.find({ unitId: { $in: ids } }, { unitId: 1, unitPath: 1 }).lean(),
    ),
    accessRequests: await withPath(() =>
      AccessRequest.find(
        { unitId: { $in: ids } },
        { unitId: 1, unitPath: 1, status: 1, openKey: 1, telegramId: 1 },
      ).lean(),
    ),
    auditEvents: await withPath(() => AuditEvent.find({ unitPath: { $in: ids } }, { unitPath: 1 }).lean()),
    invites: await withPath(() => Invite.find({ unitId: { $in: ids } }, { unitId: 1 }).lean()),
    reminders: await withPath(() => Reminder.find({ unitId: { $in: ids } }, { unitId: 1 }).lean()),
    users: await User.find({ 'roles.unitId': { $in: ids } }, { roles: 1 }).lean(),
    campaigns: await Campaign.find({ rootUnitId: { $in: ids } }, { rootUnitId: 1 }).lean(),
  };
}

async function countRecords(plan: MigrationPlan, decided: Map<string, Lean>) {
  const a = await affected(decided);
  plan.records.models = a.models.length + a.appraisalsOnly.length;
  plan.records.reports = a.reports.length;
  plan.records.accessRequests = a.accessRequests.length;
  plan.records.auditEvents = a.auditEvents.length;
  plan.records.invites = a.invites.length;
  plan.records.reminders = a.reminders.length;
  plan.records.users = a.users.length;
  plan.records.campaigns = a.campaigns.length;
}

/** Applies a plan made by `planMigration` (records first, the units last, so a rerun completes). */
export async function applyMigration(plan: MigrationPlan): Promise<void> {
  const decided = planned.get(plan);
  if (!decided) throw new MigrationError('apply a plan made by planMigration');
  const a = await affected(decided);
  const newId = (id: unknown) => decided.get(String(id))?._id ?? id;
  for (const { doc, to } of a.models) {
    await Initiative.updateOne(
      { _id: doc._id },
      {
        $set: {
          unitId: to._id,
          unitPath: to.path,
          appraisals: (doc.appraisals ?? []).map((x) => ({
            ...x,
            unitId: x.unitId ? newId(x.unitId) : x.unitId,
          })),
        },
      },
    );
  }
  for (const { doc } of a.appraisalsOnly)
    await Initiative.updateOne(
      { _id: doc._id },
      {
        $set: {
          appraisals: doc.appraisals.map((x) => ({ ...x, unitId: x.unitId ? newId(x.unitId) : x.unitId })),
        },
      },
    );
  for (const { doc, to } of a.reports)
    await ProgressReport.updateOne({ _id: doc._id }, { $set: { unitId: to._id, unitPath: to.path } });
  for (const { doc, to } of a.accessRequests) {
    const set: Record<string, unknown> = { unitId: to._id, unitPath: to.path };
    if (doc.status === 'pending') set.openKey = `${doc.telegramId}:${String(to._id)}`;
    try {
      await AccessRequest.updateOne({ _id: doc._id }, { $set: set });
    } catch {
      // The person already asks to join the new unit: this request is the same one, decided as such.
      await AccessRequest.updateOne(
        { _id: doc._id },
        { $set: { unitId: to._id, unitPath: to.path, status: 'denied', openKey: String(doc._id) } },
      );
    }
  }
  for (const { doc, to } of a.auditEvents)
    await AuditEvent.updateOne({ _id: doc._id }, { $set: { unitPath: to.path } });
  for (const { doc, to } of a.invites) await Invite.updateOne({ _id: doc._id }, { $set: { unitId: to._id } });
  for (const { doc, to } of a.reminders)
    await Reminder.updateOne({ _id: doc._id }, { $set: { unitId: to._id } });
  for (const u of a.users) {
    const seen = new Set<string>();
    const roles = u.roles
      .map((g) => ({ ...g, unitId: newId(g.unitId) as Types.ObjectId }))
      .filter((g) => {
        const k = roleKey(g.role, g.unitId);
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
      });
    await User.updateOne({ _id: u._id }, { $set: { roles, roleKeys: [...seen] } });
  }
  for (const c of a.campaigns)
    await Campaign.updateOne({ _id: c._id }, { $set: { rootUnitId: newId(c.rootUnitId) } });
  for (const m of plan.moves)
    if (!m.keptActive)
      await Unit.updateOne({ _id: m.from.id }, { $set: { active: false, mergedInto: m.to.id } });
}

/** The plan as lines for a person: what goes where, what is left to decide, how many records follow. */
export function describePlan(plan: MigrationPlan): string[] {
  const lines: string[] = [];
  const where = (x: { code: string; name: string; parentName: string | null }) =>
    `${x.code} (${x.name}${x.parentName ? `, ${x.parentName}` : ''})`;
  for (const m of plan.moves)
    lines.push(
      `${m.kind.padEnd(8)} ${where(m.from)} -> ${m.to.code} (${m.to.name})${m.keptActive ? '  [kept active: units below it are left to decide]' : ''}`,
    );
  for (const s of plan.splits)
    lines.push(
      `split    ${where(s)} -> ${s.candidates.join(' | ')}${s.suggested ? ` (suggested ${s.suggested})` : ''}: decide by hand, left alone`,
    );
  for (const u of plan.unmapped) lines.push(`unmapped ${where(u)}: not in the mapping, left alone`);
  const r = plan.records;
  lines.push(
    `records: ${r.models} model(s), ${r.reports} report(s), ${r.accessRequests} access request(s), ${r.auditEvents} audit event(s), ${r.users} user(s) with roles, ${r.invites} invite(s), ${r.reminders} reminder(s), ${r.campaigns} campaign(s); ${r.units} unit(s) retired`,
  );
  return lines;
}

/** Whether a plan would change anything at all. */
export function planChangesNothing(plan: MigrationPlan): boolean {
  return Object.values(plan.records).every((n) => n === 0);
}

export interface CarryResult {
  /** Honoured models of the old campaign that get (or got) a record in the new one. */
  carried: { code: string; title: string; unitCode: string; newCode: string | null }[];
  /** Already carried by an earlier run. */
  already: string[];
  /** Their unit is not in the new campaign's tree (not migrated, or left to decide). */
  outside: { code: string; unitCode: string }[];
}

/**
 * Registers the honoured models of an old campaign into a new one, as re-assessments (the same
 * model assessed again in the new period) or replications. The old record keeps its history
 * (appraisals, honours, reports) untouched; the new one links to it by `replicatedFrom`, starts
 * as `registered` on the old model's (migrated) unit, and its audit event says what it carries.
 * Dry unless `apply`; the key `carry:<old id>:<new campaign>` makes a second run add nothing.
 */
export async function carryHonoured(opts: {
  from: string;
  to: string;
  as: 'reassessment' | 'replication';
  apply: boolean;
  clock: { now(): Date };
  timeZone?: string;
}): Promise<CarryResult> {
  const [from, to] = await Promise.all([
    Campaign.findOne({ code: opts.from }).lean(),
    Campaign.findOne({ code: opts.to }).lean(),
  ]);
  if (!from) throw new MigrationError(`no campaign ${opts.from}`);
  if (!to) throw new MigrationError(`no campaign ${opts.to}`);
  const honoured = await Initiative.find({ campaignId: from._id, status: 'honoured' })
    .sort({ code: 1 })
    .lean();
  const result: CarryResult = { carried: [], already: [], outside: [] };
  const now = opts.clock.now();
  const today = localDay(now, opts.timeZone ?? 'Asia/Ho_Chi_Minh');
  const [startDate] = [today, to.start].sort().reverse() as [string];
  const [evaluationDate] = [addDays(addYears(startDate, 1), -1), to.end].sort() as [string];
  for (const old of honoured) {
    const sourceKey = `carry:${String(old._id)}:${String(to._id)}`;
    if (await Initiative.exists({ sourceKey })) {
      result.already.push(old.code);
      continue;
    }
    let unit = await Unit.findById(old.unitId, { code: 1, path: 1, mergedInto: 1 }).lean();
    for (let hops = 0; unit?.mergedInto && hops < 10; hops++)
      unit = await Unit.findById(unit.mergedInto, { code: 1, path: 1, mergedInto: 1 }).lean();
    if (!unit?.path.some((p) => p.equals(to.rootUnitId))) {
      result.outside.push({ code: old.code, unitCode: unit?.code ?? '?' });
      continue;
    }
    const entry = { code: old.code, title: old.title, unitCode: unit.code, newCode: null as string | null };
    result.carried.push(entry);
    if (!opts.apply) continue;
    const year = today.slice(0, 4);
    const seq = await nextSequence(`initiative:${String(to._id)}:${year}`, now);
    const code = `DVK-${year}-${String(seq).padStart(4, '0')}`;
    const level = to.targetLevels.includes(old.targetLevel) ? old.targetLevel : to.targetLevels[0]!;
    const doc = await Initiative.create({
      code,
      sourceKey,
      campaignId: to._id,
      unitId: unit._id,
      unitPath: unit.path,
      ownerKind: old.ownerKind,
      ownerName: old.ownerName,
      createdBy: old.createdBy,
      createdByTelegramId: old.createdByTelegramId,
      field: to.fields.some((f) => f.code === old.field) ? old.field : to.fields[0]!.code,
      targetLevel: level,
      title: old.title,
      situation: old.situation,
      goals: old.goals,
      content: old.content,
      area: old.area,
      beneficiaries: old.beneficiaries,
      forces: old.forces,
      resources: old.resources,
      startDate,
      evaluationDate,
      milestones: old.milestones ?? '',
      outputs: old.outputs,
      indicators: old.indicators.map((i) => ({
        name: i.name,
        unit: i.unit,
        target: i.target,
        current: null,
      })),
      sustainability: old.sustainability,
      replicatedFrom: old._id,
      status: 'registered',
      statusChangedAt: now,
    });
    // Derived from the records, never $inc'ed (see derived-counts.ts).
    if (opts.as === 'replication') await settleReplicationCount(old._id);
    await recordAudit({
      at: now,
      actorId: null,
      actorTelegramId: null,
      entity: 'initiative',
      entityId: doc._id,
      action: 'register',
      to: 'registered',
      note: `carried from ${old.code} (${from.code}, honoured ${old.honours.map((h) => `${h.level} ${h.year}`).join(', ')}) as a ${opts.as}`,
      unitPath: unit.path,
    });
    entry.newCode = code;
  }
  return result;
}
