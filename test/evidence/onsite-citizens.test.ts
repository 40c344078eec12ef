import { beforeEach, describe, expect, it } from 'vitest';
import { Confirmation, OnsiteDraw } from '../../src/db/models/evidence.ts';
import { Campaign, type InitiativeDoc, type UserDoc } from '../../src/db/models/index.ts';
import {
  alreadyConfirmed,
  confirmationStats,
  confirmModel,
  modelIdFromPayload,
  modelLink,
  modelPayload,
  modelQrPng,
} from '../../src/services/evidence/citizens.ts';
import {
  drawOnsiteSample,
  drawSeed,
  recordVisit,
  replayDraw,
  sampleSize,
} from '../../src/services/evidence/onsite.ts';
import { principalOf } from '../../src/services/users.ts';
import { useTestDatabase } from '../support/database.ts';
import { makeInitiative, makeReport, makeUser, NOW, seedWorld, type World } from '../support/fixtures.ts';

useTestDatabase({ clean: 'each' });

let world: World;
let cadre: UserDoc;

beforeEach(async () => {
  world = await seedWorld();
  cadre = await makeUser('cadre', world.communes[0]!, 'Nguyễn Thị Lan');
});

async function reportsIn(unitIndex: number, n: number) {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const ini = await makeInitiative(world, cadre, world.communes[unitIndex]!, { status: 'nurturing' });
    ids.push(String((await makeReport(ini, cadre, '2026-11'))._id));
  }
  return ids;
}

describe('on-site checks: the sample', () => {
  it('draws the share of a unit’s reports once, logs the seed, and the draw replays from it', async () => {
    await Campaign.updateOne({ _id: world.campaign._id }, { $set: { onsiteShare: 0.25 } });
    const campaign = (await Campaign.findById(world.campaign._id).lean())!;
    const ids = await reportsIn(0, 10);
    await reportsIn(1, 3); // another unit's reports are not candidates
    const unit = world.communes[0]!;
    const draw = await drawOnsiteSample(campaign, '2026-11', unit, NOW);
    expect(draw.seed).toBe(drawSeed(String(campaign._id), '2026-11', String(unit._id)));
    expect([...draw.candidates]).toEqual([...ids].sort());
    expect(draw.chosen).toHaveLength(3); // ceil(10 × 25 %)
    expect(draw.chosen.every((id) => ids.includes(id))).toBe(true);
    // Anyone can check it: the same seed over the same candidates gives the same reports.
    expect(replayDraw(draw.seed, draw.candidates, draw.share)).toEqual([...draw.chosen]);
    // Asking again (another coordinator, a later day, more reports filed since) changes nothing.
    await reportsIn(0, 2);
    const again = await drawOnsiteSample(campaign, '2026-11', unit, new Date(NOW.getTime() + 86_400_000));
    expect(again.chosen).toEqual(draw.chosen);
    expect(await OnsiteDraw.countDocuments()).toBe(1);
  });

  it('two coordinators asking at the same moment get one draw', async () => {
    const campaign = (await Campaign.findById(world.campaign._id).lean())!;
    await reportsIn(0, 6);
    const [a, b] = await Promise.all([
      drawOnsiteSample(campaign, '2026-11', world.communes[0]!, NOW),
      drawOnsiteSample(campaign, '2026-11', world.communes[0]!, NOW),
    ]);
    expect(a.chosen).toEqual(b.chosen);
    expect(await OnsiteDraw.countDocuments()).toBe(1);
  });

  it('sizes the sample: at least one report when there is any, none from none', () => {
    expect(sampleSize(0, 0.1)).toBe(0);
    expect(sampleSize(3, 0.1)).toBe(1);
    expect(sampleSize(20, 0.1)).toBe(2);
    expect(sampleSize(5, 1)).toBe(5);
    expect(replayDraw('00000000', [], 0.5)).toEqual([]);
  });

  it('records a visit once, only on a drawn report, only by a reviewer in scope', async () => {
    await Campaign.updateOne({ _id: world.campaign._id }, { $set: { onsiteShare: 0.5 } });
    const campaign = (await Campaign.findById(world.campaign._id).lean())!;
    const ids = await reportsIn(0, 4);
    const draw = await drawOnsiteSample(campaign, '2026-11', world.communes[0]!, NOW);
    const drawn = draw.chosen[0]!;
    const notDrawn = ids.find((id) => !draw.chosen.includes(id))!;
    const coordinator = principalOf(await makeUser('coordinator', world.chauThanh));
    const outsider = principalOf(await makeUser('coordinator', world.rachGia));
    const visit = {
      visitDay: '2026-11-26',
      who: 'Đ/c Hùng, Trưởng ban Dân vận',
      seen: 'Sổ vay vốn đủ, gặp 2 hộ được vay',
      photoIds: [],
      verdict: 'verified' as const,
    };
    expect(await recordVisit(outsider, drawn, visit, NOW)).toEqual({ ok: false, reason: 'not-allowed' });
    expect(await recordVisit(coordinator, notDrawn, visit, NOW)).toEqual({ ok: false, reason: 'not-drawn' });
    expect(await recordVisit(coordinator, drawn, { ...visit, seen: '  ' }, NOW)).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect((await recordVisit(coordinator, drawn, visit, NOW)).ok).toBe(true);
    expect(await recordVisit(coordinator, drawn, { ...visit, verdict: 'questioned' }, NOW)).toEqual({
      ok: false,
      reason: 'already',
    });
  });
});

describe('the people confirm', () => {
  let ini: InitiativeDoc;
  beforeEach(async () => {
    ini = await makeInitiative(world, cadre, world.communes[0]!, { status: 'nurturing' });
  });
  const answer = { knows: true, benefits: true, rating: 5, comment: 'Nhà tôi được vay 5 triệu nuôi heo' };

  it('a deep link of at most 64 allowed characters and a QR code PNG', async () => {
    const payload = modelPayload(String(ini._id));
    expect(payload).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(modelIdFromPayload(payload)).toBe(String(ini._id));
    expect(modelIdFromPayload('m_not-an-id')).toBeNull();
    expect(modelLink('danvan_bot', String(ini._id))).toBe(`https://t.me/danvan_bot?start=${payload}`);
    const png = await modelQrPng('danvan_bot', String(ini._id));
    expect([...png.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });

  it("refuses a citizen's second confirmation of the same model", async () => {
    const first = await confirmModel(String(ini._id), 777, answer, NOW, 'Asia/Ho_Chi_Minh');
    expect(first.ok).toBe(true);
    expect(await alreadyConfirmed(String(ini._id), 777)).toBe(true);
    const second = await confirmModel(
      String(ini._id),
      777,
      { ...answer, rating: 1 },
      NOW,
      'Asia/Ho_Chi_Minh',
    );
    expect(second).toEqual({ ok: false, reason: 'already' });
    expect(await Confirmation.countDocuments()).toBe(1);
    expect(await confirmationStats(ini._id)).toMatchObject({ count: 1, knows: 1, benefits: 1, rating: 5 });
  });

  it('two confirmations at the same moment by the same account: one is kept', async () => {
    const rs = await Promise.all(
      [1, 2, 3].map((r) =>
        confirmModel(String(ini._id), 778, { ...answer, rating: r }, NOW, 'Asia/Ho_Chi_Minh'),
      ),
    );
    expect(rs.filter((r) => r.ok)).toHaveLength(1);
    expect(await Confirmation.countDocuments()).toBe(1);
  });

  it('limits one person to the campaign’s number of answers per day, and the next day allows more', async () => {
    await Campaign.updateOne({ _id: world.campaign._id }, { $set: { confirmationsPerDay: 2 } });
    const models = [ini];
    for (let i = 0; i < 3; i++)
      models.push(await makeInitiative(world, cadre, world.communes[0]!, { status: 'nurturing' }));
    const tz = 'Asia/Ho_Chi_Minh';
    expect((await confirmModel(String(models[0]!._id), 779, answer, NOW, tz)).ok).toBe(true);
    expect((await confirmModel(String(models[1]!._id), 779, answer, NOW, tz)).ok).toBe(true);
    expect(await confirmModel(String(models[2]!._id), 779, answer, NOW, tz)).toEqual({
      ok: false,
      reason: 'daily-limit',
    });
    const tomorrow = new Date(NOW.getTime() + 86_400_000);
    expect((await confirmModel(String(models[2]!._id), 779, answer, tomorrow, tz)).ok).toBe(true);
  });

  it('refuses a model not accepted yet, a rating outside 1-5 and a too long comment', async () => {
    const registered = await makeInitiative(world, cadre, world.communes[0]!, { status: 'registered' });
    const tz = 'Asia/Ho_Chi_Minh';
    expect(await confirmModel(String(registered._id), 780, answer, NOW, tz)).toEqual({
      ok: false,
      reason: 'not-found',
    });
    expect(await confirmModel(String(ini._id), 780, { ...answer, rating: 6 }, NOW, tz)).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(
      await confirmModel(String(ini._id), 780, { ...answer, comment: 'x'.repeat(501) }, NOW, tz),
    ).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(await Confirmation.countDocuments()).toBe(0);
  });
});
