import { isValidObjectId, type Types } from 'mongoose';
import type {
  CampaignDoc,
  InitiativeDoc,
  NominationDoc,
  RoundDefDoc,
  RoundDoc,
} from '../../db/models/index.ts';
import { CouncilScore, Initiative, Nomination, ProgressReport, Round, Unit } from '../../db/models/index.ts';
import { type Day, zonedInstant } from '../../domain/calendar.ts';
import { meanScore } from '../../domain/council.ts';
import { periodKeyOfDay } from '../../domain/phases.ts';
import { buildSummary, type GroupFigures, type Summary } from '../summaries.ts';
import { compareVi } from './format.ts';

/**
 * The figures of the three documents, read from the records (issue 11). Each document's figures
 * are gathered here and laid out in layout.ts; nothing here knows about Word.
 *
 * Report of a round for a scope: the summary's figures (services/summaries.ts: one pass over the
 * models in scope) plus one more projected pass for what the summary does not count (models by
 * level, registered before the round opened, replications), two counts of the period's reports
 * (sent, verified) and the round's nominations in the scope.
 */

type Id = Types.ObjectId | string;

export class DocumentError extends Error {
  constructor(
    readonly reason: 'round-unknown' | 'unit-not-found' | 'round-not-honouring',
    message: string,
  ) {
    super(message);
  }
}

export interface ScopeUnit {
  id: string;
  code: string;
  name: string;
  level: string;
  /** The campaign's root unit: the settings' parent body and place apply to it. */
  root: boolean;
}

export async function scopeUnit(campaign: CampaignDoc, unitId: Id): Promise<ScopeUnit> {
  const u = isValidObjectId(unitId)
    ? await Unit.findById(unitId, { code: 1, name: 1, level: 1 }).lean()
    : null;
  if (!u) throw new DocumentError('unit-not-found', `no unit ${String(unitId)}`);
  return {
    id: String(u._id),
    code: u.code,
    name: u.name,
    level: u.level,
    root: u._id.equals(campaign.rootUnitId),
  };
}

/** The honouring rounds of a campaign, in the plan's order: what a report or a list is about. */
export function honouringRounds(campaign: Pick<CampaignDoc, 'rounds'>): RoundDefDoc[] {
  return (campaign.rounds ?? []).filter((r) => r.kind === 'honouring');
}

function roundDef(campaign: CampaignDoc, defCode: string): RoundDefDoc {
  const def = (campaign.rounds ?? []).find((r) => r.code === defCode);
  if (!def) throw new DocumentError('round-unknown', `the campaign has no round ${defCode}`);
  if (def.kind !== 'honouring') throw new DocumentError('round-not-honouring', `${defCode} honours nobody`);
  return def;
}

/** A round's instances and their nominations inside the scope (a district's own, or the province's). */
async function nominationsInScope(campaign: CampaignDoc, defCode: string, scopeId: string) {
  const rounds = await Round.find({ campaignId: campaign._id, defCode }).lean<RoundDoc[]>();
  const noms = rounds.length
    ? await Nomination.find({ roundId: { $in: rounds.map((r) => r._id) }, unitPath: scopeId }).lean<
        NominationDoc[]
      >()
    : [];
  return { rounds, noms };
}

// ---------------------------------------------------------------------------------------------
// Báo cáo sơ kết / tổng kết

export interface RoundReportChild extends GroupFigures {
  name: string;
  direct: boolean;
  nominated: number;
  honouredInRound: number;
}

export interface RoundReportFigures {
  def: RoundDefDoc;
  /** `so-ket` or `tong-ket`: which report this is (the round's phase and occasion decide). */
  kind: 'so-ket' | 'tong-ket';
  scope: ScopeUnit;
  summary: Summary;
  /** Models registered (withdrawn excluded) by target level, in the campaign's order of levels. */
  byLevel: { level: string; count: number }[];
  /** Models (withdrawn excluded) registered before the round opened, for "tăng … so với". */
  registeredBeforeOpening: number;
  /** Models registered as replications of another. */
  replications: number;
  reports: { period: string; sent: number; verified: number };
  round: {
    instances: number;
    nominated: number;
    selected: number;
    honoured: number;
    decisions: { unitName: string; decisionNo: string; decisionDate: Day | null }[];
  };
  children: RoundReportChild[];
}

/** The report's kind: the final review (tổng kết) is a round of the campaign's last step. */
function reportKind(campaign: CampaignDoc, def: RoundDefDoc): 'so-ket' | 'tong-ket' {
  const last = campaign.phases.at(-1)?.code;
  return def.phaseCode === last || /tong-ket|tổng kết/i.test(`${def.code} ${def.name}`)
    ? 'tong-ket'
    : 'so-ket';
}

export async function roundReportFigures(req: {
  campaign: CampaignDoc;
  defCode: string;
  scopeUnitId: Id;
  /** The day the figures are taken (a campaign that ended: its last day). */
  today: Day;
  timeZone: string;
}): Promise<RoundReportFigures> {
  const { campaign, today, timeZone } = req;
  const def = roundDef(campaign, req.defCode);
  const scope = await scopeUnit(campaign, req.scopeUnitId);
  // Levels, "registered before the round opened" and replications are counted in the summary's
  // own pass over the models (one read of the collection, not two), and the period's reports are
  // read once (sent and verified counted together) while the summary runs: on FerretDB every one
  // of these reads is a scan of its whole collection.
  const opened = zonedInstant(def.opensOn, timeZone);
  const levels = new Map<string, number>((campaign.targetLevels ?? []).map((l) => [l, 0]));
  let before = 0;
  let replications = 0;
  const period = periodKeyOfDay(today, campaign.reportCadence);
  const [summary, { rounds, noms }, periodReports] = await Promise.all([
    buildSummary({
      campaign,
      scopeUnitId: scope.id,
      today,
      timeZone,
      eachModel: (m) => {
        if (m.status === 'withdrawn') return;
        const level = m.targetLevel as string;
        levels.set(level, (levels.get(level) ?? 0) + 1);
        if (m.createdAt && m.createdAt < opened) before++;
        if (m.replicatedFrom) replications++;
      },
    }),
    nominationsInScope(campaign, def.code, scope.id),
    ProgressReport.find(
      { campaignId: campaign._id, unitPath: scope.id, periodKey: period },
      { _id: 0, verification: 1 },
    ).lean<{ verification?: string }[]>(),
  ]);
  const sent = periodReports.length;
  const verified = periodReports.filter((r) => r.verification === 'verified').length;

  // Nominations per child unit of the scope: the child is the unit one below the scope on the path.
  const depth = (await Unit.findById(scope.id, { path: 1 }).lean())?.path.length ?? 0;
  const perChild = new Map<string, { nominated: number; honoured: number }>();
  for (const n of noms) {
    const key = String(n.unitPath[depth] ?? scope.id);
    const c = perChild.get(key) ?? { nominated: 0, honoured: 0 };
    c.nominated++;
    if (n.outcome === 'honoured') c.honoured++;
    perChild.set(key, c);
  }
  const inScope = new Set(noms.map((n) => String(n.roundId)));
  const decisions = rounds
    .filter(
      (r) =>
        r.status === 'decided' &&
        (inScope.has(String(r._id)) || r.unitPath.some((id) => String(id) === scope.id)),
    )
    .map((r) => ({
      unitName: r.unitName,
      decisionNo: r.decisionNo ?? '',
      decisionDate: r.decisionDate ?? null,
    }))
    .sort((a, b) => compareVi(a.unitName, b.unitName));

  return {
    def,
    kind: reportKind(campaign, def),
    scope,
    summary,
    byLevel: [...levels].map(([level, count]) => ({ level, count })),
    registeredBeforeOpening: before,
    replications,
    reports: { period: summary.period.key, sent, verified },
    round: {
      instances: rounds.filter(
        (r) => inScope.has(String(r._id)) || r.unitPath.some((id) => String(id) === scope.id),
      ).length,
      nominated: noms.length,
      selected: noms.filter((n) => n.outcome === 'selected' || n.outcome === 'honoured').length,
      honoured: noms.filter((n) => n.outcome === 'honoured').length,
      decisions,
    },
    children: summary.byChild.map((r) => ({
      ...r,
      name: r.name,
      direct: r.direct,
      nominated: perChild.get(r.unitId)?.nominated ?? 0,
      honouredInRound: perChild.get(r.unitId)?.honoured ?? 0,
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Danh sách đề nghị khen thưởng

/**
 * The honours of a few models, read one `_id` at a time, a few reads at once. FerretDB answers an
 * equality on `_id` from its index but an `_id: { $in: [...] }` by scanning the whole collection
 * (3 s for 28 ids among 5,000 models), so for the nominees of a round (a few per unit) single
 * reads are the fast plan.
 */
async function honoursOf(ids: Types.ObjectId[]) {
  const unique = [...new Set(ids.map(String))];
  const out: { _id: Types.ObjectId; honours?: InitiativeDoc['honours'] }[] = [];
  for (let i = 0; i < unique.length; i += HONOUR_READS) {
    const batch = await Promise.all(
      unique.slice(i, i + HONOUR_READS).map((id) => Initiative.findById(id, { honours: 1 }).lean()),
    );
    for (const m of batch) if (m) out.push(m);
  }
  return out;
}
const HONOUR_READS = 8;

/** A model as both lists name it: code, title, owner, unit and field (by its name). */
export interface ListedModel {
  code: string;
  title: string;
  ownerKind: string;
  ownerName: string;
  unitName: string;
  field: string;
}

export interface CommendationRow extends ListedModel {
  /** The council's mean score, or null when nobody scored. */
  score: number | null;
  scoreMax: number | null;
  /** 1 for a model's first honour at this level, 2 for the second … */
  occasion: number;
}

export interface CommendationList {
  def: RoundDefDoc;
  scope: ScopeUnit;
  /** Rows grouped by the honour proposed (first, second … honouring at the round's level). */
  groups: { occasion: number; rows: CommendationRow[] }[];
  decided: boolean;
}

/**
 * The nominees selected (or already honoured) in a round's instances within the scope, grouped by
 * the honour each would receive: a model honoured at this level before gets its second honour.
 * Inside a group: by unit, then by model name, in Vietnamese alphabetical order.
 */
export async function commendationList(req: {
  campaign: CampaignDoc;
  defCode: string;
  scopeUnitId: Id;
}): Promise<CommendationList> {
  const { campaign } = req;
  const def = roundDef(campaign, req.defCode);
  const scope = await scopeUnit(campaign, req.scopeUnitId);
  const { rounds, noms } = await nominationsInScope(campaign, def.code, scope.id);
  const chosen = noms.filter((n) => n.outcome === 'selected' || n.outcome === 'honoured');
  // Every council score of the chosen nominees in one read (one query per round would scan the
  // collection once per district on FerretDB); the result is their mean, as the round card shows.
  const [scores, models, units] = await Promise.all([
    chosen.length
      ? CouncilScore.find(
          { roundId: { $in: [...new Set(chosen.map((n) => String(n.roundId)))] } },
          { _id: 0, roundId: 1, initiativeId: 1, total: 1 },
        ).lean()
      : [],
    honoursOf(chosen.map((n) => n.initiativeId)),
    Unit.find({ _id: { $in: chosen.map((n) => n.unitId) } }, { name: 1 }).lean(),
  ]);
  const totals = new Map<string, number[]>();
  for (const sc of scores) {
    const key = `${String(sc.roundId)}:${String(sc.initiativeId)}`;
    totals.set(key, [...(totals.get(key) ?? []), sc.total]);
  }
  const mean = new Map([...totals].map(([k, v]) => [k, meanScore(v)]));
  const maxScore = (campaign.criteria ?? []).reduce((a, c) => a + c.maxScore, 0) || null;
  const honours = new Map(models.map((m) => [String(m._id), m.honours ?? []]));
  const unitName = new Map(units.map((u) => [String(u._id), u.name]));
  const fieldName = new Map((campaign.fields ?? []).map((f) => [f.code, f.name]));

  const rows = chosen.map((n): CommendationRow => {
    const earlier = (honours.get(String(n.initiativeId)) ?? []).filter(
      (h) => h.level === def.targetLevel && String(h.roundId ?? '') !== String(n.roundId),
    ).length;
    return {
      code: n.code,
      title: n.title,
      ownerKind: n.ownerKind ?? 'collective',
      ownerName: n.ownerName ?? '',
      unitName: unitName.get(String(n.unitId)) ?? '',
      field: fieldName.get(n.field ?? '') ?? n.field ?? '',
      score: mean.get(`${String(n.roundId)}:${String(n.initiativeId)}`) ?? null,
      scoreMax: maxScore,
      occasion: earlier + 1,
    };
  });
  rows.sort((a, b) => compareVi(a.unitName, b.unitName) || compareVi(a.title, b.title));
  const occasions = [...new Set(rows.map((r) => r.occasion))].sort((a, b) => a - b);
  return {
    def,
    scope,
    groups: occasions.map((occasion) => ({ occasion, rows: rows.filter((r) => r.occasion === occasion) })),
    decided: rounds.some((r) => r.status === 'decided'),
  };
}

// ---------------------------------------------------------------------------------------------
// Danh sách mô hình

export interface ModelRow extends ListedModel {
  targetLevel: string;
  status: string;
}

export interface ModelList {
  scope: ScopeUnit;
  rows: ModelRow[];
}

/** Every model of the scope (withdrawn ones too, with that status), by unit then name (Vietnamese order). */
export async function modelList(req: { campaign: CampaignDoc; scopeUnitId: Id }): Promise<ModelList> {
  const { campaign } = req;
  const scope = await scopeUnit(campaign, req.scopeUnitId);
  const [models, units] = await Promise.all([
    Initiative.find(
      { campaignId: campaign._id, unitPath: scope.id },
      {
        _id: 0,
        code: 1,
        title: 1,
        ownerKind: 1,
        ownerName: 1,
        unitId: 1,
        field: 1,
        targetLevel: 1,
        status: 1,
      },
    ).lean(),
    Unit.find({ path: scope.id }, { name: 1 }).lean(),
  ]);
  const unitName = new Map(units.map((u) => [String(u._id), u.name]));
  const fieldName = new Map((campaign.fields ?? []).map((f) => [f.code, f.name]));
  const rows = models.map((m) => ({
    code: m.code,
    title: m.title,
    ownerKind: m.ownerKind,
    ownerName: m.ownerName,
    unitName: unitName.get(String(m.unitId)) ?? '',
    field: fieldName.get(m.field) ?? m.field,
    targetLevel: m.targetLevel,
    status: m.status,
  }));
  rows.sort(
    (a, b) => compareVi(a.unitName, b.unitName) || compareVi(a.title, b.title) || compareVi(a.code, b.code),
  );
  return { scope, rows };
}
