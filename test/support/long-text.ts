import { expect } from 'vitest';

/**
 * Long cards (issue 10 item 8, issue 14): texts as long as the form takes, full of characters HTML
 * must escape, and the reader's view of a card sent as several pages put back together.
 */

/** A text of exactly n characters with words, an ampersand and angle brackets in it, ending in a mark. */
export function longText(mark: string, n: number): string {
  const base = `${mark} Hộ <nghèo> & cận nghèo được vay vốn không lãi, trả dần theo tháng. `;
  let s = '';
  while (s.length < n - mark.length - 1) s += base;
  return `${s.slice(0, n - mark.length - 1).trimEnd()} ${mark}`.padEnd(n, '.');
}

const unhtml = (s: string) =>
  s
    .replace(/<\/?b>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** Everything a reader sees in these messages, pages put back together. */
export function readAll(texts: string[]): string {
  return unhtml(texts.map((t) => t.replace(/^📄 \d+\/\d+\n/, '')).join('\n'));
}

/** The registration's longest parts, each as long as the form takes, each ending in its own mark. */
export function longRegistration(): Record<string, string> {
  return {
    situation: longText('[THỰC-TRẠNG-HẾT]', 3000),
    goals: longText('[MỤC-TIÊU-HẾT]', 3000),
    content: longText('[NỘI-DUNG-HẾT]', 3000),
    forces: longText('[LỰC-LƯỢNG-HẾT]', 2000),
    resources: longText('[NGUỒN-LỰC-HẾT]', 2000),
    outputs: longText('[SẢN-PHẨM-HẾT]', 2000),
    sustainability: longText('[DUY-TRÌ-HẾT]', 2000),
    milestones: longText('[MỐC-HẾT]', 2000),
  };
}

/** Each page within Telegram's 4,096 characters and marked `📄 i/n`; buttons on the last one only. */
export function expectPaged(sent: readonly { text: string; buttons: unknown[] }[]): void {
  expect(sent.length).toBeGreaterThan(1);
  sent.forEach((m, i) => {
    expect(m.text.length).toBeLessThanOrEqual(4096);
    expect(m.text.startsWith(`📄 ${i + 1}/${sent.length}\n`)).toBe(true);
  });
  expect(sent.slice(0, -1).every((m) => m.buttons.length === 0)).toBe(true);
}
