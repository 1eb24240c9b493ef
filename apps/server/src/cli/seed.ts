/**
 * npm run db:seed [-- --tickets 300]
 *
 * Fills the database DATABASE_URL names with a demo desk (an admin, agents, customers and tickets
 * with conversations) and prints how to sign in. `--tickets 1000000` builds a desk big enough for
 * the benchmark; the data is the same for the same --seed.
 */
import { parseArgs } from 'node:util';
import { hashPassword } from '@helpdesk/auth';
import { describeTarget, loadDotEnv, migrate, openDatabase, seedDemoDesk } from '@helpdesk/db';
import { progressReporter } from './progress.ts';

export const DEMO_PASSWORD = 'helpdesk-demo';

async function main() {
  loadDotEnv();
  const { values } = parseArgs({
    options: {
      tickets: { type: 'string', default: '300' },
      seed: { type: 'string', default: '42' },
      agents: { type: 'string' },
      customers: { type: 'string' },
    },
  });
  const tickets = Number(values.tickets);
  if (!Number.isInteger(tickets) || tickets < 0) throw new Error('--tickets must be a whole number');
  const { orm, target } = await openDatabase();
  try {
    console.log(`Seeding ${describeTarget(target)} with ${tickets.toLocaleString('en')} tickets`);
    await migrate(orm, {
      onMigration: (name, index, total) => console.log(`  migrating [${index}/${total}] ${name}`),
    });
    const started = Date.now();
    const desk = await seedDemoDesk(orm.em.fork(), {
      tickets,
      passwordHash: await hashPassword(DEMO_PASSWORD),
      seed: Number(values.seed),
      agents: values.agents ? Number(values.agents) : undefined,
      customers: values.customers ? Number(values.customers) : undefined,
      onProgress: progressReporter(),
    });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `Done in ${seconds} s: ${desk.tickets.toLocaleString('en')} tickets, ${desk.messages.toLocaleString('en')} messages.`,
    );
    console.log(`\nSign in with password "${DEMO_PASSWORD}" as:`);
    console.log(`  admin     ${desk.admin.email}`);
    console.log(`  agents    ${desk.agents.map((agent) => agent.email).join(', ')}`);
    console.log(`  customers ${desk.customers[0]?.email} ... ${desk.customers.at(-1)?.email}`);
  } finally {
    await orm.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
