import { describe, expect, it } from 'vitest';
import { myModelsCb } from '../../src/bot/callback-data.ts';
import { Confirmation } from '../../src/db/models/evidence.ts';
import { useBotWorld } from '../support/bot-world.ts';
import { clock, makeInitiative, makeReport, makeUser, type World } from '../support/fixtures.ts';
import { type FakeTelegram, makeBot, Person } from '../support/telegram.ts';

let world: World;
let tg: FakeTelegram;

useBotWorld((w) => ({ world, tg } = w));

describe('the people confirm a model by its QR code', () => {
  it('owner gets the QR in /mohinh; a citizen without a role answers once; a second answer is refused', async () => {
    const cadre = await makeUser('cadre', world.communes[0]!, 'Lan');
    const coordinator = await makeUser('coordinator', world.communes[0]!, 'Hùng');
    const ini = await makeInitiative(world, cadre, world.communes[0]!, { status: 'nurturing' });
    await makeReport(ini, cadre, '2026-11');
    const bot = makeBot(tg, clock());
    const owner = new Person(tg, bot, cadre.telegramId);
    await owner.send('/mohinh');
    await owner.tap(ini.code);
    await owner.tap('Mã QR');
    const qr = tg.sent('sendPhoto', owner.id).at(-1)!;
    expect(qr.payload.photo).toMatchObject({ filename: `qr-${ini.code}.png` });
    const link = /https:\/\/t\.me\/danvan_test_bot\?start=(m_[a-f0-9]{24})/.exec(String(qr.payload.caption));
    expect(link).not.toBeNull();

    const citizen = new Person(tg, bot, 9_000_001, 'Bà Tư');
    await citizen.send(`/start ${link![1]}`);
    expect(citizen.lastText()).toContain('Tiết kiệm vì người nghèo');
    expect(citizen.lastText()).toContain('Mục tiêu: Mỗi năm giúp 10 hộ');
    await citizen.tap('Tôi biết và được hưởng lợi');
    await citizen.tap('5 ⭐');
    await citizen.send('Nhà tôi được vay 5 triệu nuôi heo');
    expect(citizen.lastText()).toContain('Cảm ơn bạn');
    expect(await Confirmation.countDocuments()).toBe(1);

    // Scanning again: the answer is not asked again, only a problem can be reported.
    await citizen.send(`/start ${link![1]}`);
    expect(citizen.lastText()).toContain('đã gửi ý kiến về mô hình này rồi');
    expect(
      citizen
        .allMessages()
        .at(-1)!
        .buttons.map((b) => b.text),
    ).not.toContain('✅ Tôi biết và được hưởng lợi');
    await citizen.tap('Phản ánh sai phạm');
    await citizen.send('Ảnh trong báo cáo không phải ở ấp này');
    expect(citizen.lastText()).toContain('Đã chuyển phản ánh');
    expect(String(tg.sent('sendMessage', coordinator.telegramId).at(-1)?.payload.text)).toContain(
      'Ảnh trong báo cáo không phải ở ấp này',
    );
    expect(await Confirmation.countDocuments()).toBe(1);

    // The reviewer sees the people's voice on the card.
    const c = new Person(tg, bot, coordinator.telegramId);
    await c.send('/duyet');
    await c.tap(ini.code);
    expect(c.messages().at(-1)!.text).toContain(
      'Người dân xác nhận: 1 lượt, 1 biết mô hình, 1 được hưởng lợi, điểm trung bình 5/5',
    );
    expect(c.messages().at(-1)!.text).toContain('Nhà tôi được vay 5 triệu nuôi heo');
  });

  it('a model not accepted yet has no QR button and its link shows nothing about it', async () => {
    const cadre = await makeUser('cadre', world.communes[0]!, 'Lan');
    const ini = await makeInitiative(world, cadre, world.communes[0]!, { status: 'registered' });
    const bot = makeBot(tg, clock());
    const owner = new Person(tg, bot, cadre.telegramId);
    await owner.send('/mohinh');
    await owner.tap(ini.code);
    expect(
      owner
        .allMessages()
        .at(-1)!
        .buttons.map((b) => b.text),
    ).not.toContain('📱 Mã QR cho người dân');
    const citizen = new Person(tg, bot, 9_000_002);
    await citizen.send(`/start m_${String(ini._id)}`);
    expect(citizen.lastText()).toContain('chưa được công nhận');
    expect(citizen.lastText()).not.toContain('Tiết kiệm');
  });

  it('a forged QR button for someone else’s model is refused', async () => {
    const cadre = await makeUser('cadre', world.communes[0]!, 'Lan');
    const other = await makeUser('cadre', world.communes[1]!, 'Hoa');
    const ini = await makeInitiative(world, cadre, world.communes[0]!, { status: 'nurturing' });
    const p = new Person(tg, makeBot(tg, clock()), other.telegramId);
    await p.press(myModelsCb.qr.build({ i: String(ini._id) }));
    expect(p.callbackAnswers().at(-1)).toContain('không có quyền');
    expect(tg.sent('sendPhoto', p.id)).toHaveLength(0);
  });
});
