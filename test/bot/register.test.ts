import { describe, expect, it } from 'vitest';
import { AuditEvent, Draft, Initiative } from '../../src/db/models/index.ts';
import { useBotWorld } from '../support/bot-world.ts';
import { clock, day, makeUser, shown, type World, YEAR } from '../support/fixtures.ts';
import { type FakeTelegram, makeBot, Person } from '../support/telegram.ts';

let world: World;
let tg: FakeTelegram;

useBotWorld((w) => ({ world, tg } = w));

/** Answers every registration question with valid input, tapping where buttons are expected. */
async function fillRegistration(p: Person) {
  await p.send('Tổ tự quản "Xóm đạo bình yên"');
  await p.tap('Tập thể');
  await p.send('Chi hội Phụ nữ ấp Bình Lợi');
  await p.send('binh an'); // search, accents optional
  await p.tap('Xã Bình An');
  await p.tap('Văn hóa');
  await p.tap('Cơ sở');
  await p.send('Rác thải sinh hoạt đổ ra kênh, gây ô nhiễm và dịch bệnh.');
  await p.send('Đến hết năm 2027, 100% hộ phân loại rác tại nguồn.');
  await p.send('Họp dân từng xóm, mỗi tổ tự quản phân công người nhắc nhở.');
  await p.send('Ấp Bình Lợi');
  await p.send('120 hộ dân ấp Bình Lợi');
  await p.send('Chi hội Phụ nữ chủ trì, Đoàn Thanh niên phối hợp');
  await p.send('Hội viên góp ngày công, xã hỗ trợ thùng rác');
  await p.send(shown(4));
  await p.send(shown(368));
  await p.send('Sổ theo dõi, hình ảnh trước và sau');
  await p.send('Số hộ tham gia');
  await p.send('hộ');
  await p.send('120');
  await p.tap('Xong');
  await p.send('Duy trì qua tổ tự quản, nhân rộng sang ấp khác');
  await p.tap('Bỏ qua');
}

describe('/dangky: registering a model', () => {
  it('walks a cadre through every part, shows a summary, saves once with a readable code and tells the coordinator', async () => {
    const cadre = await makeUser('cadre', world.chauThanh, 'Nguyễn Thị Lan');
    const coordinator = await makeUser('coordinator', world.chauThanh, 'Trần Văn Minh');
    const bot = makeBot(tg, clock());
    const p = new Person(tg, bot, cadre.telegramId);
    await p.send('/dangky');
    expect(p.textsSince(0).join('\n')).toContain('Đăng ký mô hình');
    expect(p.lastText()).toContain('Tên mô hình');
    await fillRegistration(p);
    expect(p.lastText()).toContain('Xem lại trước khi gửi');
    expect(p.lastText()).toContain('Xã Bình An');
    expect(p.lastText()).toContain(shown(4));
    expect(await Initiative.countDocuments()).toBe(0);
    await p.tap('Xác nhận');
    expect(p.lastText()).toContain(`DVK-${YEAR}-0001`);
    const saved = await Initiative.findOne().lean();
    expect(saved).toMatchObject({
      code: `DVK-${YEAR}-0001`,
      status: 'registered',
      title: 'Tổ tự quản "Xóm đạo bình yên"',
      ownerKind: 'collective',
      field: 'culture-society',
      targetLevel: 'grassroots',
      startDate: day(4),
      evaluationDate: day(368),
      replicatedFrom: null,
    });
    expect(saved!.indicators).toEqual([{ name: 'Số hộ tham gia', unit: 'hộ', target: 120, current: null }]);
    expect(saved!.unitPath.map(String)).toContain(String(world.chauThanh._id));
    expect(await Draft.countDocuments()).toBe(0);
    expect(await AuditEvent.countDocuments({ entity: 'initiative', action: 'register' })).toBe(1);
    const told = tg.sent('sendMessage', coordinator.telegramId);
    expect(told).toHaveLength(1);
    expect(String(told[0]!.payload.text)).toContain(`DVK-${YEAR}-0001`);
  });

  it('creates one record when confirm is tapped twice', async () => {
    const cadre = await makeUser('cadre', world.chauThanh);
    const p = new Person(tg, makeBot(tg, clock()), cadre.telegramId);
    await p.send('/dangky');
    await fillRegistration(p);
    const confirm = p.buttonData('Xác nhận');
    await p.press(confirm);
    await p.press(confirm);
    expect(await Initiative.countDocuments()).toBe(1);
    expect(p.callbackAnswers().at(-1)).toContain('Nút này đã cũ');
  });
});
