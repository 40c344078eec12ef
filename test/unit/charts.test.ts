import { existsSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { INITIATIVE_STATUSES, type InitiativeStatus } from '../../src/domain/lifecycle.ts';
import {
  CHART_FONT_FAMILY,
  CHART_FONT_FILES,
  renderUnitStatusChart,
  STATUS_COLOURS,
  unitStatusChartSvg,
} from '../../src/services/charts.ts';
import { type ChildRow, emptyFigures, type Summary } from '../../src/services/summaries.ts';

const counts = (c: Partial<Record<InitiativeStatus, number>>) =>
  Object.fromEntries(INITIATIVE_STATUSES.map((s) => [s, c[s] ?? 0])) as Record<InitiativeStatus, number>;

function row(name: string, byStatus: Partial<Record<InitiativeStatus, number>>, direct = false): ChildRow {
  return {
    unitId: name,
    code: name,
    name,
    direct,
    byStatus: counts(byStatus),
    ...emptyFigures(),
  };
}

/** Only the parts of a summary the chart reads. */
function summaryOf(byChild: ChildRow[]): Summary {
  return {
    unit: { unitId: 'kg', code: 'kg', name: 'Tỉnh Kiên Giang' },
    today: '2026-11-27',
    byChild,
  } as Summary;
}

const DATA = summaryOf([
  row('Huyện Châu Thành', { nurturing: 12, honoured: 3, registered: 2 }),
  row('Đảng bộ Khối Các cơ quan tỉnh', { nurturing: 5, submitted: 2, appraised: 1 }),
  row('Thành phố Rạch Giá', { selected: 1, withdrawn: 1 }),
  row('Huyện Giồng Riềng', {}),
  row('Tỉnh Kiên Giang', { nurturing: 1 }, true),
]);

function pngSize(png: Buffer) {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** Decodes the PNG (by letting resvg draw it) and returns its RGBA pixels. */
function pixelsOf(png: Buffer) {
  const { width, height } = pngSize(png);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><image width="${width}" height="${height}" href="data:image/png;base64,${png.toString('base64')}"/></svg>`;
  const img = new Resvg(svg, { font: { loadSystemFonts: false } }).render();
  return { pixels: img.pixels, width: img.width, height: img.height };
}

function colourCount(pixels: Buffer) {
  const seen = new Map<number, number>();
  for (let i = 0; i < pixels.length; i += 4) {
    const key = (pixels[i]! << 16) | (pixels[i + 1]! << 8) | pixels[i + 2]!;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return seen;
}

const rgb = (hex: string) => Number.parseInt(hex.slice(1), 16);

describe('models by unit and status chart', () => {
  it('is a PNG of sensible size with the bars drawn in the status colours', async () => {
    const png = await renderUnitStatusChart(DATA);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const { width, height } = pngSize(png);
    expect(width).toBeGreaterThan(1400);
    expect(width).toBeLessThan(2600);
    expect(height).toBeGreaterThan(500);
    expect(height / width).toBeLessThan(20); // Telegram's limit for photos
    expect(png.length).toBeGreaterThan(20_000);
    expect(png.length).toBeLessThan(10_000_000);

    const { pixels, width: w, height: h } = pixelsOf(png);
    expect(w * h * 4).toBe(pixels.length);
    const colours = colourCount(pixels);
    // Anti-aliased text and bars: far from a blank or single-colour picture.
    expect(colours.size).toBeGreaterThan(100);
    const white = colours.get(0xffffff) ?? 0;
    expect(white / (w * h)).toBeLessThan(0.95);
    // Each status that occurs fills a visible area in its colour; absent ones none.
    for (const s of ['nurturing', 'honoured', 'registered', 'submitted', 'selected'] as const) {
      expect(colours.get(rgb(STATUS_COLOURS[s])) ?? 0, s).toBeGreaterThan(200);
    }
    expect(colours.get(rgb(STATUS_COLOURS.returned)) ?? 0).toBe(0);
    // Nurturing (19 models) takes more area than honoured (3).
    expect(colours.get(rgb(STATUS_COLOURS.nurturing))!).toBeGreaterThan(
      3 * colours.get(rgb(STATUS_COLOURS.honoured))!,
    );
  });

  it('labels units, statuses and the title in Vietnamese with the shipped font', async () => {
    const svg = await unitStatusChartSvg(DATA);
    for (const text of [
      'Huyện Châu Thành',
      'Đảng bộ Khối Các cơ quan tỉnh',
      'Tỉnh Kiên Giang (trực thuộc)',
      'Đang chăm bồi',
      'Đã biểu dương',
      'Mô hình “Dân vận khéo” theo đơn vị và trạng thái',
      'Tỉnh Kiên Giang · ngày 27/11/2026 · 28 mô hình',
      'Số mô hình',
    ]) {
      expect(svg).toContain(text);
    }
    // The legend names the statuses that occur, and only those.
    expect(svg).toContain('Đã rút');
    expect(svg).not.toContain('Trả lại để sửa');
    expect(svg).toContain(CHART_FONT_FAMILY);
    const en = await unitStatusChartSvg(DATA, { lang: 'en' });
    expect(en).toContain('Being nurtured');
    expect(en).toContain('28 models');
  });

  it('draws Vietnamese text without any system font', () => {
    for (const f of CHART_FONT_FILES) expect(existsSync(f), f).toBe(true);
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="60"><text x="10" y="40" font-family="${CHART_FONT_FAMILY}" font-size="28">Đảng bộ Khối</text></svg>`;
    const withFont = new Resvg(svg, { font: { loadSystemFonts: false, fontFiles: CHART_FONT_FILES } });
    const without = new Resvg(svg, { font: { loadSystemFonts: false } });
    expect(withFont.getBBox()!.width).toBeGreaterThan(100);
    expect(without.getBBox()).toBeUndefined();
  });

  it('grows with the number of units and folds the smallest into "other units" beyond the limit', async () => {
    const many = summaryOf(
      Array.from({ length: 102 }, (_, i) =>
        row(`Xã số ${i + 1}`, { nurturing: (i % 7) + 1, honoured: i % 3 }),
      ),
    );
    const svg = await unitStatusChartSvg(many, { maxUnits: 30 });
    expect(svg).toContain('72 đơn vị khác có');
    expect(new Set(svg.match(/Xã số \d+/g)).size).toBe(30);
    const small = pngSize(await renderUnitStatusChart(DATA, { scale: 1 }));
    const big = pngSize(await renderUnitStatusChart(many, { scale: 1, maxUnits: 30 }));
    expect(big.height).toBeGreaterThan(small.height + 25 * 25);
  });

  it('says so when there is nothing to draw', async () => {
    const empty = summaryOf([row('Xã Bình An', {}), row('Xã Mong Thọ', {})]);
    const svg = await unitStatusChartSvg(empty);
    expect(svg).toContain('Chưa có mô hình nào trong phạm vi này');
    const png = await renderUnitStatusChart(empty);
    expect(colourCount(pixelsOf(png).pixels).size).toBeGreaterThan(10);
  });
});
