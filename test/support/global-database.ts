import { execFileSync } from 'node:child_process';
import type { TestProject } from 'vitest/node';

/**
 * The tests' database, in this order: MONGODB_URI (what .ci/run sets, pointing at FerretDB);
 * else mongodb-memory-server (a real mongod where its binary is cached or can be downloaded);
 * else FerretDB through scripts/ferretdb.sh (needs Go); else stop with a message saying how.
 * Every test file then works in a database of its own on that server (see database.ts).
 */
let stop: (() => Promise<void>) | undefined;

export default async function setup(project: TestProject) {
  let uri = process.env.MONGODB_URI;
  const tried: string[] = [];
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
    try {
      const dir = execFileSync('mktemp', ['-d']).toString().trim();
      const out = execFileSync('bash', ['scripts/ferretdb.sh', 'start', dir], {
        stdio: ['ignore', 'pipe', 'inherit'],
      })
        .toString()
        .trim()
        .split('\n')
        .pop()!;
      const [pid, port] = out.split(' ');
      uri = `mongodb://127.0.0.1:${port}/`;
      stop = async () => {
        process.kill(Number(pid), 'SIGTERM');
      };
    } catch (err) {
      tried.push(`FerretDB: ${(err as Error).message.split('\n')[0]}`);
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
