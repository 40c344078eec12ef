import { beforeEach } from 'vitest';
import { runAdmin } from '../../src/admin/commands.ts';
import { TEMPLATE_2026 } from '../../src/services/campaigns.ts';
import { useTestDatabase } from './database.ts';
import { clock } from './fixtures.ts';

/**
 * The setup of the `npm run admin` tests: the file's own database emptied before each test, and
 * `run(...argv)` running the admin command with a test clock, its output lines collected in `out`
 * and `err` (emptied before each test); `createAnGiang2026(...options)` runs `campaign create` of
 * the 2026-2030 plan on An Giang.
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
  /** `campaign create` of the shipped 2026-2030 plan on An Giang (root `ag`), with further options. */
  const createAnGiang2026 = (...options: string[]) =>
    run('campaign', 'create', '--root', 'ag', '--template', TEMPLATE_2026, ...options);
  return { run, createAnGiang2026, out, err };
}
