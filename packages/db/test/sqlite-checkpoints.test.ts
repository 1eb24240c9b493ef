import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kysely, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  BACKGROUND_CHECKPOINT_PAGES,
  HelpdeskSqliteDialect,
  INLINE_CHECKPOINT_PAGES,
  openSqliteDatabase,
} from '../src/sqlite-dialect.ts';

/**
 * An SQLite file's write-ahead log is copied back into the database file by a thread of its own,
 * not by the server's connection between two requests.
 */
describe('SQLite checkpoints', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'helpdesk-checkpoints-'));
    path = join(dir, 'desk.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const autocheckpoint = (db: ReturnType<typeof openSqliteDatabase>) =>
    (db.prepare('pragma wal_autocheckpoint').all([])[0] as { wal_autocheckpoint: number }).wal_autocheckpoint;
  const writeNotes = (db: ReturnType<typeof openSqliteDatabase>, count: number) => {
    db.prepare('create table if not exists notes (id integer primary key, body blob)').run([]);
    const insert = db.prepare('insert into notes (body) values (?)');
    for (let i = 0; i < count; i++) insert.run([randomBytes(6000)]);
  };

  it('copies the log into the database file from a thread, the connection itself rarely', async () => {
    const db = openSqliteDatabase(path);
    try {
      expect(autocheckpoint(db)).toBe(BACKGROUND_CHECKPOINT_PAGES);
      // ~200 transactions of two pages and more: far below the connection's own threshold.
      writeNotes(db, 200);
      const stats = db.checkpointer?.stats;
      await vi.waitFor(() => {
        expect(stats?.runs).toBeGreaterThan(0);
        expect(stats?.log).toBeGreaterThan(0);
        expect(stats?.checkpointed).toBe(stats?.log);
      });
      expect(stats?.failure).toBeUndefined();
      expect(db.prepare('select count(*) as n from notes').all([])).toEqual([{ n: 200 }]);
    } finally {
      db.close();
    }
  });

  it('checkpoints on the connection again, as SQLite would, when the thread cannot run', async () => {
    const db = openSqliteDatabase(path);
    try {
      writeNotes(db, 3);
      // The file is gone before the thread opens it (the connection keeps its open handle).
      unlinkSync(path);
      await vi.waitFor(() => expect(db.checkpointer?.stats.failure).toBeInstanceOf(Error));
      expect(autocheckpoint(db)).toBe(INLINE_CHECKPOINT_PAGES);
      // The thread did not make an empty database where the file was.
      expect(existsSync(path)).toBe(false);
      expect(db.prepare('select count(*) as n from notes').all([])).toEqual([{ n: 3 }]);
    } finally {
      db.close();
    }
  });

  it('leaves one complete file behind when the database is closed', async () => {
    const dialect = new HelpdeskSqliteDialect(path);
    const kysely = new Kysely<{ notes: { id: number; body: string } }>({ dialect });
    await sql`create table notes (id integer primary key, body text)`.execute(kysely);
    for (let i = 0; i < 50; i++)
      await kysely
        .insertInto('notes')
        .values({ id: i, body: `note ${i}` })
        .execute();
    // The thread is running, with the file open, when the database closes.
    await vi.waitFor(() => expect(dialect.checkpoints[0]?.runs).toBeGreaterThan(0));
    await kysely.destroy();
    expect(existsSync(`${path}-wal`)).toBe(false);
    const reopened = openSqliteDatabase(path);
    try {
      expect(reopened.prepare('select count(*) as n from notes').all([])).toEqual([{ n: 50 }]);
    } finally {
      reopened.close();
    }
  });

  it('lets a process that only closes its database finish the close before it exits', () => {
    const script = fileURLToPath(new URL('./fixtures/close-and-exit.ts', import.meta.url));
    const child = spawnSync(process.execPath, [script, path], { encoding: 'utf8', timeout: 30_000 });
    expect(child.stderr).toBe('');
    expect(child.stdout).toBe('closed after reading written\n');
    expect(child.status).toBe(0);
    expect(existsSync(`${path}-wal`)).toBe(false);
  });
});
