import { defineConfig } from 'vitest/config';

/**
 * `npm run test:e2e`: the dashboard in Chromium against the real server on a seeded database,
 * on SQLite and, when TEST_MYSQL_URL names a server, on MySQL too. Each file starts its own
 * server and database, so files never see each other's changes.
 */
const databases = ['sqlite', ...(process.env.TEST_MYSQL_URL ? ['mysql'] : [])];

export default defineConfig({
  test: {
    projects: databases.map((database) => ({
      extends: true,
      test: { name: `admin e2e (${database})`, include: ['e2e/**/*.e2e.ts'], env: { TEST_DB: database } },
    })),
    testTimeout: 60_000,
    // As Playwright's own CI default: one more try on CI, where another job may load the machine.
    // A retried test is listed in the output, so a flaky one is seen rather than hidden.
    retry: process.env.CI ? 1 : 0,
    hookTimeout: 120_000,
    // A browser and a server per file: two at a time is what a 2-core machine takes.
    maxWorkers: 2,
  },
});
