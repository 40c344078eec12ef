import { existsSync, mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { InputFile } from 'grammy';
import pino from 'pino';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.ts';
import { loadConfig } from '../../src/config.ts';
import { Initiative } from '../../src/db/models/index.ts';
import { type Playground, startPlayground } from '../../src/playground/index.ts';
import { useTestDatabase } from '../support/database.ts';
import { NOW, shown, YEAR } from '../support/fixtures.ts';

/**
 * The playground in a real browser (Debian's Chromium driven by playwright-core): a person opens
 * the page, registers a model as the demo cadre by tapping and typing, switches to the provincial
 * board member and asks for the summary. Screenshots go to test-output/.
 */

useTestDatabase();

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUT = path.resolve('test-output');

let playground: Playground;
let browser: Browser;
let page: Page;
let dataDir: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}. Install it with \`apt-get install -y chromium\` (never \`npx playwright install\`), or set CHROMIUM_PATH. .ci/run installs it.`,
    );
  }
  mkdirSync(OUT, { recursive: true });
  dataDir = await mkdtemp(path.join(tmpdir(), 'dvb-playground-'));
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    JOBS_ENABLED: 'false',
    RATE_LIMIT_PER_MINUTE: '1000',
  });
  playground = await startPlayground({
    config,
    logger: pino({ level: 'silent' }),
    clock: new ManualClock(NOW),
    port: 0,
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  page = await browser.newPage({
    viewport: { width: 1280, height: 860 },
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
  });
  page.on('pageerror', (err) => {
    throw err;
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await playground?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const botMessages = (p: Page) => p.locator('.msg[data-from="bot"]');

/** The bits of the page's DOM the waits below read (the tests compile without the DOM types). */
interface PageDocument {
  querySelectorAll(selector: string): { length: number };
  body: { dataset: Record<string, string | undefined> };
}

/**
 * Waits until the bot has answered (a new message of its own) and is idle again. A wait, not a
 * measure: generous, since with the whole suite on two cores the summary's first reply once took
 * more than 15 s (it takes under 1 s alone).
 */
async function afterBotReply(p: Page, before: number): Promise<void> {
  await p.waitForFunction(
    (n) => {
      const doc = (globalThis as unknown as { document: PageDocument }).document;
      return doc.querySelectorAll('.msg[data-from="bot"]').length > n && doc.body.dataset.busy === 'false';
    },
    before,
    { timeout: 60_000 },
  );
}

async function type(p: Page, text: string): Promise<void> {
  const before = await botMessages(p).count();
  await p.locator('#input').fill(text);
  await p.locator('#input').press('Enter');
  await afterBotReply(p, before);
}

async function tap(p: Page, label: string): Promise<void> {
  const before = await botMessages(p).count();
  await p.locator('.msg .kb button', { hasText: label }).last().click();
  await afterBotReply(p, before);
}

const lastBotText = async (p: Page) => ((await botMessages(p).last().textContent()) ?? '').trim();

describe('the playground page', () => {
  it('lets the demo cadre register a model by tapping and typing, up to the confirmation', async () => {
    await page.goto(`${playground.url}/?as=cadre&lang=vi`);
    await page.locator('.person[data-person="cadre"][aria-current="true"]').waitFor();
    expect(await page.locator('#about').textContent()).toContain('Bước 2');
    await page.screenshot({ path: path.join(OUT, 'playground-1-empty.png') });

    // A new chat starts with Telegram's START button, which sends /start.
    await page.locator('#start-btn').click();
    await afterBotReply(page, 0);
    expect(await lastBotText(page)).toContain('/dangky');

    // The command menu Telegram would show, registered by the bot through setMyCommands.
    await page.locator('#menu-btn').click();
    await page.locator('#menu-pop button', { hasText: '/dangky' }).waitFor();
    expect(await page.locator('#menu-pop').textContent()).toContain('/baocao');
    const before = await botMessages(page).count();
    await page.locator('#menu-pop button', { hasText: '/dangky' }).click();
    await afterBotReply(page, before);
    expect(await page.locator('#messages').textContent()).toContain('Tên mô hình');

    await type(page, 'Tổ tự quản "Xóm đạo bình yên" <ấp Bình Lợi>');
    await tap(page, 'Tập thể');
    await type(page, 'Chi hội Phụ nữ ấp Bình Lợi');
    await tap(page, 'Văn hóa');
    await tap(page, 'Cơ sở');
    await type(page, 'Rác thải sinh hoạt đổ ra kênh, gây ô nhiễm và dịch bệnh.');
    await type(page, 'Đến hết năm 2027, 100% hộ phân loại rác tại nguồn.');
    await type(page, 'Họp dân từng xóm, mỗi tổ tự quản phân công người nhắc nhở.');
    await type(page, 'Ấp Bình Lợi');
    await type(page, '120 hộ dân ấp Bình Lợi');
    await type(page, 'Chi hội Phụ nữ chủ trì, Đoàn Thanh niên phối hợp');
    await type(page, 'Hội viên góp ngày công, xã hỗ trợ thùng rác');
    await type(page, shown(4));
    await type(page, shown(368));
    await type(page, 'Sổ theo dõi, hình ảnh trước và sau');
    await type(page, 'Số hộ phân loại rác');
    await type(page, 'hộ');
    await type(page, 'abc');
    expect(await lastBotText(page)).toMatch(/số|120/i); // a wrong number gets a reason and the question again
    await type(page, '120');
    await tap(page, 'Xong');
    await type(page, 'Duy trì qua tổ tự quản, nhân rộng sang ấp khác');
    await tap(page, 'Bỏ qua');

    const summary = await lastBotText(page);
    expect(summary).toContain('Xem lại trước khi gửi');
    expect(summary).toContain('Xã Bình An');
    expect(summary).toContain(shown(4));
    // The title's "<" and ">" arrived escaped in the bot's HTML and show as typed.
    expect(summary).toContain('<ấp Bình Lợi>');
    expect(await page.locator('.msg[data-from="bot"]').last().locator('.text b').count()).toBeGreaterThan(3);
    await page.screenshot({ path: path.join(OUT, 'playground-2-summary.png') });

    await tap(page, 'Xác nhận');
    const done = await lastBotText(page);
    const codeOfYear = new RegExp(`DVK-${YEAR}-\\d{4}`);
    expect(done).toMatch(codeOfYear);
    const code = codeOfYear.exec(done)![0];
    const saved = await Initiative.findOne({ code }).lean();
    expect(saved).toMatchObject({
      title: 'Tổ tự quản "Xóm đạo bình yên" <ấp Bình Lợi>',
      status: 'registered',
    });
    // The buttons of the answered summary are gone, as in Telegram.
    expect(await page.locator('.msg .kb button', { hasText: 'Xác nhận' }).count()).toBe(0);
    await page.screenshot({ path: path.join(OUT, 'playground-3-registered.png'), fullPage: false });

    // The district coordinator was told; the page shows it as unread on their name.
    const badge = page.locator('.person[data-person="coordinator"] .badge');
    await badge.waitFor();
    expect(await badge.textContent()).toBe('1');
  }, 180_000);

  it('shows the same chat on a phone-sized screen, with the people in a drawer', async () => {
    const phone = await browser.newPage({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'vi-VN',
    });
    try {
      await phone.goto(`${playground.url}/?as=coordinator&lang=vi`);
      await phone.locator('.msg[data-from="bot"]').first().waitFor();
      expect(await phone.locator('#messages').textContent()).toContain('Xã Bình An');
      const left = () => phone.locator('#people').evaluate((el) => el.getBoundingClientRect().right);
      expect(await left()).toBeLessThanOrEqual(0);
      await phone.screenshot({ path: path.join(OUT, 'playground-4-phone-coordinator.png') });
      await phone.locator('#open-people').click();
      await expect.poll(left).toBeGreaterThan(300);
      await phone.screenshot({ path: path.join(OUT, 'playground-5-phone-people.png') });
    } finally {
      await phone.close();
    }
  }, 180_000);

  it('switches to the provincial board member, who asks for the summary and sees the chart', async () => {
    await page.locator('.person[data-person="board"]').click();
    await page.locator('.person[data-person="board"][aria-current="true"]').waitFor();
    expect(await page.locator('#me').textContent()).toContain('Lê Hoàng Phúc');
    await type(page, '/tonghop');
    expect(await lastBotText(page)).not.toMatch(/Lệnh này không có/);
    const chart = page.locator('.msg[data-from="bot"] .photo img').last();
    await chart.waitFor({ timeout: 30_000 });
    await expect.poll(() => naturalWidth(chart), { timeout: 15_000 }).toBeGreaterThan(200);
    await page.screenshot({ path: path.join(OUT, 'playground-6-board-summary.png') });
  }, 180_000);

  it('shows photos and files both ways: an upload, the same photo re-sent by its file id, an export', async () => {
    const cadre = 9_100_000_001;
    await page.locator('.person[data-person="cadre"]').click();
    await page.locator('.person[data-person="cadre"][aria-current="true"]').waitFor();
    const before = await botMessages(page).count();
    await page
      .locator('#file-photo')
      .setInputFiles({ name: 'minh-chung.png', mimeType: 'image/png', buffer: picture(320, 200) });
    const sent = page.locator('.msg[data-from="person"] .photo img').last();
    await sent.waitFor();
    await afterBotReply(page, before);
    expect(await naturalWidth(sent)).toBe(320);
    const fileId = decodeURIComponent(
      new URL((await sent.getAttribute('src'))!, playground.url).pathname.slice('/files/'.length),
    );

    // As the review of a report does: the bot shows the cadre's evidence again by its file id.
    await playground.bot.api.sendPhoto(cadre, fileId, {
      caption: '<b>Minh chứng</b> của báo cáo',
      parse_mode: 'HTML',
    });
    const resent = page.locator('.msg[data-from="bot"] .photo img').last();
    await resent.waitFor();
    await expect.poll(() => naturalWidth(resent)).toBe(320);
    expect(await resent.getAttribute('src')).toBe(await sent.getAttribute('src'));

    // A new file from the bot (a chart, an export) arrives as a multipart upload.
    await playground.bot.api.sendDocument(
      cadre,
      new InputFile(Buffer.from('PK fake xlsx'), 'tong-hop-2026.xlsx'),
      {
        caption: 'Xuất Excel',
      },
    );
    const doc = page.locator('.msg[data-from="bot"] a.doc').last();
    await doc.waitFor();
    expect(await doc.textContent()).toContain('tong-hop-2026.xlsx');
    const download = await page.request.get(`${playground.url}${await doc.getAttribute('href')}`);
    expect(download.status()).toBe(200);
    expect(download.headers()['content-disposition']).toContain(
      "attachment; filename*=UTF-8''tong-hop-2026.xlsx",
    );
    expect((await download.body()).toString()).toBe('PK fake xlsx');
    await page.screenshot({ path: path.join(OUT, 'playground-7-files.png') });
  }, 60_000);
});

/** A PNG of the given size (a coloured card), made the way the bot makes its charts. */
function picture(width: number, height: number): Buffer {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#2e7d32"/><circle cx="${width / 2}" cy="${height / 2}" r="${height / 3}" fill="#ffd54f"/></svg>`;
  return new Resvg(svg).render().asPng();
}

async function naturalWidth(img: ReturnType<Page['locator']>): Promise<number> {
  return img.evaluate((el: { complete: boolean; naturalWidth: number }) =>
    el.complete ? el.naturalWidth : 0,
  );
}
