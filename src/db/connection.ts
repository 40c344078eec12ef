import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import mongoose from 'mongoose';
import type { Logger } from '../logger.ts';
import * as models from './models/index.ts';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ResolvedDatabase {
  uri: string;
  kind: 'MONGODB_URI' | 'embedded mongod (mongodb-memory-server)' | 'embedded FerretDB';
  stop(): Promise<void>;
}

export class NoDatabaseError extends Error {}

/**
 * Where the data lives, in this order: MONGODB_URI; an embedded mongod (mongodb-memory-server,
 * data under DATA_DIR/mongod, kept across restarts); an embedded FerretDB (built once with the Go
 * toolchain by scripts/ferretdb.sh, SQLite data under DATA_DIR/ferretdb); else a clear error.
 */
export async function resolveDatabase(opts: {
  uri?: string;
  dataDir: string;
  logger: Logger;
  /** Where the mongod memo is kept (default: the same cache as FerretDB's binary). */
  cacheDir?: string;
  now?: () => Date;
}): Promise<ResolvedDatabase> {
  if (opts.uri) return { uri: opts.uri, kind: 'MONGODB_URI', stop: async () => {} };
  const reasons: string[] = [];
  const memoFile = path.join(opts.cacheDir ?? defaultCacheDir(), MONGOD_MEMO);
  const now = opts.now ?? (() => new Date());
  const memo = readMongodMemo(memoFile, now());
  if (memo) {
    reasons.push(`embedded mongod: ${memo.reason}`);
    opts.logger.info(
      { reason: memo.reason, since: memo.at, retryAfter: memo.retryAfter, memo: memoFile },
      'no mongod binary (remembered, not tried again until retryAfter; delete the memo to try now); trying an embedded FerretDB',
    );
  } else {
    try {
      return await startMemoryServer(path.resolve(opts.dataDir, 'mongod'));
    } catch (err) {
      const reason = (err as Error).message.split('\n')[0] ?? 'unknown';
      reasons.push(`embedded mongod: ${reason}`);
      const written = writeMongodMemo(memoFile, reason, now());
      opts.logger.info(
        { reason, ...(written ? { remembered: memoFile } : {}) },
        'no mongod binary can be had here; trying an embedded FerretDB',
      );
    }
  }
  try {
    return await startFerretDb(path.resolve(opts.dataDir, 'ferretdb'), opts.logger);
  } catch (err) {
    reasons.push(`embedded FerretDB: ${(err as Error).message.split('\n')[0]}`);
  }
  throw new NoDatabaseError(
    `No database: set MONGODB_URI (for example mongodb://127.0.0.1:27017/danvan), or install Go so FerretDB can be built (${reasons.join('; ')})`,
  );
}

/** The file that remembers that no mongod could be had, so that each start does not pay for it. */
export const MONGOD_MEMO = 'mongod-unavailable.json';
/** How long the memo holds before mongod is tried again. */
export const MONGOD_RETRY_MS = 24 * 60 * 60_000;

function defaultCacheDir(): string {
  return (
    process.env.FERRETDB_CACHE_DIR ??
    path.join(process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), 'dan-van-bot')
  );
}

interface MongodMemo {
  reason: string;
  at: string;
  retryAfter: string;
}

/** The memo while it holds; null when there is none, it is unreadable or it has run out. */
export function readMongodMemo(file: string, now: Date): MongodMemo | null {
  try {
    const m = JSON.parse(readFileSync(file, 'utf8')) as MongodMemo;
    if (typeof m.reason !== 'string' || !(new Date(m.retryAfter).getTime() > now.getTime())) return null;
    return m;
  } catch {
    return null;
  }
}

function writeMongodMemo(file: string, reason: string, now: Date): boolean {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const memo: MongodMemo = {
      reason,
      at: now.toISOString(),
      retryAfter: new Date(now.getTime() + MONGOD_RETRY_MS).toISOString(),
    };
    writeFileSync(file, `${JSON.stringify(memo, null, 2)}\n`);
    return true;
  } catch {
    return false;
  }
}

async function startMemoryServer(dbPath: string): Promise<ResolvedDatabase> {
  mkdirSync(dbPath, { recursive: true });
  const { MongoBinary, MongoMemoryServer } = await import('mongodb-memory-server');
  // Find (or download) the binary first: that fails quietly, where a failed create() prints a
  // stack trace to the console before we could fall back to FerretDB.
  const systemBinary = await MongoBinary.getPath();
  const server = await MongoMemoryServer.create({
    instance: { dbPath, storageEngine: 'wiredTiger', ip: '127.0.0.1' },
    binary: { systemBinary },
  });
  return {
    uri: server.getUri('danvan'),
    kind: 'embedded mongod (mongodb-memory-server)',
    stop: async () => {
      await server.stop({ doCleanup: false });
    },
  };
}

/** A TCP port on 127.0.0.1 that was free a moment ago (for a database server this process starts). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function startFerretDb(dir: string, logger: Logger): Promise<ResolvedDatabase> {
  mkdirSync(dir, { recursive: true });
  const script = path.join(projectRoot, 'scripts/ferretdb.sh');
  // `build` returns at once when the binary is cached; the first time it builds from source.
  const buildStarted = performance.now();
  const { stdout } = await promisify(execFile)('bash', [script, 'build'], { timeout: 15 * 60_000 });
  const seconds = Math.round((performance.now() - buildStarted) / 1000);
  logger.info(
    seconds >= 5
      ? `FerretDB built from source in ${seconds} s (cached from now on)`
      : 'starting the embedded FerretDB',
  );
  const bin = stdout.trim().split('\n').pop()!;
  const port = await freePort();
  const child: ChildProcess = spawn(
    bin,
    [
      '--handler=sqlite',
      `--sqlite-url=file:${dir}/`,
      `--state-dir=${dir}`,
      `--listen-addr=127.0.0.1:${port}`,
      '--debug-addr=127.0.0.1:0',
      '--telemetry=disable',
      '--log-level=warn',
    ],
    { stdio: 'ignore' },
  );
  await waitForPort(port, child);
  return {
    uri: `mongodb://127.0.0.1:${port}/danvan`,
    kind: 'embedded FerretDB',
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function waitForPort(port: number, child: ChildProcess): Promise<void> {
  const { connect } = await import('node:net');
  for (let i = 0; i < 150; i++) {
    if (child.exitCode !== null) throw new Error(`FerretDB exited with code ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const c = connect(port, '127.0.0.1', () => {
        c.end();
        resolve(true);
      });
      c.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error('FerretDB did not accept connections within 15 s');
}

/** Connects the default mongoose connection and makes sure every index exists. */
export async function connectMongoose(uri: string, dbName?: string): Promise<typeof mongoose> {
  mongoose.set('strictQuery', true);
  await mongoose.connect(uri, { dbName, serverSelectionTimeoutMS: 10_000, autoIndex: false });
  await ensureIndexes();
  return mongoose;
}

export async function ensureIndexes(): Promise<void> {
  for (const m of Object.values(models)) {
    if (typeof m === 'function' && 'createIndexes' in m && 'modelName' in m) {
      await (m as unknown as mongoose.Model<unknown>).createIndexes();
    }
  }
}

export function databaseState(): 'connected' | 'disconnected' | 'connecting' | 'disconnecting' {
  const s = mongoose.connection.readyState;
  return s === 1 ? 'connected' : s === 2 ? 'connecting' : s === 3 ? 'disconnecting' : 'disconnected';
}
