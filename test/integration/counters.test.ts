import { describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../src/clock.ts';
import { Claim, Initiative, nextSequence, tryClaim, type UserDoc } from '../../src/db/models/index.ts';
import { registerInitiative } from '../../src/services/initiatives.ts';
import { submitReport } from '../../src/services/reports.ts';
import { recordReplication } from '../../src/services/reviews.ts';
import { principalOf } from '../../src/services/users.ts';
import { useTestDatabase } from '../support/database.ts';
import { clock, makeInitiative, makeUser, moved, NOW, seedWorld } from '../support/fixtures.ts';
import { REGISTRATION } from '../support/samples.ts';

/**
 * Counters that concurrent actions change are derived from the records they count, never $inc'ed:
 * on FerretDB 1.24 (either handler) 20 concurrent $inc of one counter ended at 1-11.
 * These run on whatever server the suite runs on (CI: FerretDB on PostgreSQL, then on SQLite).
 */
useTestDatabase({ clean: 'each' });

const N = 20;

/** The first day of the month `n` months after NOW's month, at 09:00 in Hồ Chí Minh City. */
function monthsLater(n: number): { clock: ManualClock; periodKey: string } {
  const d = new Date(Date.UTC(NOW.getUTCFullYear(), NOW.getUTCMonth() + n, 1, 2));
  return {
    clock: new ManualClock(d),
    periodKey: `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`,
  };
}

describe('counters under concurrency', () => {
  it(`${N} numbers of one sequence asked for at once in one process: 1 to ${N}, each on its first claim`, async () => {
    const at = clock().now();
    // Every claim is an insert into the claims collection (tryClaim writes it with the driver).
    const claims = vi.spyOn(Claim.collection, 'insertOne');
    try {
      const numbers = await Promise.all(Array.from({ length: N }, () => nextSequence('test-seq', at)));
      expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: N }, (_, i) => i + 1));
      // No caller lost a claim to another caller of this process and had to claim again.
      expect(claims).toHaveBeenCalledTimes(N);
    } finally {
      claims.mockRestore();
    }
    expect(await Claim.countDocuments({ _id: { $regex: '^seq:test-seq:' } })).toBe(N);
  });

  it(`${N} reports on one model sent at once: the model shows ${N} reports`, async () => {
    const world = await seedWorld();
    const cadre = await makeUser('cadre', world.communes[0]!);
    const ini = await makeInitiative(world, cadre, world.communes[0]!, { status: 'nurturing' });
    const results = await Promise.all(
      Array.from({ length: N }, (_, i) => {
        const at = monthsLater(i);
        return submitReport(
          {
            initiativeId: String(ini._id),
            periodKey: at.periodKey,
            activities: `Họp chi hội lần ${i + 1}.`,
            indicatorValues: [],
            progress: 10,
            participants: 20,
            beneficiaries: 2,
            funds: null,
            evidence: [{ kind: 'photo', fileId: `AgAC-${i}`, fileUniqueId: `u${i}` }],
            difficulties: '',
            summary: 'Đúng tiến độ.',
          },
          {
            user: cadre as UserDoc,
            campaign: world.campaign,
            clock: at.clock,
            timeZone: 'Asia/Ho_Chi_Minh',
            sourceKey: `draft-${i}`,
          },
        );
      }),
    );
    expect(results.map((r) => (r.ok ? 'ok' : r.reason))).toEqual(Array(N).fill('ok'));
    expect((await Initiative.findById(ini._id).lean())!.reportCount).toBe(N);

    // An amendment is not a new report.
    const again = monthsLater(0);
    const amended = await submitReport(
      {
        initiativeId: String(ini._id),
        periodKey: again.periodKey,
        activities: 'Sửa lại: họp chi hội 2 lần.',
        indicatorValues: [],
        progress: 15,
        participants: 20,
        beneficiaries: 2,
        funds: null,
        evidence: [{ kind: 'photo', fileId: 'AgAC-x', fileUniqueId: 'ux' }],
        difficulties: '',
        summary: 'Đúng tiến độ.',
      },
      {
        user: cadre as UserDoc,
        campaign: world.campaign,
        clock: again.clock,
        timeZone: 'Asia/Ho_Chi_Minh',
        sourceKey: 'draft-amend',
      },
    );
    expect(amended).toMatchObject({ ok: true, amended: true, initiative: { reportCount: N } });
    expect((await Initiative.findById(ini._id).lean())!.reportCount).toBe(N);
  });

  it(`${N} models linked to one source at once: the source shows ${N} replications`, async () => {
    const world = await seedWorld();
    const cadre = await makeUser('cadre', world.communes[0]!);
    const coordinator = await makeUser('coordinator', world.chauThanh);
    const source = await makeInitiative(world, cadre, world.communes[1]!, { status: 'honoured' });
    const replicas = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        makeInitiative(world, cadre, world.communes[i % 4]!, { status: 'nurturing' }),
      ),
    );
    const results = await Promise.all(
      replicas.map((r) =>
        recordReplication(principalOf(coordinator), { sourceId: source._id, replicaId: r._id }, clock()),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(N);
    expect((await Initiative.findById(source._id).lean())!.replicationCount).toBe(N);
  });

  it('models registered as replicas of one source at once count on the source, with the links made later', async () => {
    const world = await seedWorld();
    const commune = world.communes[0]!;
    const cadre = await makeUser('cadre', commune);
    const coordinator = await makeUser('coordinator', world.chauThanh);
    const source = await makeInitiative(world, cadre, world.communes[1]!, { status: 'honoured' });
    const registration = (i: number) => ({
      ...REGISTRATION,
      title: `Nhân rộng mô hình lần ${i + 1}`,
      unitId: String(commune._id),
      field: world.campaign.fields[0]!.code,
      targetLevel: world.campaign.targetLevels[0]!,
      startDate: moved('2026-11-01'),
      evaluationDate: moved('2027-06-30'),
      replicatedFrom: String(source._id),
    });
    const registered = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        registerInitiative(registration(i), {
          user: cadre as UserDoc,
          campaign: world.campaign,
          sourceKey: `counter-test-${i}`,
          clock: clock(),
        }),
      ),
    );
    expect(registered.map((r) => (r.ok ? 'ok' : r.reason))).toEqual(Array(5).fill('ok'));
    expect((await Initiative.findById(source._id).lean())!.replicationCount).toBe(5);

    const later = await makeInitiative(world, cadre, commune, { status: 'nurturing' });
    expect(
      await recordReplication(
        principalOf(coordinator),
        { sourceId: source._id, replicaId: later._id },
        clock(),
      ),
    ).toMatchObject({ ok: true, source: { replicationCount: 6 } });
  });

  it('a claim is stored as the model stores one, whether it goes through the driver or the model, and only once', async () => {
    const at = clock().now();
    expect(await tryClaim('plain', at, 'instance-a')).toBe(true);
    expect(await tryClaim('plain', at, 'instance-b')).toBe(false);
    expect(await tryClaim('with-payload', at, 'x', { revision: 2, note: undefined, empty: {} })).toBe(true);
    await Claim.create({ _id: 'by-model', at, owner: 'instance-a', payload: null });
    const raw = (id: string) => Claim.collection.findOne({ _id: id } as never);
    const { _id: a, ...plain } = (await raw('plain'))!;
    const { _id: b, ...byModel } = (await raw('by-model'))!;
    expect(a).toBe('plain');
    expect(b).toBe('by-model');
    expect(plain).toEqual(byModel);
    expect(plain).toEqual({ at, owner: 'instance-a', payload: null, __v: 0 });
    // A payload's undefined and empty parts are left out, as mongoose always left them out.
    expect((await raw('with-payload'))?.payload).toEqual({ revision: 2 });
  });
});
