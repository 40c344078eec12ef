import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  AuditEvent,
  Campaign,
  type CampaignDoc,
  Claim,
  Initiative,
  ProgressReport,
} from '../../src/db/models/index.ts';
import { shiftTemplate } from '../../src/domain/templates.ts';
import { createCampaign, loadTemplate } from '../../src/services/campaigns.ts';
import { registerInitiative } from '../../src/services/initiatives.ts';
import { submitReport } from '../../src/services/reports.ts';
import { useTestDatabase } from '../support/database.ts';
import {
  clock,
  day,
  makeInitiative,
  makeUser,
  monthKey,
  NOW,
  SAMPLE_MODEL,
  seedWorld,
  type World,
  YEAR,
} from '../support/fixtures.ts';

useTestDatabase({ clean: 'each' });

const TZ = 'Asia/Ho_Chi_Minh';

function registration(world: World, unitId: string, title: string) {
  return {
    ...SAMPLE_MODEL,
    indicators: SAMPLE_MODEL.indicators.map((i) => ({ ...i })),
    title,
    unitId,
    startDate: world.campaign.start,
    evaluationDate: day(338),
  };
}

/** A second campaign of the same year on the same province (e.g. a thematic one). */
async function secondCampaign(world: World): Promise<CampaignDoc> {
  const t = shiftTemplate(
    loadTemplate(),
    { start: world.campaign.start },
    { code: `second-${randomUUID().slice(0, 8)}`, name: 'Dân vận khéo chuyên đề' },
  );
  return createCampaign(t, 'kg', { now: NOW });
}

describe('model codes are unique and readable per campaign', () => {
  it('registers in two campaigns of the same year: each numbers from 0001 under its own prefix, no error', async () => {
    const world = await seedWorld();
    const other = await secondCampaign(world);
    const cadre = await makeUser('cadre', world.chauThanh);
    const ctx = (campaign: CampaignDoc) => ({
      user: cadre,
      campaign,
      sourceKey: randomUUID(),
      clock: clock(),
      timeZone: TZ,
    });
    const unitId = String(world.chauThanh._id);
    const a1 = await registerInitiative(registration(world, unitId, 'Mô hình A1'), ctx(world.campaign));
    const b1 = await registerInitiative(registration(world, unitId, 'Mô hình B1'), ctx(other));
    const a2 = await registerInitiative(registration(world, unitId, 'Mô hình A2'), ctx(world.campaign));
    const b2 = await registerInitiative(registration(world, unitId, 'Mô hình B2'), ctx(other));
    const codes = [a1, b1, a2, b2].map((r) => (r.ok ? r.initiative.code : `refused: ${r.reason}`));
    expect(codes).toEqual([`DVK-${YEAR}-0001`, `DVK2-${YEAR}-0001`, `DVK-${YEAR}-0002`, `DVK2-${YEAR}-0002`]);
    expect((await Campaign.findById(other._id).lean())!.codePrefix).toBe('DVK2');
    // The campaign and the claim of its prefix are dated by the injected clock, not the day the tests run.
    expect((await Campaign.findById(other._id).lean<{ createdAt: Date }>())!.createdAt).toEqual(NOW);
    expect((await Claim.findById('campaign-prefix:DVK2').lean())!.at).toEqual(NOW);
    expect(await Initiative.countDocuments({ campaignId: other._id })).toBe(2);
  });

  it('gives a campaign made before prefixes existed the historical DVK, the oldest first, so its codes go on as they were', async () => {
    const world = await seedWorld();
    // As stored by the previous version: no prefix on the campaign, codes already issued.
    await Campaign.collection.updateOne({ _id: world.campaign._id }, { $unset: { codePrefix: '' } });
    const cadre = await makeUser('cadre', world.chauThanh);
    await Initiative.create({
      ...(await makeInitiative(world, cadre, world.chauThanh)),
      _id: undefined,
      code: `DVK-${YEAR}-0007`,
      sourceKey: randomUUID(),
    });
    const other = await secondCampaign(world);
    expect(other.codePrefix).toBe('DVK2');
    expect((await Campaign.findById(world.campaign._id).lean())!.codePrefix).toBe('DVK');
    const r = await registerInitiative(registration(world, String(world.chauThanh._id), 'Mô hình C'), {
      user: cadre,
      campaign: (await Campaign.findById(world.campaign._id).lean<CampaignDoc>())!,
      sourceKey: randomUUID(),
      clock: clock(),
      timeZone: TZ,
    });
    expect(r.ok && r.initiative.code).toMatch(new RegExp(`^DVK-${YEAR}-\\d{4}$`));
  });

  it('settles concurrent registrations in two campaigns without a collision or an error', async () => {
    const world = await seedWorld();
    const other = await secondCampaign(world);
    const cadre = await makeUser('cadre', world.chauThanh);
    const unitId = String(world.chauThanh._id);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        registerInitiative(registration(world, unitId, `Mô hình ${i}`), {
          user: cadre,
          campaign: i % 2 ? other : world.campaign,
          sourceKey: randomUUID(),
          clock: clock(),
          timeZone: TZ,
        }),
      ),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const codes = results.map((r) => (r.ok ? r.initiative.code : ''));
    expect(new Set(codes).size).toBe(8);
    expect(codes.filter((c) => c.startsWith(`DVK2-${YEAR}-`))).toHaveLength(4);
  });
});

describe('a report submission is idempotent on its draft', () => {
  async function setup() {
    const world = await seedWorld();
    const cadre = await makeUser('cadre', world.chauThanh);
    const ini = await makeInitiative(world, cadre, world.chauThanh, { status: 'nurturing' });
    const report = (progress: number) => ({
      initiativeId: String(ini._id),
      periodKey: monthKey(0),
      activities: 'Họp chi hội, giải ngân cho 2 hộ.',
      indicatorValues: [{ name: 'Số hộ được vay', value: progress / 10 }],
      progress,
      participants: 25,
      beneficiaries: 2,
      funds: null,
      evidence: [{ kind: 'photo', fileId: 'AgAC-photo', fileUniqueId: 'u1' }],
      difficulties: '',
      summary: 'Đúng tiến độ.',
    });
    const ctx = (sourceKey: string, faults?: { afterClaim?: () => void }) => ({
      user: cadre,
      campaign: world.campaign,
      clock: clock(),
      timeZone: TZ,
      sourceKey,
      faults,
    });
    return { world, cadre, ini, report, ctx };
  }

  it('makes one report when the first report of a period is sent twice at once from one draft', async () => {
    const { ini, report, ctx } = await setup();
    const draft = randomUUID();
    const [a, b] = await Promise.all([
      submitReport(report(20), ctx(draft)),
      submitReport(report(20), ctx(draft)),
    ]);
    expect(a.ok && b.ok).toBe(true);
    const stored = await ProgressReport.find({ initiativeId: ini._id }).lean();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.revision).toBe(1);
    expect((await Initiative.findById(ini._id).lean())!.reportCount).toBe(1);
    expect(await AuditEvent.countDocuments({ entity: 'report', action: 'submit' })).toBe(1);
  });

  it('makes one revision when an amendment is sent twice at once from one draft, and once more later', async () => {
    const { ini, report, ctx } = await setup();
    await submitReport(report(20), ctx(randomUUID()));
    const amendment = randomUUID();
    const results = await Promise.all([
      submitReport(report(40), ctx(amendment)),
      submitReport(report(40), ctx(amendment)),
      submitReport(report(40), ctx(amendment)),
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, true, true]);
    expect(await submitReport(report(40), ctx(amendment))).toMatchObject({ ok: true, amended: true });
    const stored = (await ProgressReport.findOne({ initiativeId: ini._id }).lean())!;
    expect(stored.revision).toBe(2);
    expect(stored.progress).toBe(40);
    expect(stored.history.map((h) => h.progress)).toEqual([20]);
    expect(await AuditEvent.countDocuments({ entity: 'report', action: 'amend' })).toBe(1);
    expect((await Initiative.findById(ini._id).lean())!).toMatchObject({ reportCount: 1, progress: 40 });
  });

  it('completes an amendment that failed between its claim and its write on the next attempt from the same draft', async () => {
    const { ini, report, ctx } = await setup();
    await submitReport(report(20), ctx(randomUUID()));
    const draft = randomUUID();
    const crash = () => {
      throw new Error('process killed');
    };
    await expect(submitReport(report(50), ctx(draft, { afterClaim: crash }))).rejects.toThrow(
      'process killed',
    );
    expect((await ProgressReport.findOne({ initiativeId: ini._id }).lean())!.revision).toBe(1);
    const again = await submitReport(report(50), ctx(draft));
    expect(again).toMatchObject({ ok: true, amended: true });
    const stored = (await ProgressReport.findOne({ initiativeId: ini._id }).lean())!;
    expect(stored).toMatchObject({ revision: 2, progress: 50 });
    expect(stored.history).toHaveLength(1);
    expect(await AuditEvent.countDocuments({ entity: 'report', action: 'amend' })).toBe(1);
    expect((await Initiative.findById(ini._id).lean())!.progress).toBe(50);
  });

  it('does not let a failed amendment block a later one from another draft: the stuck one is completed, the new one goes on top', async () => {
    const { ini, report, ctx } = await setup();
    await submitReport(report(20), ctx(randomUUID()));
    await expect(
      submitReport(
        report(30),
        ctx(randomUUID(), {
          afterClaim: () => {
            throw new Error('database went away');
          },
        }),
      ),
    ).rejects.toThrow();
    const later = await submitReport(report(60), ctx(randomUUID()));
    expect(later).toMatchObject({ ok: true, amended: true });
    const stored = (await ProgressReport.findOne({ initiativeId: ini._id }).lean())!;
    expect(stored).toMatchObject({ revision: 3, progress: 60 });
    expect(stored.history.map((h) => h.progress)).toEqual([20, 30]);
    expect((await Initiative.findById(ini._id).lean())!.progress).toBe(60);
  });

  it('still refuses a report for a model that is not in nurturing, and saves nothing', async () => {
    const { world, cadre, report, ctx } = await setup();
    const registered = await makeInitiative(world, cadre, world.chauThanh, { status: 'registered' });
    const r = await submitReport({ ...report(10), initiativeId: String(registered._id) }, ctx(randomUUID()));
    expect(r).toMatchObject({ ok: false, reason: 'closed' });
    expect(await ProgressReport.countDocuments({ initiativeId: registered._id })).toBe(0);
  });
});
