import { ManualClock } from '../../src/clock.ts';
import { Initiative, type InitiativeDoc, User, type UserDoc } from '../../src/db/models/index.ts';
import { zonedInstant } from '../../src/domain/calendar.ts';
import { openRound, putForward, scoreNominee } from '../../src/services/rounds.ts';
import { principalOf } from '../../src/services/users.ts';
import { makeInitiative, makeUser, type World } from './fixtures.ts';

/**
 * The district round (the sơ kết of Châu Thành) opened on its first day by a coordinator of Châu
 * Thành, who chairs it; a second coordinator sits on the council; a commune's cadre owns the models.
 */
async function openSoKet(world: World) {
  const soKet = world.campaign.rounds.find((r) => r.code === 'so-ket-1')!;
  const clock = new ManualClock(zonedInstant(soKet.opensOn, 'Asia/Ho_Chi_Minh', 9));
  const cadre = await makeUser('cadre', world.communes[0]!, 'Nguyễn Thị Lan');
  const chair = await makeUser('coordinator', world.chauThanh, 'Chủ tịch');
  const member = await makeUser('coordinator', world.chauThanh, 'Ủy viên');
  const input = { campaignId: world.campaign._id, defCode: 'so-ket-1', unitId: world.chauThanh._id };
  const opened = await openRound(principalOf(chair), input, clock);
  if (!opened.ok) throw new Error(`the round did not open: ${opened.reason}`);
  /** A district-level model of the cadre's commune, put forward into the round by the chair. */
  const nominate = async (overrides: Parameters<typeof makeInitiative>[3] = {}) => {
    const nominee = await makeInitiative(world, cadre, world.communes[0]!, {
      status: 'nurturing',
      ...overrides,
    });
    await Initiative.updateOne({ _id: nominee._id }, { $set: { targetLevel: 'district' } });
    const forward = await putForward(principalOf(chair), nominee._id, clock);
    if (!forward.ok) throw new Error(`the model was not put forward: ${forward.reason}`);
    return nominee;
  };
  return { clock, chair, member, round: opened.round, nominate };
}

/** The sơ kết round of Châu Thành open on its first day, with one nominee to score. */
export async function nomineeToScore(world: World): Promise<{
  clock: ManualClock;
  member: UserDoc;
  nominee: InitiativeDoc;
}> {
  const { clock, member, nominate } = await openSoKet(world);
  return { clock, member, nominee: await nominate() };
}

/**
 * The same round with `count` nominees, each scored by every council member through the service
 * (with `comment(i, member)` as the member's comment), so every one is appraised and the chair may
 * select: what a round's card looks like at a real conference.
 */
export async function scoredRound(
  world: World,
  count: number,
  comment: (i: number, member: string) => string,
): Promise<{ clock: ManualClock; chair: UserDoc; roundId: string; nominees: InitiativeDoc[] }> {
  const { clock, chair, round, nominate } = await openSoKet(world);
  const scores = world.campaign.criteria.map((c) => ({ criterion: c.code, score: c.maxScore - 1 }));
  const nominees: InitiativeDoc[] = [];
  for (let i = 0; i < count; i++) {
    const nominee = await nominate({ title: `Mô hình số ${i + 1} của ấp Bình Lợi` });
    for (const m of round.council) {
      const member = await User.findById(m.userId).lean<UserDoc>();
      const r = await scoreNominee(
        principalOf(member!),
        { roundId: round._id, initiativeId: nominee._id, scores, comment: comment(i, m.name) },
        clock,
      );
      if (!r.ok) throw new Error(`${m.name} could not score: ${r.reason}`);
    }
    nominees.push(nominee);
  }
  return { clock, chair, roundId: String(round._id), nominees };
}
