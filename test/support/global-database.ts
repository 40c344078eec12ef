import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';

/**
 * The tests' database, in this order: MONGODB_URI (what scripts/test-db.sh and .ci/run set);
 * else a throwaway FerretDB through scripts/ferretdb.sh (needs Go to build it once): on a throwaway
 * PostgreSQL cluster where PostgreSQL's server binaries are found, else on SQLite
 * (FERRETDB_HANDLER=postgresql|sqlite chooses); else mongodb-memory-server (a real mongod where its
 * binary is cached or can be downloaded); else stop with a message saying how.
 * Every test file then works in a database of its own on that server (see database.ts).
 */
let stop: (() => Promise<void>) | undefined;

function startFerretDb(): { uri: string; stop: () => void } {
  const handler = execFileSync('bash', ['scripts/ferretdb.sh', 'handler'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
    .toString()
    .trim();
  const dir = execFileSync('mktemp', ['-d']).toString().trim();
  const stopSync = () => {
    try {
      execFileSync('bash', ['scripts/ferretdb.sh', 'stop', dir], { stdio: 'inherit' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    const out = execFileSync(
      'bash',
      ['scripts/ferretdb.sh', handler === 'postgresql' ? 'start-pg' : 'start', dir],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    )
      .toString()
      .trim()
      .split('\n')
      .pop()!;
    const port = out.split(' ')[1];
    if (!port) throw new Error(`scripts/ferretdb.sh printed no port: ${out}`);
    console.error(`FerretDB (${handler} handler) on 127.0.0.1:${port}`);
    return { uri: `mongodb://127.0.0.1:${port}/`, stop: stopSync };
  } catch (err) {
    stopSync();
    throw err;
  }
}

export default async function setup(project: TestProject) {
  let uri = process.env.MONGODB_URI;
  const tried: string[] = [];
  if (!uri) {
    try {
      const ferret = startFerretDb();
      uri = ferret.uri;
      let stopped = false;
      const once = () => {
        if (stopped) return;
        stopped = true;
        ferret.stop();
      };
      // Stop both servers even when vitest is interrupted before the teardown runs.
      process.once('exit', once);
      stop = async () => once();
    } catch (err) {
      tried.push(`FerretDB: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  if (!uri) {
    try {
      const { MongoBinary, MongoMemoryServer } = await import('mongodb-memory-server');
      const systemBinary = await MongoBinary.getPath(); // fails quietly where no binary can be had
      const server = await MongoMemoryServer.create({ binary: { systemBinary } });
      uri = server.getUri();
      stop = async () => {
        await server.stop();
      };
    } catch (err) {
      tried.push(`mongodb-memory-server: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  if (!uri) {
    throw new Error(
      `Tests need a MongoDB-compatible server. Run \`npm run db:test\` (builds and starts FerretDB, then runs the tests), or set MONGODB_URI. Tried: ${tried.join('; ')}`,
    );
  }
  project.provide('mongodbUri', uri);
  return async () => {
    await stop?.();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    mongodbUri: string;
  }
}
