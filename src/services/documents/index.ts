import type { CampaignDoc } from '../../db/models/index.ts';
import { Campaign, Unit } from '../../db/models/index.ts';
import { type Day, formatDay } from '../../domain/calendar.ts';
import type { Principal } from '../../domain/permissions.ts';
import { formatPeriod } from '../../domain/phases.ts';
import { type Translate, translator } from '../../i18n.ts';
import { resolveSummaryScope } from '../summaries.ts';
import {
  commendationList,
  honouringRounds,
  type ListedModel,
  modelList,
  type RoundReportFigures,
  roundReportFigures,
  type ScopeUnit,
} from './figures.ts';
import {
  BLANK_NUMBER,
  dateWords,
  formatNumber,
  formatPercent,
  LAYOUTS,
  type LayoutName,
  parentBodyOf,
  placeOf,
  ratio,
  unitKindWord,
} from './format.ts';
import { type Block, type DocumentSpec, renderDocument } from './layout.ts';

export { DocumentError, honouringRounds } from './figures.ts';

/**
 * The three official documents of issue 11 as Word files: the report of a round (sơ kết or tổng
 * kết) for a scope, the list of proposed commendations of a round, the list of a scope's models.
 * Figures from figures.ts, words from the locale files (`doc-*`), layout from layout.ts with the
 * campaign's settings (`Campaign.documents`: Party or State layout, issuer, symbol, signer).
 * Permission is the caller's to check first (`documentScope`): nothing here filters by person.
 */

export const DOCUMENT_KINDS = ['report', 'commendation', 'models'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export interface DocumentRequest {
  kind: DocumentKind;
  campaign: CampaignDoc;
  scopeUnitId: string;
  /** The round (its definition's code) of a report or a commendation list. */
  defCode?: string | null;
  /** The day the document is drafted (the date line); figures are taken on it, or on the last day of an ended campaign. */
  today: Day;
  timeZone: string;
  /** The number the office gave it; blank by default (a draft is numbered when issued). */
  number?: string | null;
  /** Overrides the campaign's layout. */
  format?: LayoutName | null;
  lang?: string;
}

export interface BuiltDocument {
  buffer: Buffer;
  fileName: string;
  /** What it is, for a caption: "báo cáo sơ kết". */
  what: string;
  unitName: string;
}

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'];

/** The campaign's settings with their defaults (campaigns stored before the settings existed have none). */
function settingsOf(campaign: CampaignDoc) {
  const d = (campaign as { documents?: Partial<NonNullable<CampaignDoc['documents']>> }).documents ?? {};
  return {
    format: (d.format ?? 'party') as LayoutName,
    parentName: d.parentName ?? '',
    bodyName: d.bodyName || 'BAN CHỈ ĐẠO PHONG TRÀO THI ĐUA "DÂN VẬN KHÉO"',
    symbol: d.symbol || 'BCĐ',
    place: d.place ?? '',
    signerAuthority: d.signerAuthority || 'T/M BAN CHỈ ĐẠO',
    signerTitle: d.signerTitle || 'TRƯỞNG BAN',
    signerName: d.signerName ?? '',
    recipients: d.recipients ?? [],
  };
}

/** A file name without diacritics: `bao-cao-so-ket-kg-chau-thanh-2026-12-02.docx`. */
function fileName(what: string, unitCode: string, today: Day): string {
  const ascii = what
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `${ascii}-${unitCode}-${today}.docx`;
}

/** Header, date line, signer and recipients: the same for every document of a scope. */
function frame(campaign: CampaignDoc, scope: ScopeUnit, req: DocumentRequest, kindCode: string) {
  const s = settingsOf(campaign);
  const layout = LAYOUTS[req.format ?? s.format];
  const t = translator(req.lang ?? 'vi');
  const parent = scope.root && s.parentName ? s.parentName : parentBodyOf(scope.name, layout.name);
  const place = (scope.root && s.place) || placeOf(scope.name);
  const when = dateWords(req.today);
  const recipients = s.recipients.length
    ? s.recipients
    : [
        t('doc-recipient-parent', { parent }),
        t('doc-recipient-members'),
        t(`doc-recipient-archive-${layout.name}`),
      ];
  return {
    layout,
    t,
    n: (x: number) => formatNumber(x, req.lang),
    pct: (x: number | null) => formatPercent(x, req.lang),
    parent,
    body: s.bodyName.toLocaleUpperCase('vi-VN'),
    numberLine: layout.numberLine(req.number?.trim() || BLANK_NUMBER, kindCode, s.symbol),
    dateLine: t('doc-date-line', { place, ...when }),
    signer: { authority: s.signerAuthority, title: s.signerTitle, name: s.signerName },
    recipientsLabel: t('doc-recipients'),
    recipients,
  };
}

type Frame = ReturnType<typeof frame>;

function levelName(t: Frame['t'], level: string): string {
  const key = `doc-level-${level}`;
  const v = t(key);
  return v === key ? level : v;
}

// ---------------------------------------------------------------------------------------------
// The report

function reportContent(f: RoundReportFigures, fr: Frame): Block[] {
  const { t, n, pct } = fr;
  const s = f.summary;
  const kind = unitKindWord(f.scope.name);
  const whole = kind ? t('doc-whole', { kind }) : f.scope.name;
  const total = s.totals.models;
  const before = f.registeredBeforeOpening;
  const opened = formatDay(f.def.opensOn);
  const change =
    before === 0
      ? t('doc-s-change-none', { date: opened })
      : total > before
        ? t('doc-s-change-up', { pct: pct((total - before) / before), date: opened, before: n(before) })
        : t('doc-s-change-same', { date: opened });
  const blocks: Block[] = [
    { type: 'heading', text: t('doc-part-results') },
    { type: 'heading', text: t('doc-sec-registered') },
    { type: 'para', text: t('doc-s-registered', { whole, count: n(total), change }) },
    {
      type: 'para',
      text: t('doc-s-levels', {
        list: f.byLevel
          .map((l) => t('doc-s-level-item', { level: levelName(t, l.level), count: n(l.count) }))
          .join(', '),
        collective: n(s.byOwnerKind.collective),
        individual: n(s.byOwnerKind.individual),
      }),
    },
    {
      type: 'para',
      text: t('doc-s-fields', {
        list: s.byField
          .map((x) =>
            t('doc-s-field-item', { name: x.name, count: n(x.count), pct: pct(ratio(x.count, total)) }),
          )
          .join('; '),
      }),
    },
    { type: 'heading', text: t('doc-sec-reports') },
    {
      type: 'para',
      text: t('doc-s-reporting', {
        period: formatPeriod(f.reports.period),
        reported: n(s.totals.reported),
        open: n(s.totals.open),
        rate: pct(s.totals.rate),
        verified: n(f.reports.verified),
        sent: n(f.reports.sent),
        vrate: pct(ratio(f.reports.verified, f.reports.sent)),
      }),
    },
    {
      type: 'para',
      text: t('doc-s-effective', {
        effective: n(s.totals.effective),
        window: n(s.effectiveWindow),
        overdue: n(s.totals.overdue),
        previous: formatPeriod(s.period.previous),
      }),
    },
    {
      type: 'para',
      text: t('doc-s-honoured-total', { honoured: n(s.totals.honoured), replications: n(f.replications) }),
    },
    { type: 'heading', text: t('doc-sec-round') },
    {
      type: 'para',
      text:
        f.round.nominated === 0
          ? t('doc-s-round-none', { round: f.def.name })
          : t('doc-s-round', {
              round: f.def.name,
              nominated: n(f.round.nominated),
              selected: n(f.round.selected),
              honoured: n(f.round.honoured),
            }),
    },
    ...(f.round.decisions.length
      ? [
          {
            type: 'para',
            text: t('doc-s-decisions', {
              list: f.round.decisions
                .map((d) =>
                  t('doc-s-decision', {
                    number: d.decisionNo,
                    date: d.decisionDate ? formatDay(d.decisionDate) : '—',
                    unit: d.unitName,
                  }),
                )
                .join('; '),
            }),
          } satisfies Block,
        ]
      : []),
  ];
  let section = 4;
  if (s.pilot) {
    blocks.push({ type: 'heading', text: t('doc-sec-pilot') });
    blocks.push({
      type: 'para',
      text: t('doc-s-pilot', {
        name: s.pilot.name,
        models: n(s.pilot.pilot.models),
        effective: n(s.pilot.pilot.effective),
        rate: pct(s.pilot.pilot.rate),
        restModels: n(s.pilot.rest.models),
        restEffective: n(s.pilot.rest.effective),
        restRate: pct(s.pilot.rest.rate),
      }),
    });
    section = 5;
  }
  if (f.children.length) {
    blocks.push({ type: 'heading', text: t('doc-sec-units', { n: section }) });
    const rows = f.children.map((c, i) => [
      String(i + 1),
      c.direct ? t('doc-unit-direct', { name: c.name }) : c.name,
      n(c.models),
      n(c.effective),
      pct(c.rate),
      n(c.nominated),
      n(c.honouredInRound),
      n(c.honoured),
    ]);
    rows.push([
      '',
      t('doc-total'),
      n(s.totals.models),
      n(s.totals.effective),
      pct(s.totals.rate),
      n(f.round.nominated),
      n(f.round.honoured),
      n(s.totals.honoured),
    ]);
    blocks.push({
      type: 'table',
      columns: [
        { title: t('doc-th-stt'), width: 6 },
        { title: t('doc-th-unit'), width: 28, align: 'left' },
        { title: t('doc-th-models'), width: 11, align: 'right' },
        { title: t('doc-th-effective'), width: 10, align: 'right' },
        { title: t('doc-th-rate'), width: 11, align: 'right' },
        { title: t('doc-th-nominated'), width: 11, align: 'right' },
        { title: t('doc-th-honoured-round'), width: 12, align: 'right' },
        { title: t('doc-th-honoured'), width: 11, align: 'right' },
      ],
      rows,
      bold: [rows.length - 1],
    });
  }
  blocks.push(
    { type: 'heading', text: t('doc-part-assessment') },
    { type: 'heading', text: t('doc-sec-strengths') },
    { type: 'para', text: t('doc-staff-writes'), italics: true },
    { type: 'heading', text: t('doc-sec-limits') },
    { type: 'para', text: t('doc-staff-writes'), italics: true },
    { type: 'heading', text: t('doc-part-direction') },
    { type: 'para', text: t('doc-staff-writes'), italics: true },
    {
      type: 'para',
      text: t('doc-closing', { what: t(`vb-what-report-${f.kind}`), unit: f.scope.name }),
    },
  );
  return blocks;
}

// ---------------------------------------------------------------------------------------------

/** A table's column: its heading (`doc-th-<key>`), its share of the width, its alignment (centred by default). */
type Column = [key: string, width: number, align?: 'left' | 'right'];

/** A list's table under its headings, or a line saying there is nothing to list. */
function listTable(t: Translate, columns: Column[], rows: string[][], spans?: number[]): Block {
  if (rows.length === 0) return { type: 'para', text: t('doc-list-empty'), italics: true };
  return {
    type: 'table',
    columns: columns.map(([key, width, align]) => ({
      title: t(`doc-th-${key}`),
      width,
      ...(align ? { align } : {}),
    })),
    rows,
    ...(spans ? { spans } : {}),
  };
}

/** "Collective: Chi hội …" as both lists name a model's owner. */
function ownerText(t: Translate, m: ListedModel): string {
  return t('doc-owner', { kind: t(`owner-${m.ownerKind}`), name: m.ownerName });
}

/** The document's spec from its frame and content, rendered, with its file name. */
async function finish(
  fr: Frame,
  req: DocumentRequest,
  scope: ScopeUnit,
  o: { what: string; kind: string; subject: string[]; content: Block[] },
): Promise<BuiltDocument> {
  const spec: DocumentSpec = { ...fr, ...o, title: `${o.what} – ${scope.name}` };
  return {
    buffer: await renderDocument(spec),
    fileName: fileName(o.what, scope.code, req.today),
    what: o.what,
    unitName: scope.name,
  };
}

/** Builds one document (figures, words, layout). */
export async function buildDocument(req: DocumentRequest): Promise<BuiltDocument> {
  const { campaign } = req;
  const figuresDay = [req.today, campaign.end].sort()[0]!;
  if (req.kind === 'report') {
    const f = await roundReportFigures({
      campaign,
      defCode: req.defCode ?? '',
      scopeUnitId: req.scopeUnitId,
      today: figuresDay,
      timeZone: req.timeZone,
    });
    const fr = frame(campaign, f.scope, req, 'BC');
    const what = translator(req.lang ?? 'vi')(`vb-what-report-${f.kind}`);
    return finish(fr, req, f.scope, {
      what,
      kind: fr.t('doc-kind-report'),
      subject: [fr.t(`doc-subject-${f.kind}`), fr.t('doc-subject-round', { round: f.def.name })],
      content: reportContent(f, fr),
    });
  }
  if (req.kind === 'commendation') {
    const list = await commendationList({
      campaign,
      defCode: req.defCode ?? '',
      scopeUnitId: req.scopeUnitId,
    });
    const fr = frame(campaign, list.scope, req, 'DS');
    const { t, n } = fr;
    const what = t('vb-what-commendation');
    const rows: string[][] = [];
    const spans: number[] = [];
    const count = list.groups.reduce((a, g) => a + g.rows.length, 0);
    list.groups.forEach((g, gi) => {
      const honour = t('doc-honour', { level: levelName(t, list.def.targetLevel), occasion: g.occasion });
      spans.push(rows.length);
      rows.push([t('doc-group', { roman: ROMAN[gi] ?? String(gi + 1), honour, count: n(g.rows.length) })]);
      for (const [i, r] of g.rows.entries())
        rows.push([
          String(i + 1),
          `${r.title} (${r.code})`,
          ownerText(t, r),
          r.unitName,
          r.field,
          r.score === null
            ? '—'
            : r.scoreMax
              ? t('doc-score', { score: n(r.score), max: n(r.scoreMax) })
              : n(r.score),
          honour,
        ]);
    });
    const content: Block[] = [
      {
        type: 'para',
        text: t('doc-list-intro-commendation', {
          round: list.def.name,
          unit: list.scope.name,
          count: n(count),
        }),
      },
      listTable(
        t,
        [
          ['stt', 6],
          ['model', 26, 'left'],
          ['owner', 20, 'left'],
          ['unit', 14, 'left'],
          ['field', 11, 'left'],
          ['score', 10],
          ['honour', 13, 'left'],
        ],
        rows,
        spans,
      ),
    ];
    return finish(fr, req, list.scope, {
      what,
      kind: t('doc-kind-list'),
      subject: [t('doc-subject-commendation'), t('doc-subject-round', { round: list.def.name })],
      content,
    });
  }
  const list = await modelList({ campaign, scopeUnitId: req.scopeUnitId });
  const fr = frame(campaign, list.scope, req, 'DS');
  const { t, n } = fr;
  const what = t('vb-what-models');
  const content: Block[] = [
    { type: 'para', text: t('doc-list-intro-models', { unit: list.scope.name, count: n(list.rows.length) }) },
    listTable(
      t,
      [
        ['stt', 6],
        ['code', 13, 'left'],
        ['model', 25, 'left'],
        ['owner', 18, 'left'],
        ['unit', 13, 'left'],
        ['field', 10, 'left'],
        ['level', 7],
        ['status', 11, 'left'],
      ],
      list.rows.map((r, i) => [
        String(i + 1),
        r.code,
        r.title,
        ownerText(t, r),
        r.unitName,
        r.field,
        levelName(t, r.targetLevel),
        t(`status-${r.status}`),
      ]),
    ),
  ];
  return finish(fr, req, list.scope, {
    what,
    kind: t('doc-kind-list'),
    subject: [
      t('doc-subject-models'),
      t('doc-subject-scope', { campaign: campaign.name, unit: list.scope.name }),
    ],
    content,
  });
}

// ---------------------------------------------------------------------------------------------
// For the chat: where a person may draft, checked before anything is shown.

export interface DocumentScopes {
  /** The unit whose subtree this person may draft for, and its active child units. */
  scope: { id: string; name: string };
  children: { id: string; name: string }[];
}

/**
 * The scope a coordinator or board member may draft documents for in this campaign (the same
 * rule as the workbook: `export.create` on the unit), or null. With `unitId`, that unit if it lies
 * in their scope.
 */
export async function documentScope(
  p: Principal,
  campaign: CampaignDoc,
  unitId?: string | null,
): Promise<string | null> {
  const r = await resolveSummaryScope(p, campaign, unitId ? { unitId } : {}, 'export.create');
  if (!r.ok) return null;
  return unitId ?? r.scopeUnitId;
}

export async function documentScopes(
  scopeUnitId: string,
  page: { offset: number; limit: number },
): Promise<DocumentScopes & { total: number }> {
  const [scope, children] = await Promise.all([
    Unit.findById(scopeUnitId, { name: 1 }).lean(),
    Unit.find({ parentId: scopeUnitId, active: true }, { name: 1 }).sort({ order: 1, name: 1 }).lean(),
  ]);
  return {
    scope: { id: scopeUnitId, name: scope?.name ?? '' },
    children: children
      .slice(page.offset, page.offset + page.limit)
      .map((u) => ({ id: String(u._id), name: u.name })),
    total: children.length,
  };
}

// ---------------------------------------------------------------------------------------------
// For the operator (`npm run admin -- documents …`): campaign and unit by their codes.

export class DocumentRequestError extends Error {}

export async function documentByCodes(req: {
  kind: DocumentKind;
  campaignCode: string;
  unitCode?: string | null;
  roundCode?: string | null;
  today: Day;
  timeZone: string;
  number?: string | null;
  format?: LayoutName | null;
  lang?: string;
}): Promise<BuiltDocument> {
  const campaign = await Campaign.findOne({ code: req.campaignCode }).lean<CampaignDoc>();
  if (!campaign) throw new DocumentRequestError(`no campaign with code ${req.campaignCode}`);
  const unit = req.unitCode
    ? await Unit.findOne({ code: req.unitCode }, { path: 1 }).lean()
    : await Unit.findById(campaign.rootUnitId, { path: 1 }).lean();
  if (!unit) throw new DocumentRequestError(`no unit with code ${req.unitCode}`);
  if (!unit.path.some((id) => id.equals(campaign.rootUnitId)))
    throw new DocumentRequestError(`unit ${req.unitCode} is not in campaign ${campaign.code}`);
  const rounds = honouringRounds(campaign).map((r) => r.code);
  if (req.kind !== 'models' && !rounds.includes(req.roundCode ?? ''))
    throw new DocumentRequestError(
      `--round must name an honouring round of ${campaign.code}: ${rounds.join(', ') || '(none)'}`,
    );
  return buildDocument({
    kind: req.kind,
    campaign,
    scopeUnitId: String(unit._id),
    defCode: req.roundCode ?? null,
    today: req.today,
    timeZone: req.timeZone,
    number: req.number ?? null,
    format: req.format ?? null,
    lang: req.lang,
  });
}
