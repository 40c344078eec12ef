import { isValidObjectId, type Types } from 'mongoose';
import { type CampaignDoc, Initiative, Unit } from '../db/models/index.ts';
import { type Day, formatDay } from '../domain/calendar.ts';
import { isEffective, isLate } from '../domain/effectiveness.ts';
import {
  INITIATIVE_STATUSES,
  type InitiativeStatus,
  isActive,
  isOpenForReports,
} from '../domain/lifecycle.ts';
import { type Action, can, type Principal } from '../domain/permissions.ts';
import {
  campaignState,
  currentPhase,
  formatPeriod,
  nextDeadlines,
  periodKeyOfDay,
  periodRange,
  previousPeriodKey,
} from '../domain/phases.ts';
import { escapeHtml } from '../domain/text.ts';
import { translator } from '../i18n.ts';

/**
 * Where the campaign stands, for the board (whole campaign) and coordinators (their subtree).
 *
 * Scale: the cost must not grow with the number of reports. Nothing here reads progress reports:
 * every figure comes from one pass over the initiatives in scope (index `campaignId, unitPath`),
 * reading only their denormalised `status`, `lastReportPeriod`, `createdAt`, field, owner kind
 * and honour levels (kept up to date by the report and review services), plus the unit tree for
 * names. So the cost grows with the number of models in scope, never with the reports.
 *
 * Period figures for a period P (the current one unless filtered):
 * - "reported": open for reports and the latest report is for P or later;
 * - "effective": accepted and alive, with a **verified** report for P or one of the periods
 *   before it within the campaign's window (domain/effectiveness.ts; questioned and unverified
 *   reports never count);
 * - "overdue" (late): open for reports, the period before P was a full period of its nurturing
 *   (it began after the day the model was accepted), and no report for it or later.
 *   For a past P these use today's statuses and latest reports: an exact
 *   per-period history would need per-period tallies kept by the report service.
 */

export const SUMMARY_TIME_ZONE = 'Asia/Ho_Chi_Minh';

export type OwnerKind = 'collective' | 'individual';
type Id = Types.ObjectId | string;

export interface SummaryFilters {
  /** A unit inside the scope: the summary is about its subtree and its child units. */
  unitId?: Id | null;
  field?: string | null;
  ownerKind?: OwnerKind | null;
  /** `2026-11` or `2026-Q4`, in the campaign's cadence. */
  periodKey?: string | null;
}

export interface SummaryRequest {
  campaign: CampaignDoc;
  /** The unit whose subtree the person may see; the campaign's root unit when omitted (board). */
  scopeUnitId?: Id | null;
  filters?: SummaryFilters;
  today: Day;
  timeZone?: string;
  /**
   * Called with every model the pass reads (withdrawn ones too), so a caller that needs more
   * figures of the same models (the official report: levels, replications) reads them only once.
   */
  eachModel?: (m: {
    status: string;
    targetLevel?: string;
    createdAt?: Date;
    replicatedFrom?: unknown;
  }) => void;
}

export type StatusCounts = Record<InitiativeStatus, number>;

export interface GroupFigures {
  /** Registered models, withdrawn ones excluded. */
  models: number;
  effective: number;
  honoured: number;
  open: number;
  reported: number;
  /** reported / open, or null when nothing is open for reports. */
  rate: number | null;
  overdue: number;
}

export interface ChildRow extends GroupFigures {
  unitId: string;
  code: string;
  name: string;
  /** Models registered at the scope unit itself rather than under a child. */
  direct: boolean;
  byStatus: StatusCounts;
}

export interface Summary {
  campaign: { id: string; code: string; name: string; cadence: string };
  scope: { unitId: string; code: string; name: string };
  /** The unit the figures are about (the filter unit, else the scope unit). */
  unit: { unitId: string; code: string; name: string };
  filters: {
    unitId: string | null;
    field: string | null;
    ownerKind: OwnerKind | null;
    periodKey: string | null;
  };
  today: Day;
  period: { key: string; previous: string };
  totals: GroupFigures & { all: number; withdrawn: number; accepted: number };
  byStatus: StatusCounts;
  byField: { code: string; name: string; nameEn: string; count: number }[];
  byOwnerKind: Record<OwnerKind, number>;
  byChild: ChildRow[];
  pilot: null | { unitId: string; code: string; name: string; pilot: GroupFigures; rest: GroupFigures };
  state: 'upcoming' | 'running' | 'ended';
  phase: null | { code: string; name: string; nameEn: string; start: Day; end: Day };
  nextDeadline: null | {
    due: Day;
    daysLeft: number;
    tasks: { code: string; title: string; titleEn: string; phaseCode: string }[];
  };
  campaignStart: Day;
  campaignEnd: Day;
  /** Periods within which a verified report makes a model effective. */
  effectiveWindow: number;
}

export class SummaryRequestError extends Error {
  constructor(
    readonly reason: SummaryFailureReason,
    message: string,
  ) {
    super(message);
  }
}

export type SummaryFailureReason =
  | 'not-allowed'
  | 'unit-not-found'
  | 'unit-out-of-scope'
  | 'field-unknown'
  | 'owner-kind-unknown'
  | 'period-invalid';

const emptyStatusCounts = (): StatusCounts =>
  Object.fromEntries(INITIATIVE_STATUSES.map((s) => [s, 0])) as StatusCounts;

/** A group's figures before anything is counted. */
export const emptyFigures = (): GroupFigures => ({
  models: 0,
  effective: 0,
  honoured: 0,
  open: 0,
  reported: 0,
  rate: null,
  overdue: 0,
});

function finish(g: GroupFigures): GroupFigures {
  g.rate = g.open > 0 ? g.reported / g.open : null;
  return g;
}

/** A period key in the campaign's cadence, or null. */
function validPeriod(key: string, cadence: string): boolean {
  return cadence === 'quarterly' ? /^\d{4}-Q[1-4]$/.test(key) : /^\d{4}-(0[1-9]|1[0-2])$/.test(key);
}

export type ResolvedSummaryScope =
  | { ok: true; scopeUnitId: string; filters: SummaryFilters }
  | { ok: false; reason: SummaryFailureReason };

/**
 * Which subtree this person may summarise (or export), and whether the filters fit in it:
 * the board sees the whole campaign, a coordinator their unit's subtree. With several grants
 * the highest one that lies in the campaign is used unless `unitId` names a unit under another.
 */
export async function resolveSummaryScope(
  p: Principal,
  campaign: CampaignDoc,
  filters: SummaryFilters = {},
  action: Extract<Action, 'summary.view' | 'export.create'> = 'summary.view',
): Promise<ResolvedSummaryScope> {
  const root = await Unit.findById(campaign.rootUnitId, { path: 1 }).lean();
  if (!root) return { ok: false, reason: 'unit-not-found' };
  let filterUnit: { _id: Types.ObjectId; path: Types.ObjectId[] } | null = null;
  if (filters.unitId) {
    if (!isValidObjectId(filters.unitId)) return { ok: false, reason: 'unit-not-found' };
    filterUnit = await Unit.findById(filters.unitId, { path: 1 }).lean();
    if (!filterUnit) return { ok: false, reason: 'unit-not-found' };
    if (!filterUnit.path.some((id) => id.equals(root._id))) return { ok: false, reason: 'unit-out-of-scope' };
  }
  // Where this person may look: the whole campaign, else the subtrees of their grants in it.
  let candidates: { _id: Types.ObjectId; path: Types.ObjectId[] }[] = [];
  if (can(p, action, { unitPath: root.path.map(String) })) candidates = [root];
  else {
    const grantUnits = p.grants
      .filter((g) => g.role === 'coordinator' || g.role === 'board')
      .map((g) => g.unitId)
      .filter((id) => isValidObjectId(id));
    const units = await Unit.find({ _id: { $in: grantUnits }, path: root._id }, { path: 1, depth: 1 })
      .sort({ depth: 1 })
      .lean();
    candidates = units.filter((u) => can(p, action, { unitPath: u.path.map(String) }));
  }
  if (candidates.length === 0) return { ok: false, reason: 'not-allowed' };
  const scope = filterUnit
    ? candidates.find((c) => filterUnit.path.some((id) => id.equals(c._id)))
    : candidates[0];
  if (!scope) return { ok: false, reason: 'unit-out-of-scope' };
  const problem = checkFilters(campaign, filters);
  if (problem) return { ok: false, reason: problem };
  return { ok: true, scopeUnitId: String(scope._id), filters };
}

function checkFilters(campaign: CampaignDoc, f: SummaryFilters): SummaryFailureReason | null {
  if (f.field && !campaign.fields.some((x) => x.code === f.field)) return 'field-unknown';
  if (f.ownerKind && f.ownerKind !== 'collective' && f.ownerKind !== 'individual')
    return 'owner-kind-unknown';
  if (f.periodKey && !validPeriod(f.periodKey, campaign.reportCadence)) return 'period-invalid';
  return null;
}

/** What the summary reads of each model. */
interface ModelFacts {
  unitPath: Types.ObjectId[];
  status: string;
  lastReportPeriod?: string | null;
  lastVerifiedPeriod?: string | null;
  acceptedAt?: Date | null;
  field: string;
  ownerKind: string;
  createdAt?: Date;
  honours?: { level?: string }[];
}

/** The figures of a campaign in a subtree, from initiatives only (see the module comment). */
export async function buildSummary(req: SummaryRequest): Promise<Summary> {
  const { campaign, today } = req;
  const tz = req.timeZone ?? SUMMARY_TIME_ZONE;
  const filters = req.filters ?? {};
  const problem = checkFilters(campaign, filters);
  if (problem) throw new SummaryRequestError(problem, `bad summary filter: ${problem}`);

  const scopeId = req.scopeUnitId ?? campaign.rootUnitId;
  if (!isValidObjectId(scopeId)) throw new SummaryRequestError('unit-not-found', 'bad scope unit id');
  const scope = await Unit.findById(scopeId, { code: 1, name: 1, path: 1 }).lean();
  if (!scope) throw new SummaryRequestError('unit-not-found', `no unit ${String(scopeId)}`);
  let unit = scope;
  if (filters.unitId) {
    const f = isValidObjectId(filters.unitId)
      ? await Unit.findById(filters.unitId, { code: 1, name: 1, path: 1 }).lean()
      : null;
    if (!f) throw new SummaryRequestError('unit-not-found', `no unit ${String(filters.unitId)}`);
    if (!f.path.some((id) => id.equals(scope._id))) {
      throw new SummaryRequestError('unit-out-of-scope', `${f.code} is outside ${scope.code}`);
    }
    unit = f;
  }

  const cadence = campaign.reportCadence;
  const period = filters.periodKey ?? periodKeyOfDay(today, cadence);
  const previous = previousPeriodKey(period, cadence);
  const previousCounts = periodRange(previous).last >= campaign.start;

  const base: Record<string, unknown> = { campaignId: campaign._id, unitPath: unit._id };
  if (filters.field) base.field = filters.field;
  if (filters.ownerKind) base.ownerKind = filters.ownerKind;

  const [children, pilotUnit] = await Promise.all([
    Unit.find({ parentId: unit._id, active: true }, { code: 1, name: 1, order: 1 })
      .sort({ order: 1, name: 1 })
      .lean(),
    campaign.pilotUnitCode
      ? Unit.findOne({ code: campaign.pilotUnitCode }, { code: 1, name: 1, path: 1 }).lean()
      : null,
  ]);
  const pilotInside =
    pilotUnit && !pilotUnit._id.equals(unit._id) && pilotUnit.path.some((id) => id.equals(unit._id));
  const pilotId = pilotInside ? String(pilotUnit._id) : null;

  const rows = new Map<string, ChildRow>();
  const newRow = (unitId: string, code: string, name: string, direct: boolean): ChildRow => ({
    unitId,
    code,
    name,
    direct,
    byStatus: emptyStatusCounts(),
    ...emptyFigures(),
  });
  for (const c of children) rows.set(String(c._id), newRow(String(c._id), c.code, c.name, false));
  const scopeKey = String(unit._id);
  const depth = unit.path.length;

  const totals = { ...emptyFigures(), all: 0, withdrawn: 0, accepted: 0 };
  const byStatus = emptyStatusCounts();
  const pilot = emptyFigures();
  const rest = emptyFigures();
  const byField = campaign.fields.map((f) => ({
    code: f.code,
    name: f.name,
    nameEn: f.nameEn ?? '',
    count: 0,
  }));
  const byOwnerKind: Record<OwnerKind, number> = { collective: 0, individual: 0 };

  // One pass over the models in scope, with only the fields the figures need. The counting is
  // done here rather than in a `$group`: FerretDB pushes no filter but `_id` down to SQLite (every
  // query reads the whole collection) and its `$group` looks keys up linearly (quadratic in the
  // number of groups), so one projected cursor is the linear plan on every server.
  const cursor = Initiative.find(base, {
    _id: 0,
    unitPath: 1,
    status: 1,
    lastReportPeriod: 1,
    lastVerifiedPeriod: 1,
    acceptedAt: 1,
    field: 1,
    ownerKind: 1,
    createdAt: 1,
    'honours.level': 1,
    ...(req.eachModel ? { targetLevel: 1, replicatedFrom: 1 } : {}),
  })
    .lean<ModelFacts[]>()
    .cursor({ batchSize: 1000 });
  for await (const m of cursor as AsyncIterable<ModelFacts>) {
    req.eachModel?.(m);
    const st = m.status as InitiativeStatus;
    if (!(st in byStatus)) continue;
    const childId = m.unitPath[depth] ? String(m.unitPath[depth]) : scopeKey;
    let row = rows.get(childId);
    if (!row) {
      // Models at the scope unit itself, or under a child that is no longer active.
      row = newRow(
        childId,
        childId === scopeKey ? unit.code : '',
        childId === scopeKey ? unit.name : '',
        childId === scopeKey,
      );
      rows.set(childId, row);
    }
    byStatus[st]++;
    row.byStatus[st]++;
    totals.all++;
    if (st === 'withdrawn') {
      totals.withdrawn++;
      continue;
    }
    if (isActive(st)) totals.accepted++;
    const p = m.lastReportPeriod;
    const open = isOpenForReports(st);
    const reported = open && typeof p === 'string' && p >= period;
    const effective = isEffective(m, period, cadence, campaign.effectivePeriods ?? 2);
    const honoured = (m.honours?.length ?? 0) > 0;
    const overdue = previousCounts && isLate(m, period, cadence, tz);
    const groups: GroupFigures[] = [totals, row];
    if (pilotId) groups.push(m.unitPath.some((id) => String(id) === pilotId) ? pilot : rest);
    for (const g of groups) {
      g.models++;
      if (open) g.open++;
      if (reported) g.reported++;
      if (effective) g.effective++;
      if (honoured) g.honoured++;
      if (overdue) g.overdue++;
    }
    let field = byField.find((x) => x.code === m.field);
    if (!field) {
      field = { code: m.field, name: m.field, nameEn: m.field, count: 0 };
      byField.push(field);
    }
    field.count++;
    if (m.ownerKind === 'collective' || m.ownerKind === 'individual') byOwnerKind[m.ownerKind]++;
  }

  // Names for rows of units that are no longer active children.
  const unnamed = [...rows.values()].filter((r) => !r.name);
  if (unnamed.length) {
    const named = await Unit.find(
      { _id: { $in: unnamed.map((r) => r.unitId) } },
      { code: 1, name: 1 },
    ).lean();
    for (const u of named) {
      const r = rows.get(String(u._id))!;
      r.code = u.code;
      r.name = u.name;
    }
  }

  const phase = currentPhase(campaign, today);
  const upcoming = nextDeadlines(campaign, today, 20);
  const first = upcoming[0];
  const direct = [...rows.values()].filter((r) => r.direct);
  const byChild = [
    ...children.map((c) => rows.get(String(c._id))!),
    ...[...rows.values()].filter((r) => !r.direct && !children.some((c) => String(c._id) === r.unitId)),
    ...direct,
  ];
  for (const r of byChild) finish(r);

  return {
    campaign: { id: String(campaign._id), code: campaign.code, name: campaign.name, cadence },
    scope: { unitId: String(scope._id), code: scope.code, name: scope.name },
    unit: { unitId: String(unit._id), code: unit.code, name: unit.name },
    filters: {
      unitId: filters.unitId ? String(filters.unitId) : null,
      field: filters.field ?? null,
      ownerKind: filters.ownerKind ?? null,
      periodKey: filters.periodKey ?? null,
    },
    today,
    period: { key: period, previous },
    totals: { ...(finish(totals) as typeof totals) },
    byStatus,
    byField,
    byOwnerKind,
    byChild,
    pilot: pilotInside
      ? {
          unitId: String(pilotUnit._id),
          code: pilotUnit.code,
          name: pilotUnit.name,
          pilot: finish(pilot),
          rest: finish(rest),
        }
      : null,
    state: campaignState(campaign, today),
    phase: phase
      ? { code: phase.code, name: phase.name, nameEn: phase.nameEn ?? '', start: phase.start, end: phase.end }
      : null,
    nextDeadline: first
      ? {
          due: first.due,
          daysLeft: first.daysLeft,
          tasks: upcoming
            .filter((d) => d.due === first.due)
            .map((d) => ({
              code: d.task.code,
              title: d.task.title,
              titleEn: d.task.titleEn ?? '',
              phaseCode: d.phaseCode,
            })),
        }
      : null,
    campaignStart: campaign.start,
    campaignEnd: campaign.end,
    effectiveWindow: campaign.effectivePeriods ?? 2,
  };
}

// ---------------------------------------------------------------------------------------------
// Text

/** Numbers as a Vietnamese (or English) reader writes them. */
export function numberFormat(lang: string) {
  const locale = lang === 'en' ? 'en-GB' : 'vi-VN';
  const int = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  return { n: (x: number) => int.format(x), pct: (x: number | null) => (x === null ? '—' : pct.format(x)) };
}

export const statusLabel = (lang: string, status: string) => translator(lang)(`status-${status}`);

/**
 * Readable text of a summary, Vietnamese first. Plain text by default; `html: true` escapes it
 * for Telegram's HTML parse mode (unit and campaign names may hold `&` or `<`) and bolds headings.
 */
export function formatSummaryText(
  s: Summary,
  lang: string,
  opts: { maxUnits?: number; html?: boolean } = {},
): string {
  const lines = summaryLines(s, lang, opts.maxUnits ?? 25);
  if (!opts.html) return lines.map((l) => l.text).join('\n');
  return lines.map((l) => (l.heading ? `<b>${escapeHtml(l.text)}</b>` : escapeHtml(l.text))).join('\n');
}

function summaryLines(s: Summary, lang: string, maxUnits: number): { text: string; heading: boolean }[] {
  const t = translator(lang);
  const { n, pct } = numberFormat(lang);
  const en = lang === 'en';
  const headings = new Set([
    t('summary-title'),
    t('summary-by-status'),
    t('summary-by-field'),
    t('summary-by-unit'),
  ]);
  const done = () => lines.map((text) => ({ text, heading: headings.has(text) }));
  const lines: string[] = [
    t('summary-title'),
    s.campaign.name,
    t('summary-scope', { unit: s.unit.name, date: formatDay(s.today) }),
  ];

  const filterParts: string[] = [];
  if (s.filters.unitId && s.unit.unitId !== s.scope.unitId)
    filterParts.push(t('summary-filter-unit', { name: s.unit.name }));
  if (s.filters.field) {
    const f = s.byField.find((x) => x.code === s.filters.field);
    filterParts.push(
      t('summary-filter-field', { name: (en ? f?.nameEn || f?.name : f?.name) ?? s.filters.field }),
    );
  }
  if (s.filters.ownerKind) filterParts.push(t(`owner-${s.filters.ownerKind}`));
  if (s.filters.periodKey)
    filterParts.push(t('summary-filter-period', { period: formatPeriod(s.filters.periodKey) }));
  if (filterParts.length) lines.push(t('summary-filters', { filters: filterParts.join('; ') }));

  lines.push('');
  if (s.phase) {
    lines.push(
      t('summary-phase', {
        name: en ? s.phase.nameEn || s.phase.name : s.phase.name,
        start: formatDay(s.phase.start),
        end: formatDay(s.phase.end),
      }),
    );
  } else if (s.state === 'upcoming')
    lines.push(t('summary-phase-upcoming', { start: formatDay(s.campaignStart) }));
  else if (s.state === 'ended') lines.push(t('summary-phase-ended', { end: formatDay(s.campaignEnd) }));
  else lines.push(t('summary-phase-between'));
  if (s.nextDeadline) {
    lines.push(
      t('summary-deadline', {
        date: formatDay(s.nextDeadline.due),
        days: s.nextDeadline.daysLeft,
        daysText: n(s.nextDeadline.daysLeft),
      }),
    );
    for (const task of s.nextDeadline.tasks)
      lines.push(`  – ${en ? task.titleEn || task.title : task.title}`);
  } else lines.push(t('summary-deadline-none'));

  lines.push('');
  if (s.totals.all === 0) {
    lines.push(t('summary-empty'));
    return done();
  }
  lines.push(
    t('summary-models', {
      registered: n(s.totals.models),
      effective: n(s.totals.effective),
      honoured: n(s.totals.honoured),
    }),
  );
  lines.push(
    t('summary-kinds', { collective: n(s.byOwnerKind.collective), individual: n(s.byOwnerKind.individual) }),
  );
  const period = formatPeriod(s.period.key);
  lines.push(
    s.totals.open > 0
      ? t('summary-reporting', {
          period,
          reported: n(s.totals.reported),
          open: n(s.totals.open),
          rate: pct(s.totals.rate),
        })
      : t('summary-reporting-none', { period }),
  );
  lines.push(t('summary-overdue', { period: formatPeriod(s.period.previous), count: n(s.totals.overdue) }));
  // What the words mean, in one line under the figures (issue 10, item 6).
  lines.push(t('summary-definitions', { window: s.effectiveWindow }));
  if (s.pilot) {
    const fig = (g: GroupFigures) => ({ models: n(g.models), effective: n(g.effective), rate: pct(g.rate) });
    lines.push(t('summary-pilot', { name: s.pilot.name, ...fig(s.pilot.pilot) }));
    lines.push(t('summary-rest', fig(s.pilot.rest)));
  }

  lines.push('', t('summary-by-status'));
  for (const st of INITIATIVE_STATUSES) {
    if (s.byStatus[st] > 0)
      lines.push(t('summary-item', { name: statusLabel(lang, st), count: n(s.byStatus[st]) }));
  }
  lines.push('', t('summary-by-field'));
  for (const f of s.byField) {
    lines.push(t('summary-item', { name: en ? f.nameEn || f.name : f.name, count: n(f.count) }));
  }

  if (s.byChild.length) {
    lines.push('', t('summary-by-unit'));
    const max = maxUnits;
    const shown = s.byChild.slice(0, max);
    for (const r of shown) {
      lines.push(
        t('summary-unit-row', {
          name: r.direct ? t('summary-unit-direct', { name: r.name }) : r.name,
          registered: n(r.models),
          effective: n(r.effective),
          honoured: n(r.honoured),
          rate: pct(r.rate),
        }),
      );
    }
    if (s.byChild.length > max) lines.push(t('summary-unit-more', { count: n(s.byChild.length - max) }));
  }
  return done();
}
