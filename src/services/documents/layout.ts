import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableBorders,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';
import type { Layout } from './format.ts';

/**
 * An official document laid out with the `docx` library (never XML written by hand): the header
 * block (issuer and number on the left, the motto and the date on the right), the kind and subject,
 * the content (headings, paragraphs, tables), then recipients and the signature side by side.
 * Sizes, margins and positions come from the layout (format.ts: Party or State).
 */

export type Block =
  | { type: 'heading'; text: string }
  | { type: 'para'; text: string; italics?: boolean }
  | {
      type: 'table';
      columns: { title: string; width: number; align?: 'left' | 'center' | 'right' }[];
      rows: string[][];
      /** Rows (by index) written in bold: totals, group headings. */
      bold?: number[];
      /** Rows whose first cell spans the whole table (a group's heading). */
      spans?: number[];
    };

export interface DocumentSpec {
  layout: Layout;
  /** The issuer's parent body and the issuer, upper case. */
  parent: string;
  body: string;
  numberLine: string;
  dateLine: string;
  /** "BÁO CÁO", "DANH SÁCH". */
  kind: string;
  subject: string[];
  content: Block[];
  signer: { authority: string; title: string; name: string };
  recipientsLabel: string;
  recipients: string[];
  /** Core properties of the package (docProps/core.xml). */
  title: string;
}

const FONT = 'Times New Roman';
const pt = (n: number) => n * 2; // docx sizes are half-points
/** Millimetres to twips, rounded (A4 is then Word's own 11906 × 16838). */
const mm = (x: number) => Math.round((x * 1440) / 25.4);
const A4 = { width: mm(210), height: mm(297) };

function run(text: string, size: number, o: { bold?: boolean; italics?: boolean; underline?: boolean } = {}) {
  return new TextRun({
    text,
    font: FONT,
    size: pt(size),
    bold: o.bold,
    italics: o.italics,
    underline: o.underline ? {} : undefined,
  });
}

function line(
  text: string,
  size: number,
  o: {
    bold?: boolean;
    italics?: boolean;
    underline?: boolean;
    align?: 'left' | 'center' | 'right' | 'both';
    indent?: boolean;
    after?: number;
    before?: number;
    keepNext?: boolean;
  } = {},
) {
  const align = {
    left: AlignmentType.LEFT,
    center: AlignmentType.CENTER,
    right: AlignmentType.RIGHT,
    both: AlignmentType.JUSTIFIED,
  }[o.align ?? 'left'];
  return new Paragraph({
    alignment: align,
    indent: o.indent ? { firstLine: mm(12.7) } : undefined,
    spacing: { before: o.before ?? 0, after: o.after ?? 0 },
    keepNext: o.keepNext,
    children: [run(text, size, o)],
  });
}

/** A short centred rule under a name: a bottom border on an indented empty paragraph. */
function shortRule(cellWidth: number, share: number) {
  const side = Math.round((cellWidth * (1 - share)) / 2);
  return new Paragraph({
    indent: { left: side, right: side },
    spacing: { before: 0, after: 60 },
    border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } },
    children: [],
  });
}

const noBorders = TableBorders.NONE;

function cell(children: Paragraph[], width: number, span?: number, top = false) {
  return new TableCell({
    children,
    width: { size: width, type: WidthType.DXA },
    columnSpan: span,
    verticalAlign: top ? VerticalAlign.TOP : VerticalAlign.CENTER,
    margins: { top: 30, bottom: 30, left: 60, right: 60 },
  });
}

/** Two blocks side by side without borders, top-aligned: the header, the recipients and signature. */
function sideBySide(leftParas: Paragraph[], rightParas: Paragraph[], left: number, right: number): Table {
  return new Table({
    layout: TableLayoutType.FIXED,
    width: { size: left + right, type: WidthType.DXA },
    columnWidths: [left, right],
    borders: noBorders,
    rows: [
      new TableRow({
        cantSplit: true,
        children: [cell(leftParas, left, undefined, true), cell(rightParas, right, undefined, true)],
      }),
    ],
  });
}

function headerBlock(spec: DocumentSpec, width: number): Table {
  const L = spec.layout;
  const left = Math.round(width * 0.45);
  const right = width - left;
  const leftParas = [
    line(spec.parent, L.size.parent, { align: 'center' }),
    line(spec.body, L.size.body, { bold: true, align: 'center' }),
    L.name === 'party' ? line('*', L.size.body, { align: 'center' }) : shortRule(left, 0.4),
    line(spec.numberLine, L.size.number, { align: 'center' }),
  ];
  const [m1, m2] = L.motto;
  const rightParas = [
    line(m1, L.size.motto1, { bold: true, underline: !m2, align: 'center' }),
    ...(m2 ? [line(m2, L.size.motto2, { bold: true, underline: true, align: 'center' })] : []),
    line('', L.size.date, { align: 'center' }),
    line(spec.dateLine, L.size.date, { italics: true, align: 'center' }),
  ];
  return sideBySide(leftParas, rightParas, left, right);
}

/**
 * A content table's cell, kept lean because a province's list has 25,000 rows (200,000 cells): the
 * font and the paragraph spacing are the document's defaults (Times New Roman, no spacing), so the
 * cell repeats neither; its margins are the table's (`tblCellMar`), its size and alignment one of
 * three paragraph styles (TableLeft/Center/Right, the table's size); only bold is on the run. The
 * page looks the same and the file is generated in about two thirds of the time (2026-12-02, 4,000
 * rows: 3.0 s of CPU with size, spacing, font and margins on every cell, 2.1 s like this).
 */
const tableCellMargins = { top: 30, bottom: 30, left: 60, right: 60, marginUnitType: WidthType.DXA };
const ALIGN = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT } as const;

function tableCell(text: string, width: number, bold: boolean, align: keyof typeof ALIGN, span?: number) {
  return new TableCell({
    children: [
      new Paragraph({
        style: TABLE_STYLE[align],
        children: [bold ? new TextRun({ text, bold: true }) : new TextRun(text)],
      }),
    ],
    width: { size: width, type: WidthType.DXA },
    columnSpan: span,
    verticalAlign: VerticalAlign.CENTER,
  });
}

/** The paragraph styles of table cells: the table's size and an alignment (see `tableStyles`). */
const TABLE_STYLE = { left: 'TableLeft', center: 'TableCenter', right: 'TableRight' } as const;
const tableStyles = (size: number) =>
  (Object.keys(TABLE_STYLE) as (keyof typeof ALIGN)[]).map((a) => ({
    id: TABLE_STYLE[a],
    name: TABLE_STYLE[a],
    run: { size: pt(size) },
    paragraph: { alignment: ALIGN[a] },
  }));

function contentTable(b: Extract<Block, { type: 'table' }>, width: number): Table {
  const total = b.columns.reduce((a, c) => a + c.width, 0);
  const widths = b.columns.map((c) => Math.floor((c.width / total) * width));
  const aligns = b.columns.map((c) => c.align ?? 'center');
  const bold = new Set(b.bold ?? []);
  const spans = new Set(b.spans ?? []);
  const head = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: b.columns.map((c, i) => tableCell(c.title, widths[i]!, true, 'center')),
  });
  const rows = b.rows.map((r, ri) => {
    if (spans.has(ri))
      return new TableRow({
        cantSplit: true,
        children: [tableCell(r[0] ?? '', width, true, 'left', b.columns.length)],
      });
    const isBold = bold.has(ri);
    return new TableRow({
      cantSplit: true,
      children: r.map((v, i) => tableCell(v, widths[i]!, isBold, aligns[i]!)),
    });
  });
  return new Table({
    layout: TableLayoutType.FIXED,
    width: { size: width, type: WidthType.DXA },
    columnWidths: widths,
    margins: tableCellMargins,
    rows: [head, ...rows],
  });
}

function signatureBlock(spec: DocumentSpec, width: number): Table {
  const L = spec.layout;
  const left = Math.round(width * 0.45);
  const right = width - left;
  const label = L.recipientsLabel;
  const leftParas = [
    line(spec.recipientsLabel, L.size.recipientsLabel, label),
    ...spec.recipients.map((r) => line(r, L.size.recipients)),
  ];
  const rightParas = [
    line(spec.signer.authority, L.size.signer, { bold: true, align: 'center' }),
    line(spec.signer.title, L.size.signer, { bold: true, align: 'center' }),
    ...[0, 1, 2, 3].map(() => line('', L.size.signer)),
    line(spec.signer.name, L.size.signer, { bold: true, align: 'center' }),
  ];
  return sideBySide(leftParas, rightParas, left, right);
}

/** The Word file of a document. */
export async function renderDocument(spec: DocumentSpec): Promise<Buffer> {
  const L = spec.layout;
  const m = L.marginsMm;
  const width = A4.width - mm(m.left) - mm(m.right);
  const text = L.size.text;
  const body: (Paragraph | Table)[] = [
    headerBlock(spec, width),
    line(spec.kind, L.size.kind, { bold: true, align: 'center', before: 240 }),
    ...spec.subject.map((s) => line(s, L.size.subject, { bold: true, align: 'center' })),
    L.name === 'party'
      ? line('-----', L.size.subject, { align: 'center', after: 120 })
      : shortRule(width, 0.25),
  ];
  for (const b of spec.content) {
    if (b.type === 'heading')
      body.push(
        line(b.text, text, {
          bold: true,
          align: 'both',
          before: 120,
          after: 60,
          keepNext: true,
          indent: true,
        }),
      );
    else if (b.type === 'para')
      body.push(line(b.text, text, { italics: b.italics, align: 'both', indent: true, after: 120 }));
    else {
      body.push(contentTable(b, width));
      body.push(line('', text, { after: 60 }));
    }
  }
  body.push(line('', text));
  body.push(signatureBlock(spec, width));

  const doc = new Document({
    creator: spec.body,
    title: spec.title,
    styles: {
      default: { document: { run: { font: FONT, size: pt(text) } } },
      paragraphStyles: tableStyles(L.size.table),
    },
    sections: [
      {
        properties: {
          titlePage: true,
          page: {
            size: { width: A4.width, height: A4.height },
            margin: {
              top: mm(m.top),
              bottom: mm(m.bottom),
              left: mm(m.left),
              right: mm(m.right),
              header: mm(10),
            },
          },
        },
        headers: {
          // Page numbers from the second page, centred in the top margin (both texts ask so).
          first: new Header({ children: [new Paragraph({ children: [] })] }),
          default: new Header({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: pt(text) })],
              }),
            ],
          }),
        },
        children: body,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
