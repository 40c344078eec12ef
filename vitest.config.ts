import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts', 'jobs/**/*.test.ts', 'conversations/**/*.test.ts'],
    globalSetup: ['test/support/global-database.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: two files at a time, each with a database of its own.
    maxWorkers: 2,
  },
});
