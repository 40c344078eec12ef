import { PassThrough, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import {
  CouncilScore,
  Initiative,
  type InitiativeDoc,
  Nomination,
  ProgressReport,
  type ProgressReportDoc,
  Round,
  type RoundDoc,
  Unit,
} from '../db/models/index.ts';
import { type Day, formatDay, localDay } from '../domain/calendar.ts';
import { type Cell, cellValue, type FormField, type ShowEnv, showEnv } from '../domain/forms/field.ts';
import { registrationForm } from '../domain/forms/registration.ts';
import { reportForm } from '../domain/forms/report.ts';
import { reviewActionForms } from '../domain/forms/review-actions.ts';
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
  /** Round sheets (one per round organised in scope). */
  rounds: number;
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
  const sources = await Initiative.find({ _id: { $in: sourceIds } }, { code: 1, title: 1 }).lean();
  // The names the table's parts show: units, the campaign's fields, the models replicated from.
  const env = showEnv(t, lang, {
    fields: req.campaign.fields,
    units: unitName,
    models: new Map(sources.map((s) => [String(s._id), { code: s.code, title: s.title }])),
  });

  // The people's confirmations (issue 13), one read for the campaign.
  const people = await confirmationStatsByModel(req.campaign._id);
  // Every part of the registration as the cadre wrote it (from its form table; a part added to
  // the table gets the last column), among what the workflow added.
  const modelColumns = layout<InitiativeDoc>(
    [
      [[t('export-col-code'), 16], (m) => m.code],
      'title',
      'unitId',
      [[t('export-col-unit-code'), 18], (m) => unitCode.get(String(m.unitId)) ?? ''],
      'field',
      'ownerKind',
      'ownerName',
      'targetLevel',
      [[t('export-col-status'), 20], (m) => statusLabel(lang, m.status)],
      [
        [t('export-col-registered-on'), 14, DATE_FORMAT],
        (m) => (m.createdAt ? excelDay(localDay(m.createdAt as Date, tz)) : ''),
      ],
      [
        [t('export-col-last-period'), 14],
        (m) => (m.lastReportPeriod ? formatPeriod(m.lastReportPeriod) : ''),
      ],
      [[t('export-col-progress'), 12], (m) => m.progress ?? 0],
      [[t('export-col-report-count'), 11], (m) => m.reportCount ?? 0],
      [
        [t('export-col-appraisal'), 14],
        (m) => {
          const last = m.appraisals?.at(-1);
          return last ? `${last.total}/${last.max}` : '';
        },
      ],
      [[t('export-col-selected-level'), 14], (m) => level(m.selectedLevel)],
      [[t('export-col-honour-count'), 14], (m) => m.honours?.length ?? 0],
      'replicatedFrom',
      [[t('export-col-replication-count'), 14], (m) => m.replicationCount ?? 0],
      'returnReason',
      [[t('ev-col-confirmations'), 14], (m) => people.get(String(m._id))?.count ?? 0],
      [[t('ev-col-rating'), 12], (m) => people.get(String(m._id))?.rating ?? ''],
    ],
    // The return's answers (its reason) as the review-action table names and shows them.
    exported([...registrationForm, ...reviewActionForms.return]),
    t,
    env,
  );
  const models = sheet(wb, t('export-sheet-models'), modelColumns.columns);
  const indicatorRows: (string | number)[][] = [];

  interface ModelRef {
    code: string;
    title: string;
    unit: string;
  }
  const byId = new Map<string, ModelRef>();
  const honourRows: (string | number | Date)[][] = [];
  const counts: ExportCounts = { models: 0, reports: 0, honours: 0, reportsLeftOut: 0, rounds: 0 };
  const cursor = Initiative.find(
    match,
    projection([
      ...[...registrationForm, ...reviewActionForms.return].map((f) => f.key),
      'code',
      'title',
      'unitId',
      'field',
      'status',
      'createdAt',
      'lastReportPeriod',
      'progress',
      'reportCount',
      'appraisals',
      'selectedLevel',
      'honours',
      'replicationCount',
      'indicators',
    ]),
  )
    .sort({ code: 1 })
    .lean<InitiativeDoc>()
    .cursor();
  for await (const m of cursor) {
    const unit = unitName.get(String(m.unitId)) ?? '';
    byId.set(String(m._id), { code: m.code, title: m.title, unit });
    models.addRow(modelColumns.row(m)).commit();
    counts.models++;
    for (const i of m.indicators ?? []) {
      indicatorRows.push([
        m.code,
        m.title,
        unit,
        i.name,
        i.unit,
        i.target,
        i.current ?? '',
        i.current != null && i.target > 0 ? Math.round((i.current / i.target) * 1000) / 10 : '',
      ]);
    }
    for (const h of m.honours ?? []) {
      honourRows.push([
        m.code,
        m.title,
        unit,
        fieldName.get(m.field) ?? m.field,
        level(h.level),
        h.year,
        h.decisionNo,
        h.decisionDate ? excelDay(h.decisionDate) : '',
        h.at ? excelDay(localDay(h.at, tz)) : '',
        // An honour entered as given before the campaign (honoured-before.ts), not by a round.
        h.beforeCampaign ? t('common-yes') : '',
      ]);
    }
  }
  models.commit();

  // The model, every part of the report (from its form table; a part added to the table gets the
  // last column), among what review added.
  const modelOf = (r: ProgressReportDoc) => byId.get(String(r.initiativeId))!;
  const reportColumns = layout<ProgressReportDoc>(
    [
      [[t('export-col-code'), 16], (r) => modelOf(r).code],
      [[t('export-col-title'), 40], (r) => modelOf(r).title],
      [[t('export-col-unit'), 28], (r) => modelOf(r).unit],
      'periodKey',
      [[t('export-col-submitted-on'), 14, DATE_FORMAT], (r) => excelDay(localDay(r.submittedAt, tz))],
      [[t('export-col-revision'), 9], (r) => r.revision ?? 1],
      'progress',
      'participants',
      'beneficiaries',
      'funds',
      'evidence',
      [[t('export-col-verification'), 18], (r) => t(`review-verification-${r.verification}`)],
      'verificationNote',
      'summary',
      'difficulties',
      [[t('ev-col-archived'), 12], (r) => (r.evidence ?? []).filter((e) => e.archiveId).length],
      [
        [t('ev-col-flags'), 36],
        (r) =>
          [...new Set((r.evidence ?? []).flatMap((e) => e.flags ?? []))]
            .map((f) => t(`ev-flag-name-${f}`))
            .join(', '),
      ],
      'activities',
      'indicatorValues',
      [
        [t('export-col-verified-on'), 14, DATE_FORMAT],
        (r) => (r.verifiedAt ? excelDay(localDay(r.verifiedAt, tz)) : ''),
      ],
    ],
    exported([...reportForm, ...reviewActionForms.question]),
    t,
    env,
  );
  const reports = sheet(wb, t('export-sheet-reports'), reportColumns.columns);
  const reportMatch: Record<string, unknown> = {
    campaignId: req.campaign._id,
    unitPath: summary.unit.unitId,
  };
  if (req.filters?.periodKey) reportMatch.periodKey = req.filters.periodKey;
  const reportCursor = ProgressReport.find(
    reportMatch,
    projection([
      ...[...reportForm, ...reviewActionForms.question].map((f) => f.key),
      'initiativeId',
      'submittedAt',
      'revision',
      'evidence',
      'verification',
      'verifiedAt',
    ]),
  )
    .lean<ProgressReportDoc>()
    .cursor({ batchSize: 1000 });
  for await (const r of reportCursor) {
    // Reports of models the field or owner-kind filter left out are skipped here.
    const ini = byId.get(String(r.initiativeId));
    if (!ini) continue;
    if (counts.reports >= maxReportRows) {
      counts.reportsLeftOut++;
      continue;
    }
    reports.addRow(reportColumns.row(r)).commit();
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
    [t('export-col-decision-date'), 14, DATE_FORMAT],
    [t('export-col-recorded-on'), 14, DATE_FORMAT],
    [t('export-col-before-campaign'), 14],
  ]);
  for (const row of honourRows) {
    honours.addRow(row).commit();
    counts.honours++;
  }
  honours.commit();

  const indicators = sheet(wb, t('export-sheet-indicators'), [
    [t('export-col-code'), 16],
    [t('export-col-title'), 40],
    [t('export-col-unit'), 28],
    [t('export-col-indicator'), 40],
    [t('export-col-measure'), 12],
    [t('export-col-target'), 12, '#,##0.##'],
    [t('export-col-latest-value'), 14, '#,##0.##'],
    [t('export-col-target-reached'), 14],
  ]);
  for (const row of indicatorRows) indicators.addRow(row).commit();
  indicators.commit();

  counts.rounds = await writeRoundSheets(wb, req, summary.unit.unitId, byId, lang, tz);

  await wb.commit();
  return counts;
}

type Column = [header: string, width: number, numFmt?: string];

type ExportedField = FormField<never> & { export: NonNullable<Exclude<FormField['export'], false>> };

/** The parts of a form table that have a column, in table order. */
function exported(form: readonly FormField<never>[]): ExportedField[] {
  return form.filter((f): f is ExportedField => f.export !== false);
}

const NUM_FMT = { date: DATE_FORMAT, money: '#,##0', number: '#,##0.##' } as const;

/** A part's column: its header (the export key, else its label), width and number format. */
function column(f: ExportedField, t: (key: string) => string): Column {
  const fmt = f.export.format ? NUM_FMT[f.export.format] : undefined;
  return [t(f.export.key ?? f.labelKey), f.export.width, ...(fmt ? [fmt] : [])] as Column;
}

/** A column of a sheet: a part of a form table (its key), or a column of its own with its value. */
type Slot<R> = string | [Column, (record: R) => Cell];

/**
 * A sheet's columns and rows: the slots in order, each part named by key taking its header, width
 * and cell from its table entry; a part of the table no slot names (one added later) follows at
 * the end, in table order, so it is never left out.
 */
function layout<R>(slots: Slot<R>[], form: ExportedField[], t: (key: string) => string, env: ShowEnv) {
  const byKey = new Map(form.map((f) => [f.key, f]));
  const named = slots.filter((s) => typeof s !== 'string' || byKey.has(s));
  const all = [...named, ...form.filter((f) => !slots.includes(f.key)).map((f) => f.key)];
  return {
    columns: all.map((s) => (typeof s === 'string' ? column(byKey.get(s)!, t) : s[0])),
    row: (record: R): Cell[] =>
      all.map((s) =>
        typeof s === 'string'
          ? cellValue(byKey.get(s)!, (record as Record<string, unknown>)[s], env)
          : s[1](record),
      ),
  };
}

/** A projection of these paths. */
function projection(paths: string[]): Record<string, 1> {
  return Object.fromEntries(paths.map((p) => [p, 1 as const]));
}

/** Excel sheet names: at most 31 characters, none of `[]:*?/\`, unique in the workbook. */
function sheetName(wanted: string, taken: Set<string>): string {
  const base = wanted
    .replace(/[[\]:*?/\\]/g, '-')
    .slice(0, 31)
    .trim();
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++)
    name = `${base.slice(0, 31 - String(n).length - 1)} ${n}`;
  taken.add(name.toLowerCase());
  return name;
}

/**
 * One sheet per round (models/round.ts) organised by a unit in scope: what the round was (level,
 * unit, quota, dates, council, decision), then its nominees ranked by the mean of the council's
 * totals, each member's total in a column of its own, the outcome and the honour.
 */
async function writeRoundSheets(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  req: ExportRequest,
  scopeUnitId: string,
  models: Map<string, { code: string; title: string; unit: string }>,
  lang: string,
  tz: string,
): Promise<number> {
  const t = translator(lang);
  const en = lang === 'en';
  const level = (code: string | null | undefined) => (code ? t(`level-${code}`) : '');
  const env = showEnv(t, lang);
  const rounds = await Round.find({ campaignId: req.campaign._id, unitPath: scopeUnitId })
    .sort({ opensOn: 1, unitName: 1 })
    .lean<RoundDoc[]>();
  const taken = new Set(
    [
      'export-sheet-summary',
      'export-sheet-models',
      'export-sheet-reports',
      'export-sheet-honours',
      'export-sheet-indicators',
    ].map((k) => t(k).toLowerCase()),
  );
  for (const r of rounds) {
    const [nominations, scores] = await Promise.all([
      Nomination.find({ roundId: r._id }).lean(),
      CouncilScore.find({ roundId: r._id }).sort({ at: 1 }).lean(),
    ]);
    const roundName = (en && r.nameEn) || r.name;
    const ws = wb.addWorksheet(sheetName(`${roundName} · ${r.unitName}`, taken));
    ws.columns = [
      { width: 8 },
      { width: 16 },
      { width: 44 },
      { width: 28 },
      { width: 28 },
      { width: 14 },
      { width: 12 },
      { width: 12 },
      { width: 16 },
      { width: 14 },
      ...r.council.map(() => ({ width: 14 })),
    ];
    const add = (values: (string | number | Date | null)[], font?: Partial<ExcelJS.Font>) => {
      const row = ws.addRow(values);
      if (font) row.font = font;
      row.commit();
    };
    const day = (d: string | null | undefined) => (d ? excelDay(d) : '');
    add([roundName], { bold: true, size: 14 });
    add([t('export-round-level'), level(r.targetLevel)]);
    add([t('export-round-unit'), r.unitName]);
    add([t('export-round-occasion'), r.occasion ?? 1]);
    add([t('export-round-quota'), r.quota ?? 0]);
    add([t('export-round-opens'), day(r.opensOn)]);
    add([t('export-round-closes'), day(r.closesOn)]);
    add([t('export-round-conference'), day(r.conferenceOn)]);
    add([t('export-round-chair'), r.chairName ?? '']);
    add([t('export-round-council'), r.council.map((m) => m.name).join('; ')]);
    add([t('export-round-status'), t(`export-round-status-${r.status}`)]);
    // The decision (number, date) as the review-action table names and writes it.
    for (const f of exported(reviewActionForms.decide))
      add([
        t(f.export.key ?? f.labelKey),
        cellValue(f, (r as unknown as Record<string, unknown>)[f.key], env),
      ]);
    add([]);

    // Each nominee's mean of the members' totals; every score kept, one column per member.
    const byModel = new Map<string, Map<string, number>>();
    let max = 0;
    for (const s of scores) {
      const k = String(s.initiativeId);
      if (!byModel.has(k)) byModel.set(k, new Map());
      byModel.get(k)!.set(String(s.memberId), s.total);
      max = Math.max(max, s.max);
    }
    const mean = (id: string) => {
      const totals = [...(byModel.get(id)?.values() ?? [])];
      return totals.length
        ? Math.round((totals.reduce((a, b) => a + b, 0) / totals.length) * 100) / 100
        : null;
    };
    const ranked = nominations
      .map((n) => ({ n, mean: mean(String(n.initiativeId)) }))
      .sort((a, b) => (b.mean ?? -1) - (a.mean ?? -1) || a.n.code.localeCompare(b.n.code));
    const head = ws.addRow([
      t('export-col-rank'),
      t('export-col-code'),
      t('export-col-title'),
      t('export-col-unit'),
      t('export-col-owner-name'),
      t('export-col-nominated-on'),
      t('export-col-mean-score'),
      t('export-col-max-score'),
      t('export-col-outcome'),
      t('export-col-honoured-on'),
      ...r.council.map((m) => t('export-col-member-score', { name: m.name })),
    ]);
    head.font = HEADER_FONT;
    head.alignment = { wrapText: true, vertical: 'middle' };
    head.eachCell((c) => {
      c.fill = HEADER_FILL;
    });
    head.commit();
    ranked.forEach(({ n, mean: m }, i) => {
      const member = byModel.get(String(n.initiativeId));
      const row = ws.addRow([
        m === null ? '' : i + 1,
        n.code,
        n.title,
        models.get(String(n.initiativeId))?.unit ?? '',
        n.ownerName ?? '',
        n.nominatedAt ? excelDay(localDay(n.nominatedAt, tz)) : '',
        m ?? '',
        m === null ? '' : max,
        t(`export-outcome-${n.outcome}`),
        n.honouredAt ? excelDay(localDay(n.honouredAt, tz)) : '',
        ...r.council.map((c) => member?.get(String(c.userId)) ?? ''),
      ]);
      row.getCell(6).numFmt = DATE_FORMAT;
      row.getCell(10).numFmt = DATE_FORMAT;
      row.commit();
    });
    ws.commit();
  }
  return rounds.length;
}

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
