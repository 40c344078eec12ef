import { PassThrough, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { Initiative, ProgressReport, Unit } from '../db/models/index.ts';
import { type Day, formatDay, localDay } from '../domain/calendar.ts';
import { INITIATIVE_STATUSES } from '../domain/lifecycle.ts';
import { formatPeriod } from '../domain/phases.ts';
import { translator } from '../i18n.ts';
import { confirmationStatsByModel } from './evidence/citizens.ts';
import {
  buildSummary,
  type GroupFigures,
  type Summary,
  type SummaryRequest,
  statusLabel,
} from './summaries.ts';

/**
 * The `.xlsx` workbook behind /xuat: a summary sheet (the same figures as /tonghop, same scope
 * and filters), then every model, every report and every honour in scope. Written with exceljs'
 * streaming writer: models and reports come from database cursors and each row is committed as it
 * is written, so millions of reports never sit in memory as documents (only the finished, zipped
 * file does, as the Buffer the bot sends).
 */

export interface ExportRequest extends SummaryRequest {
  lang?: string;
  /** At most this many report rows (default: what an Excel sheet holds). */
  maxReportRows?: number;
}

export interface ExportCounts {
  models: number;
  reports: number;
  honours: number;
  /** Reports left out because a sheet holds at most 1,048,576 rows. */
  reportsLeftOut: number;
}

/** Excel's row limit, less the header row and a row for the note saying what was left out. */
const MAX_REPORT_ROWS = 1_048_576 - 2;

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F4E79' } };
const HEADER_FONT: Partial<ExcelJS.Font> = { bold: true, color: { argb: 'FFFFFFFF' } };
const SECTION_FONT: Partial<ExcelJS.Font> = { bold: true, size: 12, color: { argb: 'FF1F4E79' } };
const DATE_FORMAT = 'dd/mm/yyyy';

/** A local calendar day as the Excel date of that day (Excel dates carry no time zone). */
const excelDay = (day: Day) => {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
};

/** `tong-hop-dan-van-kheo-kg-chau-thanh-20261127.xlsx` */
export function exportFileName(unitCode: string, today: Day, lang = 'vi'): string {
  const safe = unitCode.replace(/[^a-zA-Z0-9-]+/g, '-');
  return `${translator(lang)('export-file-prefix')}-${safe}-${today.replace(/-/g, '')}.xlsx`;
}

/** Builds the workbook in memory and returns the file's bytes. */
export async function buildExportWorkbook(req: ExportRequest): Promise<Buffer> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    sink.on('end', resolve);
    sink.on('error', reject);
  });
  await writeExportWorkbook(req, sink);
  await done;
  return Buffer.concat(chunks);
}

/** Streams the workbook into `output` (a file or an upload); resolves with what it holds. */
export async function writeExportWorkbook(req: ExportRequest, output: Writable): Promise<ExportCounts> {
  const lang = req.lang ?? 'vi';
  const t = translator(lang);
  const en = lang === 'en';
  const tz = req.timeZone ?? 'Asia/Ho_Chi_Minh';
  const summary = await buildSummary(req);
  const maxReportRows = Math.min(req.maxReportRows ?? MAX_REPORT_ROWS, MAX_REPORT_ROWS);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: output,
    useStyles: true,
    useSharedStrings: false,
  });
  wb.creator = 'Dân Vận Bot';
  wb.created = excelDay(req.today);

  const fieldName = new Map(req.campaign.fields.map((f) => [f.code, en ? f.nameEn || f.name : f.name]));
  const level = (code: string | null | undefined) => {
    if (!code) return '';
    const key = `level-${code}`;
    const text = t(key);
    return text === key ? code : text;
  };
  const kind = (k: string) => t(`owner-${k}`);

  writeSummarySheet(wb, summary, lang, fieldName);

  // Models: names of the units in scope, and codes of the models they were replicated from.
  const match: Record<string, unknown> = { campaignId: req.campaign._id, unitPath: summary.unit.unitId };
  if (req.filters?.field) match.field = req.filters.field;
  if (req.filters?.ownerKind) match.ownerKind = req.filters.ownerKind;
  const [units, sourceIds] = await Promise.all([
    Unit.find({ path: summary.unit.unitId }, { name: 1, code: 1 }).lean(),
    Initiative.distinct('replicatedFrom', { ...match, replicatedFrom: { $ne: null } }),
  ]);
  const unitName = new Map(units.map((u) => [String(u._id), u.name]));
  const unitCode = new Map(units.map((u) => [String(u._id), u.code]));
  const sources = await Initiative.find({ _id: { $in: sourceIds } }, { code: 1 }).lean();
  const sourceCode = new Map(sources.map((s) => [String(s._id), s.code]));

  const models = sheet(wb, t('export-sheet-models'), [
    [t('export-col-code'), 16],
    [t('export-col-title'), 48],
    [t('export-col-unit'), 30],
    [t('export-col-unit-code'), 18],
    [t('export-col-field'), 26],
    [t('export-col-owner-kind'), 14],
    [t('export-col-owner-name'), 32],
    [t('export-col-target-level'), 12],
    [t('export-col-status'), 20],
    [t('export-col-registered-on'), 14, DATE_FORMAT],
    [t('export-col-last-period'), 14],
    [t('export-col-progress'), 12],
    [t('export-col-report-count'), 11],
    [t('export-col-appraisal'), 14],
    [t('export-col-selected-level'), 14],
    [t('export-col-honour-count'), 14],
    [t('export-col-replicated-from'), 18],
    [t('export-col-replication-count'), 14],
    [t('export-col-return-reason'), 40],
    [t('ev-col-confirmations'), 14],
    [t('ev-col-rating'), 12],
  ]);

  interface ModelRef {
    code: string;
    title: string;
    unit: string;
  }
  const byId = new Map<string, ModelRef>();
  const honourRows: (string | number | Date)[][] = [];
  const counts: ExportCounts = { models: 0, reports: 0, honours: 0, reportsLeftOut: 0 };
  const cursor = Initiative.find(match, {
    code: 1,
    title: 1,
    unitId: 1,
    field: 1,
    ownerKind: 1,
    ownerName: 1,
    targetLevel: 1,
    status: 1,
    createdAt: 1,
    lastReportPeriod: 1,
    progress: 1,
    reportCount: 1,
    appraisals: 1,
    selectedLevel: 1,
    honours: 1,
    replicatedFrom: 1,
    replicationCount: 1,
    returnReason: 1,
  })
    .sort({ code: 1 })
    .lean()
    .cursor();
  // The people's confirmations (issue 13), one read for the campaign.
  const people = await confirmationStatsByModel(req.campaign._id);
  for await (const m of cursor) {
    const unit = unitName.get(String(m.unitId)) ?? '';
    byId.set(String(m._id), { code: m.code, title: m.title, unit });
    const last = m.appraisals?.at(-1);
    models
      .addRow([
        m.code,
        m.title,
        unit,
        unitCode.get(String(m.unitId)) ?? '',
        fieldName.get(m.field) ?? m.field,
        kind(m.ownerKind),
        m.ownerName,
        level(m.targetLevel),
        statusLabel(lang, m.status),
        m.createdAt ? excelDay(localDay(m.createdAt as Date, tz)) : '',
        m.lastReportPeriod ? formatPeriod(m.lastReportPeriod) : '',
        m.progress ?? 0,
        m.reportCount ?? 0,
        last ? `${last.total}/${last.max}` : '',
        level(m.selectedLevel),
        m.honours?.length ?? 0,
        m.replicatedFrom ? (sourceCode.get(String(m.replicatedFrom)) ?? '') : '',
        m.replicationCount ?? 0,
        m.returnReason ?? '',
        people.get(String(m._id))?.count ?? 0,
        people.get(String(m._id))?.rating ?? '',
      ])
      .commit();
    counts.models++;
    for (const h of m.honours ?? []) {
      honourRows.push([
        m.code,
        m.title,
        unit,
        fieldName.get(m.field) ?? m.field,
        level(h.level),
        h.year,
        h.decisionNo,
        h.at ? excelDay(localDay(h.at, tz)) : '',
      ]);
    }
  }
  models.commit();

  const reports = sheet(wb, t('export-sheet-reports'), [
    [t('export-col-code'), 16],
    [t('export-col-title'), 40],
    [t('export-col-unit'), 28],
    [t('export-col-period'), 10],
    [t('export-col-submitted-on'), 14, DATE_FORMAT],
    [t('export-col-revision'), 9],
    [t('export-col-progress'), 12],
    [t('export-col-participants'), 14],
    [t('export-col-beneficiaries'), 14],
    [t('export-col-funds'), 20, '#,##0'],
    [t('export-col-evidence'), 12],
    [t('export-col-verification'), 18],
    [t('export-col-verification-note'), 30],
    [t('export-col-summary'), 50],
    [t('export-col-difficulties'), 40],
    [t('ev-col-archived'), 12],
    [t('ev-col-flags'), 36],
  ]);
  const reportMatch: Record<string, unknown> = {
    campaignId: req.campaign._id,
    unitPath: summary.unit.unitId,
  };
  if (req.filters?.periodKey) reportMatch.periodKey = req.filters.periodKey;
  const reportCursor = ProgressReport.find(reportMatch, {
    initiativeId: 1,
    periodKey: 1,
    submittedAt: 1,
    revision: 1,
    progress: 1,
    participants: 1,
    beneficiaries: 1,
    funds: 1,
    evidence: 1,
    verification: 1,
    verificationNote: 1,
    summary: 1,
    difficulties: 1,
  })
    .lean()
    .cursor({ batchSize: 1000 });
  for await (const r of reportCursor) {
    // Reports of models the field or owner-kind filter left out are skipped here.
    const ini = byId.get(String(r.initiativeId));
    if (!ini) continue;
    if (counts.reports >= maxReportRows) {
      counts.reportsLeftOut++;
      continue;
    }
    reports
      .addRow([
        ini.code,
        ini.title,
        ini.unit,
        formatPeriod(r.periodKey),
        excelDay(localDay(r.submittedAt, tz)),
        r.revision ?? 1,
        r.progress,
        r.participants,
        r.beneficiaries,
        r.funds ?? '',
        r.evidence?.length ?? 0,
        t(`review-verification-${r.verification}`),
        r.verificationNote ?? '',
        r.summary,
        r.difficulties ?? '',
        (r.evidence ?? []).filter((e) => e.archiveId).length,
        [...new Set((r.evidence ?? []).flatMap((e) => e.flags ?? []))]
          .map((f) => t(`ev-flag-name-${f}`))
          .join(', '),
      ])
      .commit();
    counts.reports++;
  }
  if (counts.reportsLeftOut > 0) {
    reports.addRow([t('export-truncated', { shown: counts.reports, rest: counts.reportsLeftOut })]).commit();
  }
  reports.commit();

  const honours = sheet(wb, t('export-sheet-honours'), [
    [t('export-col-code'), 16],
    [t('export-col-title'), 44],
    [t('export-col-unit'), 28],
    [t('export-col-field'), 26],
    [t('export-col-level'), 14],
    [t('export-col-year'), 8],
    [t('export-col-decision'), 20],
    [t('export-col-recorded-on'), 14, DATE_FORMAT],
  ]);
  for (const row of honourRows) {
    honours.addRow(row).commit();
    counts.honours++;
  }
  honours.commit();

  await wb.commit();
  return counts;
}

type Column = [header: string, width: number, numFmt?: string];

function sheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, name: string, columns: Column[]) {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map(([header, width, numFmt]) => ({
    header,
    width,
    ...(numFmt ? { style: { numFmt } } : {}),
  }));
  const head = ws.getRow(1);
  head.font = HEADER_FONT;
  head.fill = HEADER_FILL;
  head.alignment = { vertical: 'middle', wrapText: true };
  head.height = 30;
  head.commit();
  return ws;
}

function writeSummarySheet(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  s: Summary,
  lang: string,
  fieldName: Map<string, string>,
) {
  const t = translator(lang);
  const en = lang === 'en';
  const ws = wb.addWorksheet(t('export-sheet-summary'));
  ws.columns = [
    { width: 44 },
    { width: 14 },
    { width: 14 },
    { width: 14 },
    { width: 14 },
    { width: 16 },
    { width: 14 },
    { width: 12 },
    ...INITIATIVE_STATUSES.map(() => ({ width: 14 })),
  ];
  const add = (values: (string | number | null)[], font?: Partial<ExcelJS.Font>) => {
    const row = ws.addRow(values);
    if (font) row.font = font;
    row.commit();
    return row;
  };
  const header = (values: string[]) => {
    const row = ws.addRow(values);
    row.font = HEADER_FONT;
    row.alignment = { wrapText: true, vertical: 'middle' };
    values.forEach((_, i) => {
      row.getCell(i + 1).fill = HEADER_FILL;
    });
    row.commit();
  };
  const percent = (rate: number | null) => (rate === null ? null : Math.round(rate * 1000) / 10);

  add([t('export-title')], { bold: true, size: 14 });
  add([t('export-campaign'), s.campaign.name]);
  add([t('export-scope'), s.unit.name]);
  add([t('export-date'), formatDay(s.today)]);
  const filters: string[] = [];
  if (s.filters.field) filters.push(fieldName.get(s.filters.field) ?? s.filters.field);
  if (s.filters.ownerKind) filters.push(t(`owner-${s.filters.ownerKind}`));
  if (s.filters.periodKey) filters.push(formatPeriod(s.filters.periodKey));
  add([t('export-filters'), filters.length ? filters.join('; ') : t('export-filters-none')]);
  add([t('export-period'), formatPeriod(s.period.key)]);
  add([t('export-phase'), s.phase ? (en ? s.phase.nameEn || s.phase.name : s.phase.name) : '']);
  add([
    t('export-next-deadline'),
    s.nextDeadline
      ? `${formatDay(s.nextDeadline.due)}: ${s.nextDeadline.tasks.map((x) => (en ? x.titleEn || x.title : x.title)).join('; ')}`
      : '',
  ]);

  add([]);
  add([t('export-section-figures')], SECTION_FONT);
  header([t('export-col-indicator'), t('export-col-count')]);
  const figures: [string, number | null][] = [
    ['export-fig-models', s.totals.models],
    ['export-fig-effective', s.totals.effective],
    ['export-fig-honoured', s.totals.honoured],
    ['export-fig-collective', s.byOwnerKind.collective],
    ['export-fig-individual', s.byOwnerKind.individual],
    ['export-fig-open', s.totals.open],
    ['export-fig-reported', s.totals.reported],
    ['export-fig-rate', percent(s.totals.rate)],
    ['export-fig-overdue', s.totals.overdue],
    ['export-fig-withdrawn', s.totals.withdrawn],
  ];
  for (const [key, value] of figures) add([key === 'export-fig-rate' ? `${t(key)} (%)` : t(key), value]);

  add([]);
  add([t('export-section-status')], SECTION_FONT);
  header([t('export-col-status'), t('export-col-count')]);
  for (const st of INITIATIVE_STATUSES) add([statusLabel(lang, st), s.byStatus[st]]);

  add([]);
  add([t('export-section-field')], SECTION_FONT);
  header([t('export-col-field'), t('export-col-count')]);
  for (const f of s.byField) add([en ? f.nameEn || f.name : f.name, f.count]);

  const figureCells = (g: GroupFigures) => [
    g.models,
    g.effective,
    g.honoured,
    g.open,
    g.reported,
    percent(g.rate),
    g.overdue,
  ];
  const figureHeaders = [
    t('export-col-models'),
    t('export-col-effective'),
    t('export-col-honoured'),
    t('export-col-open'),
    t('export-col-reported'),
    `${t('export-col-rate')} (%)`,
    t('export-col-overdue'),
  ];
  if (s.pilot) {
    add([]);
    add([t('export-section-pilot')], SECTION_FONT);
    header([t('export-col-group'), ...figureHeaders]);
    add([t('export-pilot-row', { name: s.pilot.name }), ...figureCells(s.pilot.pilot)]);
    add([t('export-rest-row'), ...figureCells(s.pilot.rest)]);
  }

  add([]);
  add([t('export-section-units')], SECTION_FONT);
  header([t('export-col-unit'), ...figureHeaders, ...INITIATIVE_STATUSES.map((st) => statusLabel(lang, st))]);
  for (const r of s.byChild) {
    add([
      r.direct ? t('export-direct', { name: r.name }) : r.name,
      ...figureCells(r),
      ...INITIATIVE_STATUSES.map((st) => r.byStatus[st]),
    ]);
  }
  ws.commit();
}
