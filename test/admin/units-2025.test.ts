import { describe, expect, it } from 'vitest';
import { Campaign, Unit } from '../../src/db/models/index.ts';
import { UNITS_AN_GIANG_2025 } from '../../src/services/campaigns.ts';
import { useAdminCli } from '../support/admin.ts';

const { run, createAnGiang2026, out, err } = useAdminCli();

// A whole province of units per test: on a machine shared by several runs this takes more than
// the default 30 s (about 5-15 s alone).
describe('npm run admin on the 2025 map (An Giang, two tiers)', { timeout: 120_000 }, () => {
  it('imports the generated tree: the province and 102 communes with their official codes and kinds', async () => {
    expect(await run('units', 'import', UNITS_AN_GIANG_2025)).toBe(0);
    expect(out.at(-1)).toBe('units: 103 created, 0 updated');
    const communes = await Unit.find({ level: 'commune' }).lean();
    expect(communes).toHaveLength(102);
    const kinds: Record<string, number> = {};
    for (const u of communes) kinds[u.kind!] = (kinds[u.kind!] ?? 0) + 1;
    expect(kinds).toEqual({ xã: 85, phường: 14, 'đặc khu': 3 });
    expect(await Unit.findOne({ code: 'ag-vinh-thuan' }).lean()).toMatchObject({
      name: 'Xã Vĩnh Thuận',
      kind: 'xã',
      depth: 1,
    });
    expect((await Unit.findOne({ code: 'ag' }).lean())!.officialCode).toBe('91');
    expect(await run('units', 'import', UNITS_AN_GIANG_2025)).toBe(0);
    expect(out.at(-1)).toBe('units: 0 created, 103 updated');
  });

  it('refuses the 2011 template on the two-tier tree in one line, naming the level and tasks, and saves nothing', async () => {
    await run('units', 'import', UNITS_AN_GIANG_2025);
    expect(await run('campaign', 'create', '--root', 'ag', '--years', '15', '--code', 'dvk-old')).toBe(1);
    expect(err).toHaveLength(1);
    expect(err[0]).toBe(
      'error: the template has tasks for level "district" (s1-survey, s1-register, s2-nurture, s2-appraise, s2-conference, s3-register-province, s3-conference) but the units under ag have only commune, province; use a template for this tree',
    );
    expect(await Campaign.countDocuments()).toBe(0);
  });

  it('creates the 2026-2030 campaign, started on 01/12/2026: ends 31/12/2030, honours on 15/10/2030', async () => {
    await run('units', 'import', UNITS_AN_GIANG_2025);
    expect(await createAnGiang2026('--start', '2026-12-01')).toBe(0);
    expect(out.at(-1)).toBe(
      'campaign dvk-ag-2026-2030 created: 2026-12-01 → 2030-12-31, 3 phases, honouring 2030-10-15',
    );
    const c = (await Campaign.findOne({ code: 'dvk-ag-2026-2030' }).lean())!;
    expect(c.levels).toEqual(['province', 'commune']);
    const honour = c.phases.flatMap((p) => p.tasks).find((t) => t.code === 's3-honour')!;
    expect(honour.due).toBe('2030-10-15');
    expect(await createAnGiang2026('--years', '1', '--code', 'dvk-b')).toBe(0);
    expect(out.at(-1)).toBe(
      'campaign dvk-b created: 2027-01-01 → 2031-12-31, 3 phases, honouring 2031-10-15',
    );
  });
});
