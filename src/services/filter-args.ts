import type { Types } from 'mongoose';
import { type CampaignDoc, Unit } from '../db/models/index.ts';
import {
  type Choice,
  filterKeyOf,
  matchChoice,
  parseOwnerKind,
  parsePeriodKey,
  splitFilterArgs,
  unitNames,
} from '../domain/filters.ts';
import type { OwnerKind } from './summaries.ts';

/**
 * Turns what was typed after /tonghop or /xuat into summary filters, looking field and unit names
 * up in the campaign (see domain/filters.ts for how values are compared). A value that matches
 * nothing comes back with the allowed ones, for the person to pick from.
 */

export interface TypedFilters {
  unitId: string | null;
  field: string | null;
  ownerKind: OwnerKind | null;
  periodKey: string | null;
}

export type FilterProblem =
  | { kind: 'key'; value: string }
  | { kind: 'field'; value: string; allowed: string[] }
  | { kind: 'owner'; value: string }
  | { kind: 'period'; value: string }
  | { kind: 'unit'; value: string; allowed: string[] }
  | { kind: 'unit-ambiguous'; value: string; allowed: string[] }
  | { kind: 'value'; value: string };

export type TypedFiltersResult = { ok: true; filters: TypedFilters } | { ok: false; problem: FilterProblem };

/** How many units an "unknown unit" message lists at most. */
const LISTED_UNITS = 30;

export async function readFilterArgs(
  text: string,
  campaign: Pick<CampaignDoc, 'fields' | 'rootUnitId'>,
  opts: { scopeUnitId: string | Types.ObjectId; lang?: string },
): Promise<TypedFiltersResult> {
  const en = opts.lang === 'en';
  const filters: TypedFilters = { unitId: null, field: null, ownerKind: null, periodKey: null };
  const fieldChoices: Choice[] = campaign.fields.map((f) => ({
    id: f.code,
    names: [f.code, f.name, f.nameEn ?? ''].filter(Boolean),
  }));
  const fieldList = () => campaign.fields.map((f) => `${(en && f.nameEn) || f.name} (${f.code})`);
  let units: { _id: Types.ObjectId; code: string; name: string; parentId?: unknown }[] | null = null;
  const loadUnits = async () => {
    units ??= await Unit.find({ path: campaign.rootUnitId }, { code: 1, name: 1, parentId: 1 })
      .sort({ order: 1, name: 1 })
      .lean<{ _id: Types.ObjectId; code: string; name: string; parentId?: unknown }[]>();
    return units;
  };
  const unitChoices = async () =>
    (await loadUnits()).map((u) => ({ id: String(u._id), names: unitNames(u) }));
  const label = (u: { code: string; name: string }) => `${u.name} (${u.code})`;

  const readUnit = async (value: string): Promise<FilterProblem | null> => {
    const all = await loadUnits();
    const m = matchChoice(value, await unitChoices());
    if (m.ok) {
      filters.unitId = m.id;
      return null;
    }
    if (m.candidates.length > 1) {
      const byId = new Map(all.map((u) => [String(u._id), u]));
      return {
        kind: 'unit-ambiguous',
        value,
        allowed: m.candidates.map((id) => label(byId.get(id)!)),
      };
    }
    const scope = String(opts.scopeUnitId);
    const children = all.filter((u) => String(u.parentId) === scope);
    const allowed = children.slice(0, LISTED_UNITS).map(label);
    if (children.length > LISTED_UNITS) allowed.push('…');
    return { kind: 'unit', value, allowed };
  };

  for (const token of splitFilterArgs(text)) {
    const { value } = token;
    if (token.key !== null) {
      const key = filterKeyOf(token.key);
      if (!key) return { ok: false, problem: { kind: 'key', value: token.raw } };
      if (key === 'period') {
        const p = parsePeriodKey(value);
        if (!p) return { ok: false, problem: { kind: 'period', value } };
        filters.periodKey = p;
      } else if (key === 'kind') {
        const k = parseOwnerKind(value);
        if (!k) return { ok: false, problem: { kind: 'owner', value } };
        filters.ownerKind = k;
      } else if (key === 'field') {
        const m = matchChoice(value, fieldChoices);
        if (!m.ok) return { ok: false, problem: { kind: 'field', value, allowed: fieldList() } };
        filters.field = m.id;
      } else {
        const problem = await readUnit(value);
        if (problem) return { ok: false, problem };
      }
      continue;
    }
    // A bare value: a period, an owner kind, a field or a unit, whichever it names.
    const period = parsePeriodKey(value);
    if (period) {
      filters.periodKey = period;
      continue;
    }
    const kind = parseOwnerKind(value);
    if (kind) {
      filters.ownerKind = kind;
      continue;
    }
    const field = matchChoice(value, fieldChoices);
    if (field.ok) {
      filters.field = field.id;
      continue;
    }
    const unit = matchChoice(value, await unitChoices());
    if (unit.ok) {
      filters.unitId = unit.id;
      continue;
    }
    return { ok: false, problem: { kind: 'value', value } };
  }
  return { ok: true, filters };
}
