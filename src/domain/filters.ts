/**
 * Filters typed after /tonghop and /xuat, read the way people type them: Vietnamese with or
 * without diacritics, any case, words joined by spaces, hyphens or nothing, or the English codes.
 * `linhvuc=kinh-te`, `linhvuc="kinh tế"`, `linhvuc=kinhte` and `field=economy` are one filter;
 * `donvi=chau thanh` finds "Huyện Châu Thành". Pure: the bot looks the values up.
 */

/** A value folded for comparison: no diacritics, đ as d, lower case, no spaces or separators. */
export function foldText(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[\s\-_.,'"“”‘’/]+/g, '');
}

export type FilterKey = 'field' | 'kind' | 'period' | 'unit';

/** The names a key may be typed under (folded), Vietnamese first. */
export const FILTER_KEYS: Record<FilterKey, readonly string[]> = {
  field: ['linhvuc', 'field'],
  kind: ['chuthe', 'kind', 'owner', 'loai'],
  period: ['ky', 'period'],
  unit: ['donvi', 'unit'],
};

export function filterKeyOf(typed: string): FilterKey | null {
  const f = foldText(typed);
  for (const [key, names] of Object.entries(FILTER_KEYS) as [FilterKey, readonly string[]][]) {
    if (names.includes(f)) return key;
  }
  return null;
}

export interface FilterToken {
  /** The key as typed (`linhvuc`), or null for a bare value. */
  key: string | null;
  value: string;
  /** The token as typed, for messages. */
  raw: string;
}

const PERIOD_LIKE = /^(\d{4}-(\d{1,2}|q[1-4])|\d{1,2}\/\d{4}|q[1-4]\/\d{4})$/i;
const OPEN_QUOTES = '"“\'‘';
const CLOSE_QUOTES = '"”\'’';

interface Word {
  text: string;
  quoted: boolean;
  /** Where `=` is, when it stands outside quotes. */
  eq: number;
}

function words(text: string): Word[] {
  const out: Word[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (i >= text.length) break;
    const w: Word = { text: '', quoted: false, eq: -1 };
    while (i < text.length && !/\s/.test(text[i]!)) {
      const ch = text[i]!;
      if (OPEN_QUOTES.includes(ch)) {
        let close = i + 1;
        while (close < text.length && !CLOSE_QUOTES.includes(text[close]!)) close++;
        w.text += text.slice(i + 1, close);
        w.quoted = true;
        i = close + 1;
        continue;
      }
      if (ch === '=' && w.eq < 0 && !w.quoted) w.eq = w.text.length;
      w.text += ch;
      i++;
    }
    out.push(w);
  }
  return out;
}

/**
 * Splits the text after the command into `key=value` pairs and bare values. A value may be
 * quoted (`"kinh tế"`, “kinh tế”) or run over several words until the next `key=`
 * (`donvi=chau thanh ky=2026-11`); a bare period such as `2026-11` always stands alone.
 */
export function splitFilterArgs(text: string): FilterToken[] {
  const out: FilterToken[] = [];
  let open: FilterToken | null = null;
  for (const w of words(text)) {
    if (w.eq > 0) {
      const token = { key: w.text.slice(0, w.eq), value: w.text.slice(w.eq + 1).trim(), raw: w.text };
      out.push(token);
      open = w.quoted ? null : token;
    } else if (open && !w.quoted && !PERIOD_LIKE.test(w.text)) {
      open.value = `${open.value} ${w.text}`.trim();
      open.raw = `${open.raw} ${w.text}`;
    } else {
      out.push({ key: null, value: w.text.trim(), raw: w.text });
      open = null;
    }
  }
  return out;
}

/** A period typed as `2026-11`, `11/2026`, `2026-q4`, `Q4/2026`, or null. */
export function parsePeriodKey(typed: string): string | null {
  const v = typed.trim().toUpperCase();
  let m = /^(\d{4})-(\d{1,2})$/.exec(v) ?? null;
  if (m) return `${m[1]}-${m[2]!.padStart(2, '0')}`;
  m = /^(\d{1,2})\/(\d{4})$/.exec(v);
  if (m) return `${m[2]}-${m[1]!.padStart(2, '0')}`;
  m = /^(\d{4})-Q([1-4])$/.exec(v);
  if (m) return `${m[1]}-Q${m[2]}`;
  m = /^Q([1-4])\/(\d{4})$/.exec(v);
  if (m) return `${m[2]}-Q${m[1]}`;
  return null;
}

export const OWNER_KIND_WORDS: Record<'collective' | 'individual', readonly string[]> = {
  collective: ['tapthe', 'collective'],
  individual: ['canhan', 'individual'],
};

export function parseOwnerKind(typed: string): 'collective' | 'individual' | null {
  const f = foldText(typed);
  if (OWNER_KIND_WORDS.collective.includes(f)) return 'collective';
  if (OWNER_KIND_WORDS.individual.includes(f)) return 'individual';
  return null;
}

export interface Choice {
  /** What the filter stores (a field code, a unit id). */
  id: string;
  /** Every way the choice may be written: codes, names in each language. */
  names: readonly string[];
}

export type ChoiceMatch = { ok: true; id: string } | { ok: false; candidates: string[] };

/** The one choice whose folded name equals the folded value; several, or none, otherwise. */
export function matchChoice(typed: string, choices: readonly Choice[]): ChoiceMatch {
  const f = foldText(typed);
  if (!f) return { ok: false, candidates: [] };
  const hits = choices.filter((c) => c.names.some((n) => foldText(n) === f));
  if (hits.length === 1) return { ok: true, id: hits[0]!.id };
  return { ok: false, candidates: hits.map((h) => h.id) };
}

/** Words a unit's name starts with that nobody types when naming it. */
const UNIT_PREFIXES = [
  'tỉnh',
  'thành phố',
  'tp',
  'thị xã',
  'tx',
  'huyện',
  'quận',
  'xã',
  'phường',
  'thị trấn',
  'tt',
  'đảng bộ',
];

/**
 * The ways a unit may be named: its code, its code without the first segment (`chau-thanh` for
 * `kg-chau-thanh`), its name, and its name without the administrative word ("Châu Thành").
 */
export function unitNames(unit: { code: string; name: string }): string[] {
  const names = [unit.code, unit.name];
  const rest = unit.code.indexOf('-');
  if (rest > 0) names.push(unit.code.slice(rest + 1));
  const lower = unit.name.toLowerCase();
  for (const p of UNIT_PREFIXES) {
    if (lower.startsWith(`${p} `)) {
      names.push(unit.name.slice(p.length + 1));
      break;
    }
  }
  return names;
}
