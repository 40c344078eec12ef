import { describe, expect, it } from 'vitest';
import { AuditEvent, Campaign, Initiative, ProgressReport } from '../../src/db/models/index.ts';
import { changeStatus } from '../../src/services/initiative-status.ts';
import { useTestDatabase } from '../support/database.ts';
import { clock, makeInitiative, makeReport, makeUser, seedWorld } from '../support/fixtures.ts';
import { FIELD_CODES } from '../support/samples.ts';

useTestDatabase({ clean: 'each' });

describe('the database holds the rules', () => {
  it('refuses a second report for the same model and period', async () => {
    const world = await seedWorld();
    const cadre = await makeUser('cadre', world.chauThanh);
    const ini = await makeInitiative(world, cadre, world.chauThanh, { status: 'nurturing' });
    await makeReport(ini, cadre, '2026-11');
    await expect(makeReport(ini, cadre, '2026-11')).rejects.toMatchObject({ code: 11000 });
    expect(await ProgressReport.countDocuments({ initiativeId: ini._id })).toBe(1);
    await makeReport(ini, cadre, '2026-12');
    expect(await ProgressReport.countDocuments({ initiativeId: ini._id })).toBe(2);
  });

  it('lets exactly one of 20 concurrent identical status changes win, with one audit event', async () => {
    const world = await seedWorld();
    const cadre = await makeUser('cadre', world.communes[0]!);
    const coordinators = await Promise.all(
      Array.from({ length: 20 }, () => makeUser('coordinator', world.chauThanh)),
    );
    const ini = await makeInitiative(world, cadre, world.communes[0]!);
    const results = await Promise.all(
      coordinators.map((c) =>
        changeStatus(
          {
            initiativeId: ini._id,
            name: 'accept',
            actor: { userId: c._id, telegramId: c.telegramId, as: 'coordinator' },
          },
          clock(),
        ),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(
      results
        .filter((r) => !r.ok)
        .every((r) => !r.ok && (r.reason === 'conflict' || r.reason === 'wrong-status')),
    ).toBe(true);
    expect(
      await AuditEvent.countDocuments({ entity: 'initiative', entityId: ini._id, action: 'accept' }),
    ).toBe(1);
    expect((await Initiative.findById(ini._id).lean())!.status).toBe('nurturing');
  });

  it('refuses a transition the actor may not take and changes nothing', async () => {
    const world = await seedWorld();
    const cadre = await makeUser('cadre', world.chauThanh);
    const ini = await makeInitiative(world, cadre, world.chauThanh);
    const r = await changeStatus(
      { initiativeId: ini._id, name: 'accept', actor: { userId: cadre._id, as: 'owner' } },
      clock(),
    );
    expect(r).toMatchObject({ ok: false, reason: 'not-allowed' });
    expect((await Initiative.findById(ini._id).lean())!.status).toBe('registered');
    expect(await AuditEvent.countDocuments({ entity: 'initiative' })).toBe(0);
  });

  it('round-trips a campaign created from the template', async () => {
    const world = await seedWorld({ start: '2026-10-01' });
    const stored = (await Campaign.findById(world.campaign._id).lean())!;
    expect(stored.phases.map((p) => p.code)).toEqual(['step-1', 'step-2', 'step-3']);
    expect(stored.phases[0]!.start).toBe('2026-10-01');
    expect(stored.fields.map((f) => f.code)).toEqual(FIELD_CODES);
    expect(stored.pilotUnitCode).toBe('kg-chau-thanh');
    expect(stored.criteria.reduce((s, c) => s + c.maxScore, 0)).toBe(100);
    // 14/10/2011 -> 01/10/2026 is 5466 days; the honouring day moves with it.
    expect(stored.honouringDate).toBe('2030-10-02');
    expect(world.chauThanh.pilot).toBe(true);
    expect(world.communes[0]!.path.map(String)).toEqual(
      [world.province._id, world.chauThanh._id, world.communes[0]!._id].map(String),
    );
  });
});
