import { describe, expect, it } from 'vitest';
import { rebuildSearchIndex, type SearchIndexPhase } from '../src/index.ts';
import { settledSearch } from '../src/testing/index.ts';
import { useSearchDesk } from './support/search-desk.ts';

const desk = useSearchDesk({ tickets: 200, seed: 5 });

/** MySQL only: how many documents InnoDB's FULLTEXT index keeps as deleted (every search reads them). */
async function deletedDocuments(): Promise<number> {
  const em = desk.db.orm.em.fork();
  const [current] = await em.execute<{ name: string }[]>('select database() as name');
  await em.execute(`set global innodb_ft_aux_table = '${current?.name}/ticket_search'`);
  const [row] = await em.execute<{ n: number }[]>(
    'select count(*) as n from information_schema.innodb_ft_deleted',
  );
  return Number(row?.n);
}

/**
 * SQLite only: how many segments FTS5's index is made of, from its structure record (row 10 of
 * its data table: a 4-byte cookie, then varints for the number of levels and of segments; the
 * layout of fts5_index.c, which a future SQLite could change: this then fails loudly).
 */
async function segments(): Promise<number> {
  const [row] = await desk.db.orm.em
    .fork()
    .execute<{ block: Uint8Array }[]>('select block from ticket_search_fts_data where id = 10');
  const block = row?.block ?? new Uint8Array();
  let at = 4;
  const varint = () => {
    let value = 0;
    for (;;) {
      const byte = block[at++] ?? 0;
      value = value * 128 + (byte & 0x7f);
      if (!(byte & 0x80)) return value;
    }
  };
  varint(); // levels
  return varint();
}

describe('rebuilding the full-text index', () => {
  it('keeps every document and every answer, and on MySQL drops the rewritten documents the index kept', async () => {
    for (const [i, id] of (await desk.ticketIds(40)).entries())
      await desk.reply(id, `follow-up number ${i} about quokka${i}`);
    const before = await desk.documents();
    // The same tickets; their order may change, as relevance is weighed against the index's
    // statistics, which counted the rewritten documents until now.
    const found = () =>
      settledSearch(() => Promise.all(['printer', 'quokka7', 'invoice'].map(desk.search))).then((answers) =>
        answers.map((ids) => [...ids].sort()),
      );
    const answers = await found();
    if (desk.db.dialect === 'mysql') expect(await deletedDocuments()).toBeGreaterThanOrEqual(40);
    else expect(await segments()).toBeGreaterThan(1);

    const result = await rebuildSearchIndex(desk.db.orm.em.fork());

    expect(result).toEqual({ rebuilt: true, documents: 200, caughtUp: expect.any(Number) });
    expect(await desk.documents()).toEqual(before);
    expect(await found()).toEqual(answers);
    expect(answers.every((ids) => ids.length > 0)).toBe(true);
    if (desk.db.dialect === 'mysql') expect(await deletedDocuments()).toBe(0);
    else expect(await segments()).toBe(1);
    // FTS5 checks its index against the documents (it throws on a mismatch).
    if (desk.db.dialect === 'sqlite')
      await desk.db.orm.em
        .fork()
        .execute(`insert into ticket_search_fts(ticket_search_fts, rank) values('integrity-check', 1)`);
  });

  it('leaves the schema the migrations made; a deleted ticket’s document goes with it, or with the next rebuild', async () => {
    await desk.expectMigratedSchema();
    expect(await desk.searchTables()).toEqual(['ticket_search']);
    const [doomed] = await desk.ticketIds(1, 150);
    const documentOf = () =>
      desk
        .query()
        .selectFrom('ticket_search')
        .select('id')
        .where('ticket_id', '=', doomed as string)
        .execute();
    await desk
      .query()
      .deleteFrom('tickets')
      .where('id', '=', doomed as string)
      .execute();
    // SQLite's foreign key cascades; MySQL's table has none (config.ts), its rebuild removes it.
    if (desk.db.dialect === 'mysql') {
      expect(await documentOf()).toHaveLength(1);
      await rebuildSearchIndex(desk.db.orm.em.fork());
    }
    expect(await documentOf()).toEqual([]);
  });

  it('loses no reply written before, while it copies, catches up, or swaps', async () => {
    const targets = await desk.ticketIds(30, 40);
    const written: { ticketId: string; word: string }[] = [];
    const write = async (count: number, internal = false) => {
      for (let i = 0; i < count; i++) {
        const ticketId = targets[written.length % targets.length] as string;
        const word = `wombat${written.length}x`;
        await desk.reply(ticketId, `a reply saying ${word}`, internal);
        written.push({ ticketId, word });
      }
    };
    await write(3);
    const phases = new Set<SearchIndexPhase>();
    const result = await rebuildSearchIndex(desk.db.orm.em.fork(), {
      batchSize: 50,
      onProgress: async (phase) => {
        phases.add(phase);
        // During the copy; after a catch-up round (only the catch-up after the swap sees those); after the swap.
        if (phase === 'copy') await write(2);
        if (phase === 'catch up') await write(3, true);
        if (phase === 'swap') await write(2);
      },
    });
    expect(result.rebuilt).toBe(true);
    // SQLite's rebuild is one statement: nothing can be written meanwhile.
    if (desk.db.dialect === 'mysql') {
      expect([...phases]).toEqual(['copy', 'catch up', 'swap', 'after swap']);
      // Those replied to here, and (within the margin for clocks) the first test's.
      expect(result.caughtUp).toBe(new Set(written.map((reply) => reply.ticketId)).size + 40);
    }
    for (const { ticketId, word } of written)
      expect(await settledSearch(() => Promise.all([desk.search(word)]))).toEqual([[ticketId]]);
    const docs = await desk.documents();
    expect(new Set(docs.map((doc) => doc.ticket_id)).size).toBe(docs.length);
    expect(docs).toHaveLength(199);
  });
});
