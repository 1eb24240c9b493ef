/** npm run db:migrate: applies pending migrations to the database DATABASE_URL names. */
import { loadDotEnv } from '../env.ts';
import { migrate } from '../migrate.ts';
import { describeTarget, openDatabase } from '../orm.ts';

loadDotEnv();
const { orm, target } = await openDatabase();
try {
  console.log(`Migrating ${describeTarget(target)}`);
  const started = Date.now();
  const applied = await migrate(orm, {
    onMigration: (name, index, total) => console.log(`  [${index}/${total}] ${name}`),
  });
  console.log(
    applied.length
      ? `Applied ${applied.length} migration(s) in ${Date.now() - started} ms`
      : 'Nothing to migrate',
  );
} finally {
  await orm.close();
}
