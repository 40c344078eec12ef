import { z } from 'zod';
import { formatDay, isValidDay } from '../calendar.ts';
import { inputSchemas, parseDateWithin, parseText } from '../input.ts';
import { excelDay, type FormField, numberFormat, type ShowEnv, schemaOf, textField } from './field.ts';

/**
 * The registration form (/dangky, /sua), the 2026 registration form part by part, in the order
 * it is asked. Adding a part is one entry here plus its two lines (`register-label-…`,
 * `register-ask-…`) in src/locales/vi/register.ftl and en/register.ftl: the form asks it, the
 * summary and /sua offer it, the service checks it, the model stores it, the review card shows it
 * and the workbook has its column.
 */

export interface Indicator {
  name: string;
  unit: string;
  target: number;
  current?: number | null;
}

/** The answers of the form so far (a draft), with what the custom steps keep beside them. */
export interface RegisterData extends Record<string, unknown> {
  title?: string;
  ownerKind?: 'collective' | 'individual';
  ownerName?: string;
  unitId?: string;
  unitName?: string;
  field?: string;
  targetLevel?: string;
  startDate?: string;
  evaluationDate?: string;
  indicators?: Indicator[];
  indicatorsDone?: boolean;
  replicatedFrom?: string | null;
  replicatedFromLabel?: string | null;
}

/** Keys the form keeps beside the answers, never sent to the service. */
export const REGISTER_FORM_ONLY = ['unitName', 'indicatorsDone', 'replicatedFromLabel'] as const;

const objectId = z.string().regex(/^[a-f0-9]{24}$/);
const text = (
  key: string,
  kind: Parameters<typeof textField>[1],
  opts: Parameters<typeof textField>[3] = {},
) => textField<RegisterData>(key, kind, 'register', opts);
const nf = new Intl.NumberFormat('vi-VN');
const level = (v: unknown, env: ShowEnv) => env.t(`level-${String(v)}`);

function day(key: 'startDate' | 'evaluationDate', head: string): FormField<RegisterData> {
  return {
    key,
    labelKey: `register-label-${key}`,
    askKey: `register-ask-${key}`,
    input: {
      kind: 'text',
      // The evaluation day lies between the start day and the campaign's end.
      askArgs: (d, { campaign }) => ({
        from: formatDay(key === 'evaluationDate' ? (d.startDate ?? campaign.start) : campaign.start),
        to: formatDay(campaign.end),
      }),
      parse: (raw, d, { campaign }) =>
        parseDateWithin(
          raw,
          key === 'evaluationDate' ? (d.startDate ?? campaign.start) : campaign.start,
          campaign.end,
        ),
    },
    schema: z.string().refine(isValidDay),
    stored: { type: 'day', required: true },
    show: (v) => formatDay(String(v)),
    card: { head },
    export: {
      key: `export-col-${key === 'startDate' ? 'start' : 'evaluation'}-date`,
      width: 14,
      format: 'date',
    },
    cell: (v) => excelDay(String(v)),
    editable: true,
  };
}

export const registrationForm: FormField<RegisterData>[] = [
  {
    ...text('title', 'title', { card: { head: 'title' }, export: { key: 'export-col-title', width: 48 } }),
  },
  {
    key: 'ownerKind',
    labelKey: 'register-label-ownerKind',
    askKey: 'register-ask-ownerKind',
    input: {
      kind: 'choice',
      options: (_d, { t }) => [
        { label: t('owner-collective'), value: 'collective' },
        { label: t('owner-individual'), value: 'individual' },
      ],
      perRow: 2,
    },
    schema: z.enum(['collective', 'individual']),
    stored: 'explicit',
    show: (v, { t }) => t(`owner-${String(v)}`),
    card: { head: 'kind' },
    export: { key: 'export-col-owner-kind', width: 14 },
    editable: true,
  },
  {
    key: 'ownerName',
    labelKey: 'register-label-ownerName',
    askKey: 'register-ask-ownerName',
    input: {
      kind: 'text',
      askArgs: (d) => ({ kind: d.ownerKind ?? 'collective' }),
      parse: (raw) => parseText('ownerName', raw),
      // An individual is usually the person registering: their name is one tap away.
      suggestions: (d, { personName }) =>
        d.ownerKind === 'individual' && personName.length >= 2
          ? [{ label: personName, value: personName }]
          : [],
    },
    schema: inputSchemas.ownerName,
    stored: { type: 'text', max: 200, required: true },
    show: (v) => String(v),
    card: { head: 'owner' },
    export: { key: 'export-col-owner-name', width: 32 },
    editable: true,
  },
  {
    key: 'unitId',
    labelKey: 'register-label-unit',
    askKey: 'register-ask-unit',
    input: { kind: 'custom', step: 'unit' },
    schema: objectId,
    stored: 'explicit',
    show: (v, env) => env.unitName(String(v)),
    card: { head: 'unit' },
    export: { key: 'export-col-unit', width: 30 },
    editable: true,
  },
  {
    key: 'field',
    labelKey: 'register-label-field',
    askKey: 'register-ask-field',
    input: {
      kind: 'choice',
      options: (_d, { campaign, lang }) =>
        campaign.fields.map((f) => ({ label: (lang === 'en' && f.nameEn) || f.name, value: f.code })),
      perRow: 2,
    },
    schema: z.string().min(1),
    stored: 'explicit',
    show: (v, env) => env.fieldName(String(v)),
    card: { head: 'field' },
    export: { key: 'export-col-field', width: 26 },
    editable: true,
  },
  {
    key: 'targetLevel',
    labelKey: 'register-label-targetLevel',
    askKey: 'register-ask-targetLevel',
    input: {
      kind: 'choice',
      options: (_d, { campaign, t }) =>
        campaign.targetLevels.map((l) => ({ label: t(`level-${l}`), value: l })),
      perRow: 3,
    },
    schema: z.string().min(1),
    stored: 'explicit',
    show: level,
    card: { head: 'level' },
    export: { key: 'export-col-target-level', width: 12 },
    editable: true,
  },
  text('situation', 'longText', { export: { key: 'export-col-situation', width: 60 } }),
  text('goals', 'longText', { export: { key: 'export-col-goals', width: 60 } }),
  text('content', 'longText', { export: { key: 'export-col-content', width: 60 } }),
  text('area', 'shortText', { export: { key: 'export-col-area', width: 40 } }),
  text('beneficiaries', 'shortText', { export: { key: 'export-col-target-beneficiaries', width: 40 } }),
  text('forces', 'mediumText', { export: { key: 'export-col-forces', width: 40 } }),
  text('resources', 'mediumText', { export: { key: 'export-col-resources', width: 40 } }),
  day('startDate', 'start'),
  day('evaluationDate', 'evaluation'),
  {
    key: 'milestones',
    labelKey: 'register-label-milestones',
    input: { kind: 'none' },
    schema: z.string().max(2000).default(''),
    stored: { type: 'text', max: 2000, required: false },
    show: (v) => String(v),
    card: 'body',
    export: { key: 'export-col-milestones', width: 40 },
    editable: false,
  },
  text('outputs', 'mediumText', { export: { key: 'export-col-outputs', width: 40 } }),
  {
    key: 'indicators',
    labelKey: 'register-label-indicators',
    askKey: 'register-ask-indicator-name',
    input: { kind: 'custom', step: 'indicators' },
    schema: z
      .array(
        z.object({
          name: inputSchemas.indicatorName,
          unit: inputSchemas.indicatorUnit,
          target: z.number().nonnegative().finite(),
        }),
      )
      .min(1)
      .max(10),
    stored: 'explicit',
    show: (v) => (v as Indicator[]).map((i) => `\n • ${i.name}: ${nf.format(i.target)} ${i.unit}`).join(''),
    // On a card and in the workbook: the latest reported value beside the target.
    cardShow: (v) =>
      (v as Indicator[])
        .map(
          (i) =>
            `\n • ${i.name}: ${i.current == null ? '—' : nf.format(i.current)} / ${nf.format(i.target)} ${i.unit}`,
        )
        .join(''),
    card: { head: 'indicators' },
    export: { key: 'export-col-indicators', width: 50 },
    // In the workbook, numbers as its reader writes them.
    cell: (v, env) => {
      const n = numberFormat(env.lang);
      return (v as Indicator[])
        .map(
          (i) =>
            `${i.name}: ${i.current == null ? '—' : n.format(i.current)}/${n.format(i.target)} ${i.unit}`,
        )
        .join('; ');
    },
    editable: true,
  },
  text('sustainability', 'mediumText', { export: { key: 'export-col-sustainability', width: 50 } }),
  {
    key: 'replicatedFrom',
    labelKey: 'register-label-replicated',
    askKey: 'register-ask-replicated',
    input: { kind: 'custom', step: 'replicatedFrom' },
    schema: objectId.nullable().default(null),
    stored: 'explicit',
    show: (v, env) => env.modelLabel(String(v)),
    card: 'body',
    export: { key: 'export-col-replicated-from', width: 18 },
    cell: (v, env) => env.modelCode(String(v)),
    editable: true,
  },
];

/** What the service receives once the whole registration is checked (parts added later too). */
export type RegistrationInput = {
  title: string;
  ownerKind: 'collective' | 'individual';
  ownerName: string;
  unitId: string;
  field: string;
  targetLevel: string;
  startDate: string;
  evaluationDate: string;
  indicators: { name: string; unit: string; target: number }[];
  replicatedFrom: string | null;
} & Record<string, unknown>;

/** The structured registration, checked as a whole before anything is saved. */
export const registrationSchema = schemaOf(registrationForm as FormField<never>[]) as unknown as z.ZodType<
  RegistrationInput,
  unknown
>;
