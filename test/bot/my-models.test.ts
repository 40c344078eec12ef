import { describe, expect, it } from 'vitest';
import { myModelsCb } from '../../src/bot/callback-data.ts';
import { AuditEvent, Initiative, User } from '../../src/db/models/index.ts';
import { useBotWorld } from '../support/bot-world.ts';
import {
  endOfMonthShown,
  makeInitiative,
  makeReport,
  monthKey,
  monthShown,
  SAMPLE_MODEL,
} from '../support/fixtures.ts';
import { expectPaged, longRegistration, readAll } from '../support/long-text.ts';

const the = useBotWorld();

describe('/mohinh: my models', () => {
  it('lists the models with status, last report and next deadline, and shows details', async () => {
    const p = await the.person('cadre', the.world.chauThanh);
    const cadre = p.user;
    const a = await makeInitiative(the.world, cadre, the.world.chauThanh, {
      status: 'nurturing',
      title: 'Mô hình A',
    });
    await makeReport(a, cadre, monthKey(-1));
    await makeInitiative(the.world, cadre, the.world.chauThanh, { status: 'registered', title: 'Mô hình B' });
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
    // Every part the owner entered, not only the heading: the content, the forces, sustainability.
    expect(p.lastText()).toContain(`<b>Nội dung, cách làm</b>: ${SAMPLE_MODEL.content}`);
    expect(p.lastText()).toContain(`<b>Lực lượng thực hiện</b>: ${SAMPLE_MODEL.forces}`);
    expect(p.lastText()).toContain(`<b>Khả năng duy trì, nhân rộng</b>: ${SAMPLE_MODEL.sustainability}`);
    expect(
      p
        .messages()
        .at(-1)!
        .buttons.map((b) => b.text),
    ).toEqual(['📊 Báo cáo tiến độ', '⛔ Rút mô hình', '📱 Mã QR cho người dân']);
  });

  it('shows a long registration whole, page by page within 4,096 characters, the buttons under the last', async () => {
    const p = await the.person('cadre', the.world.chauThanh);
    const ini = await makeInitiative(the.world, p.user, the.world.chauThanh, {
      status: 'nurturing',
      title: 'Mô hình dài',
    });
    const parts = longRegistration();
    await Initiative.updateOne({ _id: ini._id }, { $set: parts });
    await p.send('/mohinh');
    const before = p.messages().length;
    await p.tap(ini.code);
    const sent = p.messages().slice(before);
    expectPaged(sent);
    const all = readAll(sent.map((m) => m.text));
    for (const [key, text] of Object.entries(parts)) expect(all, `${key} arrives whole`).toContain(text);
    expect(all).toContain('Tình trạng: Đang chăm bồi');
    expect(sent.at(-1)!.buttons.map((b) => b.text)).toEqual([
      '📊 Báo cáo tiến độ',
      '⛔ Rút mô hình',
      '📱 Mã QR cho người dân',
    ]);
    // The buttons under the last page still act on the model.
    await p.tap('Rút mô hình');
    expect(p.lastText()).toContain('Rút mô hình <b>');
  });

  it('withdraws a model after confirmation, with an audit event', async () => {
    const p = await the.person('cadre', the.world.chauThanh);
    const cadre = p.user;
    const ini = await makeInitiative(the.world, cadre, the.world.chauThanh, { status: 'registered' });
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
    const p = await the.person('cadre', the.world.chauThanh);
    const cadre = p.user;
    const coordinator = await the.person('coordinator', the.world.chauThanh);
    const ini = await makeInitiative(the.world, cadre, the.world.chauThanh, { status: 'returned' });
    await Initiative.updateOne({ _id: ini._id }, { $set: { returnReason: 'Chỉ tiêu chưa đo được' } });
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
    expect(String(the.tg.sent('sendMessage', coordinator.id).at(-1)?.payload.text)).toContain(
      'sửa và gửi lại',
    );
  });

  it('does not let an accepted model be edited', async () => {
    const p = await the.person('cadre', the.world.chauThanh);
    const cadre = p.user;
    const ini = await makeInitiative(the.world, cadre, the.world.chauThanh, { status: 'nurturing' });
    // The edit button of an older message, from when the model was still registered.
    await p.press(myModelsCb.edit.build({ i: String(ini._id) }));
    expect(p.lastText()).toContain('không sửa đăng ký được nữa');
  });
});

describe('always available', () => {
  it('/help explains what this role can do', async () => {
    const c = await the.person('cadre', the.world.chauThanh);
    const b = await the.person('board', the.world.province);
    await c.send('/help');
    expect(c.lastText()).toContain('/dangky');
    expect(c.lastText()).not.toContain('/duyet');
    await b.send('/trogiup');
    expect(b.lastText()).toContain('/tonghop');
    expect(b.lastText()).toContain('Ban Chỉ đạo tỉnh');
  });

  it('/ngonngu switches the language of everything that follows', async () => {
    const p = await the.person('cadre', the.world.chauThanh);
    await p.send('/ngonngu');
    await p.tap('English');
    expect(p.lastText()).toBe('Switched to English.');
    expect((await User.findOne({ telegramId: p.id }).lean())!.language).toBe('en');
    await p.send('/register');
    expect(p.lastText()).toContain('Name of the model');
  });

  it('points a message that fits nothing to the right commands, and /huy outside a form says so', async () => {
    const p = await the.person('cadre', the.world.chauThanh);
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
