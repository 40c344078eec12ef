import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.ts';
import { Initiative, Unit, User } from '../../src/db/models/index.ts';
import { addDays, daysBetween } from '../../src/domain/calendar.ts';
import { currentPhase } from '../../src/domain/phases.ts';
import { shiftTemplate } from '../../src/domain/templates.ts';
import { FileStore } from '../../src/playground/files.ts';
import { DEMO_PEOPLE } from '../../src/playground/people.ts';
import { demoYears, seedDemo } from '../../src/playground/seed.ts';
import { loadTemplate, TEMPLATE_2026 } from '../../src/services/campaigns.ts';
import { useTestDatabase } from '../support/database.ts';

useTestDatabase();

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dvk-demo-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// A whole province of units per test: on a machine shared by several runs this takes more than
// the default 30 s (about 5-15 s alone).
describe('the playground demo on the 2025 map', { timeout: 120_000 }, () => {
  it('runs the 2026-2030 An Giang campaign on the 102 real communes, the people on An Giang units', async () => {
    const clock = new ManualClock(new Date('2026-11-27T02:00:00Z'));
    const files = new FileStore(path.join(dir, 'files'));
    const { campaign } = await seedDemo({
      clock,
      timeZone: 'Asia/Ho_Chi_Minh',
      logger: pino({ level: 'silent' }),
      files,
    });
    expect(campaign.name).toBe(
      'Phong trào thi đua "Dân vận khéo" tỉnh An Giang giai đoạn 2026-2030 (bản thử)',
    );
    expect([campaign.start, campaign.end, campaign.honouringDate]).toEqual([
      '2026-01-01',
      '2030-12-31',
      '2030-10-15',
    ]);
    expect(campaign.levels).toEqual(['province', 'commune']);
    expect(currentPhase(campaign, '2026-11-27')?.code).toBe('step-2');
    const root = (await Unit.findById(campaign.rootUnitId).lean())!;
    expect([root.code, root.name]).toEqual(['ag', 'Tỉnh An Giang']);
    expect(await Unit.countDocuments({ path: root._id, level: 'commune' })).toBe(102);
    expect(await Unit.countDocuments({ code: /^kg/ })).toBe(0);
    const units = new Map((await Unit.find().lean()).map((u) => [String(u._id), u]));
    for (const p of DEMO_PEOPLE.filter((x) => x.role)) {
      const u = (await User.findOne({ telegramId: p.telegramId }).lean())!;
      expect(u.roles.map((g) => units.get(String(g.unitId))!.code)).toEqual([p.unitCode]);
    }
    for (const m of await Initiative.find().lean())
      expect(units.get(String(m.unitId))!.path[0]!.equals(root._id)).toBe(true);
  });

  it('on any other day, moves the plan by whole years so today is in step 2 and 15/10 stays 15/10', () => {
    const t = loadTemplate(TEMPLATE_2026);
    for (const today of ['2026-07-01', '2029-03-15', '2031-06-30', '2024-01-10', '2040-12-31']) {
      const years = demoYears(today, t);
      const moved = shiftTemplate(t, { years });
      const step2 = moved.phases[1]!;
      expect(today >= step2.start && today <= step2.end, today).toBe(true);
      expect(moved.honouringDate!.slice(5)).toBe('10-15');
      if (years !== 0) expect(daysBetween(step2.start, today), today).toBeGreaterThanOrEqual(45);
    }
    expect(demoYears('2026-11-27', t)).toBe(0);
    expect(demoYears(addDays('2026-07-01', -1), t)).not.toBe(0);
  });
});
