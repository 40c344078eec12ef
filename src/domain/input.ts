import { z } from 'zod';
import { type Day, isValidDay } from './calendar.ts';

/**
 * Everything a person can type, validated at the edge. A failure carries a Fluent message id and
 * its arguments, so the bot answers "what was wrong, what is expected, an example" in the
 * person's language and asks the same question again.
 */

export interface InputProblem {
  key: string;
  args?: Record<string, string | number>;
}
export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: InputProblem };

const fail = (key: string, args?: InputProblem['args']): { ok: false; problem: InputProblem } => ({
  ok: false,
  problem: args ? { key, args } : { key },
});

/** Parse with a zod schema and turn the first issue into a message id. */
export function parseWith<T>(schema: z.ZodType<T>, raw: unknown): Parsed<T> {
  const r = schema.safeParse(raw);
  if (r.success) return { ok: true, value: r.data };
  const issue = r.error.issues[0]!;
  if (issue.code === 'too_small') return fail('err-too-short', { min: Number(issue.minimum) });
  if (issue.code === 'too_big') return fail('err-too-long', { max: Number(issue.maximum) });
  if (issue.code === 'invalid_type') return fail('err-expected-text');
  return fail(issue.message);
}

/** Free text: trimmed, inner whitespace runs kept (people write paragraphs), length-bounded. */
export const text = (min: number, max: number) =>
  z
    .string()
    .transform((s) => s.trim())
    .pipe(z.string().min(min).max(max));

export const LIMITS = {
  title: [5, 200],
  ownerName: [2, 200],
  longText: [10, 3000],
  mediumText: [5, 2000],
  shortText: [2, 1000],
  reason: [5, 1000],
  indicatorName: [2, 200],
  indicatorUnit: [1, 40],
  personName: [2, 120],
  decisionNo: [1, 80],
} as const;

export const inputSchemas = {
  title: text(...LIMITS.title),
  ownerName: text(...LIMITS.ownerName),
  longText: text(...LIMITS.longText),
  mediumText: text(...LIMITS.mediumText),
  shortText: text(...LIMITS.shortText),
  reason: text(...LIMITS.reason),
  indicatorName: text(...LIMITS.indicatorName),
  indicatorUnit: text(...LIMITS.indicatorUnit),
  personName: text(...LIMITS.personName),
  decisionNo: text(...LIMITS.decisionNo),
};

/**
 * Numbers as Vietnamese people write them: `1.234,5` (dot groups thousands, comma is decimal),
 * also `1234.5`, `1 234`, `12,5`. A lone dot followed by exactly three digits groups thousands.
 */
export function parseVnNumber(raw: string): number | null {
  let s = raw.trim().replace(/[\s\u00a0]/g, '');
  if (!/^[+-]?[\d.,]+$/.test(s)) return null;
  if (s.includes(',')) {
    if (s.indexOf(',') !== s.lastIndexOf(',')) {
      // 1,234,567: commas group thousands (English habit), only if groups are exact.
      if (!/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) return null;
      s = s.replace(/,/g, '');
    } else {
      if (s.includes('.') && !/^[+-]?\d{1,3}(\.\d{3})+,\d+$/.test(s)) return null;
      s = s.replace(/\./g, '').replace(',', '.');
    }
  } else if (/^[+-]?\d{1,3}(\.\d{3})+$/.test(s)) {
    s = s.replace(/\./g, '');
  } else if ((s.match(/\./g) ?? []).length > 1) {
    return null;
  }
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

const unitWord = (s: string) =>
  s.normalize('NFC').trim().toLowerCase().replace(/\s+/g, ' ').replace(/\.$/, '');

/**
 * A non-negative quantity (indicator target or value, participants). With `unit` (the indicator's
 * unit of measure), the number may be followed by that unit: `45 hộ`, `1.200 hộ`, `12,5 %`; any
 * other word after the number is refused with a message naming the expected unit.
 */
export function parseQuantity(
  raw: string,
  opts: { integer?: boolean; max?: number; unit?: string } = {},
): Parsed<number> {
  let s = raw.normalize('NFC').trim();
  const unit = opts.unit?.trim();
  if (unit) {
    const m = /^([+-]?[\d.,\s\u00a0]*\d)\s*([^\d\s.,+-].*)$/su.exec(s);
    if (m) {
      if (unitWord(m[2]!) !== unitWord(unit)) return fail('err-number-unit', { unit, example: `45 ${unit}` });
      s = m[1]!;
    }
  }
  const n = parseVnNumber(s);
  if (n === null) return fail('err-number-format');
  if (n < 0) return fail('err-number-negative');
  if (opts.integer && !Number.isInteger(n)) return fail('err-number-integer');
  const max = opts.max ?? 1e12;
  if (n > max) return fail('err-number-too-big', { max });
  return { ok: true, value: n };
}

/** Money in đồng: `5.000.000`, `5000000đ`, `5 000 000 VND`, or `5tr` / `2,5 triệu`. */
export function parseVnd(raw: string): Parsed<number> {
  let s = raw
    .normalize('NFC')
    .trim()
    .toLowerCase()
    .replace(/\s*(vnd|vnđ|đồng|đ|d)\.?$/u, '');
  let factor = 1;
  const million = /^(.*?)\s*(tr|triệu|trieu)$/u.exec(s);
  if (million) {
    s = million[1]!;
    factor = 1_000_000;
  }
  const n = parseVnNumber(s);
  if (n === null) return fail('err-money-format');
  if (n < 0) return fail('err-number-negative');
  const value = Math.round(n * factor);
  if (value > 1e13) return fail('err-number-too-big', { max: 1e13 });
  return { ok: true, value };
}

/** A percentage 0-100: `80`, `80%`, `80,5 %`. */
export function parsePercent(raw: string): Parsed<number> {
  const n = parseVnNumber(raw.trim().replace(/%$/, ''));
  if (n === null) return fail('err-percent-format');
  if (n < 0 || n > 100) return fail('err-percent-range');
  return { ok: true, value: n };
}

/** A calendar date typed as dd/mm/yyyy (also d/m/yyyy, with - or .), checked to exist. */
export function parseVnDate(raw: string): Parsed<Day> {
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(raw.trim());
  if (!m) return fail('err-date-format');
  const day = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  if (!isValidDay(day)) return fail('err-date-invalid');
  return { ok: true, value: day };
}

/**
 * A date that must fall inside [from, to] (for example the campaign period). Every refusal names
 * the range and gives an example taken from inside it, never a fixed date that may lie outside.
 */
export function parseDateWithin(raw: string, from: Day, to: Day): Parsed<Day> {
  const r = parseVnDate(raw);
  if (!r.ok) {
    const args = { from: formatVn(from), to: formatVn(to), example: formatVn(exampleDay(from, to)) };
    return fail(
      r.problem.key === 'err-date-invalid' ? 'err-date-invalid-range' : 'err-date-format-range',
      args,
    );
  }
  if (r.value < from || r.value > to) {
    return fail('err-date-outside', { from: formatVn(from), to: formatVn(to) });
  }
  return r;
}

/** A day inside [from, to] to show as an example: the 15th of the first month if it fits, else `from`. */
export function exampleDay(from: Day, to: Day): Day {
  const mid = `${from.slice(0, 8)}15`;
  return mid >= from && mid <= to ? mid : from;
}

function formatVn(day: Day): string {
  const [y, m, d] = day.split('-');
  return `${d}/${m}/${y}`;
}

export function parseText(kind: keyof typeof inputSchemas, raw: string): Parsed<string> {
  return parseWith(inputSchemas[kind], raw);
}

export const evidenceSchema = z.object({
  kind: z.enum(['photo', 'document', 'location']),
  fileId: z.string().nullable().default(null),
  fileUniqueId: z.string().nullable().default(null),
  fileName: z.string().nullable().default(null),
  mimeType: z.string().nullable().default(null),
  latitude: z.number().min(-90).max(90).nullable().default(null),
  longitude: z.number().min(-180).max(180).nullable().default(null),
  caption: z.string().max(1000).default(''),
  /** The archived copy (issue 13) and what its checks found ('reused', 'capture-date'). */
  archiveId: z
    .string()
    .regex(/^[a-f0-9]{24}$/)
    .nullable()
    .default(null),
  flags: z.array(z.enum(['reused', 'capture-date'])).default([]),
});
export type EvidenceInput = z.infer<typeof evidenceSchema>;

// The registration and the report are checked as wholes by the schemas of their form tables
// (src/domain/forms/registration.ts, report.ts), built from these parts.

/** Invite codes: 10 characters of an unambiguous alphabet, typed in any case. */
export const INVITE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export function normaliseInviteCode(raw: string): string | null {
  const s = raw.trim().toUpperCase().replace(/[\s-]/g, '');
  return new RegExp(`^[${INVITE_ALPHABET}]{10}$`).test(s) ? s : null;
}
