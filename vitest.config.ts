import { defineConfig } from 'vitest/config';

/**
 * `npm test`: every package's tests. Suites that touch a database run once per database: always
 * on SQLite, and on MySQL too when TEST_MYSQL_URL names a server. The project name in the output
 * says which database a run used, e.g. `api (mysql)`.
 */
const databases = ['sqlite', ...(process.env.TEST_MYSQL_URL ? ['mysql'] : [])];
const databasePackages = ['packages/db', 'packages/auth', 'packages/api', 'apps/server', 'bench'];
const plainPackages = ['packages/validators'];

const name = (dir: string) => dir.split('/').at(-1) as string;

export default defineConfig({
  test: {
    projects: [
      ...plainPackages.map((dir) => ({
        extends: true,
        test: { name: name(dir), include: [`${dir}/test/**/*.test.ts`] },
      })),
      ...databasePackages.flatMap((dir) =>
        databases.map((database) => ({
          extends: true,
          test: {
            name: `${name(dir)} (${database})`,
            include: [`${dir}/test/**/*.test.ts`],
            // `*.mysql.test.ts` covers what only a networked database can do (outages).
            exclude: database === 'mysql' ? [] : ['**/*.mysql.test.ts', '**/node_modules/**'],
            env: { TEST_DB: database },
          },
        })),
      ),
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Test files run in parallel on separate databases; two at a time suits a 2-core machine.
    maxWorkers: 2,
  },
});
