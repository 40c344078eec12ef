import { beforeAll, describe, expect, it } from 'vitest';
import { docMakeButton, docScopePageButton } from '../../src/bot/features/documents.ts';
import type { UserDoc } from '../../src/db/models/index.ts';
import { translator } from '../../src/i18n.ts';
import { importUnits, unitByCode } from '../../src/services/units.ts';
import { type DocWorld, seedDocuments } from '../documents/dataset.ts';
import { useTestDatabase } from '../support/database.ts';
import { clock, makeUser, TODAY } from '../support/fixtures.ts';
import { type ApiCall, FakeTelegram, makeBot, Person } from '../support/telegram.ts';

/*
 * /vanban as people use it: the document, the round and the scope are picked with the buttons the
 * bot showed; a "preparing" message gives way to the Word file. What the files contain is checked
 * in test/documents/documents.test.ts; here: who gets which file, and who gets nothing.
 */

useTestDatabase({ clean: 'never' });

const vi = translator('vi');
let d: DocWorld;
let coordinator: UserDoc;
let board: UserDoc;

beforeAll(async () => {
  d = await seedDocuments();
  coordinator = await makeUser('coordinator', d.world.chauThanh, 'Điều phối Châu Thành');
  board = await makeUser('board', d.world.province, 'Ban Chỉ đạo tỉnh');
});

const idOf = (c: ApiCall) => (c.result as { message_id: number }).message_id;
const fileOf = (c: ApiCall) => c.payload.document as { filename: string; bytes: number };

function person(user: UserDoc) {
  const tg = new FakeTelegram();
  return { tg, p: new Person(tg, makeBot(tg, clock()), user.telegramId) };
}

describe('/vanban for a district coordinator', () => {
  it('drafts the sơ kết report of a commune of their district through the buttons, "preparing" replaced by the file', async () => {
    const { tg, p } = person(coordinator);
    await p.send('/vanban');
    expect(p.lastText()).toBe(vi('vb-pick-document', { campaign: d.campaign.name }));
    expect(
      p
        .messages()
        .at(-1)!
        .buttons.map((b) => b.text),
    ).toEqual([vi('vb-doc-report'), vi('vb-doc-commendation'), vi('vb-doc-models')]);
    await p.tap(vi('vb-doc-report'));
    expect(p.lastText()).toBe(vi('vb-pick-round'));
    const rounds = p
      .messages()
      .at(-1)!
      .buttons.map((b) => b.text);
    expect(rounds).toEqual(d.campaign.rounds.filter((r) => r.kind === 'honouring').map((r) => r.name));
    await p.tap(rounds[0]!);
    expect(p.lastText()).toBe(vi('vb-pick-scope'));
    // Their own district and its communes: nothing of another district.
    expect(
      p
        .messages()
        .at(-1)!
        .buttons.map((b) => b.text),
    ).toEqual([
      vi('vb-scope-whole', { name: 'Huyện Châu Thành' }),
      'Xã Bình An',
      'Xã Giục Tượng',
      'Xã Minh Hòa',
      'Xã Mong Thọ',
    ]);
    await p.tap('Xã Bình An');
    const sent = tg.sent('sendDocument', coordinator.telegramId);
    expect(sent).toHaveLength(1);
    expect(fileOf(sent[0]!).filename).toBe(`bao-cao-so-ket-kg-ct-binh-an-${TODAY}.docx`);
    expect(fileOf(sent[0]!).bytes).toBeGreaterThan(5000);
    expect(sent[0]!.payload.caption).toBe(vi('vb-caption', { what: 'báo cáo sơ kết', unit: 'Xã Bình An' }));
    const preparing = tg
      .sent('sendMessage', coordinator.telegramId)
      .find((m) => m.payload.text === vi('vb-preparing'))!;
    expect(preparing).toBeDefined();
    const documentAt = tg.calls.indexOf(sent[0]!);
    const deletedAt = tg.calls.findIndex(
      (x) => x.method === 'deleteMessage' && Number(x.payload.message_id) === idOf(preparing),
    );
    expect(deletedAt).toBeGreaterThan(documentAt);
  });

  it('drafts the commendation list of the whole district', async () => {
    const { tg, p } = person(coordinator);
    await p.send('/vanban');
    await p.tap(vi('vb-doc-commendation'));
    await p.tap(d.campaign.rounds.find((r) => r.code === 'so-ket-1')!.name);
    await p.tap(vi('vb-scope-whole', { name: 'Huyện Châu Thành' }));
    const sent = tg.sent('sendDocument', coordinator.telegramId);
    expect(sent.map((c) => fileOf(c).filename)).toEqual([
      `danh-sach-de-nghi-khen-thuong-kg-chau-thanh-${TODAY}.docx`,
    ]);
  });

  it('refuses a button for another district’s unit, sending nothing', async () => {
    const { tg, p } = person(coordinator);
    await p.press(
      docMakeButton.build({
        c: String(d.campaign._id),
        k: 'models',
        r: null,
        u: String(d.world.rachGia._id),
      }),
    );
    expect(p.callbackAnswers()).toEqual([vi('vb-stale')]);
    expect(tg.sent('sendDocument')).toHaveLength(0);
    expect(p.messages()).toEqual([]);
  });
});

describe('/documents for the board', () => {
  it('drafts the list of every model of the province (no round asked for a list of models)', async () => {
    const { tg, p } = person(board);
    await p.send('/documents');
    await p.tap(vi('vb-doc-models'));
    expect(p.lastText()).toBe(vi('vb-pick-scope'));
    const scopes = p
      .messages()
      .at(-1)!
      .buttons.map((b) => b.text);
    expect(scopes[0]).toBe(vi('vb-scope-whole', { name: 'Tỉnh Kiên Giang' }));
    expect(scopes).toContain('Thành phố Rạch Giá');
    await p.tap(scopes[0]!);
    expect(tg.sent('sendDocument', board.telegramId).map((c) => fileOf(c).filename)).toEqual([
      `danh-sach-mo-hinh-kg-${TODAY}.docx`,
    ]);
  });
});

describe('/vanban in a district of many communes', () => {
  it('shows the communes 20 at a time; every one can be reached and drafted for', async () => {
    // 23 communes under one district: more than a page.
    const names = Array.from({ length: 23 }, (_, i) => `Xã Số ${String(i + 1).padStart(2, '0')}`);
    await importUnits([
      {
        code: 'kg-nhieu-xa',
        name: 'Huyện Nhiều Xã',
        level: 'district',
        parent: 'kg',
        pilot: false,
        order: 99,
      },
      ...names.map((name, i) => ({
        code: `kg-nx-${i + 1}`,
        name,
        level: 'commune',
        parent: 'kg-nhieu-xa',
        pilot: false,
        order: i,
      })),
    ]);
    const district = (await unitByCode('kg-nhieu-xa'))!;
    const manyCoordinator = await makeUser('coordinator', district, 'Điều phối Nhiều Xã');
    const { tg, p } = person(manyCoordinator);
    const buttons = () =>
      p
        .messages()
        .at(-1)!
        .buttons.map((b) => b.text);
    await p.send('/vanban');
    await p.tap(vi('vb-doc-models'));
    expect(p.lastText()).toBe(
      `${vi('vb-pick-scope')}\n${vi('vb-scope-page', { page: 1, pages: 2, total: 23 })}`,
    );
    expect(buttons()).toEqual([
      vi('vb-scope-whole', { name: 'Huyện Nhiều Xã' }),
      ...names.slice(0, 20),
      vi('vb-scope-next'),
    ]);
    await p.tap(vi('vb-scope-next'));
    expect(p.lastText()).toBe(
      `${vi('vb-pick-scope')}\n${vi('vb-scope-page', { page: 2, pages: 2, total: 23 })}`,
    );
    expect(buttons()).toEqual([
      vi('vb-scope-whole', { name: 'Huyện Nhiều Xã' }),
      ...names.slice(20),
      vi('vb-scope-previous'),
    ]);
    // The first page's buttons are gone: one live picker.
    expect(p.messages().at(-2)!.buttons.length).toBeGreaterThan(0);
    expect(tg.calls.some((c) => c.method === 'editMessageReplyMarkup')).toBe(true);
    await p.tap('Xã Số 22');
    const sent = tg.sent('sendDocument', manyCoordinator.telegramId);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.payload.caption).toBe(vi('vb-caption', { what: 'danh sách mô hình', unit: 'Xã Số 22' }));
    await p.tap(vi('vb-scope-previous'));
    expect(buttons()).toContain('Xã Số 01');

    // Forged pages: past the end, or a report without its round: refused, nothing sent.
    const before = p.messages().length;
    const c = String(d.campaign._id);
    const u = String(district._id);
    await p.press(docScopePageButton.build({ c, k: 'models', r: null, u, p: 2 }));
    await p.press(docScopePageButton.build({ c, k: 'report', r: null, u, p: 0 }));
    expect(p.callbackAnswers().slice(-2)).toEqual([vi('vb-stale'), vi('vb-stale')]);
    expect(p.messages()).toHaveLength(before);
  });
});

describe('/vanban for people who may not draft', () => {
  it('tells a cadre and a person without a role so before showing any button', async () => {
    const cadre = await makeUser('cadre', d.world.chauThanh, 'Cán bộ');
    const stranger = await makeUser(null, null, 'Người lạ');
    for (const u of [cadre, stranger]) {
      const { tg, p } = person(u);
      await p.send('/vanban');
      expect(p.messages().map((m) => [m.text, m.buttons.length])).toEqual([[vi('vb-fail-not-allowed'), 0]]);
      expect(tg.sent('sendDocument')).toHaveLength(0);
    }
  });
});
