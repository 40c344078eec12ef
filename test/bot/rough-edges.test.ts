import { describe, expect, it } from 'vitest';
import { ProgressReport } from '../../src/db/models/index.ts';
import { useBotWorld } from '../support/bot-world.ts';
import { clock, makeInitiative, makeUser, monthShown, type World } from '../support/fixtures.ts';
import { type ApiCall, type FakeTelegram, makeBot, Person } from '../support/telegram.ts';

let world: World;
let tg: FakeTelegram;

const the = useBotWorld((w) => ({ world, tg } = w));

const idOf = (c: ApiCall) => (c.result as { message_id: number }).message_id;
const hasButtons = (c: ApiCall) =>
  ((c.payload.reply_markup as { inline_keyboard?: unknown[][] } | undefined)?.inline_keyboard?.length ?? 0) >
  0;

/** Messages to this chat whose buttons are still live: sent with buttons, never edited away or deleted. */
function liveKeyboards(chatId: number): string[] {
  const removed = new Set(
    tg.calls
      .filter(
        (c) =>
          (c.method === 'editMessageReplyMarkup' || c.method === 'deleteMessage') &&
          Number(c.payload.chat_id) === chatId &&
          !(c.payload.reply_markup as { inline_keyboard?: unknown[] } | undefined)?.inline_keyboard?.length,
      )
      .map((c) => Number(c.payload.message_id)),
  );
  return tg
    .sent('sendMessage', chatId)
    .filter((c) => hasButtons(c) && !removed.has(idOf(c)))
    .map((c) => String(c.payload.text));
}

describe('rough edges', () => {
  it('answered text questions lose their "Quay lại / Hủy" buttons: only the current question keeps any', async () => {
    const p = await the.person('cadre', world.chauThanh);
    const cadre = p.user;
    await p.send('/dangky');
    await p.send('Tổ tự quản "Xóm đạo bình yên"');
    await p.tap('Tập thể');
    await p.send('Chi hội Phụ nữ ấp Bình Lợi');
    await p.send('binh an');
    await p.tap('Xã Bình An');
    await p.tap('Văn hóa');
    await p.tap('Cơ sở');
    await p.send('ngắn'); // refused: too short, asked again
    await p.send('Rác thải sinh hoạt đổ ra kênh, gây ô nhiễm và dịch bệnh.');
    await p.send('/mohinh'); // a command mid-form: the question is asked again
    await p.send('Đến hết năm 2027, 100% hộ phân loại rác tại nguồn.');
    const live = liveKeyboards(cadre.telegramId);
    expect(live).toHaveLength(1);
    expect(live[0]).toBe(p.lastText());
    // The form still works after the buttons were taken off.
    await p.tap('Quay lại');
    expect(p.lastText()).toContain('Mục tiêu');
  });

  it("a conversation that ends on a typed answer takes that question's buttons off too", async () => {
    // Returning a registration ends with the typed reason: no next question follows, the buttons
    // of the reason's question still go (the removal rides on the next message or the end).
    const c = await the.person('coordinator', world.chauThanh);
    const owner = await makeUser('cadre', world.communes[0]!);
    const ini = await makeInitiative(world, owner, world.communes[0]!);
    await c.send('/duyet');
    await c.tap(ini.code);
    await c.tap('Trả lại');
    expect(liveKeyboards(c.user.telegramId).at(-1)).toContain('Lý do trả lại');
    await c.send('Chỉ tiêu chưa đo đếm được');
    expect(c.lastText()).toContain('Trả lại để sửa');
    expect(liveKeyboards(c.user.telegramId).filter((t) => t.includes('Lý do trả lại'))).toEqual([]);
  });

  it('the "⏳ preparing the Excel file" message is deleted once the file arrives', async () => {
    const c = await the.person('coordinator', world.chauThanh);
    const coordinator = c.user;
    await c.send('/xuat');
    const preparing = tg
      .sent('sendMessage', coordinator.telegramId)
      .find((m) => String(m.payload.text).includes('Đang chuẩn bị tệp Excel'))!;
    expect(preparing).toBeDefined();
    const documentAt = tg.calls.findIndex((x) => x.method === 'sendDocument');
    const deletedAt = tg.calls.findIndex(
      (x) => x.method === 'deleteMessage' && Number(x.payload.message_id) === idOf(preparing),
    );
    expect(documentAt).toBeGreaterThan(-1);
    expect(deletedAt).toBeGreaterThan(documentAt);
  });

  it('/baocao with one eligible model names it before anything else, and takes "45 hộ" for an indicator in hộ', async () => {
    const cadre = await makeUser('cadre', world.communes[0]!);
    const ini = await makeInitiative(world, cadre, world.communes[0]!, {
      status: 'nurturing',
      title: 'Mô hình duy nhất',
    });
    const p = new Person(tg, makeBot(tg, clock()), cadre.telegramId);
    const n = p.messages().length;
    await p.send('/baocao');
    const first = p.textsSince(n);
    expect(first[0]).toBe(`📊 Báo cáo tiến độ cho mô hình <b>${ini.code}</b> · Mô hình duy nhất`);
    expect(first.at(-1)).toContain('Kỳ báo cáo');
    await p.tap(monthShown(0));
    await p.send('Họp chi hội 2 lần, giải ngân cho 3 hộ nghèo.');
    expect(p.lastText()).toContain('Số hộ được vay');
    await p.send('3 người');
    expect(p.textsSince(p.messages().length - 2)[0]).toContain('tính bằng «hộ»');
    await p.send('45 hộ');
    await p.send('12,5 %');
    await p.send('25');
    await p.send('1.200');
    await p.send('5tr');
    await p.sendPhoto();
    await p.tap('Xong');
    await p.tap('Bỏ qua');
    await p.send('Đúng tiến độ, bà con đồng tình.');
    await p.tap('Xác nhận');
    const report = (await ProgressReport.findOne().lean())!;
    expect(report.indicatorValues).toEqual([{ name: 'Số hộ được vay', value: 45 }]);
    expect(report.progress).toBe(12.5);
  });
});
