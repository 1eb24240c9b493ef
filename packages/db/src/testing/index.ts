/**
 * Test databases: a fresh one per test file, on the dialect the test project runs for
 * (`TEST_DB=sqlite`, the default, or `TEST_DB=mysql` with `TEST_MYSQL_URL` naming the server).
 * Each is built by the real migrations, so every suite also proves the migrations work.
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MikroORM } from '@mikro-orm/sql';
import { createOrmOptions, type DatabaseTarget, type Dialect } from '../config.ts';
import { randomBase32 } from '../ids.ts';
import { migrate } from '../migrate.ts';
import { createMysqlDatabase, dropMysqlDatabase } from '../mysql-admin.ts';
import type { Orm } from '../orm.ts';
import { interceptStatements } from '../statement-counter.ts';

export interface TestDatabase {
  orm: Orm;
  dialect: Dialect;
  target: DatabaseTarget;
  /** Runs `fn` and answers the SQL statements the ORM sent meanwhile. */
  recordQueries<T>(fn: () => Promise<T>): Promise<{ result: T; queries: string[] }>;
  dispose(): Promise<void>;
}

export function testDialect(): Dialect {
  const dialect = process.env.TEST_DB ?? 'sqlite';
  if (dialect !== 'sqlite' && dialect !== 'mysql')
    throw new Error(`TEST_DB must be sqlite or mysql, not ${dialect}`);
  return dialect;
}

export { describeSchema } from './schema.ts';
export { settledSearch } from './settled.ts';

export interface TestDatabaseOptions {
  /** Build the schema straight from the entities instead of running the migrations. */
  fromEntities?: boolean;
  /** Leave the database empty (no schema at all), e.g. for a process that migrates it itself. */
  empty?: boolean;
  /** How long a statement waits for another transaction's lock (tests of lock contention shorten it). */
  lockWaitSeconds?: number;
}

export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const dialect = testDialect();
  const name = `hd_test_${randomBase32(10).toLowerCase()}`;
  let target: DatabaseTarget;
  let cleanup: () => Promise<void>;
  if (dialect === 'mysql') {
    const server = process.env.TEST_MYSQL_URL;
    if (!server) throw new Error('TEST_DB=mysql needs TEST_MYSQL_URL, e.g. mysql://root@127.0.0.1:3306/test');
    const url = await createMysqlDatabase(server, name);
    target = { dialect, url, database: name };
    cleanup = () => dropMysqlDatabase(server, name);
  } else {
    const path = join(tmpdir(), `${name}.db`);
    target = { dialect, path };
    cleanup = async () => {
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
    };
  }

  const orm = await MikroORM.init(
    createOrmOptions(target, {
      poolSize: 4,
      ...(options.lockWaitSeconds === undefined ? {} : { lockWaitSeconds: options.lockWaitSeconds }),
    }),
  );
  if (options.fromEntities) await orm.schema.create();
  else if (!options.empty) await migrate(orm);

  return {
    orm,
    dialect,
    target,
    async recordQueries(fn) {
      const queries: string[] = [];
      const stop = interceptStatements(orm, (sql) => queries.push(sql));
      try {
        return { result: await fn(), queries };
      } finally {
        stop();
      }
    },
    async dispose() {
      if (await orm.isConnected()) await orm.close();
      await cleanup();
    },
  };
}
