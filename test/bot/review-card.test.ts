import { describe, expect, it } from 'vitest';
import { Initiative, ProgressReport } from '../../src/db/models/index.ts';
import { useBotWorld } from '../support/bot-world.ts';
import { clock, makeInitiative, makeReport, makeUser, monthKey, type World } from '../support/fixtures.ts';
import { expectPaged, longRegistration, longText, readAll } from '../support/long-text.ts';
import { type FakeTelegram, makeBot, Person } from '../support/telegram.ts';

/*
 * Issue 10 item 8: a coordinator reads the full submission. Parts of 3,000 characters (the most
 * the form takes), full of characters HTML must escape, arrive whole across consecutive messages,
 * each within Telegram's 4,096 characters; the buttons come with the last one.
 */

let world: World;
let tg: FakeTelegram;

useBotWorld((w) => ({ world, tg } = w));

describe('the review card shows the full submission', () => {
  it('sends a registration with 3,000-character parts complete across messages within 4,096 characters', async () => {
    const cadre = await makeUser('cadre', world.communes[0]!);
    const coordinator = await makeUser('coordinator', world.chauThanh);
    const ini = await makeInitiative(world, cadre, world.communes[0]!, { title: 'Mô hình dài' });
    const parts = longRegistration();
    await Initiative.updateOne({ _id: ini._id }, { $set: parts });
    const c = new Person(tg, makeBot(tg, clock()), coordinator.telegramId);
    await c.send('/duyet');
    const before = c.messages().length;
    await c.tap(/🆕/);
    const sent = c.messages().slice(before);
    expect(sent.length).toBeGreaterThanOrEqual(5);
    expectPaged(sent);
    const all = readAll(sent.map((m) => m.text));
    for (const [key, text] of Object.entries(parts)) {
      expect(all, `${key} arrives whole`).toContain(text);
    }
    expect(all).toContain('Mô hình dài');
    // The buttons (on the last page) work.
    expect(sent.at(-1)!.buttons.map((b) => b.text)).toEqual(expect.arrayContaining(['✅ Tiếp nhận']));
    await c.tap('Tiếp nhận');
    expect((await Initiative.findById(ini._id).lean())!.status).toBe('nurturing');
  });

  it('sends a report with long texts complete across messages, verify buttons on the last', async () => {
    const cadre = await makeUser('cadre', world.communes[0]!);
    const coordinator = await makeUser('coordinator', world.chauThanh);
    const ini = await makeInitiative(world, cadre, world.communes[0]!, { status: 'nurturing' });
    const rep = await makeReport(ini, cadre, monthKey(0));
    const texts = {
      activities: longText('[VIỆC-ĐÃ-LÀM-HẾT]', 3000),
      summary: longText('[TÓM-TẮT-HẾT]', 2000),
      difficulties: longText('[KHÓ-KHĂN-HẾT]', 2000),
    };
    await ProgressReport.updateOne({ _id: rep._id }, { $set: texts });
    const c = new Person(tg, makeBot(tg, clock()), coordinator.telegramId);
    await c.send('/duyet');
    const before = c.messages().length;
    await c.tap(/📊/);
    const sent = c.messages().slice(before);
    expect(sent.length).toBeGreaterThanOrEqual(2);
    for (const m of sent) expect(m.text.length).toBeLessThanOrEqual(4096);
    const all = readAll(sent.map((m) => m.text));
    for (const [key, text] of Object.entries(texts)) expect(all, `${key} arrives whole`).toContain(text);
    expect(sent.at(-1)!.buttons.map((b) => b.text)).toEqual(['✅ Đã xác minh', '❓ Cần làm rõ']);
  });
});
