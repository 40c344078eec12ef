import ExcelJS from 'exceljs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { Initiative } from '../../src/db/models/index.ts';
import { localDay } from '../../src/domain/calendar.ts';
import { addMessages } from '../../src/i18n.ts';
import { buildExportWorkbook } from '../../src/services/exports.ts';
import { useTestDatabase } from '../support/database.ts';
import { clock, makeUser, NOW, seedWorld, type World } from '../support/fixtures.ts';
import { fillRegistration } from '../support/registration.ts';
import { FakeTelegram, makeBot, Person } from '../support/telegram.ts';

/*
 * Issue 14 item 2: adding a part to the registration is one entry in its form table
 * (src/domain/forms/registration.ts) plus its two locale lines. Here the table gets one more
 * entry, a typed "partner organisations" part placed after sustainability, and nothing else in
 * the code changes: the form must ask it, the summary and the saved record must have it, the
 * reviewer's card must show it and the workbook must have its column. If any of those places
 * listed the parts by hand instead of following the table, the part would be missing there.
 */

vi.mock('../../src/domain/forms/registration.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/domain/forms/registration.ts')>();
  const { textField } = await import('../../src/domain/forms/field.ts');
  const form = [...original.registrationForm];
  // The one entry: a typed part of medium length, asked and shown under the register- prefix.
  form.splice(
    form.findIndex((f) => f.key === 'sustainability') + 1,
    0,
    textField('partners', 'mediumText', 'register'),
  );
  return { ...original, registrationForm: form };
});

// Its two locale lines, in each language.
addMessages(
  'vi',
  'register-label-partners = Đơn vị phối hợp\nregister-ask-partners = <b>Đơn vị phối hợp</b> thực hiện mô hình (5–2000 ký tự).',
);
addMessages(
  'en',
  'register-label-partners = Partner organisations\nregister-ask-partners = <b>Partner organisations</b> of the model (5–2000 characters).',
);

useTestDatabase({ clean: 'each' });

let world: World;
let tg: FakeTelegram;

beforeEach(async () => {
  world = await seedWorld();
  tg = new FakeTelegram();
});

const PARTNERS = 'Hội Nông dân xã & Đoàn Thanh niên <ấp Bình Lợi>';

describe('a part added to the registration table', () => {
  it('is asked by /dangky, saved, shown on the review card and exported as a column', async () => {
    const cadre = await makeUser('cadre', world.chauThanh, 'Nguyễn Thị Lan');
    const coordinator = await makeUser('coordinator', world.chauThanh, 'Trần Văn Minh');
    const bot = makeBot(tg, clock());
    const p = new Person(tg, bot, cadre.telegramId);
    await p.send('/dangky');
    await fillRegistration(p, async () => {
      // The form asks the new part, with its question from the locale line, where the table put it.
      expect(p.lastText()).toContain('<b>Đơn vị phối hợp</b> thực hiện mô hình');
      await p.send('ab'); // checked with the limits of its kind: too short
      expect(p.textsSince(0).join('\n')).toMatch(/ít nhất 5/);
      expect(p.lastText()).toContain('<b>Đơn vị phối hợp</b> thực hiện mô hình');
      await p.send(PARTNERS);
    });

    // The summary names it with its label, and the edit menu offers it.
    expect(p.lastText()).toContain('Xem lại trước khi gửi');
    expect(p.lastText()).toContain(
      '<b>Đơn vị phối hợp</b>: Hội Nông dân xã &amp; Đoàn Thanh niên &lt;ấp Bình Lợi&gt;',
    );
    await p.tap('Sửa một mục');
    expect(
      p
        .messages()
        .at(-1)!
        .buttons.map((b) => b.text),
    ).toContain('Đơn vị phối hợp');
    await p.tap('Đơn vị phối hợp');
    expect(p.lastText()).toContain('<b>Đơn vị phối hợp</b> thực hiện mô hình');
    await p.send(`${PARTNERS}, Hội Cựu chiến binh`);
    await p.tap('Xác nhận');

    const saved = await Initiative.findOne().lean();
    expect((saved as Record<string, unknown>).partners).toBe(`${PARTNERS}, Hội Cựu chiến binh`);

    // The reviewer's card shows it in full, escaped, under its label.
    const reviewer = new Person(tg, bot, coordinator.telegramId);
    const before = reviewer.textsSince(0).length;
    await reviewer.tap('Mở để xem xét');
    const card = reviewer.textsSince(before).join('\n');
    expect(card).toContain(
      '<b>Đơn vị phối hợp</b>: Hội Nông dân xã &amp; Đoàn Thanh niên &lt;ấp Bình Lợi&gt;, Hội Cựu chiến binh',
    );
    expect(tg.htmlErrors).toEqual([]);

    // The workbook has its column, headed by its label, holding what was written.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(
      (await buildExportWorkbook({
        campaign: world.campaign,
        today: localDay(NOW, 'Asia/Ho_Chi_Minh'),
      })) as unknown as ArrayBuffer,
    );
    const sheet = wb.getWorksheet('Mô hình')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    const row = (sheet.getRow(2).values as unknown[]).slice(1);
    const at = header.indexOf('Đơn vị phối hợp');
    expect(at).toBeGreaterThan(header.indexOf('Khả năng duy trì, nhân rộng'));
    expect(row[at]).toBe(`${PARTNERS}, Hội Cựu chiến binh`);
  });
});
