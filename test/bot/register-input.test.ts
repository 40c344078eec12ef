import { beforeEach, describe, expect, it } from 'vitest';
import { Draft, Initiative } from '../../src/db/models/index.ts';
import { loadDraft } from '../../src/services/drafts.ts';
import { useTestDatabase } from '../support/database.ts';
import { clock, makeUser, seedWorld, shown, type World, YEAR } from '../support/fixtures.ts';
import { FakeTelegram, makeBot, Person } from '../support/telegram.ts';

useTestDatabase({ clean: 'each' });

/** The one draft there is, as the bot sees it (its start and the answers parked since). */
async function theDraft() {
  const d = await Draft.findOne().lean();
  return d && loadDraft(d.telegramId, d.form);
}

let world: World;
let tg: FakeTelegram;
let p: Person;

beforeEach(async () => {
  world = await seedWorld();
  tg = new FakeTelegram();
  const cadre = await makeUser('cadre', world.chauThanh);
  p = new Person(tg, makeBot(tg, clock()), cadre.telegramId);
  await p.send('/dangky');
});

/** After a bad answer: a specific complaint, then the same question again, and nothing saved. */
async function expectRejected(complaint: RegExp, question: RegExp) {
  const texts = p.textsSince(p.messages().length - 2);
  expect(texts[0]).toMatch(complaint);
  expect(texts[1]).toMatch(question);
  expect(await Initiative.countDocuments()).toBe(0);
}

async function answerUpToStartDate() {
  await p.send('Tổ tự quản "Xóm đạo bình yên"');
  await p.tap('Tập thể');
  await p.send('Chi hội Phụ nữ ấp Bình Lợi');
  await p.send('Bình An');
  await p.tap('Xã Bình An');
  await p.tap('Kinh tế');
  await p.tap('Cơ sở');
  for (const s of ['Thực trạng ô nhiễm kênh rạch', 'Mục tiêu sạch kênh rạch', 'Cách làm: họp dân từng xóm'])
    await p.send(s);
  for (const s of ['Ấp Bình Lợi', 'Hộ dân trong ấp', 'Chi hội Phụ nữ', 'Ngày công hội viên']) await p.send(s);
}

/** Then dates, outputs and an indicator counted in hộ, up to its target. */
async function answerUpToTarget() {
  await answerUpToStartDate();
  for (const s of [shown(4), shown(368), 'Sổ theo dõi', 'Số hộ tham gia', 'hộ']) await p.send(s);
}

describe('/dangky: bad input at the step where it matters', () => {
  it('refuses a too-short and a too-long name', async () => {
    await p.send('abc');
    await expectRejected(/quá ngắn.*5/, /Tên mô hình/);
    await p.send('x'.repeat(201));
    await expectRejected(/quá dài.*200/, /Tên mô hình/);
  });

  it('stores Vietnamese typed in decomposed form (Unikey "Unicode tổ hợp") in composed form', async () => {
    const typed = 'Tổ tự quản "Xóm đạo bình yên"'.normalize('NFD');
    await p.send(typed);
    expect((await theDraft())!.data).toEqual({
      title: 'Tổ tự quản "Xóm đạo bình yên"'.normalize('NFC'),
    });
  });

  it('refuses a photo or a sticker where text is expected', async () => {
    await p.sendPhoto();
    await expectRejected(/cần gõ chữ/, /Tên mô hình/);
    await p.sendSticker();
    await expectRejected(/cần gõ chữ/, /Tên mô hình/);
  });

  it('refuses typed text where a button is expected', async () => {
    await p.send('Tổ tự quản "Xóm đạo bình yên"');
    await p.send('tập thể');
    await expectRejected(/chọn bằng các nút/, /tập thể.*cá nhân/);
  });

  it('refuses a button from an old message and keeps asking the current question', async () => {
    await p.send('Tổ tự quản "Xóm đạo bình yên"');
    const oldCancel = p.buttonData('Hủy');
    await p.tap('Tập thể');
    await p.press(oldCancel);
    expect(p.callbackAnswers().at(-1)).toContain('Nút này đã cũ');
    await p.send('Chi hội Phụ nữ ấp Bình Lợi');
    expect(p.lastText()).toContain('Đơn vị, địa bàn');
    expect(await Draft.countDocuments()).toBe(1);
  });

  it('answers a command typed mid-form and asks the same question again', async () => {
    await p.send('/mohinh');
    await expectRejected(/đang điền dở/, /Tên mô hình/);
  });

  it('refuses 31/02/2026, a malformed date and a date outside the campaign', async () => {
    await answerUpToStartDate();
    expect(p.lastText()).toContain('Ngày bắt đầu');
    await p.send(`31/02/${YEAR}`);
    await expectRejected(/không có trên lịch/, /Ngày bắt đầu/);
    await p.send('mai');
    await expectRejected(/ngày\/tháng\/năm/, /Ngày bắt đầu/);
    await p.send(shown(-400));
    await expectRejected(new RegExp(`${shown(-57)} – ${shown(1482)}`), /Ngày bắt đầu/);
    await p.send(shown(4));
    await p.send(shown(3));
    await expectRejected(new RegExp(shown(4)), /Ngày đánh giá/);
  });

  it('refuses a negative or non-numeric indicator target and a zero one', async () => {
    await answerUpToTarget();
    await p.send('-5');
    await expectRejected(/không được âm/, /Chỉ tiêu phấn đấu/);
    await p.send('một trăm');
    await expectRejected(/không phải là một con số/, /Chỉ tiêu phấn đấu/);
    await p.send('0');
    await expectRejected(/lớn hơn 0/, /Chỉ tiêu phấn đấu/);
    await p.send('1.234,5');
    expect(p.lastText()).toContain('1.234,5');
  });

  it('the date error gives an example inside the range it enforces, and typing that example is accepted', async () => {
    await answerUpToStartDate();
    await p.send('31/02/2026');
    await expectRejected(new RegExp(`không có trên lịch.*${shown(-57)} – ${shown(1482)}`), /Ngày bắt đầu/);
    const complaint = p.textsSince(p.messages().length - 2)[0]!;
    const example = /ví dụ: (\d{2}\/\d{2}\/\d{4})/.exec(complaint)![1]!;
    expect(example).not.toBe('28/02/2026');
    await p.send('mai');
    expect(p.textsSince(p.messages().length - 2)[0]).toContain(`ví dụ: ${example}`);
    await p.send(example);
    expect(p.lastText()).toContain('Ngày đánh giá');
  });

  it('takes "45 hộ" for a target counted in hộ, and names the unit when another is typed', async () => {
    await answerUpToTarget();
    await p.send('45 người');
    await expectRejected(/tính bằng «hộ».*45 hộ/, /Chỉ tiêu phấn đấu/);
    await p.send('1.200 hộ');
    expect(p.lastText()).toContain('Số hộ tham gia: 1.200 hộ');
    expect((await theDraft())!.data).toMatchObject({
      indicators: [{ name: 'Số hộ tham gia', unit: 'hộ', target: 1200 }],
    });
  });

  it('does not let Done through before at least one indicator exists', async () => {
    await answerUpToStartDate();
    await p.send(shown(4));
    await p.send(shown(368));
    await p.send('Sổ theo dõi');
    expect(
      p
        .messages()
        .at(-1)!
        .buttons.map((b) => b.text),
    ).not.toContain('✅ Xong');
  });

  it('goes back a step with the Back button and keeps earlier answers', async () => {
    await p.send('Tổ tự quản "Xóm đạo bình yên"');
    await p.tap('Quay lại');
    expect(p.lastText()).toContain('Tên mô hình');
    await p.send('Tên mới của mô hình');
    expect(p.lastText()).toContain('tập thể');
    const draft = await theDraft();
    expect(draft!.data).toMatchObject({ title: 'Tên mới của mô hình' });
  });
});
