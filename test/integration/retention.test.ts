import { Types } from 'mongoose';
import { describe, expect, it } from 'vitest';
import { createRetentionJob, RETENTION } from '../../jobs/retention.ts';
import type { Clock } from '../../src/clock.ts';
// The collections the job purges, each named where it is seeded and checked below.
import * as db from '../../src/db/models/index.ts';
import { localDay } from '../../src/domain/calendar.ts';
import { createLogger } from '../../src/logger.ts';
import { useTestDatabase } from '../support/database.ts';
import { clock, NOW, TZ } from '../support/fixtures.ts';

useTestDatabase({ clean: 'each' });

const DAY = 86_400_000;
/** The instant `n` days before the base date (the injected clock's now). */
const ago = (n: number) => new Date(NOW.getTime() - n * DAY);

function job(instanceId: string, c: Clock = clock()) {
  const lines: { msg?: string; [k: string]: unknown }[] = [];
  const logger = createLogger('info', { write: (s: string) => lines.push(JSON.parse(s)) });
  return {
    lines,
    job: createRetentionJob({ config: { TIME_ZONE: TZ }, logger, clock: c, instanceId }),
  };
}

const ids = async (m: { find: (f: object) => { lean: () => Promise<{ _id: unknown }[]> } }) =>
  (await m.find({}).lean()).map((d) => String(d._id)).sort();

async function claim(_id: string, at: Date, payload: unknown = null) {
  await db.Claim.create({ _id, at, owner: 'someone', payload });
}

async function reminder(key: string, staleAt: Date, status: 'pending' | 'sent' = 'sent') {
  await db.Reminder.create({
    key,
    kind: 'notice',
    telegramId: 1,
    dueAt: new Date(staleAt.getTime() - DAY),
    staleAt,
    status,
  });
}

describe('the retention job', () => {
  it('deletes expired conversation state and drafts untouched for 90 days, and keeps the rest', async () => {
    const states = db.ConversationState.collection;
    await states.insertMany([
      { _id: 'conv:old', state: '{}', updatedAt: ago(31), expiresAt: ago(1) } as never,
      {
        _id: 'conv:live',
        state: '{}',
        updatedAt: ago(29),
        expiresAt: new Date(NOW.getTime() + DAY),
      } as never,
    ]);
    const drafts = db.Draft.collection;
    const draft = (id: string, savedAt: Date | null, updatedAt: Date) => ({
      _id: id,
      telegramId: 1,
      form: 'report',
      draftId: id,
      data: {},
      savedAt,
      updatedAt,
    });
    await drafts.insertMany([
      draft('1:register', ago(91), ago(91)),
      draft('2:register', ago(89), ago(89)),
      draft('3:register', null, ago(95)), // started, never answered
      draft('4:register', null, ago(10)),
    ] as never[]);

    const { job: j } = job('a');
    const result = await j.runOnce();

    expect(result).toMatchObject({ ran: true, report: { conversationStates: 1, drafts: 2 } });
    expect(await ids(db.ConversationState)).toEqual(['conv:live']);
    expect(await ids(db.Draft)).toEqual(['2:register', '4:register']);
  });

  it('deletes reminders, sent logs and send claims 60 days after the occasion, never one that could still be sent', async () => {
    await reminder('old', ago(61));
    await reminder('recent', ago(59));
    await reminder('live', new Date(NOW.getTime() + DAY), 'pending');
    const log = (key: string, sentAt: Date) => ({ key, telegramId: 1, messageId: 1, sentAt });
    await db.SentLog.insertMany([
      log('old', ago(62)),
      log('gone', ago(70)), // its reminder was deleted already
      log('recent', ago(59)),
      // Delivered long ago but the reminder is still relevant: it guards against a second copy.
      log('live', ago(61)),
    ]);
    await claim('send:old:1', ago(62));
    await claim('send:gone:2', ago(70));
    await claim('send:recent:1', ago(59));
    await claim('send:live:1', ago(61));

    const result = await job('a').job.runOnce();

    expect(result).toMatchObject({ ran: true, report: { reminders: 1, sentLogs: 2, sendClaims: 2 } });
    expect((await db.Reminder.find().lean()).map((r) => r.key).sort()).toEqual(['live', 'recent']);
    expect((await db.SentLog.find().lean()).map((r) => r.key).sort()).toEqual(['live', 'recent']);
    expect((await ids(db.Claim)).filter((id) => id.startsWith('send:'))).toEqual([
      'send:live:1',
      'send:recent:1',
    ]);
  });

  it('keeps every claim that still guards a once-only action, and deletes the ones whose record is settled', async () => {
    const old = ago(400);
    // Never deleted, however old.
    await claim('seq:initiative:c1:2026:1', old);
    await claim('campaign-prefix:DVK', old);
    await claim('some-future-kind:x', old);
    // Report revisions: kept while the report exists.
    const report = new Types.ObjectId();
    await db.ProgressReport.collection.insertOne({ _id: report } as never);
    await claim(`report-rev:${report}:2`, old, { summary: 'x' });
    await claim(`report-rev:${new Types.ObjectId()}:2`, old, { summary: 'x' });
    // Access decisions: kept while pending or incomplete (the payload completes it).
    const request = async (status: string) => {
      const _id = new Types.ObjectId();
      await db.AccessRequest.collection.insertOne({ _id, status } as never);
      return String(_id);
    };
    const decided = await request('approved');
    const incomplete = await request('denied');
    const pending = await request('pending');
    const recent = await request('approved');
    for (const id of [decided, incomplete, pending]) await claim(`access-request:${id}:decision`, ago(31));
    await claim(`access-request:${recent}:decision`, ago(29));
    await claim(`access-request:${new Types.ObjectId()}:decision`, ago(31)); // request gone
    for (const id of [decided, recent]) {
      await db.AuditEvent.create({
        key: `access-request:${id}:decision`,
        at: ago(31),
        entity: 'access-request',
        entityId: new Types.ObjectId(id),
        action: 'approve',
      });
    }
    // Invites: kept until 30 days after expiry; a revoked or deleted invite's claims go.
    const invite = async (expiresAt: Date, revoked = false) => {
      const _id = new Types.ObjectId();
      await db.Invite.collection.insertOne({ _id, expiresAt, revoked } as never);
      return String(_id);
    };
    const expired = await invite(ago(31));
    const justExpired = await invite(ago(29));
    const active = await invite(new Date(NOW.getTime() + 10 * DAY));
    const revoked = await invite(new Date(NOW.getTime() + 10 * DAY), true);
    for (const id of [expired, justExpired, active, revoked, String(new Types.ObjectId())]) {
      await claim(`invite:${id}:user:77`, ago(40));
      await claim(`invite:${id}:slot:0`, ago(40));
    }
    // This job's own claims of past days.
    await claim(`retention:${localDay(ago(31), TZ)}`, ago(31));
    await claim(`retention:${localDay(ago(1), TZ)}`, ago(1));

    const result = await job('a').job.runOnce();

    expect(result).toMatchObject({
      ran: true,
      report: { accessRequestClaims: 2, inviteClaims: 6, reportRevisionClaims: 1, retentionClaims: 1 },
    });
    expect(await ids(db.Claim)).toEqual(
      [
        'seq:initiative:c1:2026:1',
        'campaign-prefix:DVK',
        'some-future-kind:x',
        `report-rev:${report}:2`,
        `access-request:${incomplete}:decision`,
        `access-request:${pending}:decision`,
        `access-request:${recent}:decision`,
        `invite:${justExpired}:user:77`,
        `invite:${justExpired}:slot:0`,
        `invite:${active}:user:77`,
        `invite:${active}:slot:0`,
        `retention:${localDay(ago(1), TZ)}`,
        `retention:${localDay(NOW, TZ)}`,
      ].sort(),
    );
    // The history is never purged.
    expect(await db.AuditEvent.countDocuments()).toBe(2);
    expect(RETENTION.draftUntouchedMs).toBe(90 * DAY);
  });

  it('runs once a day across instances: two at once make one claim, one purge and one log line', async () => {
    await reminder('old', ago(61));
    const a = job('instance-a');
    const b = job('instance-b');

    const results = await Promise.all([a.job.runOnce(), b.job.runOnce()]);

    expect(results.map((r) => r.ran).sort()).toEqual([false, true]);
    expect(results.find((r) => !r.ran)).toMatchObject({ reason: 'claimed-elsewhere' });
    const claims = await db.Claim.find({ _id: /^retention:/ }).lean();
    expect(claims).toHaveLength(1);
    expect(claims[0]).toMatchObject({ _id: `retention:${localDay(NOW, TZ)}`, payload: { reminders: 1 } });
    const purged = [...a.lines, ...b.lines].filter((l) => l.msg === 'retention: purged old records');
    expect(purged).toHaveLength(1);
    expect(purged[0]).toMatchObject({ reminders: 1, day: localDay(NOW, TZ) });
    // Later the same day nobody purges again.
    expect(await a.job.runOnce()).toMatchObject({ ran: false, reason: 'claimed-elsewhere' });
  });

  it('stopped in the middle of a purge, it gives the day back for another instance to run', async () => {
    for (let i = 0; i < 5; i++) await reminder(`old-${i}`, ago(61));
    const a = job('instance-a');
    const running = a.job.runOnce();
    const stopped = a.job.stop();

    expect(await running).toMatchObject({ ran: false, reason: 'interrupted' });
    await stopped;
    expect(await db.Claim.countDocuments({ _id: /^retention:/ })).toBe(0);
    expect(a.lines.map((l) => l.msg)).toContain('retention job stopped');

    const b = job('instance-b');
    expect(await b.job.runOnce()).toMatchObject({ ran: true, report: { reminders: 5 } });
    expect(await db.Reminder.countDocuments()).toBe(0);
  });
});
