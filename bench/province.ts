import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Types } from 'mongoose';
import type { CampaignDoc, UnitDoc } from '../src/db/models/index.ts';
import { shiftTemplate, unitTreeSchema } from '../src/domain/templates.ts';
import { createCampaign, DEFAULT_UNITS, loadTemplate } from '../src/services/campaigns.ts';
import { importUnits } from '../src/services/units.ts';

/**
 * What the province-sized benchmarks share: a repeatable pseudo-random sequence, the 2011 Kiên
 * Giang tree with ten communes under each district-level unit (about 200), and a campaign of the
 * shipped template shifted to start on a given day.
 */

/** A linear congruential sequence in [0, 1): the same numbers for the same seed, run after run. */
export function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

/** Imports the province's tree and ten communes under each district-level unit, named by `name`. */
export async function seedProvinceTree(name: (district: string, i: number) => string): Promise<void> {
  const tree = unitTreeSchema.parse(JSON.parse(readFileSync(DEFAULT_UNITS, 'utf8')));
  await importUnits(tree.units);
  const districts = tree.units.filter((u) => u.parent === 'kg');
  await importUnits(
    districts.flatMap((d) =>
      Array.from({ length: 10 }, (_, i) => ({
        code: `${d.code}-x${i + 1}`,
        name: name(d.name, i),
        level: 'commune',
        parent: d.code,
        pilot: false,
        order: i,
      })),
    ),
  );
}

/** A campaign of the shipped template starting on `start`, created on `today` under a fresh code. */
export function benchCampaign(start: string, today: string): Promise<CampaignDoc> {
  const t = shiftTemplate(loadTemplate(), { start }, { code: `bench-${randomBytes(3).toString('hex')}` });
  return createCampaign(t, 'kg', { now: new Date(`${today}T02:00:00Z`) });
}

/** The four fields of the shipped templates, by code. */
export const FIELDS = ['economy', 'culture-society', 'defence-security', 'political-system'];

/**
 * Who holds a bench model and where: its campaign and unit, a collective owner seven times in
 * ten, the one bench owner, and a field drawn from `rand` (two draws, owner kind then field).
 */
export function benchHolder(
  campaignId: Types.ObjectId,
  unit: UnitDoc,
  owner: Types.ObjectId,
  rand: () => number,
) {
  return {
    campaignId,
    unitId: unit._id,
    unitPath: unit.path,
    ownerKind: rand() < 0.7 ? 'collective' : 'individual',
    ownerName: 'Chi hội Phụ nữ',
    createdBy: owner,
    createdByTelegramId: 1,
    field: FIELDS[Math.floor(rand() * FIELDS.length)],
  };
}

/** The registration's texts, dates and indicator of every bench model (one letter a text). */
export const BENCH_PLAN = {
  situation: 's',
  goals: 'g',
  content: 'c',
  area: 'a',
  beneficiaries: 'b',
  forces: 'f',
  resources: 'r',
  startDate: '2026-01-15',
  evaluationDate: '2026-12-31',
  outputs: 'o',
  indicators: [{ name: 'Số hộ', unit: 'hộ', target: 10 }],
  sustainability: 's',
};
