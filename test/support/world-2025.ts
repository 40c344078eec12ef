import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Unit, type UnitDoc } from '../../src/db/models/index.ts';
import { unitTreeSchema } from '../../src/domain/templates.ts';
import {
  createCampaign,
  loadTemplate,
  TEMPLATE_2026,
  TEMPLATES_DIR,
  UNITS_AN_GIANG_2025,
} from '../../src/services/campaigns.ts';
import { importUnits } from '../../src/services/units.ts';

/** Imports a shipped unit tree (JSON) and returns its units by code. */
export async function importTree(file: string): Promise<(code: string) => UnitDoc> {
  const tree = unitTreeSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  await importUnits(tree.units);
  const byCode = new Map((await Unit.find().lean<UnitDoc[]>()).map((u) => [u.code, u]));
  return (code: string) => {
    const u = byCode.get(code);
    if (!u) throw new Error(`no unit ${code}`);
    return u;
  };
}

export const UNITS_HO_CHI_MINH_2025 = path.join(TEMPLATES_DIR, 'units-ho-chi-minh-2025.json');

/** An Giang from 1 July 2025 (a province and its 102 communes) running the 2026-2030 plan as shipped. */
export async function seedAnGiang2026() {
  const unit = await importTree(UNITS_AN_GIANG_2025);
  const campaign = await createCampaign(loadTemplate(TEMPLATE_2026), 'ag');
  return { unit, campaign, province: unit('ag') };
}
