import type { FormContext, FormConversation } from '../../src/bot/context.ts';
import type { Action } from '../../src/domain/permissions.ts';
import {
  pickableUnit,
  type UnitChoice,
  unitsUnder,
  withChildFlags,
} from '../../src/services/unit-choices.ts';
import { searchUnits } from '../../src/services/units.ts';
import { ask, type Choice, clip, complain, escapeHtml, type FormIO } from './engine.ts';

// The unit lists come from the service; register.ts and access-request.ts import them from here.
export { type UnitChoice, unitsUnder, withChildFlags };

/** Units per page of buttons: a province of 102 communes (or a city of 168) is browsed in pages. */
export const UNITS_PER_PAGE = 20;
/** Search results shown at once; more means the typed part is too short, and the person is told. */
export const SEARCH_LIMIT = 20;

export type PickOutcome =
  | { kind: 'picked'; id: string; name: string; ctx: FormContext }
  | { kind: 'back' }
  | { kind: 'cancel' };

/**
 * Choose a unit: browse the tree from `roots` with buttons (a name chooses it, ▸ opens it) or
 * type part of a name to search. The chosen id comes back from a button, so it is re-checked on
 * the server: it must lie in the subtree of a root and, with `action`, pass `can()`.
 */
export async function pickUnit(
  conversation: FormConversation,
  io: FormIO,
  ctx: FormContext,
  opts: { roots: UnitChoice[]; askKey: string; canGoBack: boolean; action?: Action },
): Promise<PickOutcome> {
  let list = opts.roots;
  let page = 0;
  let note: string | null = null;
  const trail: { list: UnitChoice[]; page: number }[] = [];
  let current = ctx;
  const rootIds = opts.roots.map((u) => u.id);
  for (;;) {
    const pages = Math.max(1, Math.ceil(list.length / UNITS_PER_PAGE));
    page = Math.min(Math.max(0, page), pages - 1);
    const choices: Choice[][] = list.slice(page * UNITS_PER_PAGE, (page + 1) * UNITS_PER_PAGE).map((u) => {
      const row: Choice[] = [{ label: u.name, value: `p${u.id}` }];
      if (u.hasChildren) row.push({ label: '▸', value: `o${u.id}` });
      return row;
    });
    if (pages > 1) {
      const nav: Choice[] = [];
      if (page > 0) nav.push({ label: io.t('unit-picker-prev'), value: 'prev' });
      nav.push({ label: io.t('unit-picker-page', { page: page + 1, pages }), value: 'noop' });
      if (page < pages - 1) nav.push({ label: io.t('unit-picker-next'), value: 'next' });
      choices.push(nav);
    }
    if (trail.length) choices.push([{ label: io.t('unit-picker-up'), value: 'up' }]);
    const text = [
      io.t(opts.askKey),
      ...(pages > 1 ? [io.t('unit-picker-many', { count: list.length })] : []),
      ...(note ? [note] : []),
    ].join('\n\n');
    note = null;
    const r = await ask(io, current, { text, choices, back: opts.canGoBack });
    if (r.kind === 'cancel' || r.kind === 'back') return { kind: r.kind };
    if (r.kind === 'media') {
      await complain(io, r.ctx, { key: 'err-expected-text' });
      current = r.ctx;
      continue;
    }
    if (r.kind === 'text') {
      current = r.ctx;
      const q = r.text.trim();
      const found =
        q.length < 2
          ? []
          : await conversation.external(async () => {
              const units = await searchUnits(rootIds, q, SEARCH_LIMIT + 1);
              return JSON.parse(
                JSON.stringify(await withChildFlags(units.map((u) => ({ id: String(u._id), name: u.name })))),
              ) as UnitChoice[];
            });
      if (!found.length) {
        await complain(io, r.ctx, { key: 'unit-picker-not-found', args: { query: clip(q, 40) } });
        continue;
      }
      if (found.length > SEARCH_LIMIT)
        note = escapeHtml(io.t('unit-picker-more', { count: SEARCH_LIMIT, query: clip(q, 40) }));
      trail.push({ list, page });
      list = found.slice(0, SEARCH_LIMIT);
      page = 0;
      continue;
    }
    if (r.kind !== 'choice') continue;
    current = r.ctx;
    if (r.value === 'next' || r.value === 'prev') {
      page += r.value === 'next' ? 1 : -1;
      continue;
    }
    if (r.value === 'noop') continue;
    if (r.value === 'up') {
      const back = trail.pop();
      list = back?.list ?? opts.roots;
      page = back?.page ?? 0;
      continue;
    }
    const id = r.value.slice(1);
    if (!/^[a-f0-9]{24}$/.test(id)) continue;
    if (r.value.startsWith('o')) {
      trail.push({ list, page });
      page = 0;
      list = await conversation.external(
        async () => JSON.parse(JSON.stringify(await unitsUnder(id))) as UnitChoice[],
      );
      continue;
    }
    const allowed = await conversation.external((octx) =>
      pickableUnit(id, rootIds, opts.action ? { user: octx.user, action: opts.action } : undefined),
    );
    if (!allowed) {
      await complain(io, r.ctx, { key: 'err-not-allowed' });
      continue;
    }
    return { kind: 'picked', id, name: allowed, ctx: r.ctx };
  }
}
