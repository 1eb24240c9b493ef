/**
 * npm run db:migration:create -- <name>
 *
 * Generates a migration for each dialect from the difference between the entities and a scratch
 * database that has every existing migration applied. SQLite uses an in-memory database; MySQL
 * uses a throw-away database on the server named by TEST_MYSQL_URL (or DATABASE_URL if it is
 * mysql://).
 */
import { MikroORM } from '@mikro-orm/sql';
import { createOrmOptions, type DatabaseTarget } from '../config.ts';
import { loadDotEnv } from '../env.ts';
import { randomBase32 } from '../ids.ts';
import { migrate } from '../migrate.ts';
import { createMysqlDatabase, dropMysqlDatabase } from '../mysql-admin.ts';

loadDotEnv();
const name = process.argv[2];
if (!name || !/^[A-Za-z][A-Za-z0-9]*$/.test(name)) {
  console.error('Usage: npm run db:migration:create -- <CamelCaseName>');
  process.exit(1);
}

async function generate(target: DatabaseTarget) {
  const orm = await MikroORM.init(createOrmOptions(target));
  try {
    await migrate(orm);
    const result = await orm.migrator.create(undefined, false, false, name);
    if (!result.fileName)
      console.log(`${target.dialect}: entities and migrations agree, nothing to generate`);
    else console.log(`${target.dialect}: wrote ${result.fileName}`);
  } finally {
    await orm.close();
  }
}

await generate({ dialect: 'sqlite', path: ':memory:' });

const server =
  process.env.TEST_MYSQL_URL ||
  (process.env.DATABASE_URL?.startsWith('mysql://') ? process.env.DATABASE_URL : '');
if (!server) {
  console.error('mysql: skipped; set TEST_MYSQL_URL=mysql://root@127.0.0.1:3306/test to generate it too');
  process.exit(1);
}
const scratch = `hd_migration_${randomBase32(8).toLowerCase()}`;
const url = await createMysqlDatabase(server, scratch);
try {
  await generate({ dialect: 'mysql', url, database: scratch });
} finally {
  await dropMysqlDatabase(server, scratch);
}
