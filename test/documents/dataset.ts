import {
  Campaign,
  type CampaignDoc,
  CouncilScore,
  Initiative,
  Nomination,
  ProgressReport,
  Round,
  type RoundDoc,
} from '../../src/db/models/index.ts';
import type { InitiativeStatus } from '../../src/domain/lifecycle.ts';
import { type InitiativeDoc, type UserDoc, worldMakers } from '../support/data-world.ts';
import { at, day, monthKey, seedWorld, type World } from '../support/fixtures.ts';

/**
 * A known dataset for the documents (every date from the test clock's base date):
 *
 * Châu Thành (the pilot district), the sơ kết round opened 30 days ago:
 * | model | unit | status | level | field | owner | registered | reports |
 * | A1 | Bình An | nurturing | grassroots | economy | collective | 120 days ago | this month, verified |
 * | A2 | Giục Tượng | nurturing | grassroots | culture | individual | 10 days ago | this month, questioned |
 * | A3 | Minh Hòa | honoured (round, 1st) | district | economy | collective | 120 days ago | last month, verified |
 * | A4 | Mong Thọ | honoured (round; 2010 before) | district | defence | individual | 120 days ago | none |
 * | A5 | Châu Thành itself | registered | district | political system | collective | 10 days ago | none |
 * | A6 | Bình An | withdrawn | grassroots | economy | collective | 120 days ago | none |
 * | A7 | Bình An | nurturing, replicates A3 | grassroots | economy | collective | 10 days ago | this month, pending |
 * Rạch Giá: B1 nurturing, economy, collective, 120 days ago, this month verified, put forward in
 * Rạch Giá's open round; B2 registered, culture, individual, 10 days ago.
 * Châu Thành's round is decided (No. 15-QĐ/BCĐ, two days ago): A3 (scores 80 and 90) and A4 (70)
 * honoured, A7 not selected.
 */

export interface DocWorld {
  world: World;
  campaign: CampaignDoc;
  cadre: UserDoc;
  m: Record<'A1' | 'A2' | 'A3' | 'A4' | 'A5' | 'A6' | 'A7' | 'B1' | 'B2', InitiativeDoc>;
  round: RoundDoc;
}

export const ROUND = 'so-ket-1';

export async function seedDocuments(): Promise<DocWorld> {
  const world = await seedWorld();
  const records = worldMakers(() => world);
  // The sơ kết round opened 30 days before the base date (the plan's own dates lie years ahead).
  const rounds = world.campaign.rounds.map((r) =>
    r.code === ROUND ? { ...r, opensOn: day(-30), closesOn: day(30), conferenceOn: day(30) } : r,
  );
  await Campaign.updateOne({ _id: world.campaign._id }, { $set: { rounds } });
  const campaign = (await Campaign.findById(world.campaign._id).lean<CampaignDoc>())!;
  world.campaign = campaign;
  const cadre = await records.user('cadre', world.province, 'Cán bộ');
  const [binhAn, giucTuong, minhHoa, mongTho] = world.communes as [
    World['communes'][0],
    World['communes'][0],
    World['communes'][0],
    World['communes'][0],
  ];
  const old = at(-120);
  const recent = at(-10);
  type Extra = { field?: string; ownerKind?: 'collective' | 'individual'; targetLevel?: string };
  const make = async (
    unit: World['communes'][0],
    status: InitiativeStatus,
    title: string,
    createdAt: Date,
    acceptedAt: Date | null,
    extra: Extra = {},
  ) => {
    const ini = await records.model(cadre, unit, { status, title, createdAt, ...extra });
    const targetLevel = extra.targetLevel ?? 'grassroots';
    await Initiative.updateOne({ _id: ini._id }, { $set: { targetLevel, acceptedAt } });
    return { ...ini, targetLevel };
  };
  const individual = { ownerKind: 'individual' } as const;
  const district = { targetLevel: 'district' };
  // The models of the table above, in its order (unit, status, title, registered, accepted, the rest).
  const m = {
    A1: await make(binhAn, 'nurturing', 'Em nuôi heo đất', old, at(-100)),
    A2: await make(giucTuong, 'nurturing', 'Đường làng sáng đẹp', recent, at(-8), {
      ...individual,
      field: 'culture-society',
    }),
    A3: await make(minhHoa, 'honoured', 'Dân vận khéo xây dựng nông thôn mới', old, at(-100), district),
    A4: await make(mongTho, 'honoured', 'Tổ tự quản an ninh', old, at(-100), {
      ...individual,
      ...district,
      field: 'defence-security',
    }),
    A5: await make(world.chauThanh, 'registered', 'Ánh sáng chi bộ', recent, null, {
      ...district,
      field: 'political-system',
    }),
    A6: await make(binhAn, 'withdrawn', 'Bỏ dở', old, null),
    A7: await make(binhAn, 'nurturing', 'Anh em nuôi heo đất', recent, at(-5)),
    B1: await make(world.rachGia, 'nurturing', 'Phố biển xanh', old, at(-100)),
    B2: await make(world.rachGia, 'registered', 'Góc đọc sách', recent, null, {
      ...individual,
      field: 'culture-society',
    }),
  };
  await Initiative.updateOne({ _id: m.A7._id }, { $set: { replicatedFrom: m.A3._id } });

  const verify = async (
    ini: InitiativeDoc,
    period: string,
    verification: 'verified' | 'questioned' | 'pending',
  ) => {
    const r = await records.report(ini, cadre, period);
    await ProgressReport.updateOne({ _id: r._id }, { $set: { verification } });
    if (verification === 'verified')
      await Initiative.updateOne({ _id: ini._id }, { $set: { lastVerifiedPeriod: period } });
  };
  await verify(m.A1, monthKey(0), 'verified');
  await verify(m.A2, monthKey(0), 'questioned');
  await verify(m.A3, monthKey(-1), 'verified');
  await verify(m.A7, monthKey(0), 'pending');
  await verify(m.B1, monthKey(0), 'verified');

  const coordinator = await records.user('coordinator', world.chauThanh, 'Chủ tịch hội đồng');
  const member = await records.user('coordinator', world.chauThanh, 'Thành viên hội đồng');
  const def = campaign.rounds.find((r) => r.code === ROUND)!;
  const roundOf = (unit: World['chauThanh'], status: 'open' | 'decided') =>
    Round.create({
      campaignId: campaign._id,
      defCode: ROUND,
      name: def.name,
      kind: 'honouring',
      phaseCode: def.phaseCode,
      targetLevel: 'district',
      unitId: unit._id,
      unitPath: unit.path,
      unitName: unit.name,
      quota: 2,
      opensOn: day(-30),
      closesOn: day(30),
      chairId: coordinator._id,
      chairName: coordinator.name,
      council: [
        { userId: coordinator._id, name: coordinator.name, unitId: unit._id },
        { userId: member._id, name: member.name, unitId: unit._id },
      ],
      status,
      decisionNo: status === 'decided' ? '15-QĐ/BCĐ' : null,
      decisionDate: status === 'decided' ? day(-2) : null,
      openedAt: at(-30),
    });
  const round = (await roundOf(world.chauThanh, 'decided')).toObject() as RoundDoc;
  const rachGiaRound = await roundOf(world.rachGia, 'open');
  const nominate = async (
    roundId: RoundDoc['_id'],
    ini: InitiativeDoc,
    outcome: 'nominated' | 'selected' | 'not-selected' | 'honoured',
    scores: number[],
  ) => {
    await Nomination.create({
      roundId,
      campaignId: campaign._id,
      initiativeId: ini._id,
      // What a nomination copies from its model, as putForward does.
      ...pick(ini, ['code', 'title', 'ownerName', 'ownerKind', 'field', 'unitId', 'unitPath']),
      nominatedBy: coordinator._id,
      nominatedAt: at(-20),
      outcome,
    });
    for (const [i, total] of scores.entries()) {
      await CouncilScore.create({
        roundId,
        initiativeId: ini._id,
        memberId: [coordinator._id, member._id][i],
        memberName: 'x',
        total,
        max: 100,
        at: at(-15),
      });
    }
  };
  await nominate(round._id, m.A3, 'honoured', [80, 90]);
  await nominate(round._id, m.A4, 'honoured', [70]);
  await nominate(round._id, m.A7, 'not-selected', [40, 50]);
  await nominate(rachGiaRound._id, m.B1, 'nominated', []);
  const honour = { level: 'district', year: 2026, decisionNo: '15-QĐ/BCĐ', at: at(-2), roundId: round._id };
  await Initiative.updateOne({ _id: m.A3._id }, { $set: { honours: [honour] } });
  await Initiative.updateOne(
    { _id: m.A4._id },
    {
      $set: {
        honours: [
          { level: 'district', year: 2010, decisionNo: '07-QĐ/HU', at: at(-2000), beforeCampaign: true },
          honour,
        ],
      },
    },
  );
  return { world, campaign, cadre, m, round };
}

/** The named fields of `o`, and only those. */
function pick<T extends object, K extends keyof T>(o: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, o[k]])) as Pick<T, K>;
}
