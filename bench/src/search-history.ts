import type { EntityManager } from '@helpdesk/db';
import type { Log } from './dataset.ts';

/** Tickets per UPDATE statement, so a million-ticket desk never becomes one huge transaction. */
const BATCH_TICKETS = 20_000;
/** Sorts after every ticket id (ULIDs: 26 characters of Crockford's base 32, of which Z is last). */
const AFTER_EVERY_ID = 'Z'.repeat(27);

interface Sql {
  concat: (...parts: string[]) => string;
  when: (condition: string, then: string, otherwise: string) => string;
}

const SQL: Record<'mysql' | 'sqlite', Sql> = {
  mysql: {
    concat: (...parts) => `concat(${parts.join(', ')})`,
    when: (condition, then, otherwise) => `if(${condition}, ${then}, ${otherwise})`,
  },
  sqlite: {
    concat: (...parts) => parts.join(' || '),
    when: (condition, then, otherwise) => `case when ${condition} then ${then} else ${otherwise} end`,
  },
};

const NEWLINE = { mysql: `'\\n'`, sqlite: 'char(10)' };

/**
 * Writes the seeded desk's search documents again the way a running desk writes them: a ticket's
 * document is created with its subject and first message (`tickets.create`), and every later
 * message appends to it (`appendToSearchDocument`, one rewrite of the whole document per reply or
 * note). The seeder writes each document once, complete, which leaves a full-text index no real
 * desk has: InnoDB keeps every rewritten document's old postings and its id on a deleted list that
 * every search reads until `OPTIMIZE TABLE`; FTS5 keeps delete markers until its segments merge.
 * Answers how many rewrites it made (messages beyond each ticket's first).
 */
export async function replaySearchHistory(
  em: EntityManager,
  dialect: 'mysql' | 'sqlite',
  log: Log,
): Promise<number> {
  const started = Date.now();
  const { concat, when } = SQL[dialect];
  const nl = NEWLINE[dialect];
  await em.execute('drop table if exists bench_message_order');
  // Made from the messages so that its columns have their types and collations.
  await em.execute(
    `create table bench_message_order as
     select row_number() over (partition by ticket_id order by created_at, id) as position, ticket_id, id as message_id
     from messages`,
  );
  await em.execute('create index bench_message_order_position on bench_message_order (position, ticket_id)');
  // Start from an empty index: MySQL's TRUNCATE makes the table and its FULLTEXT indexes anew;
  // SQLite's triggers take every document out of FTS5, and its rebuild leaves no delete markers.
  if (dialect === 'mysql') await em.execute('truncate table ticket_search');
  else {
    await em.execute('delete from ticket_search');
    await em.execute(`insert into ticket_search_fts(ticket_search_fts) values('rebuild')`);
  }
  // tickets.create: the subject and the first message, one insert.
  await em.execute(
    `insert into ticket_search (ticket_id, public_text, internal_text)
     select t.id, ${when('m.internal', 't.subject', concat('t.subject', nl, 'm.body'))}, ${when('m.internal', 'm.body', `''`)}
     from tickets t
     join bench_message_order o on o.ticket_id = t.id and o.position = 1
     join messages m on m.id = o.message_id`,
  );
  const bounds = (await em.execute<{ id: string }[]>('select id from tickets order by id')).filter(
    (_, i) => i % BATCH_TICKETS === 0,
  );
  const [longest] = await em.execute<{ last: number }[]>(
    'select max(position) as last from bench_message_order',
  );
  const last = Number(longest?.last ?? 0);
  // Every later message, in the order it was written: one rewrite of its ticket's document.
  const publicText = when('m.internal', 'public_text', concat('public_text', nl, 'm.body'));
  const internalText = when('m.internal', concat('internal_text', nl, 'm.body'), 'internal_text');
  const update =
    dialect === 'mysql'
      ? `update ticket_search s join bench_message_order o on o.ticket_id = s.ticket_id
         join messages m on m.id = o.message_id
         set public_text = ${publicText}, internal_text = ${internalText}
         where o.position = ? and o.ticket_id >= ? and o.ticket_id < ?`
      : `update ticket_search set public_text = ${publicText}, internal_text = ${internalText}
         from (select o.ticket_id, m.body, m.internal from bench_message_order o
               join messages m on m.id = o.message_id
               where o.position = ? and o.ticket_id >= ? and o.ticket_id < ?) as m
         where m.ticket_id = ticket_search.ticket_id`;
  let rewrites = 0;
  for (let position = 2; position <= last; position++) {
    for (let b = 0; b < bounds.length; b++) {
      const range = [position, bounds[b]?.id, bounds[b + 1]?.id ?? AFTER_EVERY_ID];
      const result = await em.execute(update, range, 'run');
      rewrites += Number((result as { affectedRows?: number }).affectedRows ?? 0);
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    log(
      `  search history: message ${position} of ${last} (${rewrites.toLocaleString('en')} rewrites, ${seconds}s)`,
    );
  }
  await em.execute('drop table bench_message_order');
  return rewrites;
}
