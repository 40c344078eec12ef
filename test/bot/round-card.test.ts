import { describe, expect, it } from 'vitest';
import { useBotWorld } from '../support/bot-world.ts';
import { nomineeToScore, scoredRound } from '../support/round.ts';
import { makeBot, Person } from '../support/telegram.ts';

/*
 * A round's card (/duyet → a round's "Xếp hạng") is what the council reads at the conference:
 * every nominee ranked, every member's score, and what each member wrote about it. A provincial or
 * district round has tens of nominees, so the card goes over one Telegram message: it is paged,
 * never cut, and the chair's buttons are under the last page.
 */
const the = useBotWorld();

describe("a round's card", () => {
  it("shows each member's comment under their score, as they wrote it", async () => {
    const { clock, member, nominee } = await nomineeToScore(the.world);
    const m = new Person(the.tg, makeBot(the.tg, clock), member.telegramId);
    await m.send('/duyet');
    await m.tap('Chờ chấm điểm');
    await m.tap(`Chấm: ${nominee.code}`);
    for (const s of ['28', '20', '12', '15', '13']) await m.send(s);
    expect(m.lastText()).toContain('Nhận xét chung');
    await m.send('Cần nhân rộng <sang> ấp khác & xã bạn');
    await m.tap('Xác nhận 88/100');
    expect(m.lastText()).toContain('Đã ghi điểm 88/100');

    await m.send('/duyet');
    await m.tap('Đợt xét chọn');
    await m.tap('Xếp hạng');
    const card = m.lastText();
    expect(card).toContain(`${nominee.code} · `);
    expect(card).toContain('– Ủy viên: 88/100\n');
    expect(card).toContain('💬 Cần nhân rộng &lt;sang&gt; ấp khác &amp; xã bạn');
  });

  it('is paged when the nominees and comments go over one message, with the buttons under the last page', async () => {
    const long = (i: number, member: string) =>
      `${member} về mô hình số ${i + 1}: ${'bà con đồng tình, tổ tự quản duy trì đều, cần nhân rộng sang ấp khác. '.repeat(5)}hết.`;
    const { clock, chair, nominees } = await scoredRound(the.world, 12, long);
    const c = new Person(the.tg, makeBot(the.tg, clock), chair.telegramId);
    await c.send('/duyet');
    await c.tap('Chờ xét chọn');
    const before = c.messages().length;
    await c.tap('Xếp hạng');
    const pages = c.messages().slice(before);
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((p, i) => {
      expect(p.text.length).toBeLessThanOrEqual(4096);
      expect(p.text.startsWith(`📄 ${i + 1}/${pages.length}\n`)).toBe(true);
      // The chair's buttons only under the last page.
      expect(p.buttons.length > 0).toBe(i === pages.length - 1);
    });
    const card = pages.map((p) => p.text).join('\n');
    for (const [i, n] of nominees.entries()) {
      expect(card).toContain(`${n.code} · Mô hình số ${i + 1} của ấp Bình Lợi`);
      expect(card).toContain(`💬 Chủ tịch về mô hình số ${i + 1}: bà con đồng tình`);
      expect(card).toContain(`💬 Ủy viên về mô hình số ${i + 1}: bà con đồng tình`);
    }
    // The buttons work from there: the chair selects the first-ranked nominee.
    const tapped = c.messages().length;
    await c.tap(`Chọn ${nominees[0]!.code}`);
    const after = c.messages().slice(tapped);
    expect(after[0]!.text).toContain(`Đã chọn ${nominees[0]!.code} (1/`);
    // The card again, paged the same way, showing the selection.
    expect(after.at(-1)!.text.startsWith(`📄 ${after.length - 1}/${after.length - 1}\n`)).toBe(true);
    expect(after.map((p) => p.text).join('\n')).toContain(
      `${nominees[0]!.code} · Mô hình số 1 của ấp Bình Lợi · điểm TB 95 (2 phiếu) · được chọn`,
    );
  });
});
