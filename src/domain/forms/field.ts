import { z } from 'zod';
import type { Translate } from '../../i18n.ts';
import type { Day } from '../calendar.ts';
import { inputSchemas, LIMITS, type Parsed, parseText } from '../input.ts';

/**
 * One row of a form table (src/domain/forms/registration.ts, report.ts): everything the bot needs
 * to know about one part of a form, said once. From these rows come the questions of the form
 * (conversations/), its summary and edit menu, the record's validation (`schemaOf`) and stored
 * paths (`storedPaths`, used by the Mongoose model), the card a reviewer reads (src/bot/views/)
 * and the workbook's columns (services/exports.ts).
 */

/** What a shown value may need to know besides the value: names of codes and ids. */
export interface ShowEnv {
  t: Translate;
  lang: string;
  /** The campaign's name of a field code, in the reader's language. */
  fieldName(code: string): string;
  /** A unit's name from its id. */
  unitName(id: string): string;
  /** A model named by its id, as `code · title` (empty when unknown). */
  modelLabel(id: string): string;
  /** A model's code from its id (empty when unknown). */
  modelCode(id: string): string;
}

/** What a question may need: the campaign's dates and lists, and who is answering. */
export interface AskEnv {
  t: Translate;
  lang: string;
  campaign: {
    start: Day;
    end: Day;
    fields: { code: string; name: string; nameEn?: string | null }[];
    targetLevels: string[];
  };
  personName: string;
}

export type Cell = string | number | Date;

/** How a part is asked. `custom` parts are asked by a step of the conversation named `step`. */
export type FieldInput<D> =
  | {
      kind: 'text';
      parse: (raw: string, data: D, env: AskEnv) => Parsed<unknown>;
      askArgs?: (data: D, env: AskEnv) => Record<string, string | number>;
      /** Buttons with ready answers (their value is parsed like typed text). */
      suggestions?: (data: D, env: AskEnv) => { label: string; value: string }[];
      /** The person may skip it (stored as null). */
      optional?: boolean;
    }
  | { kind: 'choice'; options: (data: D, env: AskEnv) => { label: string; value: string }[]; perRow?: number }
  | { kind: 'custom'; step: string }
  /** Stored and shown, not asked in the form (e.g. milestones of records imported from the 2011 plan). */
  | { kind: 'none' };

/** How a part is stored, for the Mongoose model; `explicit` parts are declared in the model file. */
export type Stored =
  | { type: 'text'; max: number; required: boolean }
  | { type: 'number'; min?: number; max?: number; required: boolean }
  | { type: 'day'; required: boolean }
  | 'explicit';

export interface ExportColumn {
  /** Fluent id of the column header (the label's when left out). */
  key?: string;
  width: number;
  format?: 'date' | 'money' | 'number';
}

export interface FormField<D = Record<string, unknown>> {
  /** The key in the draft, the record and the service's input. */
  key: string;
  /** Fluent id of the part's name: summary, edit menu, card. */
  labelKey: string;
  /** Fluent id of the question (parts with input `none` have none). */
  askKey?: string;
  input: FieldInput<D>;
  /** The record's validation of this part, in the service, before anything is saved. */
  schema: z.ZodType;
  stored: Stored;
  /** The value as plain text (the renderer escapes it). */
  show(value: unknown, env: ShowEnv): string;
  /** On a card, when it differs from the summary (e.g. indicators with their latest value). */
  cardShow?(value: unknown, env: ShowEnv): string;
  /**
   * Where a card shows it: `body` (a line `label: value`, the default), a placeholder of the
   * card's heading message (`{ head: 'unit' }`), or not at all.
   */
  card?: 'body' | { head: string } | false;
  export: ExportColumn | false;
  /** The cell in the workbook (the shown text by default, a Date for days). */
  cell?(value: unknown, env: ShowEnv): Cell;
  /** Offered in the edit menu of /sua (registration) and the summary before sending. */
  editable: boolean;
}

/** Names for `ShowEnv` from what a caller loaded: the campaign's fields, units, models. */
export function showEnv(
  t: Translate,
  lang: string,
  names: {
    fields?: readonly { code: string; name: string; nameEn?: string | null }[];
    units?: ReadonlyMap<string, string>;
    models?: ReadonlyMap<string, { code: string; title: string }>;
  } = {},
): ShowEnv {
  return {
    t,
    lang,
    fieldName: (code) => {
      const f = names.fields?.find((x) => x.code === code);
      return (lang === 'en' && f?.nameEn) || f?.name || code;
    },
    unitName: (id) => names.units?.get(id) ?? '',
    modelLabel: (id) => {
      const m = names.models?.get(id);
      return m ? `${m.code} · ${m.title}` : '';
    },
    modelCode: (id) => names.models?.get(id)?.code ?? '',
  };
}

const has = (v: unknown) => v !== undefined && v !== null && v !== '';

/** Plain text of `value` as a card or a summary shows it ('' when there is nothing). */
export function shownValue(
  f: FormField<never>,
  value: unknown,
  env: ShowEnv,
  on: 'summary' | 'card',
): string {
  if (!has(value)) return '';
  return on === 'card' && f.cardShow ? f.cardShow(value, env) : f.show(value, env);
}

/** A workbook cell: the field's own, the UTC midnight of a day, or the shown text. */
export function cellValue(f: FormField<never>, value: unknown, env: ShowEnv): Cell {
  if (!has(value)) return '';
  if (f.cell) return f.cell(value, env);
  if (f.stored !== 'explicit' && f.stored.type === 'day') return excelDay(String(value));
  if (f.stored !== 'explicit' && f.stored.type === 'number') return Number(value);
  return f.show(value, env);
}

/** Numbers in the workbook as its reader writes them (`1.234,5` or `1,234.5`). */
export function numberFormat(lang: string): Intl.NumberFormat {
  return new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'vi-VN');
}

/** A local calendar day as the Excel date of that day (Excel dates carry no time zone). */
export function excelDay(day: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
}

/** The zod object checking a whole record of the table. */
export function schemaOf(fields: readonly FormField<never>[]) {
  return z.object(Object.fromEntries(fields.map((f) => [f.key, f.schema])));
}

/**
 * Paths for the table's parts that the model file does not declare itself (`declared`): a part
 * added to a table is stored without a line in the model. The model declares the parts other
 * code reads by name, so their types are inferred; `checkStored` keeps both in agreement.
 */
export function storedPaths(
  fields: readonly FormField<never>[],
  declared: Record<string, unknown>,
): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const f of fields) {
    const s = f.stored;
    if (s === 'explicit' || f.key in declared) continue;
    if (s.type === 'text')
      out[f.key] = { type: String, maxlength: s.max, ...(s.required ? { required: true } : { default: '' }) };
    else if (s.type === 'number')
      out[f.key] = {
        type: Number,
        ...(s.min !== undefined ? { min: s.min } : {}),
        ...(s.max !== undefined ? { max: s.max } : {}),
        ...(s.required ? { required: true } : { default: null }),
      };
    else out[f.key] = { type: String, match: /^\d{4}-\d{2}-\d{2}$/, required: s.required };
  }
  return out;
}

/**
 * At start-up (the model files call it): every part of the table has a stored path, and a path
 * the model declares itself has the table's type, length limit and requiredness. Throws naming
 * the part otherwise, so a table and a model cannot drift apart unnoticed.
 */
export function checkStored(
  what: string,
  fields: readonly FormField<never>[],
  pathOf: (key: string) => { instance?: string; options?: Record<string, unknown> } | undefined,
): void {
  for (const f of fields) {
    const p = pathOf(f.key);
    if (!p) throw new Error(`${what}: part "${f.key}" of the form table is not stored`);
    const s = f.stored;
    if (s === 'explicit') continue;
    const o = p.options ?? {};
    const type = s.type === 'number' ? 'Number' : 'String';
    const max = s.type === 'text' ? s.max : undefined;
    // A part may be required through a validator instead (a model entered with an honour from
    // before the campaign has empty parts: models/initiative.ts); it marks itself `marksRequired`.
    const required =
      Boolean(o.required) || Boolean((o.validate as { marksRequired?: boolean })?.marksRequired);
    if (p.instance !== type || o.maxlength !== max || required !== s.required)
      throw new Error(`${what}: part "${f.key}" is stored otherwise than its form table says`);
  }
}

type TextKind = keyof typeof LIMITS & keyof typeof inputSchemas;

/**
 * A typed text part (the common case): `textField('partners', 'mediumText', 'register')` is asked
 * with `register-ask-partners`, named `register-label-partners`, checked with the limits of
 * `mediumText` (domain/input.ts), stored as a string of that length, shown on the card's body and
 * exported as a column named by its label.
 */
export function textField<D>(
  key: string,
  kind: TextKind,
  prefix: string,
  opts: Partial<Pick<FormField<D>, 'card' | 'export' | 'labelKey'>> & { optional?: boolean } = {},
): FormField<D> {
  const optional = opts.optional === true;
  const max = LIMITS[kind][1];
  return {
    key,
    labelKey: opts.labelKey ?? `${prefix}-label-${key}`,
    askKey: `${prefix}-ask-${key}`,
    input: { kind: 'text', parse: (raw) => parseText(kind, raw), optional },
    schema: optional ? z.string().max(max).nullable().default('') : inputSchemas[kind],
    stored: { type: 'text', max, required: !optional },
    show: (v) => String(v),
    card: opts.card ?? 'body',
    export: opts.export ?? { width: max >= 3000 ? 60 : 40 },
    editable: true,
  };
}
