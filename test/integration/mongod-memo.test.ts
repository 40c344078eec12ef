import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MONGOD_MEMO, readMongodMemo, resolveDatabase } from '../../src/db/connection.ts';
import { createLogger } from '../../src/logger.ts';
import { NOW } from '../support/fixtures.ts';

/**
 * Where no mongod binary can be had, the outcome is remembered for a day in a small file, so
 * that start-up and every admin command go straight to the embedded FerretDB.
 */

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function temp() {
  const d = await mkdtemp(path.join(tmpdir(), 'dvb-memo-'));
  dirs.push(d);
  return d;
}

function logged() {
  const lines: { msg: string; reason?: string }[] = [];
  const logger = createLogger('info', { write: (s: string) => lines.push(JSON.parse(s)) });
  return { lines, logger };
}

const HOUR = 3_600_000;

describe('the mongod memo', () => {
  it('holds for a day from when it was written, then lets mongod be tried again', async () => {
    const dir = await temp();
    const file = path.join(dir, MONGOD_MEMO);
    expect(readMongodMemo(file, NOW)).toBeNull();
    writeFileSync(
      file,
      JSON.stringify({
        reason: 'no binary for this platform',
        at: NOW.toISOString(),
        retryAfter: new Date(NOW.getTime() + 24 * HOUR).toISOString(),
      }),
    );
    expect(readMongodMemo(file, new Date(NOW.getTime() + 23 * HOUR))?.reason).toBe(
      'no binary for this platform',
    );
    expect(readMongodMemo(file, new Date(NOW.getTime() + 24 * HOUR))).toBeNull();
    writeFileSync(file, 'not json');
    expect(readMongodMemo(file, NOW)).toBeNull();
  });

  it('a start with the memo in force does not try mongod and says why, with the remembered reason', async () => {
    const cacheDir = await temp();
    writeFileSync(
      path.join(cacheDir, MONGOD_MEMO),
      JSON.stringify({
        reason: 'no binary for this platform',
        at: NOW.toISOString(),
        retryAfter: new Date(NOW.getTime() + 24 * HOUR).toISOString(),
      }),
    );
    const { lines, logger } = logged();
    const db = await resolveDatabase({ dataDir: await temp(), cacheDir, logger, now: () => NOW });
    try {
      expect(db.kind).toBe('embedded FerretDB');
      const line = lines.find((l) => l.msg.startsWith('no mongod binary'))!;
      expect(line.msg).toContain('remembered');
      expect(line.reason).toBe('no binary for this platform');
      expect(lines.map((l) => l.msg)).not.toContain(
        'no mongod binary can be had here; trying an embedded FerretDB',
      );
      // The FerretDB binary is cached: no "about a minute" promise.
      expect(lines.map((l) => l.msg)).toContain('starting the embedded FerretDB');
    } finally {
      await db.stop();
    }
  }, 120_000);

  it('a start without the memo tries mongod; where it fails, the memo records the reason and the time', async () => {
    const cacheDir = await temp();
    const { lines, logger } = logged();
    const db = await resolveDatabase({ dataDir: await temp(), cacheDir, logger, now: () => NOW });
    try {
      if (db.kind === 'embedded mongod (mongodb-memory-server)') return; // mongod can be had here
      const line = lines.find(
        (l) => l.msg === 'no mongod binary can be had here; trying an embedded FerretDB',
      )!;
      expect(line.reason).toBeTruthy();
      const memo = JSON.parse(readFileSync(path.join(cacheDir, MONGOD_MEMO), 'utf8'));
      expect(memo).toEqual({
        reason: line.reason,
        at: NOW.toISOString(),
        retryAfter: new Date(NOW.getTime() + 24 * HOUR).toISOString(),
      });
    } finally {
      await db.stop();
    }
  }, 120_000);
});
