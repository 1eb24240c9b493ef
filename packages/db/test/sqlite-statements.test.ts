import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteDatabase, STATEMENT_CACHE_SIZE } from '../src/sqlite-dialect.ts';

/**
 * The SQLite connection keeps compiled statements: the ones an app repeats stay compiled however
 * many one-off statements pass by (MikroORM writes its values into the SQL of every insert).
 */
describe('compiled SQLite statements', () => {
  const open = () => {
    const db = openSqliteDatabase(':memory:');
    db.prepare('create table notes (id integer primary key, body text)').run([]);
    return db;
  };

  it('compiles a repeated statement once, and reads and writes through it', () => {
    const db = open();
    const insert = db.prepare('insert into notes (body) values (?)');
    expect(db.prepare('insert into notes (body) values (?)')).toBe(insert);
    insert.run(['first']);
    const select = db.prepare('select body from notes where id = ?');
    expect(select.reader).toBe(true);
    expect(select.all([1])).toEqual([{ body: 'first' }]);
    db.close();
  });

  it('keeps the statements in use while one-off writes and rarely used reads pass by', () => {
    const db = open();
    const hot = db.prepare('select count(*) as n from notes where body = ?');
    const rare = db.prepare('select id from notes where id > 0');
    for (let i = 0; i < STATEMENT_CACHE_SIZE * 2; i++) {
      // An ORM insert with its value in the text: compiled, run, never kept.
      const oneOff = db.prepare(`insert into notes (body) values ('note ${i}')`);
      oneOff.run([]);
      expect(db.prepare(`insert into notes (body) values ('note ${i}')`)).not.toBe(oneOff);
      // Reads of many shapes: kept while there is room, the least recently used dropped first.
      db.prepare(`select id from notes where id > ${i + 1}`);
      if (i % 100 === 0) expect(db.prepare('select count(*) as n from notes where body = ?')).toBe(hot);
    }
    expect(db.prepare('select count(*) as n from notes where body = ?')).toBe(hot);
    // The cache is bounded: a shape not used since was compiled again.
    expect(db.prepare('select id from notes where id > 0')).not.toBe(rare);
    db.close();
  });

  it('opens a file with the server pragmas: WAL, a busy timeout, foreign keys, a 64 MiB page cache', () => {
    const dir = mkdtempSync(join(tmpdir(), 'helpdesk-sqlite-'));
    const db = openSqliteDatabase(join(dir, 'desk.db'));
    try {
      const pragma = (name: string) => Object.values(db.prepare(`pragma ${name}`).all([])[0] ?? {})[0];
      expect(pragma('journal_mode')).toBe('wal');
      expect(pragma('busy_timeout')).toBe(5000);
      expect(pragma('foreign_keys')).toBe(1);
      expect(pragma('cache_size')).toBe(-65536);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
