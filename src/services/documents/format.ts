import type { Day } from '../../domain/calendar.ts';

/**
 * Writing conventions of an official Vietnamese document, as pure functions: numbers (1.247;
 * 12,5%), the date line ("ngày 15 tháng 10 năm 2015"), names in Vietnamese alphabetical order,
 * the issuing bodies' names derived from a unit's name, and the two layouts (Party, State).
 */

const intVi = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });
const intEn = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });

/** 1247 → "1.247", 12.5 → "12,5" (English: "1,247", "12.5"). */
export function formatNumber(n: number, lang = 'vi'): string {
  return (lang === 'en' ? intEn : intVi).format(n);
}

/** A share as a percentage with at most one decimal: 0.125 → "12,5%"; null → "—". */
export function formatPercent(share: number | null, lang = 'vi'): string {
  if (share === null || !Number.isFinite(share)) return '—';
  return `${formatNumber(Math.round(share * 1000) / 10, lang)}%`;
}

/** part / whole, or null when there is nothing to divide by. */
export const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/**
 * "ngày 15 tháng 10 năm 2015": both layouts write a day below 10 and the months 1 and 2 with a
 * leading zero (36-HD/VPTW and Nghị định 30/2020: "ngày 05 tháng 02 năm 2018"), others as they are.
 */
export function dateWords(day: Day): { day: string; month: string; year: string } {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return {
    day: String(d).padStart(2, '0'),
    month: m <= 2 ? String(m).padStart(2, '0') : String(m),
    year: String(y),
  };
}

const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });
/** Vietnamese alphabetical order (a ă â b c d đ e ê …; tones after the letter). */
export const compareVi = (a: string, b: string): number => collator.compare(a, b);

/** The kinds of units, as a name begins (longest first). */
const UNIT_KINDS = [
  ['Thành phố', 'thành phố', 'THÀNH ỦY'],
  ['Thị xã', 'thị xã', 'THỊ ỦY'],
  ['Thị trấn', 'thị trấn', 'ĐẢNG ỦY THỊ TRẤN'],
  ['Đặc khu', 'đặc khu', 'ĐẢNG ỦY ĐẶC KHU'],
  ['Phường', 'phường', 'ĐẢNG ỦY PHƯỜNG'],
  ['Huyện', 'huyện', 'HUYỆN ỦY'],
  ['Tỉnh', 'tỉnh', 'TỈNH ỦY'],
  ['Xã', 'xã', 'ĐẢNG ỦY XÃ'],
] as const;

function splitKind(name: string): { kind: (typeof UNIT_KINDS)[number] | null; rest: string } {
  const trimmed = name.trim();
  for (const k of UNIT_KINDS) {
    if (trimmed.toLowerCase().startsWith(`${k[1]} `))
      return { kind: k, rest: trimmed.slice(k[0].length + 1) };
  }
  return { kind: null, rest: trimmed };
}

const upper = (s: string) => s.toLocaleUpperCase('vi-VN');

/** "Tỉnh Kiên Giang" → "tỉnh" (for "Toàn tỉnh"), or null for a unit whose kind is not in its name. */
export const unitKindWord = (name: string): string | null => splitKind(name).kind?.[1] ?? null;

/** The place of the date line: the unit's name without its kind ("Thành phố Rạch Giá" → "Rạch Giá"). */
export const placeOf = (name: string): string => splitKind(name).rest;

/**
 * The body a Steering Committee answers to, as its header names it: the unit's Party committee
 * (Party layout: "TỈNH ỦY KIÊN GIANG", "HUYỆN ỦY CHÂU THÀNH", "ĐẢNG ỦY XÃ BÌNH AN") or its
 * People's Committee (State layout: "ỦY BAN NHÂN DÂN TỈNH KIÊN GIANG").
 */
export function parentBodyOf(unitName: string, format: LayoutName): string {
  const { kind, rest } = splitKind(unitName);
  if (format === 'state') return `ỦY BAN NHÂN DÂN ${upper(unitName.trim())}`;
  return kind ? `${kind[2]} ${upper(rest)}` : `ĐẢNG BỘ ${upper(unitName.trim())}`;
}

// ---------------------------------------------------------------------------------------------
// The two layouts

export type LayoutName = 'party' | 'state';

/**
 * What each text prescribes, in points and millimetres (one value chosen inside each range):
 * - Party, Hướng dẫn 36-HD/VPTW (03/4/2018), Phụ lục 1-2: A4; margins top and bottom 20-25 mm,
 *   left 30-35 mm, right 15-20 mm; "ĐẢNG CỘNG SẢN VIỆT NAM" upper case 15 bold, top right, a line
 *   below as long as it; the parent body upper case 14 regular, the issuing body upper case 14
 *   bold, a star below; "Số 12-BC/BCĐ" 14 regular; place and date 14 italic; the document's kind
 *   upper case 15-16 bold, its subject 14-15 bold; body 14-15; the signer's authority and title
 *   upper case 14 bold, name 14 bold; "Nơi nhận:" 14 underlined, the recipients 12.
 * - State, Nghị định 30/2020/NĐ-CP, Phụ lục I: A4; the same margins; "CỘNG HÒA XÃ HỘI CHỦ NGHĨA
 *   VIỆT NAM" upper case 12-13 bold, "Độc lập - Tự do - Hạnh phúc" 13-14 bold with a line below as
 *   long as it; the parent body upper case 12-13 regular, the issuing body 12-13 bold with a short
 *   line below (1/3-1/2 of it); "Số: 12/BC-BCĐ" 13 regular; place and date 13-14 italic; kind
 *   upper case 13-14 bold, subject 13-14 bold; body 13-14, first line indented 1-1.27 cm, at least
 *   6 pt between paragraphs; authority and title 13-14 bold; "Nơi nhận:" 12 bold italic, the
 *   recipients 11. Page numbers from page 2, centred in the top margin.
 */
export interface Layout {
  name: LayoutName;
  marginsMm: { top: number; bottom: number; left: number; right: number };
  /** Sizes in points. */
  size: {
    motto1: number;
    motto2: number;
    parent: number;
    body: number;
    number: number;
    date: number;
    kind: number;
    subject: number;
    text: number;
    table: number;
    signer: number;
    recipientsLabel: number;
    recipients: number;
  };
  motto: [string, string | null];
  /** "Số 12-BC/BCĐ" (Party) or "Số: 12/BC-BCĐ" (State). */
  numberLine(number: string, kindCode: string, symbol: string): string;
  recipientsLabel: { bold: boolean; italics: boolean; underline: boolean };
}

export const LAYOUTS: Record<LayoutName, Layout> = {
  party: {
    name: 'party',
    marginsMm: { top: 20, bottom: 20, left: 30, right: 15 },
    size: {
      motto1: 15,
      motto2: 15,
      parent: 14,
      body: 14,
      number: 14,
      date: 14,
      kind: 16,
      subject: 14,
      text: 14,
      table: 12,
      signer: 14,
      recipientsLabel: 14,
      recipients: 12,
    },
    motto: ['ĐẢNG CỘNG SẢN VIỆT NAM', null],
    numberLine: (n, kind, symbol) => `Số ${n}-${kind}/${symbol}`,
    recipientsLabel: { bold: false, italics: false, underline: true },
  },
  state: {
    name: 'state',
    marginsMm: { top: 20, bottom: 20, left: 30, right: 15 },
    size: {
      motto1: 12,
      motto2: 13,
      parent: 13,
      body: 13,
      number: 13,
      date: 14,
      kind: 14,
      subject: 14,
      text: 14,
      table: 12,
      signer: 14,
      recipientsLabel: 12,
      recipients: 11,
    },
    motto: ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc'],
    numberLine: (n, kind, symbol) => `Số: ${n}/${kind}-${symbol}`,
    recipientsLabel: { bold: true, italics: true, underline: false },
  },
};

/** The number of a draft not yet registered by the office: room for the clerk to write it in. */
export const BLANK_NUMBER = '      ';
