import { describe, expect, it } from 'vitest';
import { ConversationState, Draft, Initiative } from '../../src/db/models/index.ts';
import { chatKey } from '../../src/services/chat-state.ts';
import { loadDraft } from '../../src/services/drafts.ts';
import { useBotWorld } from '../support/bot-world.ts';
import { clock, makeUser, shown, type World } from '../support/fixtures.ts';
import { fillRegistration } from '../support/registration.ts';
import { type FakeTelegram, makeBot, Person } from '../support/telegram.ts';

/** The one draft there is, as the bot sees it (its start and the answers parked since). */
async function theDraft() {
  const d = await Draft.findOne().lean();
  return d && loadDraft(d.telegramId, d.form);
}

let world: World;
let tg: FakeTelegram;

const the = useBotWorld((w) => ({ world, tg } = w));

describe('drafts: nothing typed is lost', () => {
  it('stores every accepted answer, with the conversation state of the update that took it', async () => {
    const p = await the.person('cadre', world.chauThanh);
    await p.send('/dangky');
    await p.send('Tổ tự quản "Xóm đạo bình yên"');
    expect((await theDraft())!.data).toEqual({ title: 'Tổ tự quản "Xóm đạo bình yên"' });
    await p.tap('Cá nhân');
    expect((await theDraft())!.data).toMatchObject({ ownerKind: 'individual' });
  });

  it('/huy keeps the draft; /dangky offers to continue it where it stopped', async () => {
    const p = await the.person('cadre', world.chauThanh);
    await p.send('/dangky');
    await p.send('Tổ tự quản "Xóm đạo bình yên"');
    await p.tap('Tập thể');
    await p.send('/huy');
    expect(p.lastText()).toContain('/dangky để tiếp tục');
    await p.send('/dangky');
    expect(p.lastText()).toMatch(new RegExp(`bản nháp chưa xong.*${shown(0)}.*đã điền 2/19`));
    await p.tap('Tiếp tục');
    expect(p.lastText()).toContain('Tên tập thể');
  });

  it('a reply typed at "continue your draft?" asks again and keeps the draft; only the buttons decide', async () => {
    const p = await the.person('cadre', world.chauThanh);
    await p.send('/dangky');
    await p.send('Tổ tự quản "Xóm đạo bình yên"');
    await p.send('/huy');
    await p.send('/dangky');
    const before = p.messages().length;
    await p.send('tiếp tục');
    const replies = p.textsSince(before);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain('Vui lòng bấm một trong hai nút');
    expect(replies[0]).toContain('bản nháp chưa xong');
    expect(
      p
        .messages()
        .at(-1)!
        .buttons.map((b) => b.text),
    ).toEqual(expect.arrayContaining(['▶️ Tiếp tục bản nháp', '🔄 Làm lại từ đầu']));
    expect((await theDraft())!.data).toEqual({ title: 'Tổ tự quản "Xóm đạo bình yên"' });
    await p.sendSticker();
    expect(p.lastText()).toContain('Vui lòng bấm một trong hai nút');
    expect(await Draft.countDocuments()).toBe(1);
    await p.tap('Tiếp tục');
    // The name was kept: the form goes on to the next part (owner kind), not back to the name.
    expect(p.lastText()).not.toContain('Tên mô hình');
    expect(p.lastText()).toContain('Mô hình do <b>tập thể</b> hay <b>cá nhân</b> thực hiện?');
    expect((await theDraft())!.data).toEqual({ title: 'Tổ tự quản "Xóm đạo bình yên"' });
  });

  it('/huy at "continue your draft?" leaves the draft as it was', async () => {
    const p = await the.person('cadre', world.chauThanh);
    await p.send('/dangky');
    await p.send('Tổ tự quản "Xóm đạo bình yên"');
    await p.send('/huy');
    await p.send('/dangky');
    await p.send('/huy');
    expect((await theDraft())!.data).toEqual({ title: 'Tổ tự quản "Xóm đạo bình yên"' });
    await p.send('/dangky');
    await p.tap('Tiếp tục');
    expect(p.lastText()).not.toContain('Tên mô hình');
  });

  it('starts again from scratch when asked', async () => {
    const p = await the.person('cadre', world.chauThanh);
    await p.send('/dangky');
    await p.send('Tổ tự quản "Xóm đạo bình yên"');
    await p.send('/huy');
    await p.send('/dangky');
    await p.tap('Làm lại');
    expect(p.lastText()).toContain('Tên mô hình');
    expect((await theDraft())!.data).toEqual({});
  });

  it('a confirmed registration leaves no draft: neither its start nor the answers in the chat record', async () => {
    const p = await the.person('cadre', world.chauThanh);
    await p.send('/dangky');
    await fillRegistration(p);
    await p.tap('Xác nhận');
    expect(p.lastText()).toMatch(/Đã đăng ký mô hình/);
    expect(await Draft.countDocuments()).toBe(0);
    const record = await ConversationState.collection.findOne({ _id: chatKey(p.id) as never });
    expect(record?.drafts?.register).toBeUndefined();
    expect(await loadDraft(p.id, 'register')).toBeNull();
    await p.send('/dangky');
    expect(p.lastText()).toContain('Tên mô hình');
  });

  it('lets a new bot instance on the same database continue a form started by the old one', async () => {
    const p = await the.person('cadre', world.chauThanh);
    await p.send('/dangky');
    await p.send('Tổ tự quản "Xóm đạo bình yên"');
    p.bot = makeBot(tg, clock()); // a restart, or a second instance behind a webhook
    await p.tap('Tập thể');
    expect(p.lastText()).toContain('Tên tập thể');
    await p.send('Chi hội Phụ nữ ấp Bình Lợi');
    expect((await theDraft())!.data).toMatchObject({
      title: 'Tổ tự quản "Xóm đạo bình yên"',
      ownerKind: 'collective',
      ownerName: 'Chi hội Phụ nữ ấp Bình Lợi',
    });
  });

  it('after a deploy that changed the form code, tells the person and continues from the draft', async () => {
    const cadre = await makeUser('cadre', world.chauThanh);
    const p = new Person(tg, makeBot(tg, clock(), { conversationVersion: 'v1' }), cadre.telegramId);
    await p.send('/dangky');
    await p.send('Tổ tự quản "Xóm đạo bình yên"');
    await p.tap('Tập thể');
    p.bot = makeBot(tg, clock(), { conversationVersion: 'v2' });
    await p.send('Chi hội Phụ nữ ấp Bình Lợi');
    expect(p.lastText()).toContain('biểu mẫu đang điền dở');
    expect(p.lastText()).toContain('/dangky');
    await p.send('/dangky');
    await p.tap('Tiếp tục');
    expect(p.lastText()).toContain('Tên tập thể');
    expect(await Initiative.countDocuments()).toBe(0);
  });
});
