import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashPassword } from '@helpdesk/auth';
import {
  DEMO_DESK_VERSION,
  type EntityManager,
  kyselyOf,
  migrate,
  openDatabase,
  parseDatabaseUrl,
  rebuildSearchIndex,
  seedDemoDesk,
  toDbDate,
} from '@helpdesk/db';
import { createConnection } from 'mysql2/promise';
import { replaySearchHistory } from './search-history.ts';

/** The demo accounts' one password (`npm run db:seed` prints it too). */
export const DEMO_PASSWORD = 'helpdesk-demo';
export const BENCH_DIR = fileURLToPath(new URL('..', import.meta.url));

export interface DatasetFacts {
  databaseUrl: string;
  dialect: 'sqlite' | 'mysql';
  tickets: number;
  /** When seeding finished: everything the benchmark writes is newer, and is removed by `reset`. */
  seededAt: number;
  agents: string[];
  /** Customers' and staff's addresses, for sign-ins. */
  accounts: string[];
  customers: string[];
  /** Tickets with about 20 messages (the view scenario reads them). */
  conversationIds: string[];
  /** Seeded when this run began, or reused. */
  seededNow: boolean;
}

export type Log = (line: string) => void;

/** Where the benchmark's own database lives: a file under bench/.data, or a database on MySQL. */
export function benchDatabaseUrl(
  dialect: 'sqlite' | 'mysql',
  tickets: number,
  mysqlServer: string,
  searchHistory = false,
): string {
  const suffix = searchHistory ? '-history' : '';
  if (dialect === 'sqlite') return `sqlite:${join(BENCH_DIR, '.data', `bench-${tickets}${suffix}.db`)}`;
  const url = new URL(mysqlServer);
  url.pathname = `/helpdesk_bench_${tickets}${suffix.replace('-', '_')}`;
  return url.toString();
}

async function mysqlServer(url: string, run: (exec: (sql: string) => Promise<void>) => Promise<void>) {
  const parsed = new URL(url);
  const connection = await createConnection({
    host: parsed.hostname,
    port: Number(parsed.port || 3306),
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
  });
  try {
    await run(async (sql) => void (await connection.query(sql)));
  } finally {
    await connection.end();
  }
}

/** Empties the database (a file is deleted, a MySQL database dropped and created again). */
async function recreate(databaseUrl: string): Promise<void> {
  const target = parseDatabaseUrl(databaseUrl);
  if (target.dialect === 'sqlite') {
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${target.path}${suffix}`, { force: true });
    mkdirSync(dirname(target.path), { recursive: true });
    return;
  }
  const name = target.database;
  if (!/^\w+$/.test(name)) throw new Error(`Unsafe database name: ${name}`);
  await mysqlServer(databaseUrl, async (exec) => {
    await exec(`drop database if exists \`${name}\``);
    await exec(`create database \`${name}\` character set utf8mb4 collate utf8mb4_unicode_ci`);
  });
}

async function ensureMysqlDatabase(databaseUrl: string) {
  const target = parseDatabaseUrl(databaseUrl);
  if (target.dialect !== 'mysql') return;
  if (!/^\w+$/.test(target.database)) throw new Error(`Unsafe database name: ${target.database}`);
  await mysqlServer(databaseUrl, (exec) =>
    exec(
      `create database if not exists \`${target.database}\` character set utf8mb4 collate utf8mb4_unicode_ci`,
    ),
  );
}

interface Marker {
  tickets: number;
  seed: number;
  /** `DEMO_DESK_VERSION` of the generator that seeded it: a newer generator seeds again. */
  generator: number;
  seededAt: number;
}

/** The benchmark's note of what it seeded, in a table of its own beside the application's. */
async function readMarker(em: EntityManager): Promise<Marker | null> {
  try {
    const [row] = await em.execute<{ tickets: number; seed: number; generator: number; seeded_at: number }[]>(
      'select tickets, seed, generator, seeded_at from bench_dataset',
    );
    return row
      ? {
          tickets: Number(row.tickets),
          seed: Number(row.seed),
          generator: Number(row.generator),
          seededAt: Number(row.seeded_at),
        }
      : null;
  } catch {
    return null;
  }
}

async function writeMarker(em: EntityManager, marker: Marker) {
  await em.execute(
    'create table bench_dataset (tickets bigint not null, seed bigint not null, generator bigint not null, seeded_at bigint not null)',
  );
  await em.execute('insert into bench_dataset (tickets, seed, generator, seeded_at) values (?, ?, ?, ?)', [
    marker.tickets,
    marker.seed,
    marker.generator,
    marker.seededAt,
  ]);
}

/**
 * Puts back the seeded desk: removes what earlier runs wrote (tickets created after the seed,
 * with everything that cascades from them: their messages, events, notifications, search
 * documents), queued mail, sessions and rate-limit counters (sign-in throttles). When tickets were
 * removed, the full-text index is rebuilt (`rebuildSearchIndex`, as a desk's scheduled job does):
 * both engines keep removed documents in it as deletion markers that every later search reads
 * past (after ten runs a 20k desk's search took 3.8 ms
 * instead of 1.6 ms on SQLite; after one run MariaDB answered 565 searches a second instead of
 * 1,238), Helpdesk's and the floor's alike, so the figures drifted from run to run. A desk whose
 * search history is measured (`--search-history`) is not rebuilt: that would erase the history.
 */
export async function resetDataset(
  databaseUrl: string,
  seededAt: number,
  rebuildIndex = true,
): Promise<void> {
  const { orm, target } = await openDatabase({ url: databaseUrl, poolSize: 2 });
  try {
    await orm.connect();
    const em = orm.em.fork();
    const db = kyselyOf(em);
    const after = toDbDate(target.dialect, new Date(seededAt));
    // MySQL's ticket_search has no foreign key to cascade from (see @helpdesk/db's config.ts).
    await db
      .deleteFrom('ticket_search')
      .where('ticket_id', 'in', db.selectFrom('tickets').select('id').where('created_at', '>', after))
      .execute();
    const removed = await db.deleteFrom('tickets').where('created_at', '>', after).executeTakeFirst();
    await db.deleteFrom('outbox_mails').where('created_at', '>', after).execute();
    await db.deleteFrom('sessions').execute();
    await db.deleteFrom('rate_limit_buckets').execute();
    if (rebuildIndex && Number(removed.numDeletedRows) > 0) await rebuildSearchIndex(em);
  } finally {
    await orm.close();
  }
}

async function seed(em: EntityManager, tickets: number, seedValue: number, log: Log) {
  let lastLine = 0;
  const started = Date.now();
  await seedDemoDesk(em, {
    tickets,
    passwordHash: await hashPassword(DEMO_PASSWORD),
    seed: seedValue,
    onProgress: (phase, done, total) => {
      const now = Date.now();
      if (done < total && now - lastLine < 5_000) return;
      lastLine = now;
      const seconds = ((now - started) / 1000).toFixed(0);
      log(`  seeding ${phase}: ${done.toLocaleString('en')} / ${total.toLocaleString('en')} (${seconds}s)`);
    },
  });
}

/**
 * Writes a freshly seeded SQLite desk to disk before anything is measured: seeding leaves gigabytes
 * in the write-ahead log and the OS's dirty pages, and the OS writing them back during the first
 * scenario slowed it (list at 1M tickets: 1,138 req/s right after seeding, 1,343 on the same file
 * a minute later, the floor measured after it unaffected).
 */
async function writeOut(em: EntityManager, path: string, log: Log) {
  const started = Date.now();
  await em.execute('pragma wal_checkpoint(truncate)');
  const file = openSync(path, 'r+');
  try {
    fsyncSync(file);
  } finally {
    closeSync(file);
  }
  log(`  written to disk (${((Date.now() - started) / 1000).toFixed(0)}s)`);
}

/** Tickets with 18 to 22 messages (the generator gives about one in ten a long conversation). */
async function longConversations(em: EntityManager, wanted: number): Promise<string[]> {
  const db = kyselyOf(em);
  const sample = await db
    .selectFrom('tickets')
    .select('id')
    .orderBy('created_at', 'desc')
    .limit(5_000)
    .execute();
  const counts: { ticket_id: string; n: number }[] = [];
  for (let i = 0; i < sample.length; i += 500) {
    const ids = sample.slice(i, i + 500).map((row) => row.id);
    const rows = await db
      .selectFrom('messages')
      .select((eb) => ['ticket_id', eb.fn.countAll<number>().as('n')])
      .where('ticket_id', 'in', ids)
      .groupBy('ticket_id')
      .execute();
    counts.push(...rows.map((row) => ({ ticket_id: row.ticket_id, n: Number(row.n) })));
  }
  const around20 = counts.filter((row) => row.n >= 18 && row.n <= 22);
  const chosen = around20.length ? around20 : counts.sort((a, b) => b.n - a.n);
  return chosen.slice(0, wanted).map((row) => row.ticket_id);
}

export interface DatasetOptions {
  databaseUrl: string;
  tickets: number;
  seed: number;
  /** Seed again even when the database already holds this desk. */
  fresh?: boolean;
  /** Write the search documents again one message at a time, as a running desk does (search-history.ts). */
  searchHistory?: boolean;
  log: Log;
}

/**
 * A database holding the demo desk of `tickets` tickets: reused when it already holds that desk
 * (same size, seed and generator; put back to how it was seeded), seeded otherwise. Answers what the
 * scenarios need from it: accounts, and tickets with long conversations.
 */
export async function prepareDataset(options: DatasetOptions): Promise<DatasetFacts> {
  const target = parseDatabaseUrl(options.databaseUrl);
  if (target.dialect === 'sqlite' && options.fresh) await recreate(options.databaseUrl);
  await ensureMysqlDatabase(options.databaseUrl);
  let { orm } = await openDatabase({ url: options.databaseUrl, poolSize: 2 });
  let marker = await readMarker(orm.em.fork());
  const matches =
    marker &&
    marker.tickets === options.tickets &&
    marker.seed === options.seed &&
    marker.generator === DEMO_DESK_VERSION;
  let seededNow = false;
  if (!matches || options.fresh) {
    const hasTables = target.dialect === 'mysql' || existsSync(target.path);
    if (hasTables) {
      await orm.close();
      await recreate(options.databaseUrl);
      ({ orm } = await openDatabase({ url: options.databaseUrl, poolSize: 2 }));
    }
    options.log(
      `Seeding ${options.tickets.toLocaleString('en')} tickets (seed ${options.seed}); reused by later runs`,
    );
    await migrate(orm);
    await seed(orm.em.fork(), options.tickets, options.seed, options.log);
    if (options.searchHistory) await replaySearchHistory(orm.em.fork(), target.dialect, options.log);
    marker = {
      tickets: options.tickets,
      seed: options.seed,
      generator: DEMO_DESK_VERSION,
      seededAt: Date.now(),
    };
    await writeMarker(orm.em.fork(), marker);
    if (target.dialect === 'sqlite') await writeOut(orm.em.fork(), target.path, options.log);
    seededNow = true;
  } else {
    await migrate(orm);
  }
  try {
    const em = orm.em.fork();
    const db = kyselyOf(em);
    const emails = async (role: 'agent' | 'customer' | 'admin', limit: number) =>
      (
        await db
          .selectFrom('users')
          .select('email')
          .where('role', '=', role)
          .orderBy('created_at')
          .orderBy('id')
          .limit(limit)
          .execute()
      ).map((row) => row.email);
    const agents = await emails('agent', 100);
    const customers = await emails('customer', 5_000);
    const admins = await emails('admin', 10);
    const facts: DatasetFacts = {
      databaseUrl: options.databaseUrl,
      dialect: target.dialect,
      tickets: options.tickets,
      seededAt: (marker as Marker).seededAt,
      agents,
      customers,
      accounts: [...customers, ...agents, ...admins],
      conversationIds: await longConversations(em, 200),
      seededNow,
    };
    if (!agents.length || !customers.length || !facts.conversationIds.length)
      throw new Error('The benchmark database holds no agents, customers or conversations');
    return facts;
  } finally {
    await orm.close();
  }
}
