import type { Action } from '../src/domain/permissions.ts';
import { escapeHtml } from './form/engine.ts';
import type { FormData, Step } from './form/steps.ts';
import { pickUnit, type UnitChoice } from './form/unit-picker.ts';

/**
 * The model's unit, inside the person's scope: taken at once when the scope is one unit without
 * children, else browsed with buttons or found by typing part of a name (`pickUnit`, which checks
 * `action` on the unit chosen). Shared by the registration and the honoured-before forms.
 */
export function unitStep<D extends FormData & { unitId?: string; unitName?: string }>(
  roots: UnitChoice[],
  opts: { askKey: string; action: Action },
): Step<D> {
  return {
    id: 'unit',
    labelKey: 'register-label-unit',
    answered: (d) => !!d.unitId,
    show: (d) => escapeHtml(d.unitName ?? ''),
    async run({ io, ctx, data, canGoBack }) {
      const only = roots.length === 1 && !roots[0]!.hasChildren ? roots[0]! : null;
      if (only) return { kind: 'next', data: { ...data, unitId: only.id, unitName: only.name }, ctx };
      // The run's own conversation (io): a step may be built once and serve many replays.
      const r = await pickUnit(io.conversation, io, ctx, { roots, canGoBack, ...opts });
      if (r.kind !== 'picked') return r;
      return { kind: 'next', data: { ...data, unitId: r.id, unitName: r.name }, ctx: r.ctx };
    },
  };
}
