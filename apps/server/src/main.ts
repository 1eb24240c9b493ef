/**
 * `npm start`: applies pending migrations, then serves Helpdesk. Stops gracefully on SIGTERM and
 * SIGINT: in-flight requests finish, new ones get 503, then the database connection closes.
 */
import { userRules } from '@helpdesk/api';
import { DatabaseUrlError, describeTarget, loadDotEnv, migrate, openDatabase } from '@helpdesk/db';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';

loadDotEnv();

async function main() {
  const config = loadConfig();
  const { orm, target } = await openDatabase({ url: config.databaseUrl });
  console.log(`Helpdesk: database ${describeTarget(target)}`);
  await migrate(orm, {
    onMigration: (name, index, total) => console.log(`Helpdesk: migrating [${index}/${total}] ${name}`),
  });
  if ((await userRules.countActiveAdmins(orm.em.fork())) === 0) {
    console.log(
      'Helpdesk: there is no admin yet. Create the first one with:\n' +
        '  npm run user:create -- --role admin --email you@example.com --name "Your Name"',
    );
  }

  const app = await buildApp({ config, orm, dialect: target.dialect });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    const timer = setTimeout(() => {
      app.log.error('shutdown timed out; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    timer.unref();
    await app.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));

  const address = await app.listen({ host: config.host, port: config.port });
  console.log(`Helpdesk: listening on ${address} (public URL ${config.publicUrl})`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DatabaseUrlError) console.error(error.message);
  else console.error('Helpdesk failed to start:', error);
  process.exit(1);
});
