import { systemClock } from '../clock.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { createLogger } from '../logger.ts';
import { connectDatabase, disconnectDatabase, resolveDatabase } from '../services/connection.ts';
import { runAdmin, USAGE } from './commands.ts';

/** Set by SIGTERM/SIGINT: the signal handler decides the exit, not a command it interrupted. */
let stopping = false;

/** `npm run admin -- <command>`: the operator's tool for units, campaigns, roles and invites. */
async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv.length === 0 || argv[0] === 'help' || argv[0] === '--help') {
    console.log(USAGE);
    return argv.length === 0 ? 2 : 0;
  }
  try {
    process.loadEnvFile?.('.env');
  } catch {
    // no .env: the environment alone
  }
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  // SIGTERM/SIGINT (a process manager, Ctrl+C, `kill` on the PID of `npm run admin`): close the
  // connection and stop the embedded database this command started, then exit 128 + signal.
  for (const [signal, code] of [
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      console.error(`${signal}: stopping before the command finished`);
      // An embedded database still starting is waited for, then stopped: nothing is left running.
      void Promise.allSettled([disconnectDatabase()])
        .then(() => resolving.then((d) => d.stop()))
        .catch(() => {})
        .finally(() => process.exit(code));
    });
  }
  const resolving = resolveDatabase({ uri: config.MONGODB_URI, dataDir: config.DATA_DIR, logger });
  const db = await resolving;
  try {
    await connectDatabase(db.uri);
    return await runAdmin(argv, {
      out: (l) => console.log(l),
      err: (l) => console.error(l),
      clock: systemClock,
      timeZone: config.TIME_ZONE,
    });
  } finally {
    await disconnectDatabase();
    await db.stop();
  }
}

main().then(
  (code) => {
    if (!stopping) process.exit(code);
  },
  (err) => {
    if (stopping) return;
    console.error(err instanceof ConfigError ? err.message : `error: ${(err as Error).message}`);
    process.exit(1);
  },
);
