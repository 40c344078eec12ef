import type { FormContext, FormConversation } from '../../src/bot/context.ts';
import { Unit } from '../../src/db/models/index.ts';
import { type Action, can } from '../../src/domain/permissions.ts';
import { searchUnits } from '../../src/services/units.ts';
import { principalOf } from '../../src/services/users.ts';
import { ask, type Choice, clip, complain, type FormIO } from './engine.ts';

export interface UnitChoice {
  id: string;
  name: string;
  hasChildren: boolean;
}

export async function withChildFlags(units: { id: string; name: string }[]): Promise<UnitChoice[]> {
  const parents = new Set(
    (await Unit.distinct('parentId', { parentId: { $in: units.map((u) => u.id) } })).map(String),
  );
  return units.map((u) => ({ ...u, hasChildren: parents.has(u.id) }));
}

export async function unitsUnder(parentId: string): Promise<UnitChoice[]> {
  const units = await Unit.find({ parentId, active: true }, { name: 1 }).sort({ order: 1, name: 1 }).lean();
  return withChildFlags(units.map((u) => ({ id: String(u._id), name: u.name })));
}

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
  const trail: UnitChoice[][] = [];
  let current = ctx;
  const rootIds = opts.roots.map((u) => u.id);
  for (;;) {
    const choices: Choice[][] = list.slice(0, 40).map((u) => {
      const row: Choice[] = [{ label: u.name, value: `p${u.id}` }];
      if (u.hasChildren) row.push({ label: '▸', value: `o${u.id}` });
      return row;
    });
    if (trail.length) choices.push([{ label: io.t('unit-picker-up'), value: 'up' }]);
    const r = await ask(io, current, { text: io.t(opts.askKey), choices, back: opts.canGoBack });
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
              const units = await searchUnits(rootIds, q, 12);
              return JSON.parse(
                JSON.stringify(await withChildFlags(units.map((u) => ({ id: String(u._id), name: u.name })))),
              ) as UnitChoice[];
            });
      if (!found.length) {
        await complain(io, r.ctx, { key: 'unit-picker-not-found', args: { query: clip(q, 40) } });
        continue;
      }
      trail.push(list);
      list = found;
      continue;
    }
    if (r.kind !== 'choice') continue;
    current = r.ctx;
    if (r.value === 'up') {
      list = trail.pop() ?? opts.roots;
      continue;
    }
    const id = r.value.slice(1);
    if (!/^[a-f0-9]{24}$/.test(id)) continue;
    if (r.value.startsWith('o')) {
      trail.push(list);
      list = await conversation.external(
        async () => JSON.parse(JSON.stringify(await unitsUnder(id))) as UnitChoice[],
      );
      continue;
    }
    const allowed = await conversation.external(async (octx) => {
      const unit = await Unit.findById(id, { path: 1, name: 1 }).lean();
      if (!unit) return null;
      const path = unit.path.map(String);
      if (!path.some((p) => rootIds.includes(p))) return null;
      if (opts.action) {
        const user = octx.user;
        if (!user || !can(principalOf(user), opts.action, { unitPath: path })) return null;
      }
      return unit.name;
    });
    if (!allowed) {
      await complain(io, r.ctx, { key: 'err-not-allowed' });
      continue;
    }
    return { kind: 'picked', id, name: allowed, ctx: r.ctx };
  }
}
