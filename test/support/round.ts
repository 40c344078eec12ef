import { ManualClock } from '../../src/clock.ts';
import { Initiative, type InitiativeDoc, type UserDoc } from '../../src/db/models/index.ts';
import { zonedInstant } from '../../src/domain/calendar.ts';
import { openRound, putForward } from '../../src/services/rounds.ts';
import { principalOf } from '../../src/services/users.ts';
import { makeInitiative, makeUser, type World } from './fixtures.ts';

/**
 * A district round (the sơ kết of Châu Thành) open on its first day, with one nominee to score: a
 * commune's model put forward by the chair; a second coordinator of Châu Thành sits on the council.
 */
export async function nomineeToScore(world: World): Promise<{
  clock: ManualClock;
  member: UserDoc;
  nominee: InitiativeDoc;
}> {
  const soKet = world.campaign.rounds.find((r) => r.code === 'so-ket-1')!;
  const clock = new ManualClock(zonedInstant(soKet.opensOn, 'Asia/Ho_Chi_Minh', 9));
  const cadre = await makeUser('cadre', world.communes[0]!, 'Nguyễn Thị Lan');
  const chair = await makeUser('coordinator', world.chauThanh, 'Chủ tịch');
  const member = await makeUser('coordinator', world.chauThanh, 'Ủy viên');
  const nominee = await makeInitiative(world, cadre, world.communes[0]!, { status: 'nurturing' });
  await Initiative.updateOne({ _id: nominee._id }, { $set: { targetLevel: 'district' } });
  const input = { campaignId: world.campaign._id, defCode: 'so-ket-1', unitId: world.chauThanh._id };
  const opened = await openRound(principalOf(chair), input, clock);
  if (!opened.ok) throw new Error(`the round did not open: ${opened.reason}`);
  const forward = await putForward(principalOf(chair), nominee._id, clock);
  if (!forward.ok) throw new Error(`the model was not put forward: ${forward.reason}`);
  return { clock, member, nominee };
}
