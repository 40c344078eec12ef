import { beforeEach, describe, expect, it } from 'vitest';
import { cb } from '../../src/bot/callback-data.ts';
import { ManualClock } from '../../src/clock.ts';
import { CouncilScore, Initiative, Nomination, Round } from '../../src/db/models/index.ts';
import { zonedInstant } from '../../src/domain/calendar.ts';
import { openRound, putForward } from '../../src/services/rounds.ts';
import { principalOf } from '../../src/services/users.ts';
import { useTestDatabase } from '../support/database.ts';
import { makeInitiative, makeReport, makeUser, seedWorld, type World } from '../support/fixtures.ts';
import { FakeTelegram, makeBot, Person } from '../support/telegram.ts';

useTestDatabase({ clean: 'each' });

let world: World;
let tg: FakeTelegram;
let clock: ManualClock;

beforeEach(async () => {
  world = await seedWorld();
  tg = new FakeTelegram();
  const soKet = world.campaign.rounds.find((r) => r.code === 'so-ket-1')!;
  clock = new ManualClock(zonedInstant(soKet.opensOn, 'Asia/Ho_Chi_Minh', 9));
});

describe('refusals in the chat say why, and forged payloads do nothing', () => {
  it('a council member who reported on a model is not offered it, and a forged score button is refused with the reason', async () => {
    const cadre = await makeUser('cadre', world.communes[0]!, 'Cán bộ');
    const m1 = await makeUser('coordinator', world.chauThanh, 'Chủ tịch');
    const m2 = await makeUser('coordinator', world.chauThanh, 'Ủy viên');
    const ini = await makeInitiative(world, cadre, world.communes[0]!, { status: 'nurturing' });
    await Initiative.updateOne({ _id: ini._id }, { $set: { targetLevel: 'district' } });
    await makeReport(ini, m2, '2026-11');
    const opened = await openRound(
      principalOf(m1),
      { campaignId: world.campaign._id, defCode: 'so-ket-1', unitId: world.chauThanh._id },
      clock,
    );
    expect(opened.ok).toBe(true);
    expect((await putForward(principalOf(m1), ini._id, clock)).ok).toBe(true);
    const bot = makeBot(tg, clock);
    const p2 = new Person(tg, bot, m2.telegramId);
    await p2.send('/duyet');
    expect(
      p2
        .messages()
        .at(-2)!
        .buttons.map((b) => b.text),
    ).toContain('🧮 Chờ chấm điểm (0)');
    // The same button the chair sees, pressed by the member who reported on the model.
    const p1 = new Person(tg, bot, m1.telegramId);
    await p1.send('/duyet');
    await p1.tap('Chờ chấm điểm');
    const data = p1.buttonData('Chấm:');
    await p2.press(data);
    expect(p2.callbackAnswers().at(-1)).toContain('chính mình đã gửi báo cáo');
    expect(await CouncilScore.countDocuments()).toBe(0);
    // Forged payloads: wrong shape, unknown ids.
    await p2.press('sc:zzz');
    expect(p2.callbackAnswers().at(-1)).toMatch(/cũ|hết hạn/);
    await p2.press(cb.select.build({ r: '0'.repeat(24), i: String(ini._id) }));
    expect(p2.callbackAnswers().at(-1)).toContain('Không tìm thấy');
    const round = (await Round.findOne().lean())!;
    // Well-formed payloads of buttons this member was never shown: refused with the reason.
    await p2.press(cb.select.build({ r: String(round._id), i: String(ini._id) }));
    expect(p2.callbackAnswers().at(-1)).toContain('Chỉ chủ tịch hội đồng');
    await p2.press(cb.decide.build({ r: String(round._id) }));
    expect(p2.callbackAnswers().at(-1)).toContain('Chỉ chủ tịch hội đồng');
    expect((await Nomination.findOne().lean())!.outcome).toBe('nominated');
  });

  it('the board is told that district models are selected by the district', async () => {
    const cadre = await makeUser('cadre', world.communes[0]!, 'Cán bộ');
    const m1 = await makeUser('coordinator', world.chauThanh, 'Chủ tịch');
    const board = await makeUser('board', world.province, 'Ban Chỉ đạo tỉnh');
    const ini = await makeInitiative(world, cadre, world.communes[0]!, { status: 'nurturing' });
    await Initiative.updateOne({ _id: ini._id }, { $set: { targetLevel: 'district' } });
    const opened = await openRound(
      principalOf(m1),
      { campaignId: world.campaign._id, defCode: 'so-ket-1', unitId: world.chauThanh._id },
      clock,
    );
    if (!opened.ok) throw new Error(opened.reason);
    await putForward(principalOf(m1), ini._id, clock);
    const b = new Person(tg, makeBot(tg, clock), board.telegramId);
    await b.press(cb.decide.build({ r: String(opened.round._id) }));
    expect(b.callbackAnswers().at(-1)).toContain('chỉ do người có vai trò ở cấp đó');
  });

  it('the owner is told why a model cannot be put forward yet', async () => {
    const cadre = await makeUser('cadre', world.communes[0]!, 'Cán bộ');
    const m1 = await makeUser('coordinator', world.chauThanh, 'Chủ tịch');
    const ini = await makeInitiative(world, cadre, world.communes[0]!, { status: 'nurturing' });
    await Initiative.updateOne({ _id: ini._id }, { $set: { targetLevel: 'district' } });
    await openRound(
      principalOf(m1),
      { campaignId: world.campaign._id, defCode: 'so-ket-1', unitId: world.chauThanh._id },
      clock,
    );
    const k = new Person(tg, makeBot(tg, clock), cadre.telegramId);
    await k.send('/mohinh');
    await k.tap(ini.code);
    await k.tap('Đưa ra xét chọn');
    expect(k.callbackAnswers().at(-1)).toContain('cần có đủ báo cáo đã được xác minh');
    expect((await Initiative.findById(ini._id).lean())!.status).toBe('nurturing');
  });
});
