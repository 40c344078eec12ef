import { Types } from 'mongoose';
import { beforeEach, describe, expect, it } from 'vitest';
import { reviewFailureText, reviewNoticeText } from '../../src/bot/views/review-texts.ts';
import type { ManualClock } from '../../src/clock.ts';
import { AuditEvent, Campaign, Initiative, ProgressReport } from '../../src/db/models/index.ts';
import type { InitiativeStatus } from '../../src/domain/lifecycle.ts';
import type { Principal } from '../../src/domain/permissions.ts';
import { changeStatus } from '../../src/services/initiative-status.ts';
import {
  acceptRegistration,
  type InitiativeActionResult,
  openReviewItem,
  recordReplication,
  returnRegistration,
  reviewActions,
  reviewQueue,
  verifyReport,
  withdrawModel,
} from '../../src/services/reviews.ts';
import { principalOf } from '../../src/services/users.ts';
import { type InitiativeDoc, type UserDoc, useDataWorld } from '../support/data-world.ts';
import { clock, monthKey, monthShown, NOW, type World } from '../support/fixtures.ts';

const the = useDataWorld();

interface Cast {
  world: World;
  cadre: UserDoc;
  /** Coordinator of Châu Thành district: the communes' models are in scope. */
  district: UserDoc;
  /** Coordinator of the first commune: its own unit's models. */
  commune: UserDoc;
  /** Coordinator of Rạch Giá: out of scope for Châu Thành. */
  outsider: UserDoc;
  board: UserDoc;
  p: (u: UserDoc) => Principal;
}

let cast: Cast;

beforeEach(async () => {
  const world = the.world;
  const commune0 = world.communes[0]!;
  cast = {
    world,
    cadre: await the.user('cadre', commune0, 'Nguyễn Thị Cán Bộ'),
    district: await the.user('coordinator', world.chauThanh, 'Trần Văn Huyện'),
    commune: await the.user('coordinator', commune0, 'Lê Văn Xã'),
    outsider: await the.user('coordinator', world.rachGia, 'Phạm Văn Ngoài'),
    board: await the.user('board', world.province, 'Ban Chỉ đạo tỉnh'),
    p: principalOf,
  };
});

const model = (status: InitiativeStatus = 'registered', extra: Parameters<typeof the.model>[2] = {}) =>
  the.model(cast.cadre, cast.world.communes[0]!, { status, ...extra });

const statusOf = async (id: unknown) => (await Initiative.findById(id).lean())!.status;

function expectOk(r: InitiativeActionResult): asserts r is Extract<InitiativeActionResult, { ok: true }> {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r)}`);
}

describe('review queue', () => {
  it('lists registrations and pending reports in the subtree, oldest first, with counts and paging', async () => {
    const { world, cadre, district } = cast;
    const t = (h: number) => new Date(NOW.getTime() - h * 3_600_000);
    const a = await model('registered');
    await Initiative.updateOne({ _id: a._id }, { $set: { statusChangedAt: t(50) } });
    const b = await model('registered');
    await Initiative.updateOne({ _id: b._id }, { $set: { statusChangedAt: t(10) } });
    const nurt = await model('nurturing');
    const rep = await the.report(nurt, cadre, monthKey(0), { submittedAt: t(30) });
    const old = await the.report(nurt, cadre, monthKey(-1), { submittedAt: t(60) });
    await ProgressReport.updateOne({ _id: old._id }, { $set: { verification: 'verified' } });
    // Out of Châu Thành: not in the district coordinator's queue.
    const rg = await the.model(cadre, world.rachGia, { status: 'registered' });

    const q = await reviewQueue(cast.p(district), world.campaign._id, { limit: 10 });
    if (!q.ok) throw new Error(q.reason);
    expect(q).toMatchObject({ registrations: 2, reports: 1, total: 3 });
    expect(q.items.map((i) => i.id)).toEqual([String(a._id), String(rep._id), String(b._id)]);
    const reportItem = q.items[1]!;
    expect(reportItem).toMatchObject({
      kind: 'report',
      initiativeCode: nurt.code,
      periodKey: monthKey(0),
      evidenceCount: 1,
      unitName: 'Xã Bình An',
    });

    const page2 = await reviewQueue(cast.p(district), world.campaign._id, { limit: 2, offset: 2 });
    expect(page2.ok && page2.items.map((i) => i.id)).toEqual([String(b._id)]);

    const board = await reviewQueue(cast.p(cast.board), world.campaign._id);
    expect(board.ok && board.registrations).toBe(3);
    expect(board.ok && board.items.some((i) => i.id === String(rg._id))).toBe(true);

    const outsider = await reviewQueue(cast.p(cast.outsider), world.campaign._id);
    expect(outsider.ok && outsider.items.map((i) => i.id)).toEqual([String(rg._id)]);
  });

  it('refuses a cadre and answers not-found for a malformed campaign id', async () => {
    expect(await reviewQueue(cast.p(cast.cadre), cast.world.campaign._id)).toMatchObject({
      ok: false,
      reason: 'not-allowed',
    });
    expect(await reviewQueue(cast.p(cast.district), 'not-an-id')).toMatchObject({ reason: 'not-found' });
  });

  it('opens an item with everything the cadre sent, only for reviewers in scope', async () => {
    const ini = await model('registered');
    const opened = await openReviewItem(cast.p(cast.district), { kind: 'registration', id: ini._id });
    expect(opened).toMatchObject({ ok: true, kind: 'registration' });
    if (opened.ok && opened.kind === 'registration') {
      expect(opened.initiative.situation).toBe(ini.situation);
      // Appraisal, selection and honours are a round's, never a button of the card.
      expect(opened.actions).toEqual(['accept', 'return', 'replicate']);
    }
    const nurt = await model('nurturing');
    const rep = await the.report(nurt, cast.cadre, monthKey(0));
    const r = await openReviewItem(cast.p(cast.district), { kind: 'report', id: rep._id });
    expect(r.ok && r.kind === 'report' && r.report.evidence[0]!.fileId).toBe('AgAC-photo');
    for (const who of [cast.outsider, cast.cadre]) {
      expect(await openReviewItem(cast.p(who), { kind: 'report', id: rep._id })).toMatchObject({
        reason: 'not-allowed',
      });
      expect(await openReviewItem(cast.p(who), { kind: 'registration', id: ini._id })).toMatchObject({
        reason: 'not-allowed',
      });
    }
    expect(
      await openReviewItem(cast.p(cast.district), { kind: 'report', id: new Types.ObjectId() }),
    ).toMatchObject({ reason: 'not-found' });
    expect(
      await openReviewItem(cast.p(cast.district), { kind: 'registration', id: 'x"; drop' }),
    ).toMatchObject({ reason: 'not-found' });
  });
});

describe('registration review', () => {
  it('accepts: nurturing, an audit event, the cadre to notify', async () => {
    const ini = await model('registered');
    const r = await acceptRegistration(cast.p(cast.district), ini._id, clock());
    expectOk(r);
    expect(r).toMatchObject({ from: 'registered', to: 'nurturing' });
    expect(r.notify).toEqual([
      { userId: String(cast.cadre._id), telegramId: cast.cadre.telegramId, language: 'vi' },
    ]);
    expect(await statusOf(ini._id)).toBe('nurturing');
    const audit = await AuditEvent.find({ entityId: ini._id }).lean();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'accept', from: 'registered', to: 'nurturing' });
    expect(String(audit[0]!.actorId)).toBe(String(cast.district._id));
    expect(audit[0]!.actorTelegramId).toBe(cast.district.telegramId);
  });

  it('returns with a reason, the cadre resubmits, then it is accepted (round trip)', async () => {
    const ini = await model('registered');
    expect(await returnRegistration(cast.p(cast.district), ini._id, '   ', clock())).toMatchObject({
      reason: 'invalid',
      problem: 'reason-required',
    });
    expect(await returnRegistration(cast.p(cast.district), ini._id, 'x'.repeat(1001), clock())).toMatchObject(
      { reason: 'invalid', problem: 'reason-too-long', detail: '1000' },
    );
    expect(await statusOf(ini._id)).toBe('registered');

    const r = await returnRegistration(
      cast.p(cast.district),
      ini._id,
      ' Thiếu chỉ tiêu đo đếm được ',
      clock(),
    );
    expectOk(r);
    expect(r.initiative).toMatchObject({ status: 'returned', returnReason: 'Thiếu chỉ tiêu đo đếm được' });
    expect((await AuditEvent.findOne({ entityId: ini._id, action: 'return' }).lean())!.note).toBe(
      'Thiếu chỉ tiêu đo đếm được',
    );
    // A returned model is no longer in the queue; after the cadre resubmits it is again.
    let q = await reviewQueue(cast.p(cast.district), cast.world.campaign._id);
    expect(q.ok && q.registrations).toBe(0);
    const resubmitted = await changeStatus(
      { initiativeId: ini._id, name: 'resubmit', actor: { userId: cast.cadre._id, as: 'owner' } },
      clock(),
    );
    expect(resubmitted.ok).toBe(true);
    q = await reviewQueue(cast.p(cast.district), cast.world.campaign._id);
    expect(q.ok && q.items[0]).toMatchObject({
      id: String(ini._id),
      returnReason: 'Thiếu chỉ tiêu đo đếm được',
    });

    const accepted = await acceptRegistration(cast.p(cast.district), ini._id, clock());
    expectOk(accepted);
    expect(accepted.initiative).toMatchObject({ status: 'nurturing', returnReason: null });
  });

  it('answers wrong-status once the item moved on, conflict when the seen status is stale', async () => {
    const ini = await model('nurturing');
    expect(await acceptRegistration(cast.p(cast.district), ini._id, clock())).toMatchObject({
      reason: 'wrong-status',
      current: 'nurturing',
    });
    expect(
      await acceptRegistration(cast.p(cast.district), ini._id, clock(), { expectedStatus: 'registered' }),
    ).toMatchObject({ reason: 'conflict', current: 'nurturing' });
    expect(await AuditEvent.countDocuments({ entity: 'initiative' })).toBe(0);
  });

  it('answers not-found for an unknown or malformed id', async () => {
    expect(await acceptRegistration(cast.p(cast.district), new Types.ObjectId(), clock())).toMatchObject({
      reason: 'not-found',
    });
    expect(await acceptRegistration(cast.p(cast.district), '{"$ne":null}', clock())).toMatchObject({
      reason: 'not-found',
    });
  });

  it('answers not-found when the campaign of the model is gone', async () => {
    const ini = await model('registered');
    await Campaign.deleteOne({ _id: cast.world.campaign._id });
    expect(await acceptRegistration(cast.p(cast.district), ini._id, clock())).toMatchObject({
      reason: 'not-found',
    });
  });

  it('withdraws only through the checked path: refused when the status moved on or the campaign closed', async () => {
    const ini = await model('nurturing');
    expect(
      await withdrawModel(cast.p(cast.cadre), ini._id, clock(), { expectedStatus: 'registered' }),
    ).toMatchObject({ reason: 'conflict', current: 'nurturing' });
    await Campaign.updateOne({ _id: cast.world.campaign._id }, { $set: { status: 'closed' } });
    expect(await withdrawModel(cast.p(cast.cadre), ini._id, clock())).toMatchObject({
      reason: 'campaign-read-only',
      current: 'closed',
    });
    expect(await statusOf(ini._id)).toBe('nurturing');
    expect(await AuditEvent.countDocuments({ entityId: ini._id })).toBe(0);
  });

  it('two coordinators accepting the same registration at once: exactly one wins', async () => {
    const ini = await model('registered');
    const other = await the.user('coordinator', cast.world.chauThanh, 'Võ Thị Khác');
    const results = await Promise.all([
      acceptRegistration(cast.p(cast.district), ini._id, clock()),
      acceptRegistration(cast.p(other), ini._id, clock()),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const loser = results.find((r) => !r.ok)!;
    expect(['conflict', 'wrong-status']).toContain(!loser.ok && loser.reason);
    expect(await AuditEvent.countDocuments({ entityId: ini._id })).toBe(1);
  });

  it('accept and return pressed at the same moment: one wins, the record matches its audit', async () => {
    const ini = await model('registered');
    const other = await the.user('coordinator', cast.world.chauThanh);
    const [acc, ret] = await Promise.all([
      acceptRegistration(cast.p(cast.district), ini._id, clock()),
      returnRegistration(cast.p(other), ini._id, 'Chưa rõ nguồn lực', clock()),
    ]);
    expect([acc.ok, ret.ok].filter(Boolean)).toHaveLength(1);
    const events = await AuditEvent.find({ entityId: ini._id }).lean();
    expect(events).toHaveLength(1);
    expect(await statusOf(ini._id)).toBe(events[0]!.to);
  });
});

describe('report verification', () => {
  async function pendingReport() {
    const ini = await model('nurturing');
    return the.report(ini, cast.cadre, monthKey(0));
  }

  it('verifies once, with an audit event and the submitter to notify', async () => {
    const rep = await pendingReport();
    const r = await verifyReport(cast.p(cast.district), rep._id, { verdict: 'verified' }, clock());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.report).toMatchObject({ verification: 'verified', verificationNote: null });
    expect(String(r.report.verifiedBy)).toBe(String(cast.district._id));
    expect(r.report.verifiedAt).toEqual(NOW);
    expect(r.notify.map((n) => n.telegramId)).toEqual([cast.cadre.telegramId]);
    expect(await AuditEvent.countDocuments({ entity: 'report', entityId: rep._id, to: 'verified' })).toBe(1);
    expect(
      await verifyReport(cast.p(cast.district), rep._id, { verdict: 'questioned', note: 'x' }, clock()),
    ).toMatchObject({ reason: 'wrong-status', current: 'verified' });
  });

  it('questions only with a note, and validates the verdict and note length', async () => {
    const rep = await pendingReport();
    const p = cast.p(cast.district);
    expect(await verifyReport(p, rep._id, { verdict: 'questioned' }, clock())).toMatchObject({
      problem: 'note-required',
    });
    expect(
      await verifyReport(p, rep._id, { verdict: 'questioned', note: 'y'.repeat(1001) }, clock()),
    ).toMatchObject({ problem: 'note-too-long' });
    expect(await verifyReport(p, rep._id, { verdict: 'approved' as 'verified' }, clock())).toMatchObject({
      problem: 'verdict-invalid',
    });
    const r = await verifyReport(
      p,
      rep._id,
      { verdict: 'questioned', note: 'Ảnh không khớp địa bàn' },
      clock(),
    );
    expect(r.ok && r.report).toMatchObject({
      verification: 'questioned',
      verificationNote: 'Ảnh không khớp địa bàn',
    });
  });

  it('lets exactly one of five concurrent reviewers verify a report', async () => {
    const rep = await pendingReport();
    const others = await Promise.all([1, 2, 3, 4].map(() => the.user('coordinator', cast.world.chauThanh)));
    const results = await Promise.all(
      [cast.district, ...others].map((u, i) =>
        verifyReport(
          cast.p(u),
          rep._id,
          i % 2 ? { verdict: 'questioned', note: `ghi chú ${i}` } : { verdict: 'verified' },
          clock(),
        ),
      ),
    );
    const winners = results.filter((r) => r.ok);
    expect(winners).toHaveLength(1);
    expect(
      results.filter((r) => !r.ok).every((r) => !r.ok && ['conflict', 'wrong-status'].includes(r.reason)),
    ).toBe(true);
    const stored = (await ProgressReport.findById(rep._id).lean())!;
    const events = await AuditEvent.find({ entity: 'report', entityId: rep._id }).lean();
    expect(events).toHaveLength(1);
    expect(stored.verification).toBe(events[0]!.to);
    expect(String(stored.verifiedBy)).toBe(String(events[0]!.actorId));
  });

  it('verifies an amended report again (a new revision is a new claim)', async () => {
    const rep = await pendingReport();
    await verifyReport(cast.p(cast.district), rep._id, { verdict: 'questioned', note: 'Thiếu ảnh' }, clock());
    await ProgressReport.updateOne(
      { _id: rep._id },
      { $set: { revision: 2, verification: 'pending', verificationNote: null } },
    );
    const r = await verifyReport(cast.p(cast.district), rep._id, { verdict: 'verified' }, clock());
    expect(r.ok).toBe(true);
    expect(await AuditEvent.countDocuments({ entity: 'report', entityId: rep._id })).toBe(2);
  });

  it('completes a verification whose process died after claiming, and tells the late one so', async () => {
    const rep = await pendingReport();
    const t0 = new Date(NOW.getTime() - 60_000);
    await AuditEvent.create({
      key: `report:${String(rep._id)}:verify:rev1`,
      at: t0,
      actorId: cast.commune._id,
      entity: 'report',
      entityId: rep._id,
      action: 'verify',
      from: 'pending',
      to: 'verified',
      change: JSON.stringify({
        $set: {
          verification: 'verified',
          verificationNote: null,
          verifiedBy: String(cast.commune._id),
          verifiedAt: t0,
        },
      }),
    });
    const r = await verifyReport(
      cast.p(cast.district),
      rep._id,
      { verdict: 'questioned', note: 'x' },
      clock(),
    );
    expect(r).toMatchObject({ ok: false, reason: 'conflict', current: 'verified' });
    const stored = (await ProgressReport.findById(rep._id).lean())!;
    expect(stored.verifiedAt).toEqual(t0);
    expect(String(stored.verifiedBy)).toBe(String(cast.commune._id));
  });

  it('refuses cadres and coordinators elsewhere, and unknown reports', async () => {
    const rep = await pendingReport();
    for (const u of [cast.cadre, cast.outsider]) {
      expect(await verifyReport(cast.p(u), rep._id, { verdict: 'verified' }, clock())).toMatchObject({
        reason: 'not-allowed',
      });
    }
    expect(
      await verifyReport(cast.p(cast.district), new Types.ObjectId(), { verdict: 'verified' }, clock()),
    ).toMatchObject({ reason: 'not-found' });
    expect(await verifyReport(cast.p(cast.district), 'nope', { verdict: 'verified' }, clock())).toMatchObject(
      {
        reason: 'not-found',
      },
    );
    expect((await ProgressReport.findById(rep._id).lean())!.verification).toBe('pending');
  });
});

describe('replication', () => {
  it('links the new model to its source and counts it on the source; once only', async () => {
    const source = await the.model(cast.cadre, cast.world.rachGia, { status: 'honoured' });
    const replica = await model('nurturing');
    const r = await recordReplication(
      cast.p(cast.district),
      { sourceId: source._id, replicaId: replica._id },
      clock(),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(String(r.replica.replicatedFrom)).toBe(String(source._id));
    expect(r.source.replicationCount).toBe(1);
    expect(r.notify.map((n) => n.telegramId)).toEqual([cast.cadre.telegramId]);
    expect(r.replicaUnitName).toBe('Xã Bình An');
    expect(await AuditEvent.countDocuments({ entityId: replica._id, action: 'replicate' })).toBe(1);
    expect(
      await recordReplication(
        cast.p(cast.district),
        { sourceId: source._id, replicaId: replica._id },
        clock(),
      ),
    ).toMatchObject({ reason: 'already-linked', current: String(source._id) });
  });

  it('two coordinators linking the same model at once: one link, one count', async () => {
    const source = await the.model(cast.cadre, cast.world.rachGia, { status: 'honoured' });
    const other = await the.model(cast.cadre, cast.world.rachGia, { status: 'honoured' });
    const replica = await model('nurturing');
    const second = await the.user('coordinator', cast.world.chauThanh);
    const results = await Promise.all([
      recordReplication(cast.p(cast.district), { sourceId: source._id, replicaId: replica._id }, clock()),
      recordReplication(cast.p(second), { sourceId: other._id, replicaId: replica._id }, clock()),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const counts = (await Initiative.find({ _id: { $in: [source._id, other._id] } }).lean()).map(
      (i) => i.replicationCount,
    );
    expect(counts.sort()).toEqual([0, 1]);
  });

  it('refuses the same model, unknown ids, a withdrawn source and a replica out of scope', async () => {
    const source = await the.model(cast.cadre, cast.world.rachGia, { status: 'honoured' });
    const replica = await model('nurturing');
    const p = cast.p(cast.district);
    expect(
      await recordReplication(p, { sourceId: replica._id, replicaId: replica._id }, clock()),
    ).toMatchObject({
      problem: 'same-model',
    });
    expect(
      await recordReplication(p, { sourceId: new Types.ObjectId(), replicaId: replica._id }, clock()),
    ).toMatchObject({ reason: 'not-found' });
    expect(
      await recordReplication(
        cast.p(cast.outsider),
        { sourceId: source._id, replicaId: replica._id },
        clock(),
      ),
    ).toMatchObject({ reason: 'not-allowed' });
    const gone = await the.model(cast.cadre, cast.world.rachGia, { status: 'withdrawn' });
    expect(await recordReplication(p, { sourceId: gone._id, replicaId: replica._id }, clock())).toMatchObject(
      {
        reason: 'wrong-status',
        current: 'withdrawn',
      },
    );
    expect((await Initiative.findById(replica._id).lean())!.replicatedFrom).toBeNull();
  });
});

describe('authorization matrix: every action x cadre / coordinator in scope / out of scope / board', () => {
  type Who = 'cadre' | 'district' | 'outsider' | 'board';
  const WHO: Who[] = ['cadre', 'district', 'outsider', 'board'];
  /** A coordinator whose scope holds the model or the board may; the owner and an outsider may not. */
  const COORDINATORS: Record<Who, string> = {
    cadre: 'not-allowed',
    district: 'ok',
    outsider: 'not-allowed',
    board: 'ok',
  };
  type Run = (p: Principal, ini: InitiativeDoc, c: ManualClock) => Promise<{ ok: boolean; reason?: string }>;
  const actions: [string, InitiativeStatus, Run, Record<Who, string>][] = [
    ['accept', 'registered', (p, i, c) => acceptRegistration(p, i._id, c), COORDINATORS],
    ['return', 'registered', (p, i, c) => returnRegistration(p, i._id, 'Bổ sung', c), COORDINATORS],
    [
      'withdraw',
      'nurturing',
      (p, i, c) => withdrawModel(p, i._id, c),
      // The owner or a coordinator whose scope holds the model; the board does not withdraw.
      { cadre: 'ok', district: 'ok', outsider: 'not-allowed', board: 'not-allowed' },
    ],
    [
      'verify',
      'nurturing',
      async (p, i, c) => {
        const rep = await ProgressReport.findOne({ initiativeId: i._id }).lean();
        return verifyReport(p, rep!._id, { verdict: 'verified' }, c);
      },
      COORDINATORS,
    ],
    [
      'replicate',
      'nurturing',
      async (p, i, c) => {
        const src = await the.model(cast.cadre, cast.world.rachGia, { status: 'honoured' });
        return recordReplication(p, { sourceId: src._id, replicaId: i._id }, c);
      },
      COORDINATORS,
    ],
  ];

  for (const [name, status, run, expected] of actions) {
    it(`${name}`, async () => {
      for (const who of WHO) {
        const ini = await model(status);
        if (name === 'verify') await the.report(ini, cast.cadre, monthKey(0));
        const r = await run(cast.p(cast[who]), ini, clock());
        expect(r.ok ? 'ok' : r.reason, `${name} by ${who}`).toBe(expected[who]);
        const audits = await AuditEvent.countDocuments({ entityId: { $in: [ini._id] } });
        if (!r.ok && name !== 'verify') expect(audits, `${name} by ${who} left no trace`).toBe(0);
      }
    });
  }

  it('shows only the buttons the person may press', async () => {
    const reg = await model('registered');
    expect(reviewActions(cast.p(cast.district), reg)).toEqual(['accept', 'return', 'replicate']);
    const ini = await model('submitted');
    expect(reviewActions(cast.p(cast.district), ini)).toEqual(['return', 'replicate']);
    expect(reviewActions(cast.p(cast.commune), ini)).toEqual(['return', 'replicate']);
    expect(reviewActions(cast.p(cast.outsider), ini)).toEqual([]);
    expect(reviewActions(cast.p(cast.cadre), ini)).toEqual([]);
    // Putting forward, appraising, selecting and honouring are the round's (/duyet's stage tabs).
    for (const status of ['nurturing', 'appraised', 'selected'] as const) {
      const m = await model(status);
      expect(reviewActions(cast.p(cast.board), m), status).toEqual(['replicate']);
      expect(reviewActions(cast.p(cast.district), m), status).toEqual(['replicate']);
    }
  });
});

describe('texts for the bot', () => {
  it('says why an action was not done, naming states and criteria in Vietnamese', () => {
    const criteria = cast.world.campaign.criteria;
    expect(reviewFailureText({ ok: false, reason: 'conflict', current: 'nurturing' }, 'vi')).toBe(
      'Một người khác vừa xử lý mục này trước bạn (trạng thái hiện tại: “Đang chăm bồi”). Không có gì bị ghi đè.',
    );
    expect(reviewFailureText({ ok: false, reason: 'wrong-status', current: 'verified' }, 'vi')).toBe(
      'Không thực hiện được: mục này đang ở trạng thái “Đã xác minh”.',
    );
    expect(
      reviewFailureText({ ok: false, reason: 'invalid', problem: 'score-missing', detail: 'honesty' }, 'vi', {
        criteria,
      }),
    ).toBe('Còn thiếu điểm cho tiêu chí “Trung thực, có minh chứng, tránh hình thức”.');
    expect(
      reviewFailureText(
        { ok: false, reason: 'invalid', problem: 'score-unknown-criterion', detail: '<x>' },
        'en',
        {
          html: true,
        },
      ),
    ).toBe('The campaign has no criterion “&lt;x&gt;”.');
    expect(reviewFailureText({ ok: false, reason: 'registered-it' }, 'en')).toContain(
      'a model you registered',
    );
  });

  it('tells the cadre what happened, escaping what people typed', async () => {
    const ini = await model('registered', { title: 'Mô hình <Dân vận> & "khéo"' });
    const ret = await returnRegistration(cast.p(cast.district), ini._id, 'Thiếu <minh chứng>', clock());
    expectOk(ret);
    expect(reviewNoticeText(ret, 'vi', { html: true })).toBe(
      `↩️ Mô hình ${ini.code} “Mô hình &lt;Dân vận&gt; &amp; "khéo"” được trả lại để bổ sung. Lý do: Thiếu &lt;minh chứng&gt;. Sửa và gửi lại trong /mohinh.`,
    );
    // A round's chair selected it (services/rounds.ts selectNominee answers the same shape).
    const sub = { ...(await model('selected')), selectedLevel: 'district' };
    const sel = {
      ok: true as const,
      initiative: sub,
      from: 'appraised' as const,
      to: 'selected' as const,
      notify: [],
    };
    expect(reviewNoticeText(sel, 'vi')).toContain('được xét chọn để biểu dương cấp Huyện');
    const acc = await acceptRegistration(cast.p(cast.district), (await model('registered'))._id, clock());
    expectOk(acc);
    expect(reviewNoticeText(acc, 'vi')).toContain('/baocao');

    const rep = await the.report(await model('nurturing'), cast.cadre, monthKey(0));
    const q = await verifyReport(
      cast.p(cast.district),
      rep._id,
      { verdict: 'questioned', note: 'Ảnh mờ' },
      clock(),
    );
    expect(q.ok && reviewNoticeText(q, 'vi')).toMatch(
      new RegExp(`^❓ Báo cáo kỳ ${monthShown(0)} của mô hình DVK-T-\\S+ cần làm rõ: Ảnh mờ\\.`),
    );

    const source = await the.model(cast.cadre, cast.world.rachGia, { status: 'honoured' });
    const replica = await model('nurturing');
    const link = await recordReplication(
      cast.p(cast.district),
      { sourceId: source._id, replicaId: replica._id },
      clock(),
    );
    expect(link.ok && reviewNoticeText(link, 'vi')).toBe(
      `🌱 Mô hình ${source.code} đã được nhân rộng tại Xã Bình An: ${replica.code} “${replica.title}”.`,
    );
  });
});
