import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Campaign, Invite, Unit, User } from '../../src/db/models/index.ts';
import { DEFAULT_UNITS } from '../../src/services/campaigns.ts';
import { useAdminCli } from '../support/admin.ts';

const { run, out, err } = useAdminCli();

function tmp(name: string, content: string): string {
  const file = path.join(tmpdir(), `${Date.now()}-${Math.random().toString(36).slice(2)}-${name}`);
  writeFileSync(file, content);
  return file;
}

describe('npm run admin', () => {
  it('imports the 2011 tree, then a CSV of communes under a district (two-tier data works the same way)', async () => {
    expect(await run('units', 'import', DEFAULT_UNITS)).toBe(0);
    expect(out.at(-1)).toBe('units: 21 created, 0 updated');
    const csv = tmp(
      'communes.csv',
      'code,name,level,parent_code,pilot\nkg-ct-x1,"Xã A, mới",commune,kg-chau-thanh,x\nkg-ct-x2,Xã B,commune,kg-chau-thanh,\n',
    );
    expect(await run('units', 'import', csv)).toBe(0);
    const a = (await Unit.findOne({ code: 'kg-ct-x1' }).lean())!;
    expect(a).toMatchObject({ name: 'Xã A, mới', pilot: true, depth: 2 });
    expect(await run('units', 'import', DEFAULT_UNITS)).toBe(0);
    expect(out.at(-1)).toBe('units: 0 created, 21 updated');
    expect(await run('units', 'list', '--under', 'kg-chau-thanh')).toBe(0);
    expect(out.at(-1)).toBe('3 unit(s)');
  });

  it('refuses a CSV with an unknown parent or a missing column, naming the problem, and imports nothing', async () => {
    const orphan = tmp('bad.csv', 'code,name,level,parent_code\nkg-x,Xã X,commune,nowhere\n');
    expect(await run('units', 'import', orphan)).toBe(1);
    expect(err.at(-1)).toContain('nowhere');
    const noColumn = tmp('bad2.csv', 'code,name,parent_code\nkg-x,Xã X,kg\n');
    expect(await run('units', 'import', noColumn)).toBe(1);
    expect(err.at(-1)).toContain('"level"');
    expect(await run('units', 'import', '/no/such/file.json')).toBe(1);
    expect(await Unit.countDocuments()).toBe(0);
  });

  it('creates a campaign from the template moved to start on a given day, and lists it', async () => {
    await run('units', 'import', DEFAULT_UNITS);
    expect(
      await run(
        'campaign',
        'create',
        '--root',
        'kg',
        '--start',
        '2026-11-27',
        '--code',
        'dvk-2026-2030',
        '--name',
        'Dân vận khéo 2026-2030',
      ),
    ).toBe(0);
    const c = (await Campaign.findOne({ code: 'dvk-2026-2030' }).lean())!;
    expect(c.start).toBe('2026-11-27');
    // The plan keeps its calendar: step 1 still ends on 31/12, the period still ends on 31/12/2030.
    expect(c.phases[0]!.end).toBe('2026-12-31');
    expect(c.end).toBe('2030-12-31');
    expect(c.honouringDate).toBe('2030-10-15');
    expect(await run('campaign', 'create', '--root', 'kg', '--years', '15', '--code', 'dvk-2026-b')).toBe(0);
    expect((await Campaign.findOne({ code: 'dvk-2026-b' }).lean())!.honouringDate).toBe('2030-10-15');
    expect(await run('campaign', 'list')).toBe(0);
    expect(out.at(-1)).toBe('2 campaign(s)');
  });

  it('refuses bad campaign arguments with a clear message and a non-zero exit', async () => {
    await run('units', 'import', DEFAULT_UNITS);
    expect(await run('campaign', 'create', '--root', 'kg', '--start', '2026-02-31')).toBe(2);
    expect(err.at(-1)).toContain('--start');
    expect(await run('campaign', 'create', '--root', 'nowhere')).toBe(1);
    expect(err.at(-1)).toContain('no unit with code nowhere');
    expect(await run('campaign', 'create', '--root', 'kg', '--start', '2026-01-01', '--years', '2')).toBe(2);
    expect(await Campaign.countDocuments()).toBe(0);
  });

  it('grants and revokes roles, lists users, and refuses a bad role or id', async () => {
    await run('units', 'import', DEFAULT_UNITS);
    expect(await run('role', 'grant', '12345', 'coordinator', 'kg-chau-thanh')).toBe(0);
    expect(await run('role', 'grant', '12345', 'coordinator', 'kg-chau-thanh')).toBe(0);
    expect((await User.findOne({ telegramId: 12345 }).lean())!.roles).toHaveLength(1);
    expect(await run('users', 'list', '--unit', 'kg')).toBe(0);
    expect(out.at(-2)).toContain('coordinator@kg-chau-thanh');
    expect(await run('role', 'grant', '12345', 'chief', 'kg')).toBe(2);
    expect(err.at(-1)).toContain('role must be one of');
    expect(await run('role', 'grant', 'abc', 'cadre', 'kg')).toBe(2);
    expect(await run('role', 'revoke', '12345', 'coordinator', 'kg-chau-thanh')).toBe(0);
    expect((await User.findOne({ telegramId: 12345 }).lean())!.roles).toHaveLength(0);
    expect(await run('role', 'revoke', '12345', 'coordinator', 'kg-chau-thanh')).toBe(1);
  });

  it('creates an invite code, shows it once and stores only its hash', async () => {
    await run('units', 'import', DEFAULT_UNITS);
    expect(
      await run(
        'invite',
        'create',
        'cadre',
        'kg-chau-thanh',
        '--uses',
        '30',
        '--days',
        '14',
        '--bot',
        '@danvan_bot',
      ),
    ).toBe(0);
    const code = /: ([A-Z2-9]{10}) /.exec(out.at(-2)!)![1]!;
    expect(out.at(-1)).toBe(`link: https://t.me/danvan_bot?start=${code}`);
    const invite = (await Invite.findOne().lean())!;
    expect(invite).toMatchObject({ role: 'cadre', maxUses: 30, usesLeft: 30 });
    expect(JSON.stringify(invite)).not.toContain(code);
    expect(await run('invite', 'create', 'cadre', 'kg-chau-thanh', '--uses', '0')).toBe(2);
  });

  it('answers a usage error with one line and where to find the usage, not the whole usage, and exits 2', async () => {
    expect(await run('frobnicate')).toBe(2);
    expect(err).toEqual(['error: unknown command "frobnicate"\nsee `npm run admin -- help`']);
    err.length = 0;
    expect(await run('role', 'grant', '12345')).toBe(2);
    expect(err).toEqual([
      'error: role grant needs <telegramId> <role> <unitCode>\nsee `npm run admin -- help`',
    ]);
    err.length = 0;
    expect(await run('units', 'list', '--bogus')).toBe(2);
    expect(err).toHaveLength(1);
    expect(err[0]!.split('\n')).toHaveLength(2);
    expect(err[0]).toMatch(/^error: .*--bogus/);
    expect(err.join('\n')).not.toContain('Usage: npm run admin');
    expect(await run('help')).toBe(0);
    expect(out.at(-1)).toContain('Usage: npm run admin');
  });
});

describe('npm run admin -- deliveries failed', () => {
  it('lists reminders that could not be delivered, with the reason', async () => {
    const { Reminder } = await import('../../src/db/models/index.ts');
    await Reminder.create({
      key: 'phase-deadline:x:1',
      kind: 'phase-deadline',
      telegramId: 4242,
      dueAt: new Date('2026-11-20T01:00:00Z'),
      staleAt: new Date('2026-11-21T01:00:00Z'),
      status: 'failed',
      attempts: 5,
      lastError: 'Bad Request: chat not found',
      failedAt: new Date('2026-11-20T03:00:00Z'),
    });
    expect(await run('deliveries', 'failed')).toBe(0);
    // When it failed, as the scheduler's clock recorded it (not when the row was last written).
    expect(out[0]?.startsWith('2026-11-20T03:00:00.000Z  phase-deadline')).toBe(true);
    expect(out[0]).toContain('to 4242');
    expect(out[0]).toContain('chat not found');
    expect(out.at(-1)).toBe('1 failed delivery');
    expect(await run('deliveries', 'failed', '--limit', '0')).toBe(2);
  });
});
