/**
 * npm run db:seed [-- --tickets 300]
 *
 * Fills the database DATABASE_URL names with a demo desk (organizations, an admin, agents in teams,
 * customers, categories, tags, and tickets with conversations and timelines) and prints how to
 * sign in. `--tickets 1000000` builds a desk big enough for the benchmark in minutes; the data is
 * the same for the same --seed. Ctrl-C stops cleanly after the batch being written.
 */
import { parseArgs } from 'node:util';
import { hashPassword } from '@helpdesk/auth';
import { describeTarget, loadDotEnv, migrate, openDatabase, seedDemoDesk } from '@helpdesk/db';

export const DEMO_PASSWORD = 'helpdesk-demo';

const duration = (seconds: number) =>
  seconds < 10
    ? `${seconds.toFixed(1)}s`
    : seconds < 60
      ? `${Math.round(seconds)}s`
      : `${Math.floor(seconds / 60)}m ${Math.floor(seconds % 60)}s`;

/**
 * Progress per phase (organizations, users, ..., tickets): counts, the phase's own rate and the
 * time it still needs. One rewritten line on a terminal, a line every few seconds otherwise (CI logs).
 */
function phaseProgress(stream: NodeJS.WriteStream = process.stderr) {
  let phase = '';
  let phaseStarted = 0;
  let lastPrinted = 0;
  return (name: string, done: number, total: number) => {
    const now = Date.now();
    if (name !== phase) {
      phase = name;
      phaseStarted = now;
      lastPrinted = 0;
    }
    const finished = done >= total;
    // A phase shows up with its first progress; "0 of n" says nothing.
    if (!finished && (done === 0 || now - lastPrinted < (stream.isTTY ? 200 : 5_000))) return;
    lastPrinted = now;
    const seconds = Math.max(0.001, (now - phaseStarted) / 1000);
    const rate = done / seconds;
    const percent = total ? Math.floor((done / total) * 100) : 100;
    const timing = finished
      ? `in ${duration(seconds)}`
      : rate > 0
        ? `ETA ${duration((total - done) / rate)}`
        : 'ETA ?';
    const line = `  ${name}: ${done.toLocaleString('en')} / ${total.toLocaleString('en')} (${percent}%, ${rate < 10 ? rate.toFixed(1) : Math.round(rate).toLocaleString('en')}/s, ${timing})`;
    if (stream.isTTY) stream.write(`\r${line}\u001b[K${finished ? '\n' : ''}`);
    else stream.write(`${line}\n`);
  };
}

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
    // Ctrl-C stops after the batch being written and still rebuilds the indexes a big load defers.
    const stop = new AbortController();
    process.once('SIGINT', () => {
      console.error('\n  stopping after this batch (Ctrl-C again to quit at once)');
      stop.abort();
      process.once('SIGINT', () => process.exit(130));
    });
    const started = Date.now();
    const desk = await seedDemoDesk(orm.em.fork(), {
      tickets,
      passwordHash: await hashPassword(DEMO_PASSWORD),
      seed: Number(values.seed),
      agents: values.agents ? Number(values.agents) : undefined,
      customers: values.customers ? Number(values.customers) : undefined,
      signal: stop.signal,
      onProgress: phaseProgress(),
    });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const count = (n: number) => n.toLocaleString('en');
    console.log(
      `${stop.signal.aborted ? 'Stopped' : 'Done'} in ${seconds} s: ${count(desk.tickets)} tickets, ${count(desk.messages)} messages, ${count(desk.events)} timeline events, ${count(desk.organizations)} organization${desk.organizations === 1 ? '' : 's'}.`,
    );
    console.log(`\nSign in with password "${DEMO_PASSWORD}" as:`);
    console.log(`  admin     ${desk.admin.email}`);
    console.log(`  agents    ${desk.agents.map((agent) => agent.email).join(', ')}`);
    console.log(`  customers ${desk.customers[0]?.email} ... ${desk.customers.at(-1)?.email}`);
    const shared = desk.sharedOrganization;
    console.log(`  ${shared.members.join(', ')} see each other's tickets (organization ${shared.name})`);
  } finally {
    await orm.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
