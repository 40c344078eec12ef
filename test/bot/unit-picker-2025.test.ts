import { beforeEach, describe, expect, it } from 'vitest';
import { AccessRequest, Initiative, User } from '../../src/db/models/index.ts';
import { useTestDatabase } from '../support/database.ts';
import { clock, makeUser } from '../support/fixtures.ts';
import { FakeTelegram, makeBot, Person } from '../support/telegram.ts';
import { importTree, seedAnGiang2026, UNITS_HO_CHI_MINH_2025 } from '../support/world-2025.ts';

useTestDatabase({ clean: 'each' });

let tg: FakeTelegram;
beforeEach(() => {
  tg = new FakeTelegram();
});

/** Answers the registration questions after the unit (title, owner and unit come first). */
async function fillAfterUnit(p: Person): Promise<void> {
  await p.tap('Kinh tế');
  await p.tap('Cơ sở');
  await p.send('Nhiều hộ thiếu vốn nuôi tôm càng xanh trên ruộng lúa.');
  await p.send('Đến hết năm 2027, 30 hộ có vốn và kỹ thuật nuôi xen canh.');
  await p.send('Hội viên góp vốn xoay vòng, cán bộ khuyến nông hướng dẫn tại ruộng.');
  await p.send('Ấp Vĩnh Đông');
  await p.send('30 hộ nông dân');
  await p.send('Hội Nông dân xã chủ trì, Hội Phụ nữ phối hợp');
  await p.send('Vốn góp xoay vòng của hội viên');
  await p.send('01/12/2026');
  await p.send('30/11/2027');
  await p.send('Sổ theo dõi vốn, hình ảnh ao nuôi');
  await p.send('Số hộ tham gia');
  await p.send('hộ');
  await p.send('30');
  await p.tap('Xong');
  await p.send('Vốn quay vòng, nhân rộng sang ấp khác');
  await p.tap('Bỏ qua');
}

// A whole province of units per test: on a machine shared by several runs this takes more than
// the default 30 s (about 5-15 s alone).
describe('large unit trees in the chat (An Giang: 102 communes; Hồ Chí Minh City: 168)', {
  timeout: 120_000,
}, () => {
  it('a cadre of a new commune finds it by typing "vinh thuan", is approved, and registers a model there', async () => {
    const { unit } = await seedAnGiang2026();
    const coordinator = await makeUser('coordinator', unit('ag'), 'Trần Văn Minh');
    const bot = makeBot(tg, clock());
    const p = new Person(tg, bot, 900_777, 'Tư');
    await p.send('/start');
    await p.tap('Gửi yêu cầu tham gia');
    await p.tap('▸'); // under the province: 102 communes, in pages
    expect(p.lastText()).toContain('Có 102 đơn vị');
    expect(
      p
        .messages()
        .at(-1)!
        .buttons.map((b) => b.text),
    ).toContain('Trang 1/6');
    await p.send('vinh thuan');
    const found = p
      .messages()
      .at(-1)!
      .buttons.map((b) => b.text);
    expect(found).toContain('Xã Vĩnh Thuận');
    expect(found.filter((b) => b.startsWith('Xã') || b.startsWith('Phường'))).toEqual(['Xã Vĩnh Thuận']);
    await p.tap('Xã Vĩnh Thuận');
    await p.send('Võ Văn Tư');
    await p.tap('Xác nhận');
    expect(p.lastText()).toContain('Đã gửi yêu cầu');
    expect(String((await AccessRequest.findOne().lean())!.unitId)).toBe(String(unit('ag-vinh-thuan')._id));

    const c = new Person(tg, bot, coordinator.telegramId);
    expect(c.lastText()).toContain('Xã Vĩnh Thuận');
    await c.tap('Đồng ý');
    expect(p.lastText()).toContain('đã được chấp thuận');
    expect((await User.findOne({ telegramId: p.id }).lean())!.roles.map((r) => String(r.unitId))).toEqual([
      String(unit('ag-vinh-thuan')._id),
    ]);

    await p.send('/dangky');
    await p.send('Nuôi tôm càng xanh trên ruộng lúa');
    await p.tap('Tập thể');
    await p.send('Chi hội Nông dân ấp Vĩnh Đông');
    // The cadre's only unit is the commune: it is chosen without asking.
    await fillAfterUnit(p);
    expect(p.lastText()).toContain('Xem lại trước khi gửi');
    expect(p.lastText()).toContain('Xã Vĩnh Thuận');
    await p.tap('Xác nhận');
    expect(p.lastText()).toMatch(/DVK-2026-\d{4}/);
    const saved = (await Initiative.findOne().lean())!;
    expect(String(saved.unitId)).toBe(String(unit('ag-vinh-thuan')._id));
    expect(saved.unitPath.map(String)).toEqual([String(unit('ag')._id), String(unit('ag-vinh-thuan')._id)]);
  });

  it('a provincial cadre browses the 102 communes page by page and picks one', async () => {
    const { unit } = await seedAnGiang2026();
    const cadre = await makeUser('cadre', unit('ag'), 'Lê Thị Hồng');
    const p = new Person(tg, makeBot(tg, clock()), cadre.telegramId);
    await p.send('/dangky');
    await p.send('Nuôi tôm càng xanh trên ruộng lúa');
    await p.tap('Tập thể');
    await p.send('Chi hội Nông dân ấp Vĩnh Đông');
    await p.tap('▸');
    const labels = () =>
      p
        .messages()
        .at(-1)!
        .buttons.map((b) => b.text);
    expect(labels()).toContain('Trang 1/6');
    expect(labels()).not.toContain('◂ Trang trước');
    expect(labels().filter((b) => /^(Xã|Phường|Đặc khu) /.test(b))).toHaveLength(20);
    const seen = new Set<string>();
    for (let page = 1; page <= 6; page++) {
      expect(labels()).toContain(`Trang ${page}/6`);
      for (const b of labels()) if (/^(Xã|Phường|Đặc khu) /.test(b)) seen.add(b);
      if (page < 6) await p.tap('Trang sau ▸');
    }
    expect(seen.size).toBe(102);
    expect(labels()).not.toContain('Trang sau ▸');
    await p.tap('◂ Trang trước');
    expect(labels()).toContain('Trang 5/6');
    await p.tap('Xã Vĩnh Thuận');
    await fillAfterUnit(p);
    expect(p.lastText()).toContain('Xã Vĩnh Thuận');
    await p.tap('Xác nhận');
    expect(String((await Initiative.findOne().lean())!.unitId)).toBe(String(unit('ag-vinh-thuan')._id));
  });

  it('in a city of 168 wards and communes, "ben thanh" and "Bến Thành" both find Phường Bến Thành; a short or unknown part is answered', async () => {
    await importTree(UNITS_HO_CHI_MINH_2025);
    const bot = makeBot(tg, clock());
    const p = new Person(tg, bot, 900_888, 'Hà');
    await p.send('/start');
    await p.tap('Gửi yêu cầu tham gia');
    await p.tap('▸');
    expect(p.lastText()).toContain('Có 168 đơn vị');
    expect(
      p
        .messages()
        .at(-1)!
        .buttons.map((b) => b.text),
    ).toContain('Trang 1/9');
    await p.send('ben thanh');
    expect(
      p
        .messages()
        .at(-1)!
        .buttons.map((b) => b.text),
    ).toContain('Phường Bến Thành');
    await p.tap('⬆️'); // back to the page of 168
    expect(
      p
        .messages()
        .at(-1)!
        .buttons.map((b) => b.text),
    ).toContain('Trang 1/9');
    await p.send('Bến Thành');
    expect(
      p
        .messages()
        .at(-1)!
        .buttons.map((b) => b.text),
    ).toContain('Phường Bến Thành');
    const before = p.messages().length;
    await p.send('xyz khong co');
    expect(p.textsSince(before).join('\n')).toContain('Không tìm thấy đơn vị nào có tên chứa "xyz khong co"');
    await p.send('phuong');
    expect(p.lastText()).toContain('Chỉ hiện 20 đơn vị đầu tiên có tên chứa "phuong"');
    await p.send('ben   thanh');
    await p.tap('Phường Bến Thành');
    await p.send('Nguyễn Thu Hà');
    await p.tap('Xác nhận');
    expect(p.lastText()).toContain('Đã lưu yêu cầu, nhưng Phường Bến Thành chưa có thành viên Ban Chỉ đạo');
  });
});
