import { beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.ts';
import {
  CouncilScore,
  Initiative,
  type InitiativeDoc,
  Nomination,
  Round,
  type UserDoc,
} from '../../src/db/models/index.ts';
import { zonedInstant } from '../../src/domain/calendar.ts';
import type { Principal } from '../../src/domain/permissions.ts';
import { acceptRegistration, verifyReport } from '../../src/services/reviews.ts';
import {
  decideRound,
  openRound,
  putForward,
  registerForNextLevel,
  roundStandings,
  scoreNominee,
  selectNominee,
} from '../../src/services/rounds.ts';
import { stageView } from '../../src/services/stage-queue.ts';
import { principalOf } from '../../src/services/users.ts';
import { useTestDatabase } from '../support/database.ts';
import { makeInitiative, makeReport, makeUser, seedWorld, type World } from '../support/fixtures.ts';

useTestDatabase({ clean: 'each' });

const TZ = 'Asia/Ho_Chi_Minh';
let world: World;
let clock: ManualClock;
const P = (u: UserDoc): Principal => principalOf(u);
const def = (code: string) => world.campaign.rounds.find((r) => r.code === code)!;
const full = (n: number) => [
  { criterion: 'results', score: Math.min(30, n) },
  { criterion: 'participation', score: 20 },
  { criterion: 'method', score: 10 },
  { criterion: 'honesty', score: 10 },
  { criterion: 'replication', score: 10 },
];

let cadre: UserDoc;
let m1: UserDoc;
let m2: UserDoc;
let m3: UserDoc;
let board: UserDoc;

beforeEach(async () => {
  world = await seedWorld();
  // Inside the first sơ kết round of the campaign (dates from the campaign, not from today).
  clock = new ManualClock(zonedInstant(def('so-ket-1').opensOn, TZ, 9));
  cadre = await makeUser('cadre', world.communes[0]!, 'Cán bộ xã');
  m1 = await makeUser('coordinator', world.chauThanh, 'Ủy viên 1');
  m2 = await makeUser('coordinator', world.chauThanh, 'Ủy viên 2');
  m3 = await makeUser('coordinator', world.chauThanh, 'Ủy viên 3');
  board = await makeUser('board', world.province, 'Ban Chỉ đạo tỉnh');
});

async function districtModel(
  overrides: Parameters<typeof makeInitiative>[3] = {},
  owner = cadre,
  unit = world.communes[0]!,
) {
  const ini = await makeInitiative(world, owner, unit, { status: 'nurturing', ...overrides });
  await Initiative.updateOne({ _id: ini._id }, { $set: { targetLevel: 'district' } });
  return (await Initiative.findById(ini._id).lean<InitiativeDoc>())!;
}

/** Asks to open Châu Thành's first sơ kết round as `by`: the service's answer, refused or not. */
const tryOpenSoKet = (by: UserDoc) =>
  openRound(
    P(by),
    { campaignId: world.campaign._id, defCode: 'so-ket-1', unitId: world.chauThanh._id },
    clock,
  );

async function openSoKet(by = m1) {
  const r = await tryOpenSoKet(by);
  if (!r.ok) throw new Error(r.reason);
  return r.round;
}

describe('rounds: council, ranking, quota, decision', () => {
  it('runs a district round: three members score, ranked by mean, two of three selected, honoured with the decision', async () => {
    const round = await openSoKet();
    expect(round.council.map((m) => m.name).sort()).toEqual(['Ủy viên 1', 'Ủy viên 2', 'Ủy viên 3']);
    expect(round.chairName).toBe('Ủy viên 1');
    const models = [
      await districtModel({ title: 'A' }),
      await districtModel({ title: 'B' }),
      await districtModel({ title: 'C' }),
    ];
    for (const m of models) expect((await putForward(P(m1), m._id, clock)).ok).toBe(true);
    const given = { A: [28, 26, 27], B: [20, 22, 21], C: [30, 29, 28] } as const;
    for (const [i, m] of models.entries()) {
      const key = (['A', 'B', 'C'] as const)[i]!;
      for (const [j, member] of [m1, m2, m3].entries()) {
        const r = await scoreNominee(
          P(member),
          { roundId: round._id, initiativeId: m._id, scores: full(given[key][j]!) },
          clock,
        );
        expect(r.ok).toBe(true);
        if (r.ok) expect(r.appraised).toBe(j === 2);
      }
    }
    const standings = (await roundStandings(round._id))!;
    expect(standings.rows.map((r) => [r.title, r.mean, r.rank, r.count])).toEqual([
      ['C', 79, 1, 3],
      ['A', 77, 2, 3],
      ['B', 71, 3, 3],
    ]);
    expect(standings.rows[0]!.scores.map((s) => s.total)).toEqual([80, 79, 78]);
    expect((await selectNominee(P(m1), { roundId: round._id, initiativeId: models[2]!._id }, clock)).ok).toBe(
      true,
    );
    expect((await selectNominee(P(m1), { roundId: round._id, initiativeId: models[0]!._id }, clock)).ok).toBe(
      true,
    );
    expect(
      await selectNominee(P(m1), { roundId: round._id, initiativeId: models[1]!._id }, clock),
    ).toMatchObject({
      ok: false,
      reason: 'quota-full',
      detail: '2',
    });
    const day = def('so-ket-1').opensOn;
    const d = await decideRound(
      P(m1),
      { roundId: round._id, decisionNo: '45/QĐ-BCĐ', decisionDate: day },
      clock,
    );
    expect(d.ok).toBe(true);
    const [a, b, c] = await Promise.all(models.map((m) => Initiative.findById(m._id).lean<InitiativeDoc>()));
    expect(a!.status).toBe('honoured');
    expect(c!.status).toBe('honoured');
    expect(b!.status).toBe('nurturing');
    expect(a!.honours[0]).toMatchObject({
      level: 'district',
      decisionNo: '45/QĐ-BCĐ',
      occasion: 1,
      decisionDate: day,
    });
    expect(String(a!.honours[0]!.roundId)).toBe(String(round._id));
    expect(
      await Nomination.find({ roundId: round._id })
        .sort({ code: 1 })
        .lean()
        .then((n) => n.map((x) => x.outcome)),
    ).toEqual(['honoured', 'not-selected', 'honoured']);
    expect((await Round.findById(round._id).lean())!).toMatchObject({
      status: 'decided',
      decisionNo: '45/QĐ-BCĐ',
    });
    expect(
      await decideRound(P(m1), { roundId: round._id, decisionNo: 'x', decisionDate: day }, clock),
    ).toMatchObject({
      reason: 'round-decided',
    });
  });

  it('keeps every score once: a second score by the same member is refused', async () => {
    const round = await openSoKet();
    const m = await districtModel();
    await putForward(P(m1), m._id, clock);
    expect(
      (await scoreNominee(P(m2), { roundId: round._id, initiativeId: m._id, scores: full(20) }, clock)).ok,
    ).toBe(true);
    expect(
      await scoreNominee(P(m2), { roundId: round._id, initiativeId: m._id, scores: full(25) }, clock),
    ).toMatchObject({
      reason: 'already-scored',
    });
    expect(await CouncilScore.countDocuments()).toBe(1);
    expect(
      await scoreNominee(
        P(m2),
        { roundId: round._id, initiativeId: m._id, scores: full(20).slice(1) },
        clock,
      ),
    ).toMatchObject({
      ok: false,
    });
  });

  it('opening twice makes one round; putting forward before it is opened says the council has not opened it', async () => {
    const m = await districtModel();
    expect(await putForward(P(m1), m._id, clock)).toMatchObject({ ok: false, reason: 'round-not-opened' });
    await openSoKet();
    expect(await tryOpenSoKet(m2)).toMatchObject({
      reason: 'already-open',
    });
    expect(await Round.countDocuments()).toBe(1);
  });

  it('outside the round calendar nothing can be put forward', async () => {
    await openSoKet();
    const m = await districtModel();
    clock.set(zonedInstant(def('so-ket-1').closesOn, TZ, 23));
    clock.advance(2 * 3600_000);
    expect(await putForward(P(m1), m._id, clock)).toMatchObject({ ok: false, reason: 'no-open-round' });
  });

  it('the owner puts forward only with enough verified reports; a coordinator of the scope any time', async () => {
    await openSoKet();
    const m = await districtModel();
    expect(await putForward(P(cadre), m._id, clock)).toMatchObject({ reason: 'rules-not-met', detail: '2' });
    const r1 = await makeReport(m, cadre, '2026-11');
    const r2 = await makeReport(m, cadre, '2026-12');
    await verifyReport(P(m2), r1._id, { verdict: 'verified' }, clock);
    expect(await putForward(P(cadre), m._id, clock)).toMatchObject({ reason: 'rules-not-met' });
    await verifyReport(P(m2), r2._id, { verdict: 'questioned', note: 'Ảnh chưa rõ' }, clock);
    expect(await putForward(P(cadre), m._id, clock)).toMatchObject({ reason: 'rules-not-met' });
    const r3 = await makeReport(m, cadre, '2027-01');
    await verifyReport(P(m2), r3._id, { verdict: 'verified' }, clock);
    expect((await putForward(P(cadre), m._id, clock)).ok).toBe(true);
    const other = await districtModel({ title: 'Khác' });
    const stranger = await makeUser('coordinator', world.rachGia, 'Ngoài phạm vi');
    expect(await putForward(P(stranger), other._id, clock)).toMatchObject({ reason: 'not-allowed' });
  });

  it('a model honoured below registers for the next level only while that registration round is open', async () => {
    const m = await districtModel();
    await Initiative.updateOne({ _id: m._id }, { $set: { status: 'honoured' } });
    expect(await registerForNextLevel(P(cadre), m._id, clock)).toMatchObject({
      reason: 'no-registration-round',
    });
    clock.set(zonedInstant(def('dang-ky-tinh').opensOn, TZ, 9));
    const r = await registerForNextLevel(P(cadre), m._id, clock);
    expect(r).toMatchObject({ ok: true, to: 'registered' });
    expect((await Initiative.findById(m._id).lean())!.targetLevel).toBe('province');
  });
});

describe('levels bind rights; nobody judges a model they registered or reported on (each refusal says why)', () => {
  it('accept: refused to the coordinator who registered the model', async () => {
    const ini = await makeInitiative(world, m1, world.chauThanh);
    expect(await acceptRegistration(P(m1), ini._id, clock)).toMatchObject({
      ok: false,
      reason: 'registered-it',
    });
    expect((await acceptRegistration(P(m2), ini._id, clock)).ok).toBe(true);
  });

  it('verify: refused on a model one registered and on a report one submitted', async () => {
    const own = await makeInitiative(world, m1, world.chauThanh, { status: 'nurturing' });
    const rep = await makeReport(own, m1, '2026-11');
    expect(await verifyReport(P(m1), rep._id, { verdict: 'verified' }, clock)).toMatchObject({
      reason: 'registered-it',
    });
    const other = await makeInitiative(world, cadre, world.communes[0]!, { status: 'nurturing' });
    const rep2 = await makeReport(other, m2, '2026-11');
    expect(await verifyReport(P(m2), rep2._id, { verdict: 'verified' }, clock)).toMatchObject({
      reason: 'reported-on-it',
    });
    expect((await verifyReport(P(m3), rep2._id, { verdict: 'verified' }, clock)).ok).toBe(true);
  });

  it('appraise: a member who registered it, reported on it, or whose own unit is the collective, may not score', async () => {
    const round = await openSoKet();
    const registered = await districtModel({ title: 'của m2', ownerKind: 'individual' }, m2, world.chauThanh);
    const reported = await districtModel({ title: 'm3 báo cáo' });
    await makeReport(reported, m3, '2026-11');
    const collective = await districtModel(
      { title: 'tập thể huyện', ownerKind: 'collective' },
      cadre,
      world.chauThanh,
    );
    for (const m of [registered, reported, collective])
      expect((await putForward(P(m1), m._id, clock)).ok).toBe(true);
    const score = (u: UserDoc, m: InitiativeDoc) =>
      scoreNominee(P(u), { roundId: round._id, initiativeId: m._id, scores: full(20) }, clock);
    expect(await score(m2, registered)).toMatchObject({ reason: 'registered-it' });
    expect(await score(m3, reported)).toMatchObject({ reason: 'reported-on-it' });
    expect(await score(m1, collective)).toMatchObject({ reason: 'own-unit-collective' });
    expect(await score(board, reported)).toMatchObject({ reason: 'not-council' });
    // Members with a conflict are not waited for: m1 and m2 complete the appraisal of `reported`.
    await score(m1, reported);
    const last = await score(m2, reported);
    expect(last).toMatchObject({ ok: true, appraised: true, count: 2 });
    // The tabs never offer what one may not do.
    const v = await stageView(P(m3), world.campaign, clock, 'appraise');
    expect('items' in v && v.items.map((i) => i.title)).toEqual(['của m2']);
  });

  it('select and decide: the board (province) may not select or honour district models; a member who is not chair neither', async () => {
    const round = await openSoKet();
    const m = await districtModel();
    await putForward(P(m1), m._id, clock);
    for (const u of [m1, m2, m3])
      await scoreNominee(P(u), { roundId: round._id, initiativeId: m._id, scores: full(25) }, clock);
    expect(await selectNominee(P(board), { roundId: round._id, initiativeId: m._id }, clock)).toMatchObject({
      reason: 'wrong-level',
    });
    expect(await selectNominee(P(m2), { roundId: round._id, initiativeId: m._id }, clock)).toMatchObject({
      reason: 'not-chair',
      detail: 'Ủy viên 1',
    });
    expect((await selectNominee(P(m1), { roundId: round._id, initiativeId: m._id }, clock)).ok).toBe(true);
    const day = def('so-ket-1').opensOn;
    expect(
      await decideRound(P(board), { roundId: round._id, decisionNo: '1', decisionDate: day }, clock),
    ).toMatchObject({
      reason: 'wrong-level',
    });
    expect(
      await decideRound(P(m3), { roundId: round._id, decisionNo: '1', decisionDate: day }, clock),
    ).toMatchObject({
      reason: 'not-chair',
    });
    expect(
      await decideRound(P(m1), { roundId: round._id, decisionNo: ' ', decisionDate: day }, clock),
    ).toMatchObject({
      reason: 'invalid',
      problem: 'decision-required',
    });
    expect(
      await Initiative.findById(m._id)
        .lean()
        .then((x) => x!.status),
    ).toBe('selected');
  });

  it('the chair may not select a model they reported on', async () => {
    const round = await openSoKet();
    const m = await districtModel();
    await putForward(P(m1), m._id, clock);
    for (const u of [m1, m2, m3])
      await scoreNominee(P(u), { roundId: round._id, initiativeId: m._id, scores: full(25) }, clock);
    await makeReport(m, m1, '2026-12');
    expect(await selectNominee(P(m1), { roundId: round._id, initiativeId: m._id }, clock)).toMatchObject({
      reason: 'reported-on-it',
    });
  });

  it('opening a round needs a role at its level: the board cannot open a district round', async () => {
    expect(await tryOpenSoKet(board)).toMatchObject({
      reason: 'wrong-level',
    });
    const commune = await makeUser('coordinator', world.communes[0]!, 'Xã');
    expect(await tryOpenSoKet(commune)).toMatchObject({
      reason: 'wrong-level',
    });
  });
});
