import { z } from 'zod';
import { addDays, addYears, type Day, daysBetween, isValidDay } from './calendar.ts';

const day = z.string().refine(isValidDay, 'expected a real date as YYYY-MM-DD');

const task = z.object({
  code: z.string().min(1),
  title: z.string().min(1),
  titleEn: z.string().default(''),
  due: day,
  level: z.string().nullable().default(null),
  check: z.enum(['none', 'unitHasInitiative', 'initiativesAppraised', 'initiativesReported']).default('none'),
});

const phase = z
  .object({
    code: z.string().min(1),
    name: z.string().min(1),
    nameEn: z.string().default(''),
    start: day,
    end: day,
    tasks: z.array(task),
  })
  .refine((p) => p.start <= p.end, 'a phase ends before it starts')
  .refine((p) => p.tasks.every((t) => t.due >= p.start && t.due <= p.end), 'a task is due outside its phase');

const roundDef = z
  .object({
    code: z.string().regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and dashes'),
    name: z.string().min(1),
    nameEn: z.string().default(''),
    kind: z.enum(['honouring', 'registration']),
    phaseCode: z.string().min(1),
    targetLevel: z.string().min(1),
    unitLevel: z.string().min(1),
    occasion: z.number().int().min(1).default(1),
    quota: z.number().int().min(0).default(0),
    opensOn: day,
    closesOn: day,
    conferenceOn: day.nullable().default(null),
  })
  .refine((r) => r.opensOn <= r.closesOn, 'a round closes before it opens');

/** A campaign template (the 2011-2015 plan ships as one), validated whenever it is loaded. */
export const campaignTemplateSchema = z
  .object({
    code: z.string().regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and dashes'),
    name: z.string().min(1),
    source: z.string().default(''),
    start: day,
    end: day,
    levels: z.array(z.string().min(1)).min(1),
    targetLevels: z.array(z.string().min(1)).min(1),
    fields: z
      .array(z.object({ code: z.string().min(1), name: z.string().min(1), nameEn: z.string().default('') }))
      .min(1),
    phases: z.array(phase).min(1),
    criteria: z
      .array(
        z.object({
          code: z.string().min(1),
          name: z.string().min(1),
          nameEn: z.string().default(''),
          maxScore: z.number().positive(),
        }),
      )
      .min(1),
    reportCadence: z.enum(['monthly', 'quarterly']),
    reminderOffsets: z.array(z.number().int().min(0).max(365)).min(1),
    reportNudgeDays: z.number().int().min(0).max(31),
    evidenceRequired: z.boolean(),
    forbidOwnUnitAppraisal: z.boolean(),
    honouringDate: day.nullable(),
    pilotUnitCode: z.string().nullable(),
    rounds: z.array(roundDef).default([]),
    putForwardMinVerified: z.number().int().min(0).default(2),
    followUpMonths: z.array(z.number().int().min(1).max(60)).default([6, 12]),
    effectivePeriods: z.number().int().min(1).max(12).default(2),
    /** The mass-mobilisation bodies that run the campaign at each level (standing member of the
     * Steering Committee and its secretariat), shown to people and in exports. */
    bodies: z
      .array(
        z.object({
          level: z.string().min(1),
          name: z.string().min(1),
          nameEn: z.string().default(''),
          role: z.string().default(''),
        }),
      )
      .default([]),
    /** Official documents (issue 11): layout and issuer; every part optional, defaults in models/campaign.ts. */
    documents: z
      .object({
        format: z.enum(['party', 'state']).optional(),
        parentName: z.string().max(200).optional(),
        bodyName: z.string().min(1).max(200).optional(),
        symbol: z.string().min(1).max(30).optional(),
        place: z.string().max(80).optional(),
        signerAuthority: z.string().min(1).max(120).optional(),
        signerTitle: z.string().min(1).max(120).optional(),
        signerName: z.string().max(120).optional(),
        recipients: z.array(z.string().min(1).max(200)).optional(),
      })
      .optional(),
  })
  .refine((t) => t.start <= t.end, 'the campaign ends before it starts')
  .refine(
    (t) => t.phases.every((p) => p.start >= t.start && p.end <= t.end),
    'a phase lies outside the campaign',
  )
  .refine((t) => new Set(t.fields.map((f) => f.code)).size === t.fields.length, 'two fields share a code')
  .refine(
    (t) => t.rounds.every((r) => t.phases.some((p) => p.code === r.phaseCode)),
    'a round names a phase the campaign does not have',
  )
  .refine(
    (t) => t.rounds.every((r) => t.targetLevels.includes(r.targetLevel) && t.levels.includes(r.unitLevel)),
    'a round names a level the campaign does not have',
  )
  .refine((t) => new Set(t.rounds.map((r) => r.code)).size === t.rounds.length, 'two rounds share a code')
  .refine(
    (t) =>
      t.phases.every((p) => p.tasks.every((task) => task.level === null || t.levels.includes(task.level))),
    'a task names a level the template does not list in "levels"',
  );

export type CampaignTemplate = z.infer<typeof campaignTemplateSchema>;

export class TemplateShiftError extends Error {}

/**
 * The same plan moved in time:
 * - `{ years }`: every date by whole years, so 31/12 stays 31/12 and 15/10 stays 15/10;
 * - `{ startOn }` (what `campaign create --start` does): the campaign starts on that day and the
 *   plan keeps its calendar: every other date moves by the whole years between the template's
 *   start year and that day's year, so the tradition day stays 15/10 and a "2026-2030" campaign
 *   ends on 31/12/2030 whatever day of 2026 it starts. A step that would lie wholly before the
 *   start moves to begin on it (keeping its length); a step under way keeps its end and its later
 *   deadlines, its past ones move by as much as its start did;
 * - `{ start }`: every date by the same number of days (tests use it to put a day in a step).
 */
export function shiftTemplate(
  t: CampaignTemplate,
  shift: { years: number } | { start: Day } | { startOn: Day },
  overrides: { code?: string; name?: string } = {},
): CampaignTemplate {
  if ('startOn' in shift) return startTemplateOn(t, shift.startOn, overrides);
  const move =
    'years' in shift
      ? (d: Day) => addYears(d, shift.years)
      : (
          (delta) => (d: Day) =>
            addDays(d, delta)
        )(daysBetween(t.start, shift.start));
  const shifted: CampaignTemplate = {
    ...t,
    code: overrides.code ?? t.code,
    name: overrides.name ?? t.name,
    start: move(t.start),
    end: move(t.end),
    honouringDate: t.honouringDate ? move(t.honouringDate) : null,
    phases: t.phases.map((p) => ({
      ...p,
      start: move(p.start),
      end: move(p.end),
      tasks: p.tasks.map((task) => ({ ...task, due: move(task.due) })),
    })),
    rounds: t.rounds.map((r) => ({
      ...r,
      opensOn: move(r.opensOn),
      closesOn: move(r.closesOn),
      conferenceOn: r.conferenceOn ? move(r.conferenceOn) : null,
    })),
  };
  return campaignTemplateSchema.parse(shifted);
}

function startTemplateOn(
  t: CampaignTemplate,
  startOn: Day,
  overrides: { code?: string; name?: string },
): CampaignTemplate {
  const years = Number(startOn.slice(0, 4)) - Number(t.start.slice(0, 4));
  const moved = shiftTemplate(t, { years }, overrides);
  let floor = startOn;
  const phases = moved.phases.map((p, i) => {
    const start = i === 0 ? startOn : maxDay(p.start, floor);
    const delta = daysBetween(p.start, start);
    let end = p.end;
    let tasks = p.tasks;
    if (p.end < start) {
      // The whole step would lie before the start: it moves, keeping its length and spacing.
      end = addDays(p.end, delta);
      tasks = p.tasks.map((task) => ({ ...task, due: addDays(task.due, delta) }));
    } else if (delta > 0) {
      // The step is under way at the start: its deadlines already past move by as much, up to its end.
      tasks = p.tasks.map((task) =>
        task.due < start ? { ...task, due: minDay(addDays(task.due, delta), end) } : task,
      );
    }
    floor = addDays(end, 1);
    return { ...p, start, end, tasks };
  });
  const shifted: CampaignTemplate = { ...moved, start: startOn, phases };
  if (shifted.honouringDate && shifted.honouringDate < startOn) shifted.honouringDate = null;
  const r = campaignTemplateSchema.safeParse(shifted);
  if (!r.success) {
    const last = phases.at(-1)!;
    throw new TemplateShiftError(
      `--start ${startOn} leaves too little of the plan before its end ${moved.end} (step ${last.code} would end ${last.end}); use --years`,
    );
  }
  return r.data;
}

const minDay = (a: Day, b: Day) => (a < b ? a : b);
const maxDay = (a: Day, b: Day) => (a > b ? a : b);

/**
 * The levels a template's tasks are addressed to that a unit tree lacks (a 2011 template with
 * district tasks on a province-and-communes tree would remind nobody). Empty when all are there.
 */
export function missingTaskLevels(t: CampaignTemplate, treeLevels: Iterable<string>): Map<string, string[]> {
  const have = new Set(treeLevels);
  const missing = new Map<string, string[]>();
  for (const p of t.phases)
    for (const task of p.tasks)
      if (task.level !== null && !have.has(task.level))
        missing.set(task.level, [...(missing.get(task.level) ?? []), task.code]);
  return missing;
}

export const UNIT_KINDS = ['tỉnh', 'thành phố trung ương', 'xã', 'phường', 'đặc khu'] as const;

export const unitTreeSchema = z.object({
  name: z.string().default(''),
  /** Where the units come from (a generated tree names the package and its version). */
  source: z.string().default(''),
  units: z
    .array(
      z.object({
        code: z.string().regex(/^[a-z0-9-]+$/, 'unit codes are lower-case letters, digits and dashes'),
        name: z.string().min(1).max(200),
        level: z.string().min(1).max(40),
        parent: z.string().nullable(),
        pilot: z.boolean().default(false),
        order: z.number().int().default(0),
        /** The administrative kind (xã, phường, đặc khu ...) of a generated tree. */
        kind: z.enum(UNIT_KINDS).optional(),
        /** The official code (mã đơn vị hành chính) of a generated tree. */
        officialCode: z
          .string()
          .regex(/^\d{2,5}$/, 'official codes are 2 to 5 digits')
          .optional(),
      }),
    )
    .min(1),
});
export type UnitTree = z.infer<typeof unitTreeSchema>;
export type UnitRow = UnitTree['units'][number];

/**
 * Units from CSV with a header `code,name,level,parent_code[,pilot]`. Fields may be quoted
 * ("Xã A, B"). Returns the rows or the first problem with its line number.
 */
export function parseUnitCsv(text: string): { ok: true; rows: UnitRow[] } | { ok: false; error: string } {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  if (lines.length === 0) return { ok: false, error: 'the file is empty' };
  const header = splitCsvLine(lines[0]!).map((h) => h.trim().toLowerCase());
  const col = (n: string) => header.indexOf(n);
  for (const need of ['code', 'name', 'level', 'parent_code']) {
    if (col(need) < 0) return { ok: false, error: `the header lacks the column "${need}"` };
  }
  const rows: UnitRow[] = [];
  const rowSchema = unitTreeSchema.shape.units.element;
  for (let i = 1; i < lines.length; i++) {
    const cells = splitCsvLine(lines[i]!);
    const get = (n: string) => (col(n) >= 0 ? (cells[col(n)] ?? '').trim() : '');
    const parsed = rowSchema.safeParse({
      code: get('code'),
      name: get('name'),
      level: get('level'),
      parent: get('parent_code') || null,
      pilot: ['true', '1', 'x', 'có', 'co', 'yes'].includes(get('pilot').toLowerCase()),
      order: i,
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return { ok: false, error: `line ${i + 1}: ${issue.path.join('.')}: ${issue.message}` };
    }
    rows.push(parsed.data);
  }
  return { ok: true, rows };
}

export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}
