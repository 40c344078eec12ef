import { posix } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { strFromU8, unzipSync } from 'fflate';

/**
 * An independent reader of .docx files for the tests: unzips with fflate and parses the XML with
 * fast-xml-parser (the generator, `docx`, uses neither), then gives back what a reader sees:
 * the paragraphs and tables of the body in order, each run's formatting, the page setup, and the
 * package's parts, content types and relationships.
 */

type Node = Record<string, unknown>;

export interface Run {
  text: string;
  bold: boolean;
  italics: boolean;
  underline: boolean;
  /** Points, or null when the run inherits the default. */
  size: number | null;
}

export interface Para {
  text: string;
  runs: Run[];
  align: string | null;
}

export type Item = { kind: 'p'; p: Para } | { kind: 'table'; rows: Para[][][] };

export interface DocxPackage {
  files: Record<string, Uint8Array>;
  xml(name: string): string;
  /** Every XML part parses as well-formed XML (what Word checks first). */
  malformed: string[];
  /** Parts that no `[Content_Types].xml` default or override covers. */
  untyped: string[];
  /** Relationship targets (internal) that are not in the package. */
  danglingRelationships: string[];
  body: Item[];
  /** Every paragraph of the body, tables included, in reading order. */
  paragraphs: Para[];
  headers: { name: string; text: string; hasPageField: boolean }[];
  page: {
    width: number;
    height: number;
    top: number;
    bottom: number;
    left: number;
    right: number;
    titlePage: boolean;
  };
  defaultFont: string | null;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  preserveOrder: true,
  trimValues: false,
});

const tagOf = (n: Node) => Object.keys(n).find((k) => k !== ':@')!;
const childrenOf = (n: Node) => (n[tagOf(n)] as Node[]) ?? [];
const attrs = (n: Node) => (n[':@'] as Record<string, string>) ?? {};

function find(nodes: Node[], tag: string): Node | undefined {
  return nodes.find((n) => tagOf(n) === tag);
}

function all(nodes: Node[], tag: string): Node[] {
  const out: Node[] = [];
  for (const n of nodes) {
    if (tagOf(n) === tag) out.push(n);
    else if (Array.isArray(n[tagOf(n)])) out.push(...all(childrenOf(n), tag));
  }
  return out;
}

function textOf(nodes: Node[]): string {
  let s = '';
  for (const n of nodes) {
    const tag = tagOf(n);
    if (tag === '#text') s += String(n[tag]);
    else if (Array.isArray(n[tag])) s += textOf(childrenOf(n));
  }
  return s;
}

function runOf(r: Node, defaults: { size: number | null }): Run {
  const props = childrenOf(r);
  const rPr = find(props, 'w:rPr');
  const p = rPr ? childrenOf(rPr) : [];
  const on = (tag: string) => {
    const x = find(p, tag);
    return !!x && attrs(x)['@w:val'] !== 'false' && attrs(x)['@w:val'] !== 'none';
  };
  const sz = find(p, 'w:sz');
  const text = all(props, 'w:t')
    .map((t) => textOf(childrenOf(t)))
    .join('');
  return {
    text,
    bold: on('w:b'),
    italics: on('w:i'),
    underline: on('w:u'),
    size: sz ? Number(attrs(sz)['@w:val']) / 2 : defaults.size,
  };
}

/** A paragraph style's alignment and run size, as Word applies them when the paragraph names it. */
interface ParaStyle {
  align: string | null;
  size: number | null;
}

function paraOf(
  p: Node,
  defaults: { size: number | null },
  styles: Map<string, ParaStyle> = new Map(),
): Para {
  const kids = childrenOf(p);
  const pPr = find(kids, 'w:pPr');
  const props = pPr ? childrenOf(pPr) : [];
  const jc = find(props, 'w:jc');
  const styleRef = find(props, 'w:pStyle');
  const style = styleRef ? styles.get(attrs(styleRef)['@w:val']!) : undefined;
  const runDefaults = { size: style?.size ?? defaults.size };
  const runs = all(kids, 'w:r').map((r) => runOf(r, runDefaults));
  return {
    text: runs.map((r) => r.text).join(''),
    runs,
    align: jc ? attrs(jc)['@w:val']! : (style?.align ?? null),
  };
}

/** The paragraph styles of styles.xml by id (alignment `w:jc`, run size `w:sz` in half-points). */
function paragraphStyles(styles: Node[]): Map<string, ParaStyle> {
  const out = new Map<string, ParaStyle>();
  for (const st of all(styles, 'w:style')) {
    if (attrs(st)['@w:type'] !== 'paragraph') continue;
    const kids = childrenOf(st);
    const pPr = find(kids, 'w:pPr');
    const rPr = find(kids, 'w:rPr');
    const jc = pPr ? find(childrenOf(pPr), 'w:jc') : undefined;
    const sz = rPr ? find(childrenOf(rPr), 'w:sz') : undefined;
    out.set(attrs(st)['@w:styleId']!, {
      align: jc ? attrs(jc)['@w:val']! : null,
      size: sz ? Number(attrs(sz)['@w:val']) / 2 : null,
    });
  }
  return out;
}

export function readDocx(buffer: Buffer | Uint8Array): DocxPackage {
  const files = unzipSync(new Uint8Array(buffer));
  const xml = (name: string) => {
    const f = files[name];
    if (!f) throw new Error(`no part ${name}`);
    return strFromU8(f);
  };
  const names = Object.keys(files).filter((n) => !n.endsWith('/'));
  const malformed = names
    .filter((n) => /\.(xml|rels)$/.test(n))
    .filter((n) => XMLValidator.validate(xml(n)) !== true);

  const types = parser.parse(xml('[Content_Types].xml')) as Node[];
  const typeNodes = childrenOf(find(types, 'Types')!);
  const defaults = new Set(all(typeNodes, 'Default').map((d) => attrs(d)['@Extension']!.toLowerCase()));
  const overrides = new Set(all(typeNodes, 'Override').map((o) => attrs(o)['@PartName']!.replace(/^\//, '')));
  const untyped = names.filter(
    (n) =>
      n !== '[Content_Types].xml' && !overrides.has(n) && !defaults.has(n.split('.').pop()!.toLowerCase()),
  );

  const dangling: string[] = [];
  for (const rels of names.filter((n) => n.endsWith('.rels'))) {
    const base = rels.replace(/(^|\/)_rels\/[^/]*\.rels$/, '$1');
    const doc = parser.parse(xml(rels)) as Node[];
    for (const r of all(childrenOf(find(doc, 'Relationships')!), 'Relationship')) {
      const a = attrs(r);
      if (a['@TargetMode'] === 'External') continue;
      const raw = a['@Target']!.startsWith('/') ? a['@Target']!.slice(1) : `${base}${a['@Target']}`;
      const target = posix.normalize(raw);
      if (!files[target]) dangling.push(`${rels} → ${target}`);
    }
  }

  const styles = files['word/styles.xml'] ? (parser.parse(xml('word/styles.xml')) as Node[]) : [];
  const docDefaults = all(styles, 'w:docDefaults');
  const defSz = docDefaults.length ? all(childrenOf(docDefaults[0]!), 'w:sz')[0] : undefined;
  const defFont = docDefaults.length ? all(childrenOf(docDefaults[0]!), 'w:rFonts')[0] : undefined;
  const runDefaults = { size: defSz ? Number(attrs(defSz)['@w:val']) / 2 : null };
  const byStyle = paragraphStyles(styles);

  const document = parser.parse(xml('word/document.xml')) as Node[];
  const bodyNode = all(document, 'w:body')[0]!;
  const body: Item[] = [];
  for (const n of childrenOf(bodyNode)) {
    const tag = tagOf(n);
    if (tag === 'w:p') body.push({ kind: 'p', p: paraOf(n, runDefaults, byStyle) });
    else if (tag === 'w:tbl')
      body.push({
        kind: 'table',
        rows: all(childrenOf(n), 'w:tr').map((tr) =>
          all(childrenOf(tr), 'w:tc').map((tc) =>
            all(childrenOf(tc), 'w:p').map((p) => paraOf(p, runDefaults, byStyle)),
          ),
        ),
      });
  }
  const paragraphs = body.flatMap((i) => (i.kind === 'p' ? [i.p] : i.rows.flat(2)));

  const sect = all(childrenOf(bodyNode), 'w:sectPr')[0]!;
  const sectKids = childrenOf(sect);
  const pgSz = attrs(find(sectKids, 'w:pgSz')!);
  const pgMar = attrs(find(sectKids, 'w:pgMar')!);
  const headers = names
    .filter((n) => /^word\/header\d*\.xml$/.test(n))
    .map((name) => ({
      name,
      text: textOf(parser.parse(xml(name)) as Node[]).trim(),
      hasPageField: /PAGE/.test(xml(name)),
    }));

  return {
    files,
    xml,
    malformed,
    untyped,
    danglingRelationships: dangling,
    body,
    paragraphs,
    headers,
    page: {
      width: Number(pgSz['@w:w']),
      height: Number(pgSz['@w:h']),
      top: Number(pgMar['@w:top']),
      bottom: Number(pgMar['@w:bottom']),
      left: Number(pgMar['@w:left']),
      right: Number(pgMar['@w:right']),
      titlePage: !!find(sectKids, 'w:titlePg'),
    },
    defaultFont: defFont ? (attrs(defFont)['@w:ascii'] ?? null) : null,
  };
}

/** The tables of the body, each as rows of cell texts. */
export function tables(d: DocxPackage): string[][][] {
  return d.body.flatMap((i) =>
    i.kind === 'table' ? [i.rows.map((r) => r.map((c) => c.map((p) => p.text).join('\n')))] : [],
  );
}

/** The first paragraph whose text is exactly `text` (or matches it). */
export function para(d: DocxPackage, text: string | RegExp): Para | undefined {
  return d.paragraphs.find((p) => (typeof text === 'string' ? p.text === text : text.test(p.text)));
}
