import mongoose from 'mongoose';
import { systemClock } from '../clock.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { connectMongoose, resolveDatabase } from '../db/connection.ts';
import { createLogger } from '../logger.ts';
import { runAdmin, USAGE } from './commands.ts';

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
  const db = await resolveDatabase({ uri: config.MONGODB_URI, dataDir: config.DATA_DIR, logger });
  try {
    await connectMongoose(db.uri);
    return await runAdmin(argv, {
      out: (l) => console.log(l),
      err: (l) => console.error(l),
      clock: systemClock,
    });
  } finally {
    await mongoose.disconnect();
    await db.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof ConfigError ? err.message : `error: ${(err as Error).message}`);
    process.exit(1);
  },
);
