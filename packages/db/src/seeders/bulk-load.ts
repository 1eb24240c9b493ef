/** Writing millions of rows quickly on both databases: multi-row inserts and deferred indexes. */
import { CompiledQuery, type Kysely } from 'kysely';
import type { EntityManager } from '../orm.ts';
import { dialectOf } from '../repositories/dialect.ts';
import { kyselyOf } from '../repositories/kysely.ts';

export type Row = Record<string, unknown>;

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

interface SecondaryIndex {
  table: string;
  name: string;
  columns: string[];
  /** SQLite: the statement that created it. */
  sql?: string;
}

/** The non-unique, non-full-text indexes of `tables` that can be dropped. */
async function secondaryIndexes(em: EntityManager, tables: readonly string[]): Promise<SecondaryIndex[]> {
  const marks = tables.map(() => '?').join(', ');
  if (dialectOf(em) === 'sqlite') {
    const rows = await run(
      em,
      `select tbl_name, name, sql from sqlite_master where type = 'index' and sql is not null and tbl_name in (${marks})`,
      [...tables],
    );
    return rows
      .filter((row) => !/^\s*create\s+unique/i.test(String(row.sql)))
      .map((row) => ({
        table: String(row.tbl_name),
        name: String(row.name),
        columns: [],
        sql: String(row.sql),
      }));
  }
  const rows = await run(
    em,
    `select table_name as t, index_name as i, column_name as c from information_schema.statistics
     where table_schema = database() and table_name in (${marks}) and non_unique = 1 and index_type = 'BTREE'
     order by table_name, index_name, seq_in_index`,
    [...tables],
  );
  const indexes = new Map<string, SecondaryIndex>();
  for (const row of rows) {
    const key = `${row.t}.${row.i}`;
    const index = indexes.get(key) ?? { table: String(row.t), name: String(row.i), columns: [] };
    index.columns.push(String(row.c));
    indexes.set(key, index);
  }
  // MySQL refuses to drop the last index a foreign key can use: keep one per foreign key.
  const keys = await run(
    em,
    `select table_name as t, constraint_name as k, column_name as c from information_schema.key_column_usage
     where table_schema = database() and table_name in (${marks}) and referenced_table_name is not null
     order by table_name, constraint_name, ordinal_position`,
    [...tables],
  );
  const foreignKeys = new Map<string, { table: string; columns: string[] }>();
  for (const row of keys) {
    const key = `${row.t}.${row.k}`;
    const foreignKey = foreignKeys.get(key) ?? { table: String(row.t), columns: [] };
    foreignKey.columns.push(String(row.c));
    foreignKeys.set(key, foreignKey);
  }
  const uniqueFirstColumns = await run(
    em,
    `select table_name as t, column_name as c from information_schema.statistics
     where table_schema = database() and table_name in (${marks}) and non_unique = 0 and seq_in_index = 1`,
    [...tables],
  );
  const droppable = [...indexes.values()];
  for (const foreignKey of foreignKeys.values()) {
    const [column] = foreignKey.columns;
    const coveredByUnique = uniqueFirstColumns.some(
      (row) => row.t === foreignKey.table && row.c === column && foreignKey.columns.length === 1,
    );
    if (coveredByUnique) continue;
    const usable = droppable.findIndex(
      (index) =>
        index.table === foreignKey.table && foreignKey.columns.every((c, i) => index.columns[i] === c),
    );
    if (usable >= 0) droppable.splice(usable, 1);
  }
  return droppable;
}

/**
 * Drops the secondary indexes of `tables` that the database lets go, and answers a function that
 * builds them again: one sorted build per index is far cheaper than millions of insertions at
 * random places, once an index outgrows the cache. The rebuilt indexes are exactly the ones
 * dropped (SQLite re-runs their own statements; MySQL gets the same names and columns).
 */
export async function deferSecondaryIndexes(
  em: EntityManager,
  tables: readonly string[],
): Promise<(report?: (done: number, total: number) => void) => Promise<void>> {
  const indexes = await secondaryIndexes(em, tables);
  const mysql = dialectOf(em) === 'mysql';
  for (const table of tables) {
    const own = indexes.filter((index) => index.table === table);
    if (!own.length) continue;
    if (mysql)
      await run(
        em,
        `alter table \`${table}\` ${own.map((index) => `drop index \`${index.name}\``).join(', ')}`,
      );
    else for (const index of own) await run(em, `drop index \`${index.name}\``);
  }
  return async (report = () => {}) => {
    let done = 0;
    report(done, indexes.length);
    for (const table of tables) {
      const own = indexes.filter((index) => index.table === table);
      if (!own.length) continue;
      if (mysql) {
        const clauses = own.map(
          (index) => `add index \`${index.name}\` (${index.columns.map((c) => `\`${c}\``).join(', ')})`,
        );
        await run(em, `alter table \`${table}\` ${clauses.join(', ')}`);
        done += own.length;
        report(done, indexes.length);
      } else {
        for (const index of own) {
          await run(em, index.sql as string);
          report(++done, indexes.length);
        }
      }
    }
  };
}
