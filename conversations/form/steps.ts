import type { FormContext } from '../../src/bot/context.ts';
import type { AskEnv, FormField, ShowEnv } from '../../src/domain/forms/field.ts';
import type { Parsed } from '../../src/domain/input.ts';
import type { Translate } from '../../src/i18n.ts';
import { ask, type Choice, clip, complain, escapeHtml, type FormIO } from './engine.ts';

export type FormData = Record<string, unknown>;

export interface StepEnv<D extends FormData> {
  io: FormIO;
  ctx: FormContext;
  data: D;
  canGoBack: boolean;
  /** Stores intermediate answers of a step that asks several questions. */
  save(d: D): Promise<void>;
}

export type Outcome<D> = { kind: 'next'; data: D; ctx: FormContext } | { kind: 'back' } | { kind: 'cancel' };

export interface Step<D extends FormData> {
  id: string;
  /** Fluent id of the part's name in summaries and the edit menu. */
  labelKey: string;
  answered(d: D): boolean;
  run(env: StepEnv<D>): Promise<Outcome<D>>;
  /** The answer as shown in the summary. */
  show(d: D, t: Translate): string;
  /** A step that applies only to some answers (for example owner name for collectives). */
  when?(d: D): boolean;
  /** Offered in the summary's edit menu (default: yes). */
  editable?: boolean;
}

const has = (v: unknown) => v !== undefined && v !== null && v !== '';

/** What a step built from options takes over as it is: its id, label, condition and editability. */
function head<D extends FormData>(opts: Pick<Step<D>, 'id' | 'labelKey' | 'when' | 'editable'>) {
  return { id: opts.id, labelKey: opts.labelKey, when: opts.when, editable: opts.editable };
}

/** A typed answer, validated by `parse`; bad input gets the reason and the same question again. */
export function textStep<D extends FormData>(opts: {
  id: string;
  field: keyof D & string;
  labelKey: string;
  askKey: string;
  askArgs?: (d: D) => Record<string, string | number>;
  parse: (raw: string, d: D) => Parsed<unknown>;
  optional?: boolean;
  /** Buttons offering ready answers (their value is parsed like typed text). */
  suggestions?: (d: D, t: Translate) => Choice[][];
  show?: (v: unknown, d: D, t: Translate) => string;
  when?: (d: D) => boolean;
  editable?: boolean;
}): Step<D> {
  return {
    ...head(opts),
    answered: (d) => has(d[opts.field]) || (opts.optional === true && d[opts.field] === null),
    show: (d, t) => {
      const v = d[opts.field];
      if (!has(v)) return t('common-none');
      return opts.show ? opts.show(v, d, t) : escapeHtml(clip(String(v)));
    },
    async run({ io, ctx, data, canGoBack }) {
      let current = ctx;
      for (;;) {
        const r = await ask(io, current, {
          text: io.t(opts.askKey, opts.askArgs?.(data)),
          choices: opts.suggestions?.(data, io.t),
          back: canGoBack,
          skip: opts.optional,
        });
        if (r.kind === 'cancel' || r.kind === 'back') return { kind: r.kind };
        if (r.kind === 'skip') return { kind: 'next', data: { ...data, [opts.field]: null }, ctx: current };
        if (r.kind === 'done') continue;
        if (r.kind === 'media') {
          await complain(io, r.ctx, { key: 'err-expected-text' });
          current = r.ctx;
          continue;
        }
        const raw = r.kind === 'text' ? r.text : r.value;
        const parsed = opts.parse(raw, data);
        if (parsed.ok) return { kind: 'next', data: { ...data, [opts.field]: parsed.value }, ctx: r.ctx };
        await complain(io, r.ctx, parsed.problem);
        current = r.ctx;
      }
    },
  };
}

/** A choice among buttons; typing instead gets "please use the buttons" and the question again. */
export function choiceStep<D extends FormData>(opts: {
  id: string;
  field: keyof D & string;
  labelKey: string;
  askKey: string;
  choices: (d: D, t: Translate) => Choice[];
  perRow?: number;
  show: (v: string, d: D, t: Translate) => string;
  when?: (d: D) => boolean;
  editable?: boolean;
}): Step<D> {
  return {
    ...head(opts),
    answered: (d) => has(d[opts.field]),
    show: (d, t) =>
      has(d[opts.field]) ? escapeHtml(opts.show(String(d[opts.field]), d, t)) : t('common-none'),
    async run({ io, ctx, data, canGoBack }) {
      const choices = opts.choices(data, io.t);
      const perRow = opts.perRow ?? 1;
      const rows: Choice[][] = [];
      for (let i = 0; i < choices.length; i += perRow) rows.push(choices.slice(i, i + perRow));
      let current = ctx;
      for (;;) {
        const r = await ask(io, current, { text: io.t(opts.askKey), choices: rows, back: canGoBack });
        if (r.kind === 'cancel' || r.kind === 'back') return { kind: r.kind };
        if (r.kind === 'choice' && choices.some((c) => c.value === r.value)) {
          return { kind: 'next', data: { ...data, [opts.field]: r.value }, ctx: r.ctx };
        }
        if (r.kind === 'text' || r.kind === 'media') {
          await complain(io, r.ctx, { key: 'err-use-buttons' });
          current = r.ctx;
        }
      }
    },
  };
}

/**
 * The steps of a form table (src/domain/forms/): a typed part becomes a `textStep`, a choice a
 * `choiceStep`, a `custom` part the conversation's own step of that name; parts not asked are left
 * out. The question, the check, the summary line and the edit menu all come from the table.
 */
export function stepsFromTable<D extends FormData>(
  fields: readonly FormField<D>[],
  env: { ask: AskEnv; show: ShowEnv },
  custom: Record<string, Step<D>>,
): Step<D>[] {
  const steps: Step<D>[] = [];
  for (const f of fields) {
    const input = f.input;
    if (input.kind === 'none') continue;
    if (input.kind === 'custom') {
      const step = custom[input.step];
      if (!step) throw new Error(`the form has no step "${input.step}" for its part "${f.key}"`);
      steps.push({ ...step, editable: f.editable });
      continue;
    }
    const common = {
      id: f.key,
      field: f.key as keyof D & string,
      labelKey: f.labelKey,
      askKey: f.askKey ?? `${f.labelKey}`,
      editable: f.editable,
    };
    if (input.kind === 'text') {
      const { askArgs, suggestions } = input;
      steps.push(
        textStep<D>({
          ...common,
          askArgs: askArgs && ((d) => askArgs(d, env.ask)),
          parse: (raw, d) => input.parse(raw, d, env.ask),
          optional: input.optional,
          suggestions: suggestions && ((d) => suggestions(d, env.ask).map((c) => [c])),
          show: (v) => escapeHtml(clip(f.show(v, env.show))),
        }),
      );
    } else {
      steps.push(
        choiceStep<D>({
          ...common,
          choices: (d) => input.options(d, env.ask),
          perRow: input.perRow,
          show: (v) => f.show(v, env.show),
        }),
      );
    }
  }
  return steps;
}

/**
 * A form's steps built once per setup and language: a form goes on in a new run after each answer,
 * and steps hold no state of a run, so the same setup and language give the same steps. A setup is
 * found by its `key` (services/forms.ts); one stored before it had a key is written out instead.
 * At most 200 are kept.
 */
export function stepsBuiltOnce<D extends FormData, S extends { key?: string }>(
  build: (setup: S, lang: string) => Step<D>[],
): (setup: S, lang: string) => Step<D>[] {
  const built = new Map<string, Step<D>[]>();
  return (setup, lang) => {
    const key = `${lang} ${setup.key ?? JSON.stringify(setup)}`;
    const known = built.get(key);
    if (known) return known;
    const steps = build(setup, lang);
    if (built.size >= 200) built.clear();
    built.set(key, steps);
    return steps;
  };
}

function applicable<D extends FormData>(step: Step<D>, d: D): boolean {
  return step.when ? step.when(d) : true;
}

/**
 * Asks every unanswered step in order (so a resumed draft continues where it stopped), saving the
 * answers after each one. "Back" re-asks the previous step.
 */
export async function fillForm<D extends FormData>(
  io: FormIO,
  ctx: FormContext,
  steps: readonly Step<D>[],
  initial: D,
  save: (d: D, stepId: string) => Promise<void>,
  /** Called after an answer when another question follows: ends the run (see resumeAfterAnswer). */
  pause?: () => Promise<never>,
): Promise<{ kind: 'filled'; data: D; ctx: FormContext } | { kind: 'cancel'; data: D }> {
  let data = initial;
  let current = ctx;
  const firstOpen = (from: number) => {
    for (let i = from; i < steps.length; i++)
      if (applicable(steps[i]!, data) && !steps[i]!.answered(data)) return i;
    return -1;
  };
  let i = firstOpen(0);
  while (i >= 0) {
    const step = steps[i]!;
    const prev = (() => {
      for (let j = i - 1; j >= 0; j--) if (applicable(steps[j]!, data)) return j;
      return -1;
    })();
    const out = await step.run({
      io,
      ctx: current,
      data,
      canGoBack: prev >= 0,
      save: (d) => save(d, step.id),
    });
    if (out.kind === 'cancel') return { kind: 'cancel', data };
    if (out.kind === 'back') {
      i = prev;
      continue;
    }
    data = out.data;
    current = out.ctx;
    await save(data, step.id);
    i = firstOpen(i + 1);
    if (i < 0) i = firstOpen(0);
    if (i >= 0 && pause) await pause();
  }
  return { kind: 'filled', data, ctx: current };
}

/**
 * Shows everything before it is saved; the person confirms, edits any part, or cancels.
 */
export async function reviewForm<D extends FormData>(
  io: FormIO,
  ctx: FormContext,
  steps: readonly Step<D>[],
  initial: D,
  save: (d: D, stepId: string) => Promise<void>,
  titleKey: string,
): Promise<{ kind: 'confirm'; data: D; ctx: FormContext } | { kind: 'cancel'; data: D }> {
  let data = initial;
  let current = ctx;
  for (;;) {
    const lines = steps
      .filter((s) => applicable(s, data))
      .map((s) => `<b>${escapeHtml(io.t(s.labelKey))}</b>: ${s.show(data, io.t)}`);
    const r = await ask(io, current, {
      text: `${io.t(titleKey)}\n\n${lines.join('\n')}`,
      choices: [
        [{ label: io.t('form-button-confirm'), value: 'ok' }],
        [{ label: io.t('form-button-edit'), value: 'edit' }],
      ],
    });
    if (r.kind === 'cancel') return { kind: 'cancel', data };
    if (r.kind !== 'choice') {
      if (r.kind === 'text' || r.kind === 'media') {
        await complain(io, r.ctx, { key: 'err-use-buttons' });
        current = r.ctx;
      }
      continue;
    }
    if (r.value === 'ok') return { kind: 'confirm', data, ctx: r.ctx };
    const editable = steps.filter((s) => applicable(s, data) && s.editable !== false);
    const rows: { label: string; value: string }[][] = [];
    for (let k = 0; k < editable.length; k += 2) {
      rows.push(editable.slice(k, k + 2).map((s) => ({ label: io.t(s.labelKey), value: s.id })));
    }
    const pick = await ask(io, r.ctx, { text: io.t('form-edit-which'), choices: rows, back: true });
    if (pick.kind === 'cancel') return { kind: 'cancel', data };
    if (pick.kind !== 'choice') continue;
    const step = steps.find((s) => s.id === pick.value);
    if (!step) continue;
    const out = await step.run({ io, ctx: pick.ctx, data, canGoBack: true, save: (d) => save(d, step.id) });
    if (out.kind === 'cancel') return { kind: 'cancel', data };
    if (out.kind === 'next') {
      data = out.data;
      current = out.ctx;
      await save(data, step.id);
      // An edit may open parts that now apply (for example owner name): ask them.
      const filled = await fillForm(io, current, steps, data, save);
      if (filled.kind === 'cancel') return filled;
      data = filled.data;
      current = filled.ctx;
    }
  }
}
