import { describe, expect, it } from 'vitest';
import { AccessRequest, AuditEvent, Invite, User } from '../../src/db/models/index.ts';
import {
  createAccessRequest,
  decideAccessRequest,
  MAX_OPEN_REQUESTS_PER_PERSON,
  MAX_OPEN_REQUESTS_PER_UNIT,
} from '../../src/services/access-requests.ts';
import { createInvite, redeemInvite } from '../../src/services/invites.ts';
import { useTestDatabase } from '../support/database.ts';
import { clock, makeUser, seedWorld } from '../support/fixtures.ts';

useTestDatabase({ clean: 'each' });

const crash = () => {
  throw new Error('process killed');
};

async function grantsOf(telegramId: number) {
  return ((await User.findOne({ telegramId }).lean())?.roles ?? []).map(
    (g) => `${g.role}@${String(g.unitId)}`,
  );
}

describe('an access decision completes or does not start', () => {
  it('completes an approval that crashed after its claim on the next tap: one grant, one audit event', async () => {
    const world = await seedWorld();
    const coordinator = await makeUser('coordinator', world.chauThanh);
    const commune = world.communes[0]!;
    const created = await createAccessRequest({
      telegramId: 5551,
      name: 'Võ Văn Tư',
      unitId: String(commune._id),
    });
    if (!created.ok) throw new Error(created.reason);
    const id = String(created.request._id);
    await expect(decideAccessRequest(id, true, coordinator, clock(), { afterClaim: crash })).rejects.toThrow(
      'process killed',
    );
    expect((await AccessRequest.findById(id).lean())!.status).toBe('pending');
    expect(await grantsOf(5551)).toEqual([]);

    const again = await decideAccessRequest(id, true, coordinator, clock());
    expect(again).toMatchObject({ ok: true, approved: true, mine: true });
    expect((await AccessRequest.findById(id).lean())!.status).toBe('approved');
    expect(await grantsOf(5551)).toEqual([`cadre@${String(commune._id)}`]);
    expect(await AuditEvent.countDocuments({ entity: 'access-request', entityId: id })).toBe(1);
    expect(await AuditEvent.countDocuments({ entity: 'user', action: 'grant', to: /^cadre@/ })).toBe(1);
    // Once complete, any further tap is "already decided" and changes nothing.
    expect(await decideAccessRequest(id, false, coordinator, clock())).toEqual({
      ok: false,
      reason: 'already-decided',
    });
    expect(await grantsOf(5551)).toHaveLength(1);
  });

  it("completes another coordinator's half-made decision as it was made, not as the second one tapped", async () => {
    const world = await seedWorld();
    const first = await makeUser('coordinator', world.chauThanh);
    const second = await makeUser('coordinator', world.chauThanh);
    const created = await createAccessRequest({
      telegramId: 5552,
      name: 'Lê Thị Hoa',
      unitId: String(world.communes[1]!._id),
    });
    if (!created.ok) throw new Error(created.reason);
    const id = String(created.request._id);
    await expect(decideAccessRequest(id, false, first, clock(), { afterClaim: crash })).rejects.toThrow();
    const r = await decideAccessRequest(id, true, second, clock());
    expect(r).toMatchObject({ ok: true, approved: false, mine: false });
    expect((await AccessRequest.findById(id).lean())!).toMatchObject({
      status: 'denied',
      decidedBy: first._id,
    });
    expect(await grantsOf(5552)).toEqual([]);
    expect(await AuditEvent.countDocuments({ entity: 'access-request', entityId: id, action: 'deny' })).toBe(
      1,
    );
  });

  it('refuses a coordinator of another district before anything is claimed or changed', async () => {
    const world = await seedWorld();
    const outsider = await makeUser('coordinator', world.rachGia);
    const created = await createAccessRequest({
      telegramId: 5553,
      name: 'Ngô Văn Ba',
      unitId: String(world.communes[0]!._id),
    });
    if (!created.ok) throw new Error(created.reason);
    const id = String(created.request._id);
    expect(await decideAccessRequest(id, true, outsider, clock())).toEqual({
      ok: false,
      reason: 'not-allowed',
    });
    const insider = await makeUser('coordinator', world.chauThanh);
    expect(await decideAccessRequest(id, true, insider, clock())).toMatchObject({ ok: true, mine: true });
  });
});

describe('an invite redemption completes or does not start', () => {
  it('completes a redemption that crashed after the person claim when the code is sent again', async () => {
    const world = await seedWorld();
    const { code } = await createInvite(
      { role: 'cadre', unitId: world.chauThanh._id, days: 7, maxUses: 5 },
      clock(),
    );
    await expect(redeemInvite(code, 7001, clock(), { afterClaim: crash })).rejects.toThrow();
    expect(await redeemInvite(code, 7001, clock())).toMatchObject({ ok: true, role: 'cadre' });
    const invite = (await Invite.findOne().lean())!;
    expect(invite.usesLeft).toBe(4);
    expect(invite.usedBy).toEqual([7001]);
    expect(await grantsOf(7001)).toEqual([`cadre@${String(world.chauThanh._id)}`]);
    expect(await AuditEvent.countDocuments({ entity: 'invite', action: 'redeem' })).toBe(1);
    expect(await redeemInvite(code, 7001, clock())).toEqual({ ok: false, reason: 'already-used' });
  });

  it('completes a redemption that crashed after taking the last use, instead of calling the code used up', async () => {
    const world = await seedWorld();
    const { code } = await createInvite(
      { role: 'coordinator', unitId: world.chauThanh._id, days: 7, maxUses: 1 },
      clock(),
    );
    await expect(redeemInvite(code, 7002, clock(), { afterSlot: crash })).rejects.toThrow();
    expect(await redeemInvite(code, 7002, clock())).toMatchObject({ ok: true, role: 'coordinator' });
    expect(await grantsOf(7002)).toEqual([`coordinator@${String(world.chauThanh._id)}`]);
    expect(await AuditEvent.countDocuments({ entity: 'invite', action: 'redeem' })).toBe(1);
    expect((await Invite.findOne().lean())!.usesLeft).toBe(0);
    // The one use is spent: somebody else is refused.
    expect(await redeemInvite(code, 7003, clock())).toEqual({ ok: false, reason: 'used-up' });
  });
});

describe('access request limits', () => {
  it(`allows ${MAX_OPEN_REQUESTS_PER_PERSON} open requests per person and refuses the next, saving nothing`, async () => {
    const world = await seedWorld();
    const units = [world.communes[0]!, world.communes[1]!, world.communes[2]!, world.communes[3]!];
    const results = [];
    for (const u of units)
      results.push(await createAccessRequest({ telegramId: 8001, name: 'Tư', unitId: String(u._id) }));
    expect(results.map((r) => (r.ok ? 'ok' : r.reason))).toEqual(['ok', 'ok', 'ok', 'too-many-person']);
    expect(await AccessRequest.countDocuments({ telegramId: 8001 })).toBe(3);
    // A decided request no longer counts.
    const coordinator = await makeUser('coordinator', world.chauThanh);
    await decideAccessRequest(
      String((results[0] as { request: { _id: unknown } }).request._id),
      false,
      coordinator,
      clock(),
    );
    expect(
      await createAccessRequest({ telegramId: 8001, name: 'Tư', unitId: String(world.communes[3]!._id) }),
    ).toMatchObject({ ok: true });
  });

  it(`allows ${MAX_OPEN_REQUESTS_PER_UNIT} open requests per unit and refuses the next`, async () => {
    const world = await seedWorld();
    const unitId = String(world.communes[0]!._id);
    for (let i = 0; i < MAX_OPEN_REQUESTS_PER_UNIT; i++)
      expect(await createAccessRequest({ telegramId: 9000 + i, name: `Người ${i}`, unitId })).toMatchObject({
        ok: true,
      });
    expect(await createAccessRequest({ telegramId: 9999, name: 'Người thêm', unitId })).toEqual({
      ok: false,
      reason: 'too-many-unit',
    });
    expect(await AccessRequest.countDocuments({ unitId })).toBe(MAX_OPEN_REQUESTS_PER_UNIT);
  });
});
