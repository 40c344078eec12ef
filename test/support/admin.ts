import { beforeEach } from 'vitest';
import { runAdmin } from '../../src/admin/commands.ts';
import { useTestDatabase } from './database.ts';
import { clock } from './fixtures.ts';

/**
 * The setup of the `npm run admin` tests: the file's own database emptied before each test, and
 * `run(...argv)` running the admin command with a test clock, its output lines collected in `out`
 * and `err` (emptied before each test).
 */
export function useAdminCli() {
  useTestDatabase({ clean: 'each' });
  const out: string[] = [];
  const err: string[] = [];
  beforeEach(() => {
    out.length = 0;
    err.length = 0;
  });
  const run = (...argv: string[]) =>
    runAdmin(argv, { out: (l) => out.push(l), err: (l) => err.push(l), clock: clock() });
  return { run, out, err };
}
