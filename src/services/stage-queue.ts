import { isValidObjectId, type Types } from 'mongoose';
import type { Clock } from '../clock.ts';
import type { CampaignDoc, InitiativeDoc, NominationDoc, RoundDoc } from '../db/models/index.ts';
import { CouncilScore, Initiative, Nomination, ProgressReport, Round, Unit } from '../db/models/index.ts';
import { localDay } from '../domain/calendar.ts';
import { conflictOf } from '../domain/council.ts';
import { isAdmin, type Principal, scopeRoots } from '../domain/permissions.ts';
import { campaignReadOnly } from '../domain/read-only.ts';
import { openHonouringRound, type RoundDef } from '../domain/rounds.ts';
import type { ReviewFailure } from './reviews.ts';
import { memberConflict, ROUND_TIME_ZONE, reportersOf, roundsForOrganiser } from './rounds.ts';

/**
 * `/duyet` by stage (issue 10, item 1): for the person's scope and level, what waits at each
 * stage, with counts. Items a person may not act on (their own models, reports they sent,
 * conflicts of interest) are not offered to them.
 */

export const STAGES = [
  'registrations',
  'reports',
  'forward',
  'appraise',
  'select',
  'honour',
  'rounds',
  'replications',
] as const;
export type Stage = (typeof STAGES)[number];

export interface StageItem {
  /** The model (or, for `reports`, the report; for `rounds`, the round or `<defCode>@<unitId>`). */
  id: string;
  code: string;
  title: string;
  unitName: string;
  /** For appraise/select/honour: the round the model is nominated in. */
  roundId?: string;
  /** Mean score so far, count of scores, for select. */
  mean?: number | null;
  /** For rounds: opened or not yet, and the round's name. */
  opened?: boolean;
  periodKey?: string;
  /** For replications: the places that replicate the model (the derived count, both sides). */
  replications?: number;
  at: Date | null;
}

export interface StageView {
  counts: Record<Stage, number>;
  stage: Stage;
  items: StageItem[];
  campaignId: string;
  /** The campaign still runs: models honoured before it may be entered (a button under the tabs). */
  writable: boolean;
}

type Id = Types.ObjectId | string;

interface Gathered {
  registrations: InitiativeDoc[];
  reports: {
    _id: Types.ObjectId;
    initiativeId: Types.ObjectId;
    periodKey: string;
    submittedAt: Date;
    unitId: Types.ObjectId;
  }[];
  forward: InitiativeDoc[];
  appraise: { nom: NominationDoc; round: RoundDoc }[];
  select: { nom: NominationDoc; round: RoundDoc }[];
  honour: RoundDoc[];
  rounds: StageItem[];
  replications: InitiativeDoc[];
}

/** Everything waiting for this person, by stage. */
async function gather(p: Principal, campaign: CampaignDoc, clock: Clock): Promise<Gathered> {
  const roots = scopeRoots(p, 'review.queue');
  const scope: Record<string, unknown> = roots === 'all' ? {} : { unitPath: { $in: roots } };
  const me = p.userId;
  const notMine = isValidObjectId(me) && !isAdmin(p) ? { createdBy: { $ne: me } } : {};
  const day = localDay(clock.now(), ROUND_TIME_ZONE);
  const openLevels = [
    ...new Set(
      ((campaign.rounds ?? []) as unknown as RoundDef[])
        .filter((r) => r.kind === 'honouring')
        .map((r) => r.targetLevel)
        .filter((l) =>
          openHonouringRound({ ...campaign, rounds: campaign.rounds as unknown as RoundDef[] }, l, day),
        ),
    ),
  ];
  const [registrations, reportsRaw, forward, replications, myRounds, organiser] = await Promise.all([
    Initiative.find({ campaignId: campaign._id, status: 'registered', ...scope, ...notMine })
      .sort({ statusChangedAt: 1, _id: 1 })
      .lean<InitiativeDoc[]>(),
    ProgressReport.find(
      { campaignId: campaign._id, verification: 'pending', ...scope },
      { initiativeId: 1, periodKey: 1, submittedAt: 1, unitId: 1, submittedBy: 1 },
    )
      .sort({ submittedAt: 1, _id: 1 })
      .lean(),
    openLevels.length && roots !== 'all' && roots.length === 0
      ? []
      : Initiative.find({
          campaignId: campaign._id,
          status: { $in: ['nurturing', 'honoured'] },
          targetLevel: { $in: openLevels },
          ...scope,
        })
          .sort({ code: 1 })
          .lean<InitiativeDoc[]>(),
    Initiative.find({ campaignId: campaign._id, ...scope })
      .sort({ code: 1 })
      .lean<InitiativeDoc[]>()
      .then((all) => all.filter((i) => (i.honours?.length ?? 0) > 0)),
    Round.find({ campaignId: campaign._id, 'council.userId': me, status: 'open' }).lean<RoundDoc[]>(),
    roundsForOrganiser(p, campaign, clock),
  ]);
  // Reports: not the ones of models this person registered or reported on.
  const reporters = await reportersOf([...new Set(reportsRaw.map((r) => String(r.initiativeId)))]);
  const owners = await Initiative.find(
    { _id: { $in: reportsRaw.map((r) => r.initiativeId) } },
    { createdBy: 1 },
  ).lean();
  const ownerOf = new Map(owners.map((o) => [String(o._id), String(o.createdBy)]));
  const reports = reportsRaw.filter(
    (r) =>
      isAdmin(p) ||
      (ownerOf.get(String(r.initiativeId)) !== me &&
        !(reporters.get(String(r.initiativeId)) ?? []).includes(me)),
  );
  // Forward: only where a round instance is open for the model (else nothing can be done yet).
  const nominated = await Nomination.find(
    { campaignId: campaign._id, initiativeId: { $in: forward.map((i) => i._id) }, outcome: 'nominated' },
    { initiativeId: 1 },
  ).lean();
  const forwardable = forward.filter((i) => !nominated.some((n) => n.initiativeId.equals(i._id)));

  const appraise: Gathered['appraise'] = [];
  const select: Gathered['select'] = [];
  const honour: RoundDoc[] = [];
  if (myRounds.length) {
    const noms = await Nomination.find({ roundId: { $in: myRounds.map((r) => r._id) } }).lean<
      NominationDoc[]
    >();
    const inis = await Initiative.find(
      { _id: { $in: noms.map((n) => n.initiativeId) } },
      { status: 1, unitId: 1, ownerKind: 1, createdBy: 1 },
    ).lean();
    const rep = await reportersOf(noms.map((n) => n.initiativeId));
    const scored = await CouncilScore.find(
      { roundId: { $in: myRounds.map((r) => r._id) }, memberId: me },
      { initiativeId: 1, roundId: 1 },
    ).lean();
    for (const nom of noms) {
      const round = myRounds.find((r) => r._id.equals(nom.roundId))!;
      const ini = inis.find((i) => i._id.equals(nom.initiativeId));
      if (!ini) continue;
      const facts = {
        unitId: String(ini.unitId),
        ownerKind: ini.ownerKind,
        createdBy: String(ini.createdBy),
        reporterIds: rep.get(String(ini._id)) ?? [],
      };
      const conflict = memberConflict(round, me, facts, campaign);
      if (
        nom.outcome === 'nominated' &&
        ini.status === 'submitted' &&
        !conflict &&
        !scored.some((s) => s.roundId.equals(round._id) && s.initiativeId.equals(ini._id))
      ) {
        appraise.push({ nom, round });
      }
      if (
        String(round.chairId) === me &&
        nom.outcome === 'nominated' &&
        ini.status === 'appraised' &&
        !conflictOf(me, facts)
      ) {
        select.push({ nom, round });
      }
    }
    for (const r of myRounds) {
      if (String(r.chairId) === me && noms.some((n) => n.roundId.equals(r._id) && n.outcome === 'selected'))
        honour.push(r);
    }
  }
  const rounds: StageItem[] = organiser.map((o) => ({
    id: o.round ? String(o.round._id) : `${o.def.code}@${o.unitId}`,
    code: o.def.code,
    title: o.def.name,
    unitName: o.unitName,
    opened: o.round !== null,
    at: o.round?.openedAt ?? null,
  }));
  return {
    registrations,
    reports,
    forward: forwardable,
    appraise,
    select,
    honour,
    rounds,
    replications,
  };
}

async function unitNames(ids: Id[]): Promise<Map<string, string>> {
  const units = await Unit.find({ _id: { $in: ids } }, { name: 1 }).lean();
  return new Map(units.map((u) => [String(u._id), u.name]));
}

/** Counts for every tab and the items of one (the first with something in it when none is asked). */
export async function stageView(
  p: Principal,
  campaign: CampaignDoc,
  clock: Clock,
  stage?: Stage | null,
): Promise<StageView | ReviewFailure> {
  const roots = scopeRoots(p, 'review.queue');
  if (roots !== 'all' && roots.length === 0) return { ok: false, reason: 'not-allowed' };
  const g = await gather(p, campaign, clock);
  const counts: Record<Stage, number> = {
    registrations: g.registrations.length,
    reports: g.reports.length,
    forward: g.forward.length,
    appraise: g.appraise.length,
    select: g.select.length,
    honour: g.honour.length,
    rounds: g.rounds.length,
    replications: g.replications.length,
  };
  const chosen: Stage = stage ?? STAGES.find((s) => counts[s] > 0) ?? 'registrations';
  let items: StageItem[] = [];
  switch (chosen) {
    case 'registrations':
    case 'forward':
    case 'replications': {
      const list = g[chosen];
      const names = await unitNames(list.map((i) => i.unitId));
      items = list.map((i) => ({
        id: String(i._id),
        code: i.code,
        title: i.title,
        unitName: names.get(String(i.unitId)) ?? '',
        at: i.statusChangedAt ?? null,
        ...(chosen === 'replications' ? { mean: null, replications: i.replicationCount ?? 0 } : {}),
      }));
      break;
    }
    case 'reports': {
      const inis = await Initiative.find(
        { _id: { $in: g.reports.map((r) => r.initiativeId) } },
        { code: 1, title: 1 },
      ).lean();
      const names = await unitNames(g.reports.map((r) => r.unitId));
      items = g.reports.map((r) => {
        const ini = inis.find((i) => i._id.equals(r.initiativeId));
        return {
          id: String(r._id),
          code: ini?.code ?? '',
          title: ini?.title ?? '',
          unitName: names.get(String(r.unitId)) ?? '',
          periodKey: r.periodKey,
          at: r.submittedAt,
        };
      });
      break;
    }
    case 'appraise':
    case 'select': {
      const list = g[chosen];
      const names = await unitNames(list.map((x) => x.nom.unitId));
      items = list.map(({ nom, round }) => ({
        id: String(nom.initiativeId),
        code: nom.code,
        title: nom.title,
        unitName: names.get(String(nom.unitId)) ?? '',
        roundId: String(round._id),
        at: nom.nominatedAt,
      }));
      break;
    }
    case 'honour':
      items = g.honour.map((r) => ({
        id: String(r._id),
        code: r.defCode,
        title: r.name,
        unitName: r.unitName,
        roundId: String(r._id),
        at: r.openedAt,
      }));
      break;
    case 'rounds':
      items = g.rounds;
      break;
  }
  return {
    counts,
    stage: chosen,
    items,
    campaignId: String(campaign._id),
    writable: !campaignReadOnly(campaign, localDay(clock.now(), ROUND_TIME_ZONE)).readOnly,
  };
}

/** The model with this code, if this person may review it (search by code in `/duyet`). */
export async function findByCode(
  p: Principal,
  campaign: CampaignDoc,
  code: string,
): Promise<InitiativeDoc | null> {
  const wanted = code.trim().toUpperCase();
  if (!/^[A-Z0-9-]{3,40}$/.test(wanted)) return null;
  const roots = scopeRoots(p, 'review.queue');
  if (roots !== 'all' && roots.length === 0) return null;
  const scope: Record<string, unknown> = roots === 'all' ? {} : { unitPath: { $in: roots } };
  return Initiative.findOne({ campaignId: campaign._id, code: wanted, ...scope }).lean<InitiativeDoc>();
}
