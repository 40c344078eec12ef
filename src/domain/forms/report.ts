import { z } from 'zod';
import { type EvidenceInput, evidenceSchema, parsePercent, parseQuantity, parseVnd } from '../input.ts';
import { formatPeriod } from '../phases.ts';
import { type FormField, numberFormat, schemaOf, textField } from './field.ts';

/**
 * The progress report form (/baocao), part by part in the order it is asked. As with the
 * registration table, a new part is one entry here plus `report-label-…` and `report-ask-…` in
 * both locales: the form asks it, the summary shows it, the service checks it, the model stores
 * it, the reviewer's card shows it and the workbook's report sheet has its column.
 */

export interface ReportData extends Record<string, unknown> {
  initiativeId?: string;
  periodKey?: string;
  indicatorValues?: { name: string; value: number }[];
  evidence?: EvidenceInput[];
  evidenceDone?: boolean;
}

/** Keys the form keeps beside the answers, never sent to the service. */
export const REPORT_FORM_ONLY = ['evidenceDone', 'partialIndicatorValues'] as const;

const nf = new Intl.NumberFormat('vi-VN');
const text = (
  key: string,
  kind: Parameters<typeof textField>[1],
  opts: Parameters<typeof textField>[3] = {},
) => textField<ReportData>(key, kind, 'report', opts);

function count(key: 'participants' | 'beneficiaries', max: number, exportKey: string): FormField<ReportData> {
  return {
    key,
    labelKey: `report-label-${key}`,
    askKey: `report-ask-${key}`,
    input: { kind: 'text', parse: (raw) => parseQuantity(raw, { integer: true, max }) },
    schema: z.number().int().nonnegative(),
    stored: { type: 'number', min: 0, required: true },
    show: (v) => nf.format(Number(v)),
    export: { key: exportKey, width: 14 },
    editable: true,
  };
}

export const reportForm: FormField<ReportData>[] = [
  {
    key: 'initiativeId',
    labelKey: 'report-label-model',
    askKey: 'report-ask-model',
    input: { kind: 'custom', step: 'initiativeId' },
    schema: z.string().regex(/^[a-f0-9]{24}$/),
    stored: 'explicit',
    show: (v, env) => env.modelLabel(String(v)),
    // The card's heading and the sheet's first columns name the model already.
    card: false,
    export: false,
    editable: true,
  },
  {
    key: 'periodKey',
    labelKey: 'report-label-period',
    askKey: 'report-ask-period',
    input: { kind: 'custom', step: 'periodKey' },
    schema: z.string().regex(/^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/),
    stored: 'explicit',
    show: (v) => formatPeriod(String(v)),
    card: { head: 'period' },
    export: { key: 'export-col-period', width: 10 },
    editable: true,
  },
  text('activities', 'longText', { export: { key: 'export-col-activities', width: 60 } }),
  {
    key: 'indicatorValues',
    labelKey: 'report-label-indicatorValues',
    askKey: 'report-ask-indicator',
    input: { kind: 'custom', step: 'indicatorValues' },
    schema: z.array(z.object({ name: z.string(), value: z.number().nonnegative().finite() })),
    stored: 'explicit',
    show: (v) =>
      (v as { name: string; value: number }[]).map((x) => `\n • ${x.name}: ${nf.format(x.value)}`).join(''),
    export: { key: 'export-col-indicator-values', width: 50 },
    cell: (v, env) =>
      (v as { name: string; value: number }[])
        .map((x) => `${x.name}: ${numberFormat(env.lang).format(x.value)}`)
        .join('; '),
    editable: true,
  },
  {
    key: 'progress',
    labelKey: 'report-label-progress',
    askKey: 'report-ask-progress',
    input: { kind: 'text', parse: (raw) => parsePercent(raw) },
    schema: z.number().min(0).max(100),
    stored: { type: 'number', min: 0, max: 100, required: true },
    show: (v) => `${nf.format(Number(v))}%`,
    export: { key: 'export-col-progress', width: 12 },
    editable: true,
  },
  count('participants', 10_000_000, 'export-col-participants'),
  count('beneficiaries', 100_000_000, 'export-col-beneficiaries'),
  {
    key: 'funds',
    labelKey: 'report-label-funds',
    askKey: 'report-ask-funds',
    input: { kind: 'text', parse: (raw) => parseVnd(raw), optional: true },
    schema: z.number().nonnegative().nullable().default(null),
    stored: { type: 'number', min: 0, required: false },
    show: (v) => `${nf.format(Number(v))} đ`,
    export: { key: 'export-col-funds', width: 20, format: 'money' },
    editable: true,
  },
  {
    key: 'evidence',
    labelKey: 'report-label-evidence',
    askKey: 'report-ask-evidence',
    input: { kind: 'custom', step: 'evidence' },
    schema: z.array(evidenceSchema).max(20),
    stored: 'explicit',
    show: (v, { t }) => {
      const ev = v as EvidenceInput[];
      if (!ev.length) return t('common-none');
      const n = (k: string) => ev.filter((e) => e.kind === k).length;
      return t('report-evidence-summary', {
        photos: n('photo'),
        documents: n('document'),
        locations: n('location'),
      });
    },
    export: { key: 'export-col-evidence', width: 12 },
    cell: (v) => (v as unknown[]).length,
    editable: true,
  },
  {
    ...text('difficulties', 'shortText', {
      optional: true,
      export: { key: 'export-col-difficulties', width: 40 },
    }),
    // Skipped (null) is stored as no text.
    schema: z
      .string()
      .max(2000)
      .nullish()
      .transform((v) => v ?? ''),
    stored: { type: 'text', max: 2000, required: false },
  },
  text('summary', 'mediumText', { export: { key: 'export-col-summary', width: 50 } }),
];

/** What the service receives once the whole report is checked (parts added later too). */
export type ReportInput = {
  initiativeId: string;
  periodKey: string;
  activities: string;
  indicatorValues: { name: string; value: number }[];
  progress: number;
  participants: number;
  beneficiaries: number;
  funds: number | null;
  evidence: EvidenceInput[];
  difficulties: string;
  summary: string;
} & Record<string, unknown>;

/** The report as a whole, checked before anything is saved. */
export const reportSchema = schemaOf(reportForm as FormField<never>[]) as unknown as z.ZodType<
  ReportInput,
  unknown
>;
