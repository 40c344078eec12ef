import { describe, expect, it } from 'vitest';
import { myModelsCb } from '../../src/bot/callback-data.ts';
import { AuditEvent, Initiative, User } from '../../src/db/models/index.ts';
import { useBotWorld } from '../support/bot-world.ts';
import {
  clock,
  endOfMonthShown,
  makeInitiative,
  makeReport,
  makeUser,
  monthKey,
  monthShown,
  type World,
} from '../support/fixtures.ts';
import { type FakeTelegram, makeBot, Person } from '../support/telegram.ts';

let world: World;
let tg: FakeTelegram;

useBotWorld((w) => ({ world, tg } = w));

describe('/mohinh: my models', () => {
  it('lists the models with status, last report and next deadline, and shows details', async () => {
    const cadre = await makeUser('cadre', world.chauThanh);
    const a = await makeInitiative(world, cadre, world.chauThanh, {
      status: 'nurturing',
      title: 'Mô hình A',
    });
    await makeReport(a, cadre, monthKey(-1));
    await makeInitiative(world, cadre, world.chauThanh, { status: 'registered', title: 'Mô hình B' });
    const p = new Person(tg, makeBot(tg, clock()), cadre.telegramId);
    await p.send('/mohinh');
    const text = p.lastText();
    expect(text).toContain('Mô hình của tôi</b> (2)');
    expect(text).toMatch(
      new RegExp(
        `Mô hình A[\\s\\S]*Đang chăm bồi · Báo cáo gần nhất: ${monthShown(-1)} · Hạn tiếp theo: ${endOfMonthShown(0)}`,
      ),
    );
    expect(text).toMatch(/Mô hình B[\s\S]*Mới đăng ký · Báo cáo gần nhất: chưa có/);
    await p.tap(a.code);
    expect(p.lastText()).toContain('Tình trạng: <b>Đang chăm bồi</b>');
    expect(p.lastText()).toContain('Số hộ được vay: — / 10 hộ');
    expect(
      p
        .messages()
        .at(-1)!
        .buttons.map((b) => b.text),
    ).toEqual(['📊 Báo cáo tiến độ', '⛔ Rút mô hình', '📱 Mã QR cho người dân']);
  });

  it('withdraws a model after confirmation, with an audit event', async () => {
    const cadre = await makeUser('cadre', world.chauThanh);
    const ini = await makeInitiative(world, cadre, world.chauThanh, { status: 'registered' });
    const p = new Person(tg, makeBot(tg, clock()), cadre.telegramId);
    await p.send('/mohinh');
    await p.tap(ini.code);
    await p.tap('Rút mô hình');
    expect(p.lastText()).toContain('Rút mô hình <b>');
    await p.tap('Không');
    expect((await Initiative.findById(ini._id).lean())!.status).toBe('registered');
    await p.tap(ini.code);
    await p.tap('Rút mô hình');
    await p.tap('⛔ Rút mô hình');
    expect(p.lastText()).toContain('Đã rút mô hình');
    expect((await Initiative.findById(ini._id).lean())!.status).toBe('withdrawn');
    expect(await AuditEvent.countDocuments({ entityId: ini._id, action: 'withdraw' })).toBe(1);
  });

  it('edits a returned model and sends it back for review', async () => {
    const cadre = await makeUser('cadre', world.chauThanh);
    const coordinator = await makeUser('coordinator', world.chauThanh);
    const ini = await makeInitiative(world, cadre, world.chauThanh, { status: 'returned' });
    await Initiative.updateOne({ _id: ini._id }, { $set: { returnReason: 'Chỉ tiêu chưa đo được' } });
    const p = new Person(tg, makeBot(tg, clock()), cadre.telegramId);
    await p.send('/mohinh');
    await p.tap(ini.code);
    expect(p.lastText()).toContain('Lý do trả lại: <i>Chỉ tiêu chưa đo được</i>');
    await p.tap('Sửa đăng ký');
    expect(p.textsSince(0).join('\n')).toContain('Chỉ tiêu chưa đo được');
    await p.tap('Sửa một mục');
    await p.tap('Chỉ tiêu đo lường');
    await p.tap('Xóa hết');
    await p.send('Số hộ thoát nghèo');
    await p.send('hộ');
    await p.send('5');
    await p.tap('Xong');
    expect(p.lastText()).toContain('Số hộ thoát nghèo: 5 hộ');
    await p.tap('Xác nhận');
    expect(p.lastText()).toContain('gửi lại mô hình');
    const saved = (await Initiative.findById(ini._id).lean())!;
    expect(saved).toMatchObject({ status: 'registered', returnReason: 'Chỉ tiêu chưa đo được' });
    expect(saved.indicators.map((i) => i.name)).toEqual(['Số hộ thoát nghèo']);
    expect(await AuditEvent.countDocuments({ entityId: ini._id, action: 'resubmit' })).toBe(1);
    expect(String(tg.sent('sendMessage', coordinator.telegramId).at(-1)?.payload.text)).toContain(
      'sửa và gửi lại',
    );
  });

  it('does not let an accepted model be edited', async () => {
    const cadre = await makeUser('cadre', world.chauThanh);
    const ini = await makeInitiative(world, cadre, world.chauThanh, { status: 'nurturing' });
    const p = new Person(tg, makeBot(tg, clock()), cadre.telegramId);
    // The edit button of an older message, from when the model was still registered.
    await p.press(myModelsCb.edit.build({ i: String(ini._id) }));
    expect(p.lastText()).toContain('không sửa đăng ký được nữa');
  });
});

describe('always available', () => {
  it('/help explains what this role can do', async () => {
    const cadre = await makeUser('cadre', world.chauThanh);
    const board = await makeUser('board', world.province);
    const bot = makeBot(tg, clock());
    const c = new Person(tg, bot, cadre.telegramId);
    await c.send('/help');
    expect(c.lastText()).toContain('/dangky');
    expect(c.lastText()).not.toContain('/duyet');
    const b = new Person(tg, bot, board.telegramId);
    await b.send('/trogiup');
    expect(b.lastText()).toContain('/tonghop');
    expect(b.lastText()).toContain('Ban Chỉ đạo tỉnh');
  });

  it('/ngonngu switches the language of everything that follows', async () => {
    const cadre = await makeUser('cadre', world.chauThanh);
    const p = new Person(tg, makeBot(tg, clock()), cadre.telegramId);
    await p.send('/ngonngu');
    await p.tap('English');
    expect(p.lastText()).toBe('Switched to English.');
    expect((await User.findOne({ telegramId: cadre.telegramId }).lean())!.language).toBe('en');
    await p.send('/register');
    expect(p.lastText()).toContain('Name of the model');
  });

  it('points a message that fits nothing to the right commands, and /huy outside a form says so', async () => {
    const cadre = await makeUser('cadre', world.chauThanh);
    const p = new Person(tg, makeBot(tg, clock()), cadre.telegramId);
    await p.send('chào bot');
    expect(p.lastText()).toContain('/dangky');
    await p.send('/khonglenh');
    expect(p.lastText()).toContain('Lệnh này không có');
    await p.send('/huy');
    expect(p.lastText()).toContain('không có biểu mẫu nào');
    await p.press('f:old:c:x');
    expect(p.callbackAnswers().at(-1)).toContain('Nút này đã cũ');
  });
});
