import { beforeEach, describe, expect, it } from 'vitest';
import { useBotWorld } from '../support/bot-world.ts';
import { makeInitiative, makeUser, monthShown, type World } from '../support/fixtures.ts';
import type { FakeTelegram } from '../support/telegram.ts';

/*
 * Issue 10 item 9: /tonghop and /xuat filters typed in Vietnamese, with or without diacritics, or
 * as English codes; a value that matches nothing gets the list of what is allowed.
 */

let world: World;
let tg: FakeTelegram;
const the = useBotWorld((w) => ({ world, tg } = w));

beforeEach(async () => {
  const cadre = await makeUser('cadre', world.chauThanh);
  // Châu Thành: 2 economy (1 collective, 1 individual), 1 culture; Rạch Giá: 1 economy.
  await makeInitiative(world, cadre, world.communes[0]!, { status: 'nurturing', field: 'economy' });
  await makeInitiative(world, cadre, world.communes[1]!, {
    status: 'nurturing',
    field: 'economy',
    ownerKind: 'individual',
  });
  await makeInitiative(world, cadre, world.communes[1]!, { status: 'nurturing', field: 'culture-society' });
  await makeInitiative(world, cadre, world.rachGia, { status: 'nurturing', field: 'economy' });
});

describe('filters typed in Vietnamese', () => {
  it('reads fields, units, owner kinds and periods with or without diacritics, or in English', async () => {
    const b = await the.person('board', world.province);
    const board = b.user;
    for (const typed of [
      'linhvuc=economy',
      'linhvuc=kinh-te',
      'linhvuc="kinh tế"',
      'linhvuc=kinhte',
      'lĩnh-vực=Kinh Tế',
      'field=Economy',
    ]) {
      await b.send(`/tonghop ${typed}`);
      expect(b.lastText(), typed).toMatch(/Tỉnh Kiên Giang[\s\S]*Mô hình: 3 đăng ký/);
    }
    for (const typed of [
      'donvi=chau thanh',
      'donvi="Châu Thành"',
      'donvi=huyện châu thành',
      'donvi=kg-chau-thanh',
    ]) {
      await b.send(`/tonghop ${typed}`);
      expect(b.lastText(), typed).toMatch(/Huyện Châu Thành[\s\S]*Mô hình: 3 đăng ký/);
    }
    await b.send('/tonghop donvi=chau thanh linhvuc=van hoa xa hoi');
    expect(b.lastText()).toMatch(/Huyện Châu Thành[\s\S]*Mô hình: 1 đăng ký/);
    await b.send('/tonghop linhvuc=kinh te chuthe=cá nhân');
    expect(b.lastText()).toMatch(/Mô hình: 1 đăng ký/);
    await b.send('/tonghop donvi=xa binh an');
    expect(b.lastText()).toMatch(/Xã Bình An[\s\S]*Mô hình: 1 đăng ký/);
    await b.send(`/tonghop ky=${monthShown(-1)}`);
    expect(b.lastText()).toContain(`Báo cáo kỳ ${monthShown(-1)}`);

    // /xuat takes the same: the workbook of Châu Thành.
    await b.send('/xuat donvi=chau thanh');
    const doc = tg.sent('sendDocument', board.telegramId).at(-1)!;
    expect((doc.payload.document as { filename: string }).filename).toMatch(/kg-chau-thanh-\d{8}\.xlsx$/);
  });

  it('answers a value that matches nothing with the values that are allowed', async () => {
    const b = await the.person('board', world.province);
    const board = b.user;
    await b.send('/tonghop linhvuc=nong nghiep');
    expect(b.lastText()).toBe(
      'Phong trào không có lĩnh vực này: “nong nghiep”. Các lĩnh vực: Kinh tế (economy); Văn hóa - xã hội (culture-society); Quốc phòng - an ninh (defence-security); Xây dựng hệ thống chính trị (political-system)',
    );
    await b.send('/tonghop donvi=ha noi');
    expect(b.lastText()).toContain('Không tìm thấy đơn vị “ha noi”. Các đơn vị trong phạm vi của bạn:');
    expect(b.lastText()).toContain('Huyện Châu Thành (kg-chau-thanh)');
    expect(b.lastText()).toContain('Thành phố Rạch Giá (kg-rach-gia)');
    await b.send('/tonghop chuthe=hộ gia đình');
    expect(b.lastText()).toContain(
      'Chủ thể “hộ gia đình” không hợp lệ: gõ tập thể (tapthe) hoặc cá nhân (canhan)',
    );
    await b.send('/tonghop ky=thang muoi');
    expect(b.lastText()).toContain('Kỳ “thang muoi” không hợp lệ; ví dụ 11/2026');
    await b.send('/tonghop mau=do');
    expect(b.lastText()).toContain('Không hiểu “mau=do”. Có thể lọc theo linhvuc, chuthe, ky, donvi');
    expect(tg.sent('sendPhoto', board.telegramId)).toHaveLength(0);
    expect(tg.sent('sendDocument', board.telegramId)).toHaveLength(0);
  });

  it("lists a coordinator's own units for an unknown unit, and keeps other districts out of scope", async () => {
    const c = await the.person('coordinator', world.chauThanh);
    await c.send('/tonghop donvi=khong co');
    expect(c.lastText()).toContain('Xã Bình An (kg-ct-binh-an); Xã Giục Tượng (kg-ct-giuc-tuong)');
    expect(c.lastText()).not.toContain('Rạch Giá');
    await c.send('/tonghop donvi=rach gia');
    expect(c.lastText()).toContain('ngoài phạm vi');
    await c.send('/tonghop donvi=giuc tuong');
    expect(c.lastText()).toMatch(/Xã Giục Tượng[\s\S]*Mô hình: 2 đăng ký/);
  });
});
