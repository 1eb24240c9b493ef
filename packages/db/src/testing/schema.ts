import { sql } from 'kysely';
import type { Dialect } from '../config.ts';
import type { Orm } from '../orm.ts';
import { kyselyOf } from '../repositories/kysely.ts';

/** Tables that exist on purpose outside the entities (bookkeeping, SQLite's FTS5 shadow tables). */
const IGNORED = /^(mikro_orm_migrations|ticket_search_fts.*|sqlite_.*)$/;

/**
 * A normalised description of a live database's schema (columns, indexes, foreign keys,
 * triggers), read back from the server itself. Two databases built differently on the same
 * server (by migrations, and straight from the entities) must describe alike.
 */
export async function describeSchema(orm: Orm, dialect: Dialect): Promise<unknown> {
  const db = kyselyOf(orm.em.fork());
  if (dialect === 'mysql') {
    const rows = async (query: ReturnType<typeof sql>) =>
      ((await query.execute(db)).rows as Record<string, unknown>[]).filter(
        (row) => !IGNORED.test(String(row.table_name)),
      );
    return {
      columns: await rows(sql`select table_name, column_name, column_type, is_nullable, column_default, extra
        from information_schema.columns where table_schema = database() order by table_name, column_name`),
      indexes: await rows(sql`select table_name, index_name, non_unique, seq_in_index, column_name, index_type
        from information_schema.statistics where table_schema = database() order by table_name, index_name, seq_in_index`),
      foreignKeys:
        await rows(sql`select k.table_name, k.constraint_name, k.column_name, k.referenced_table_name,
          k.referenced_column_name, r.update_rule, r.delete_rule
        from information_schema.key_column_usage k join information_schema.referential_constraints r
          on r.constraint_schema = k.constraint_schema and r.constraint_name = k.constraint_name
        where k.table_schema = database() order by k.table_name, k.constraint_name, k.ordinal_position`),
    };
  }
  const tables = (
    await sql<{ name: string }>`select name from sqlite_master where type = 'table' order by name`.execute(db)
  ).rows
    .map((row) => row.name)
    .filter((name) => !IGNORED.test(name));
  const description: Record<string, unknown> = {};
  for (const table of tables) {
    const indexes = (
      await sql<{ name: string; unique: number }>`select * from pragma_index_list(${table})`.execute(db)
    ).rows;
    description[table] = {
      columns: (
        await sql`select name, type, "notnull", dflt_value, pk from pragma_table_xinfo(${table}) order by name`.execute(
          db,
        )
      ).rows,
      indexes: await Promise.all(
        [...indexes]
          .sort((a, b) => a.name.localeCompare(b.name))
          .map(async (index) => ({
            name: index.name,
            unique: index.unique,
            columns: (await sql`select name from pragma_index_info(${index.name}) order by seqno`.execute(db))
              .rows,
          })),
      ),
      foreignKeys: (
        await sql`select "table", "from", "to", on_update, on_delete from pragma_foreign_key_list(${table}) order by "from"`.execute(
          db,
        )
      ).rows,
      triggers: (
        await sql<{
          name: string;
          sql: string;
        }>`select name, sql from sqlite_master where type = 'trigger' and tbl_name = ${table} order by name`.execute(
          db,
        )
      ).rows.map((row) => ({ name: row.name, sql: row.sql.replace(/\s+/g, ' ').toLowerCase() })),
    };
  }
  return description;
}
