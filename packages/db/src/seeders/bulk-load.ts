/** Writing millions of rows quickly on both databases: multi-row inserts and deferred indexes. */
import { CompiledQuery, type Kysely } from 'kysely';
import { randomBase32 } from '../ids.ts';
import type { EntityManager } from '../orm.ts';
import { dialectOf } from '../repositories/dialect.ts';
import { kyselyOf } from '../repositories/kysely.ts';

export type Row = Record<string, unknown>;

/** Crockford's base32, as in `newId()`. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * Ids and references in the formats of `newId()` and `newReference()`, with their random part
 * drawn from the CSPRNG in bulk: `newId()` costs ~4 µs, a minute for the ~12 million ids of a
 * million-ticket desk. Random, not seeded, so a second run never collides with the first.
 */
export class BulkIds {
  #pool = '';
  #at = 0;
  /**
   * The references drawn so far. Fifty random bits make two alike among a million unlikely, not
   * impossible, and one repeat fails the whole seed on the unique index (it happened once, at
   * 465,000 tickets on MySQL), so a repeat is drawn again.
   */
  #references = new Set<string>();

  readonly #randomText: (length: number) => string;

  /** `randomText` answers that many base32 characters (tests give a poor one to force repeats). */
  constructor(randomText: (length: number) => string = randomBase32) {
    this.#randomText = randomText;
  }

  #random(length: number): string {
    if (this.#at + length > this.#pool.length) {
      this.#pool = this.#randomText(65_536);
      this.#at = 0;
    }
    this.#at += length;
    return this.#pool.slice(this.#at - length, this.#at);
  }

  id(ms: number): string {
    let time = '';
    let remaining = ms;
    for (let i = 0; i < 10; i++) {
      time = ALPHABET[remaining % 32] + time;
      remaining = Math.floor(remaining / 32);
    }
    return time + this.#random(16);
  }

  reference(): string {
    let reference = this.#random(10);
    while (this.#references.has(reference)) reference = this.#random(10);
    this.#references.add(reference);
    return reference;
  }
}

/** Parameters per statement: MySQL's protocol limit, SQLite's default SQLITE_MAX_VARIABLE_NUMBER. */
const MAX_PARAMETERS = { mysql: 65_535, sqlite: 32_766 };
/** Characters of values per statement, well under MySQL's smallest usual max_allowed_packet (16 MB). */
const MAX_STATEMENT_CHARS = 4_000_000;

/**
 * Multi-row inserts of `rows` (all with the same columns), as many rows per statement as the
 * parameter limit and the text budget allow, in the caller's transaction.
 */
export async function insertRows(em: EntityManager, table: string, rows: readonly Row[]): Promise<void> {
  const first = rows[0];
  if (!first) return;
  const columns = Object.keys(first);
  const perStatement = Math.floor(MAX_PARAMETERS[dialectOf(em)] / columns.length);
  const head = `insert into \`${table}\` (${columns.map((column) => `\`${column}\``).join(', ')}) values `;
  const placeholders = `(${columns.map(() => '?').join(', ')})`;
  const db = kyselyOf(em);
  let parameters: unknown[] = [];
  let count = 0;
  let chars = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as Row;
    for (const column of columns) {
      const value = row[column];
      if (typeof value === 'string') chars += value.length;
      parameters.push(value);
    }
    count++;
    if (count < perStatement && chars < MAX_STATEMENT_CHARS && i < rows.length - 1) continue;
    // Plain SQL with placeholders: a query tree of a million values costs more than the insert.
    await db.executeQuery(
      CompiledQuery.raw(head + new Array(count).fill(placeholders).join(', '), parameters),
    );
    parameters = [];
    count = 0;
    chars = 0;
  }
}

/** Tables addressed by name, for the helpers below that work on any of them. */
type AnyTable = Kysely<Record<string, Row>>;

/**
 * The ids of `wanted` rows, found by their unique `key` column (email, name) or inserted when
 * missing, in chunks of one transaction each: a second run finds what the first one wrote.
 */
export async function ensureRows(
  em: EntityManager,
  table: string,
  key: string,
  wanted: (Row & { id: string })[],
  report: (done: number) => void,
): Promise<string[]> {
  const ids = new Map<unknown, string>();
  const chunk = 2_000;
  for (let i = 0; i < wanted.length; i += chunk) {
    const rows = wanted.slice(i, i + chunk);
    await em.transactional(async (tx) => {
      const found = await (kyselyOf(tx) as unknown as AnyTable)
        .selectFrom(table)
        .select(['id', key])
        .where(
          key,
          'in',
          rows.map((row) => row[key]),
        )
        .execute();
      for (const row of found) ids.set(row[key], row.id as string);
      const missing = rows.filter((row) => !ids.has(row[key]));
      await insertRows(tx, table, missing);
      for (const row of missing) ids.set(row[key], row.id);
    });
    report(Math.min(i + chunk, wanted.length));
  }
  return wanted.map((row) => ids.get(row[key]) as string);
}

async function run(em: EntityManager, sql: string, parameters: unknown[] = []) {
  return (await kyselyOf(em).executeQuery<Row>(CompiledQuery.raw(sql, parameters))).rows;
}

/**
 * SQLite session settings for a bulk load, and a function that restores them: a page cache big
 * enough for the indexes that grow at many places at once (with the default 2 MB, a big load
 * reads the same pages again and again).
 */
export async function prepareBulkSession(em: EntityManager): Promise<() => Promise<void>> {
  if (dialectOf(em) !== 'sqlite') return async () => {};
  const [current] = await run(em, 'pragma cache_size');
  await run(em, 'pragma cache_size = -524288');
  return async () => {
    await run(em, `pragma cache_size = ${Number(current?.cache_size ?? -2000)}`);
  };
}

/** What a bulk load takes off one table, as the statements that drop it and put it back. */
interface Deferred {
  drop: string[];
  /** Index builds first, then foreign keys (which need an index, and find the rebuilt one). */
  restoreIndexes: string[];
  restoreForeignKeys: string[];
}

const quote = (name: unknown) => `\`${String(name)}\``;

/** Rows grouped by `key`, keeping the order they came in. */
function groupBy(rows: Row[], key: (row: Row) => string): Row[][] {
  const groups = new Map<string, Row[]>();
  for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
  return [...groups.values()];
}

/** SQLite: the non-unique indexes, re-created by the very statements that created them. */
async function sqliteDeferrable(em: EntityManager, table: string): Promise<Deferred> {
  const indexes = await run(
    em,
    `select name, sql from sqlite_master where type = 'index' and tbl_name = ? and sql is not null
     and lower(sql) not like 'create unique%'`,
    [table],
  );
  return {
    drop: indexes.map((index) => `drop index ${quote(index.name)}`),
    restoreIndexes: indexes.map((index) => String(index.sql)),
    restoreForeignKeys: [],
  };
}

/**
 * MySQL: the non-unique B-tree indexes and the foreign keys (MySQL will not drop an index a
 * foreign key uses; without them, inserts check nothing either). Put back with the same names,
 * columns and rules; the foreign keys without re-checking rows the load wrote consistent.
 */
async function mysqlDeferrable(em: EntityManager, table: string): Promise<Deferred> {
  const indexColumns = await run(
    em,
    `select index_name as i, column_name as c from information_schema.statistics
     where table_schema = database() and table_name = ? and non_unique = 1 and index_type = 'BTREE'
     order by index_name, seq_in_index`,
    [table],
  );
  const keyColumns = await run(
    em,
    `select k.constraint_name as k, k.column_name as c, k.referenced_table_name as rt,
       k.referenced_column_name as rc, r.update_rule as u, r.delete_rule as d
     from information_schema.key_column_usage k join information_schema.referential_constraints r
       on r.constraint_schema = k.constraint_schema and r.table_name = k.table_name
       and r.constraint_name = k.constraint_name
     where k.table_schema = database() and k.table_name = ? and k.referenced_table_name is not null
     order by k.constraint_name, k.ordinal_position`,
    [table],
  );
  const indexes = groupBy(indexColumns, (row) => String(row.i));
  const foreignKeys = groupBy(keyColumns, (row) => String(row.k));
  const columns = (rows: Row[], column: string) => rows.map((row) => quote(row[column])).join(', ');
  const alter = (clauses: string[]) =>
    clauses.length ? [`alter table ${quote(table)} ${clauses.join(', ')}`] : [];
  return {
    drop: [
      ...alter(foreignKeys.map(([key]) => `drop foreign key ${quote(key?.k)}`)),
      ...alter(indexes.map(([index]) => `drop index ${quote(index?.i)}`)),
    ],
    restoreIndexes: alter(indexes.map((parts) => `add index ${quote(parts[0]?.i)} (${columns(parts, 'c')})`)),
    restoreForeignKeys: foreignKeys.map((parts) => {
      const [key] = parts as [Row];
      // RESTRICT is the default and is left unsaid: MariaDB records an explicit one, added without
      // checks, as NO ACTION (the same behaviour, but not the same schema).
      const rules = [
        key.u !== 'RESTRICT' ? `on update ${key.u}` : '',
        key.d !== 'RESTRICT' ? `on delete ${key.d}` : '',
      ];
      return `alter table ${quote(table)} add constraint ${quote(key.k)} foreign key (${columns(parts, 'c')}) references ${quote(key.rt)} (${columns(parts, 'rc')}) ${rules.join(' ')}`;
    }),
  };
}

/**
 * Takes the secondary indexes (and on MySQL the foreign keys) off `tables`, and answers a
 * function that puts them back: one sorted build per index is far cheaper than millions of
 * insertions at random places once an index outgrows the cache. What comes back is exactly
 * what was there; the caller must write rows that satisfy the foreign keys.
 */
export async function deferSecondaryIndexes(
  em: EntityManager,
  tables: readonly string[],
): Promise<(report?: (done: number, total: number) => void) => Promise<void>> {
  const mysql = dialectOf(em) === 'mysql';
  const deferred: Deferred[] = [];
  for (const table of tables) deferred.push(await (mysql ? mysqlDeferrable : sqliteDeferrable)(em, table));
  for (const statement of deferred.flatMap((table) => table.drop)) await run(em, statement);
  return async (report = () => {}) => {
    const statements = [
      ...deferred.flatMap((table) => table.restoreIndexes),
      ...deferred.flatMap((table) => table.restoreForeignKeys),
    ];
    report(0, statements.length);
    // One connection throughout, so that the session setting applies to every statement.
    await em.transactional(async (tx) => {
      if (mysql) await run(tx, 'set foreign_key_checks = 0');
      try {
        for (const [i, statement] of statements.entries()) {
          await run(tx, statement);
          report(i + 1, statements.length);
        }
      } finally {
        if (mysql) await run(tx, 'set foreign_key_checks = 1');
      }
    });
  };
}
