/**
 * npm run db:migration:create -- <CamelCaseName>
 *
 * Writes a migration for each dialect from the difference between the entities and the schema
 * snapshot the previous migrations left (`migrations/<dialect>/.snapshot.json`), so both dialects
 * always come from the same entities. Works offline; only the very first MySQL migration (no
 * snapshot yet) needs a server, named by TEST_MYSQL_URL.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MikroORM } from '@mikro-orm/sql';
import { createOrmOptions, type DatabaseTarget, migrationsPath } from '../config.ts';
import { loadDotEnv } from '../env.ts';
import { randomBase32 } from '../ids.ts';
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
    const result = await orm.migrator.create(undefined, false, false, name);
    console.log(
      `${target.dialect}: ${result.fileName ? `wrote ${result.fileName}` : 'entities and migrations agree'}`,
    );
  } finally {
    await orm.close();
  }
}

await generate({ dialect: 'sqlite', path: ':memory:' });

if (existsSync(join(migrationsPath('mysql'), '.snapshot.json'))) {
  // Offline: the URL is never connected to.
  await generate({ dialect: 'mysql', url: 'mysql://offline@127.0.0.1:3306/helpdesk', database: 'helpdesk' });
} else {
  const server = process.env.TEST_MYSQL_URL;
  if (!server) throw new Error('The first MySQL migration needs a server: set TEST_MYSQL_URL');
  const scratch = `hd_migration_${randomBase32(8).toLowerCase()}`;
  const url = await createMysqlDatabase(server, scratch);
  try {
    await generate({ dialect: 'mysql', url, database: scratch });
  } finally {
    await dropMysqlDatabase(server, scratch);
  }
}
