import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../src/db/connection.ts';

/**
 * `npm start` and `npm run admin` as a process manager runs them (Docker, systemd): a SIGTERM to
 * the PID of npm itself stops everything it started, gracefully. Each case starts the real
 * command in a child process, collects its whole process tree from /proc before the signal, and
 * checks that every one of those processes is gone within 10 s.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const started: ChildProcess[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const child of started.splice(0)) if (child.exitCode === null && child.pid) kill(child.pid, 'SIGKILL');
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

function kill(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

/** State letter and parent of a process from /proc, or null when it no longer exists. */
function stat(pid: number): { state: string; ppid: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: rest[0]!, ppid: Number(rest[1]) };
  } catch {
    return null;
  }
}

/** The process and all its descendants, read from /proc. */
function tree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = stat(Number(name));
    if (!s) continue;
    children.set(s.ppid, [...(children.get(s.ppid) ?? []), Number(name)]);
  }
  const all = [root];
  for (let i = 0; i < all.length; i++) all.push(...(children.get(all[i]!) ?? []));
  return all;
}

/** Running: exists and is not a zombie waiting to be reaped. */
const alive = (pid: number) => {
  const s = stat(pid);
  return s !== null && s.state !== 'Z';
};

interface Run {
  child: ChildProcess;
  output: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function run(args: string[], env: Record<string, string>): Run {
  const base = { ...process.env };
  // The suite's own settings must not leak into the command under test.
  for (const name of ['BOT_TOKEN', 'WEBHOOK_URL', 'WEBHOOK_SECRET', 'MONGODB_URI', 'PLAYGROUND_DEMO_DATA'])
    delete base[name];
  const child = spawn('npm', args, {
    cwd: ROOT,
    env: { ...base, LOG_LEVEL: 'info', JOBS_ENABLED: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let out = '';
  child.stdout!.on('data', (b) => {
    out += b;
  });
  child.stderr!.on('data', (b) => {
    out += b;
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => out, exit };
}

async function until(what: string, check: () => Promise<boolean> | boolean, ms: number, r: Run, every = 250) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    if (r.child.exitCode !== null)
      throw new Error(`exited (${r.child.exitCode}) before ${what}:\n${r.output()}`);
    await new Promise((res) => setTimeout(res, every));
  }
  throw new Error(`no ${what} within ${ms} ms:\n${r.output()}`);
}

const healthy = (port: number) => async () => {
  try {
    return (await fetch(`http://127.0.0.1:${port}/healthz`)).ok;
  } catch {
    return false;
  }
};

/** SIGTERM to the npm PID; returns the exit and which of the processes were still there 10 s on. */
async function stopByPid(r: Run) {
  const pids = tree(r.child.pid!);
  kill(r.child.pid!, 'SIGTERM');
  const exit = await Promise.race([r.exit, new Promise<null>((res) => setTimeout(() => res(null), 10_000))]);
  const deadline = Date.now() + 1_000;
  while (pids.some(alive) && Date.now() < deadline) await new Promise((res) => setTimeout(res, 100));
  return { pids, exit, left: pids.filter(alive) };
}

async function tempDir() {
  const dir = await mkdtemp(path.join(tmpdir(), 'dvb-stop-'));
  dirs.push(dir);
  return dir;
}

function uriFor(db: string): string {
  const u = new URL(inject('mongodbUri'));
  u.pathname = `/${db}`;
  return u.toString();
}

describe('npm start stops by its PID', () => {
  it('playground on the embedded database: SIGTERM to npm stops the bot and the embedded FerretDB, exit 0', async () => {
    const port = await freePort();
    const r = run(['start'], { DATA_DIR: await tempDir(), PLAYGROUND_PORT: String(port) });
    await until('health endpoint', healthy(port), 150_000, r);
    const { pids, exit, left } = await stopByPid(r);
    expect(pids.length).toBeGreaterThanOrEqual(3); // npm, the bot, the embedded FerretDB
    expect(exit).toEqual({ code: 0, signal: null });
    expect(left).toEqual([]);
    expect(r.output()).toContain('stopped cleanly');
    expect(await healthy(port)()).toBe(false);
  }, 180_000);

  it('playground on MONGODB_URI marked throwaway: the same, and the demo data is there', async () => {
    const port = await freePort();
    const db = `dvb_stop_${process.pid}_${Date.now()}`;
    const r = run(['start'], {
      DATA_DIR: await tempDir(),
      PLAYGROUND_PORT: String(port),
      MONGODB_URI: uriFor(db),
      PLAYGROUND_DEMO_DATA: 'throwaway',
    });
    await until('health endpoint', healthy(port), 120_000, r);
    // The jobs start just after the page is up.
    await until('retention job started', () => r.output().includes('retention job started'), 30_000, r);
    const { exit, left } = await stopByPid(r);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(left).toEqual([]);
    // The daily retention job starts and stops with the bot.
    expect(r.output()).toContain('retention job stopped');
    const client = await mongoose.mongo.MongoClient.connect(inject('mongodbUri'));
    try {
      expect(await client.db(db).collection('campaigns').countDocuments()).toBeGreaterThan(0);
      await client.db(db).dropDatabase();
    } finally {
      await client.close();
    }
  }, 180_000);

  it('refuses to write demo data into a MONGODB_URI not marked throwaway, in one line, and writes nothing', async () => {
    const db = `dvb_refuse_${process.pid}_${Date.now()}`;
    const r = run(['start'], {
      DATA_DIR: await tempDir(),
      PLAYGROUND_PORT: String(await freePort()),
      MONGODB_URI: uriFor(db),
    });
    expect(await r.exit).toEqual({ code: 1, signal: null });
    const lines = r
      .output()
      .split('\n')
      .filter((l) => l.trim() && !l.startsWith('>'));
    expect(lines).toEqual([
      'The playground (no BOT_TOKEN) writes demo data into the database: with MONGODB_URI set it starts only if PLAYGROUND_DEMO_DATA=throwaway says that database is a throwaway one (or unset MONGODB_URI to use the embedded database).',
    ]);
    const client = await mongoose.mongo.MongoClient.connect(inject('mongodbUri'));
    try {
      expect(await client.db(db).listCollections().toArray()).toEqual([]);
    } finally {
      await client.close();
    }
  }, 60_000);
});

describe('npm run admin stops by its PID', () => {
  it('SIGTERM while the command runs on the embedded database: the database is stopped, exit 143', async () => {
    const r = run(['run', 'admin', '--', 'unit', 'list'], { DATA_DIR: await tempDir() });
    // Wait until the embedded FerretDB is running under it: the worst moment to be stopped.
    const ferret = () =>
      tree(r.child.pid!).some((pid) => {
        try {
          return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--handler=sqlite');
        } catch {
          return false;
        }
      });
    await until('embedded FerretDB', ferret, 150_000, r, 20);
    const { exit, left } = await stopByPid(r);
    expect(exit).toEqual({ code: 143, signal: null });
    expect(left).toEqual([]);
    expect(r.output()).toContain('SIGTERM: stopping before the command finished');
  }, 180_000);
});

it('the scripts exec their command, so the signal reaches it (npm runs them through /bin/sh)', () => {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  expect(pkg.scripts.start).toMatch(/^exec node --import tsx /);
  expect(pkg.scripts.admin).toMatch(/^exec node --import tsx /);
});
