import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts', 'jobs/**/*.test.ts', 'conversations/**/*.test.ts'],
    globalSetup: ['test/support/global-database.ts'],
    pool: 'forks',
    // A guard against hangs, not a performance check: the Excel export test writes 1,800 records
    // and took 23-35 s on either FerretDB handler while the shared 2-core CI machine was loaded.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: two files at a time, each with a database of its own.
    maxWorkers: 2,
  },
});
