import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { formatDay } from '../domain/calendar.ts';
import { INITIATIVE_STATUSES, type InitiativeStatus } from '../domain/lifecycle.ts';
import { translator } from '../i18n.ts';
import { numberFormat, type Summary, statusLabel } from './summaries.ts';

/**
 * Chart pictures for the summary, drawn on the server: a plain Vega spec rendered to SVG (no
 * browser, no canvas), rasterised by resvg with Be Vietnam Pro (shipped by an npm package) so
 * Vietnamese diacritics show correctly whatever fonts the machine has.
 */

const require = createRequire(import.meta.url);
const FONT_PACKAGE = '@expo-google-fonts/be-vietnam-pro';
export const CHART_FONT_FAMILY = 'Be Vietnam Pro';
export const CHART_FONT_FILES = [
  '400Regular/BeVietnamPro_400Regular.ttf',
  '600SemiBold/BeVietnamPro_600SemiBold.ttf',
].map((f) => require.resolve(`${FONT_PACKAGE}/${f}`));

/** One colour per status, in lifecycle order: cool while in progress, warm once honoured. */
export const STATUS_COLOURS: Record<InitiativeStatus, string> = {
  registered: '#a9bcd0',
  returned: '#f0a04b',
  nurturing: '#2b6cb0',
  submitted: '#805ad5',
  appraised: '#319795',
  selected: '#d69e2e',
  honoured: '#c53030',
  withdrawn: '#cbd5e0',
};

const INK = '#1a202c';
const MUTED = '#4a5568';
const GRID = '#e2e8f0';

/**
 * Vega estimates text width without a canvas as if every glyph were wide, which leaves holes
 * in the layout. Measuring each label with resvg and the real font gives true widths.
 */
const widthCache = new Map<string, number>();
function measure(text: string, size: number, weight: number): number {
  const key = `${size}|${weight}|${text}`;
  const hit = widthCache.get(key);
  if (hit !== undefined) return hit;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="4000" height="${size * 3}"><text x="0" y="${size * 2}" font-family="${CHART_FONT_FAMILY}" font-size="${size}" font-weight="${weight}">${escapeXml(text)}</text></svg>`;
  const box = new Resvg(svg, resvgFontOptions()).getBBox();
  const width = box ? box.x + box.width : 0;
  if (widthCache.size > 5000) widthCache.clear();
  widthCache.set(key, width);
  return width;
}
(vega as unknown as { textMetrics: { width: (item: unknown, text: unknown) => number } }).textMetrics.width =
  (item, text) => {
    const i = item as { fontSize?: number; fontWeight?: number | string; text?: unknown };
    const value = String(text ?? i.text ?? '');
    const weight = typeof i.fontWeight === 'number' ? i.fontWeight : i.fontWeight === 'bold' ? 700 : 400;
    return measure(value, i.fontSize ?? 11, weight);
  };

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function resvgFontOptions() {
  return {
    font: {
      loadSystemFonts: false,
      fontFiles: CHART_FONT_FILES,
      defaultFontFamily: CHART_FONT_FAMILY,
      sansSerifFamily: CHART_FONT_FAMILY,
    },
  };
}

export interface ChartOptions {
  lang?: string;
  /** Beyond this many units only the biggest are drawn; the rest are counted under the title. */
  maxUnits?: number;
  /** Pixel density of the PNG (2 reads sharply on a phone). */
  scale?: number;
}

interface Bar {
  unit: string;
  order: number;
  status: InitiativeStatus;
  label: string;
  statusOrder: number;
  count: number;
}

/** The SVG of "models by child unit and status" (stacked horizontal bars). */
export async function unitStatusChartSvg(summary: Summary, opts: ChartOptions = {}): Promise<string> {
  const lang = opts.lang ?? 'vi';
  const t = translator(lang);
  const { n } = numberFormat(lang);
  const maxUnits = opts.maxUnits ?? 30;

  type Row = { name: string; byStatus: Record<InitiativeStatus, number>; total: number };
  let rows: Row[] = summary.byChild.map((r) => ({
    name: r.direct ? t('summary-unit-direct', { name: r.name }) : r.name,
    byStatus: r.byStatus,
    total: INITIATIVE_STATUSES.reduce((s, k) => s + r.byStatus[k], 0),
  }));
  // Beyond the limit the biggest units are drawn and the rest named in a line under the title:
  // one bar summing dozens of units would dwarf every other bar.
  let folded: { units: number; models: number } | null = null;
  if (rows.length > maxUnits) {
    const keep = new Set([...rows].sort((a, b) => b.total - a.total).slice(0, maxUnits));
    const rest = rows.filter((r) => !keep.has(r));
    folded = { units: rest.length, models: rest.reduce((a, r) => a + r.total, 0) };
    rows = rows.filter((r) => keep.has(r));
  }

  const bars: Bar[] = [];
  rows.forEach((r, order) => {
    INITIATIVE_STATUSES.forEach((status, statusOrder) => {
      const count = r.byStatus[status];
      if (count > 0)
        bars.push({ unit: r.name, order, status, label: statusLabel(lang, status), statusOrder, count });
    });
  });
  const present = INITIATIVE_STATUSES.filter((s) => bars.some((b) => b.status === s));
  const total = rows.reduce((a, r) => a + r.total, 0) + (folded?.models ?? 0);
  const maxTotal = Math.max(1, ...rows.map((r) => r.total));

  const width = 760;
  const step = 30;
  const height = Math.max(rows.length, 1) * step;
  const title = t('summary-chart-title');
  const subtitle = t('summary-chart-subtitle', {
    unit: summary.unit.name,
    date: formatDay(summary.today),
    count: n(total),
  });
  const subtitles = folded
    ? [subtitle, t('summary-chart-others', { count: n(folded.units), models: n(folded.models) })]
    : subtitle;

  const spec: vega.Spec = {
    $schema: 'https://vega.github.io/schema/vega/v6.json',
    width,
    height,
    padding: { left: 24, right: 32, top: 20, bottom: 20 },
    autosize: { type: 'pad', resize: false },
    background: '#ffffff',
    config: {
      text: { font: CHART_FONT_FAMILY },
      axis: { labelFont: CHART_FONT_FAMILY, titleFont: CHART_FONT_FAMILY },
      legend: { labelFont: CHART_FONT_FAMILY, titleFont: CHART_FONT_FAMILY },
      title: { font: CHART_FONT_FAMILY, subtitleFont: CHART_FONT_FAMILY },
    },
    title: {
      text: title,
      subtitle: subtitles,
      anchor: 'start',
      frame: 'bounds',
      fontSize: 20,
      fontWeight: 600,
      color: INK,
      subtitleFontSize: 14,
      subtitleColor: MUTED,
      subtitlePadding: 6,
      offset: 18,
    },
    data: [
      {
        name: 'bars',
        values: bars,
        transform: [
          {
            type: 'stack',
            groupby: ['unit'],
            sort: { field: 'statusOrder' },
            field: 'count',
          },
        ],
      },
      { name: 'units', values: rows.map((r, order) => ({ unit: r.name, order, total: r.total })) },
    ],
    scales: [
      {
        name: 'y',
        type: 'band',
        domain: rows.length ? rows.map((r) => r.name) : [''],
        range: 'height',
        paddingInner: 0.28,
        paddingOuter: 0.14,
      },
      { name: 'x', type: 'linear', domain: [0, maxTotal], range: 'width', nice: true, zero: true },
      {
        name: 'colour',
        type: 'ordinal',
        domain: present.map((s) => statusLabel(lang, s)),
        range: present.map((s) => STATUS_COLOURS[s]),
      },
    ],
    axes: [
      {
        orient: 'bottom',
        scale: 'x',
        title: t('summary-chart-axis'),
        titleFontSize: 13,
        titleFontWeight: 400,
        titleColor: MUTED,
        titlePadding: 10,
        labelFontSize: 12,
        labelColor: MUTED,
        grid: true,
        gridColor: GRID,
        domain: false,
        ticks: false,
        tickMinStep: 1,
        format: ',d',
        labelPadding: 6,
        zindex: 0,
      },
      {
        orient: 'left',
        scale: 'y',
        labelFontSize: 13,
        labelColor: INK,
        labelLimit: 320,
        labelPadding: 8,
        ticks: false,
        domainColor: '#a0aec0',
        zindex: 1,
      },
    ],
    legends: present.length
      ? [
          {
            fill: 'colour',
            orient: 'top',
            direction: 'horizontal',
            columns: Math.min(present.length, 4),
            symbolType: 'square',
            symbolSize: 160,
            symbolStrokeWidth: 0,
            labelFontSize: 13,
            labelColor: INK,
            columnPadding: 18,
            rowPadding: 6,
            offset: 14,
          },
        ]
      : [],
    marks: [
      {
        type: 'rect',
        from: { data: 'bars' },
        encode: {
          enter: {
            y: { scale: 'y', field: 'unit' },
            height: { scale: 'y', band: 1 },
            x: { scale: 'x', field: 'y0' },
            x2: { scale: 'x', field: 'y1' },
            fill: { scale: 'colour', field: 'label' },
            stroke: { value: '#ffffff' },
            strokeWidth: { value: 1 },
          },
        },
      },
      {
        type: 'text',
        from: { data: 'units' },
        encode: {
          enter: {
            y: { scale: 'y', field: 'unit', band: 0.5 },
            x: { scale: 'x', field: 'total', offset: 6 },
            baseline: { value: 'middle' },
            text: { signal: `datum.total > 0 ? format(datum.total, ',d') : '0'` },
            fontSize: { value: 12 },
            fontWeight: { value: 600 },
            fill: { value: INK },
          },
        },
      },
      ...(total === 0
        ? [
            {
              type: 'text' as const,
              encode: {
                enter: {
                  x: { signal: 'width / 2' },
                  y: { signal: 'height / 2' },
                  align: { value: 'center' as const },
                  baseline: { value: 'middle' as const },
                  text: { value: t('summary-chart-empty') },
                  fontSize: { value: 16 },
                  fill: { value: MUTED },
                },
              },
            },
          ]
        : []),
    ],
  };

  const view = new vega.View(vega.parse(spec), {
    renderer: 'none',
    locale: {
      number:
        lang === 'en' ? undefined : { decimal: ',', thousands: '.', grouping: [3], currency: ['', ' ₫'] },
    },
  } as unknown as vega.ViewOptions);
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** The PNG of "models by child unit and status", ready to send as a photo. */
export async function renderUnitStatusChart(summary: Summary, opts: ChartOptions = {}): Promise<Buffer> {
  return rasterise(await unitStatusChartSvg(summary, opts), opts.scale ?? 2);
}

export function rasterise(svg: string, scale = 2): Buffer {
  const r = new Resvg(svg, {
    ...resvgFontOptions(),
    background: '#ffffff',
    fitTo: { mode: 'zoom', value: scale },
    shapeRendering: 2,
    textRendering: 1,
  });
  return r.render().asPng();
}
