import { sql } from 'kysely';
import type { Dialect } from '../config.ts';
import type { EntityManager } from '../orm.ts';
import { dialectOf } from './dialect.ts';
import { kyselyOf } from './kysely.ts';
import { preparedQuery } from './prepared.ts';

/** What the full-text index may match: customers only public text, agents internal notes too. */
export type SearchScope = 'public' | 'all';

/**
 * InnoDB's default full-text stopwords and minimum token size (3). Both dialects drop the same
 * words, so a search answers the same on MySQL and SQLite.
 */
const STOPWORDS = new Set(
  'a about an are as at be by com de en for from how i in is it la of on or that the this to was what when where who will with und www'.split(
    ' ',
  ),
);
const MIN_TERM_LENGTH = 3;
const MAX_TERMS = 8;

/**
 * Splits what a person typed into plain words (letters and digits only), so no operator of either
 * full-text syntax can be smuggled in. An empty answer means nothing searchable was typed.
 */
export function toSearchTerms(text: string): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const terms = words.filter((word) => word.length >= MIN_TERM_LENGTH && !STOPWORDS.has(word));
  return [...new Set(terms)].slice(0, MAX_TERMS);
}

/** Every term required, each as a prefix (`+term*` for MySQL, `"term"*` for FTS5). */
export function fullTextQuery(dialect: Dialect, terms: string[], scope: SearchScope): string {
  if (dialect === 'mysql') return terms.map((term) => `+${term}*`).join(' ');
  const expression = terms.map((term) => `"${term}"*`).join(' AND ');
  return scope === 'public' ? `public_text : (${expression})` : expression;
}

/** Appends a message's text to its ticket's search document (same transaction as the message). */
export async function appendToSearchDocument(
  em: EntityManager,
  ticketId: string,
  text: string,
  internal: boolean,
): Promise<void> {
  const column = internal ? 'internal_text' : 'public_text';
  const dialect = dialectOf(em);
  const db = kyselyOf(em);
  await preparedQuery(db as never, dialect, `append-${column}`, { ticketId, text }, (args) =>
    db
      .updateTable('ticket_search')
      .set({
        [column]:
          dialect === 'mysql'
            ? sql`concat(${sql.ref(column)}, ${'\n'}, ${args.text})`
            : sql`${sql.ref(column)} || ${'\n'} || ${args.text}`,
      })
      .where('ticket_id', '=', args.ticketId),
  );
}

/**
 * Recomputes a ticket's search document from its subject and every message it now holds (after
 * a merge or a split moved messages), in the caller's transaction.
 */
export async function rebuildSearchDocument(em: EntityManager, ticketId: string): Promise<void> {
  const db = kyselyOf(em);
  const ticket = await db
    .selectFrom('tickets')
    .select('subject')
    .where('id', '=', ticketId)
    .executeTakeFirstOrThrow();
  const messages = await db
    .selectFrom('messages')
    .select(['body', 'internal'])
    .where('ticket_id', '=', ticketId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const publicText = [ticket.subject, ...messages.filter((m) => !m.internal).map((m) => m.body)].join('\n');
  const internalText = messages
    .filter((m) => m.internal)
    .map((m) => m.body)
    .join('\n');
  const updated = await db
    .updateTable('ticket_search')
    .set({ public_text: publicText, internal_text: internalText })
    .where('ticket_id', '=', ticketId)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) {
    await db
      .insertInto('ticket_search')
      .values({ ticket_id: ticketId, public_text: publicText, internal_text: internalText })
      .execute();
  }
}
