import { describe, expect, it } from 'vitest';
import { pageHtml, TELEGRAM_MESSAGE_LIMIT } from '../../src/bot/views/paged-html.ts';

/** The text a reader sees once the pages are put together: markers and tags removed. */
const joined = (pages: string[]) =>
  pages
    .map((p) => p.replace(/^📄 \d+\/\d+\n/, ''))
    .join('\n')
    .replace(/\s+/g, ' ');

describe('pageHtml', () => {
  it('leaves a short card alone', () => {
    expect(pageHtml('<b>Tên</b>: ngắn')).toEqual(['<b>Tên</b>: ngắn']);
  });

  it('splits between parts, marks the pages, keeps each page within the limit and loses nothing', () => {
    const parts = ['Thực trạng', 'Mục tiêu', 'Nội dung', 'Sản phẩm'].map(
      (label, i) => `<b>${label}</b>: ${`${String.fromCharCode(97 + i)}từ `.repeat(700).trim()}`,
    );
    const html = parts.join('\n');
    const pages = pageHtml(html);
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((p, i) => {
      expect(p.length).toBeLessThanOrEqual(TELEGRAM_MESSAGE_LIMIT);
      expect(p.startsWith(`📄 ${i + 1}/${pages.length}\n`)).toBe(true);
      // Tags are never left open across pages.
      expect((p.match(/<b>/g) ?? []).length).toBe((p.match(/<\/b>/g) ?? []).length);
    });
    expect(joined(pages)).toBe(html.replace(/\s+/g, ' '));
  });

  it('splits a part longer than a message at spaces, never inside a word, a tag or an entity', () => {
    const html = `<b>Nội dung</b>: ${'hộ&amp;dân '.repeat(1200).trim()}`;
    const pages = pageHtml(html, 1000);
    expect(pages.length).toBeGreaterThan(10);
    for (const p of pages) {
      expect(p.length).toBeLessThanOrEqual(1000);
      const body = p.replace(/^📄 \d+\/\d+\n/, '');
      expect(body).toMatch(/^(<b>Nội dung<\/b>: )?(hộ&amp;dân ?)+$/);
    }
    expect(joined(pages)).toBe(html);
  });
});
