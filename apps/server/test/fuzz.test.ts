import { appRouter } from '@helpdesk/api';
import { kyselyOf } from '@helpdesk/db';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support.ts';

/**
 * Property-based fuzzing of every procedure over real HTTP: generated and malformed inputs, as
 * an anonymous caller and as an admin (who reaches the deepest code). Whatever comes in, the
 * answer is never a 500, and a refused call changes nothing in the database.
 */
let server: TestServer;
let adminCookie = '';
beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'silent' });
  const admin = await server.signedIn(server.users.admin);
  adminCookie = [...server.cookiesOf(admin)].map(([name, value]) => `${name}=${value}`).join('; ');
  // Something to find and change, so procedures get past "not found".
  const customer = await server.signedIn(server.users.customer);
  await customer.tickets.create.mutate({ subject: 'Fuzz target', body: 'hello' });
});
afterAll(() => server?.close());

const procedures = Object.entries(
  appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>,
).map(([path, procedure]) => ({ path, type: procedure._def.type }));

// Counters that legitimately move on refused calls (attempts are counted) are left out.
const VOLATILE = new Set(['rate_limit_buckets', 'mikro_orm_migrations', 'job_leases']);

/** Every table's row count and the tickets' versions, in one statement. */
async function fingerprint(): Promise<string> {
  const db = kyselyOf(server.db.orm.em.fork());
  const tables = (
    server.db.dialect === 'mysql'
      ? (
          await sql<{
            name: string;
          }>`select table_name as name from information_schema.tables where table_schema = database() and table_type = 'BASE TABLE'`.execute(
            db,
          )
        ).rows
      : (
          await sql<{
            name: string;
          }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'ticket_search_fts%'`.execute(
            db,
          )
        ).rows
  )
    .map((row) => row.name)
    .filter((name) => !VOLATILE.has(name))
    .sort();
  const parts = tables.map((name) => sql`select ${name} as t, count(*) as n from ${sql.table(name)}`);
  parts.push(sql`select 'ticket_versions' as t, coalesce(sum(version), 0) as n from tickets`);
  const union = sql.join(parts, sql` union all `);
  const rows = (await sql<{ t: string; n: number }>`${union}`.execute(db)).rows;
  return rows.map((row) => `${row.t}=${Number(row.n)}`).join(',');
}

const FIELD_NAMES = [
  'id',
  'ids',
  'email',
  'password',
  'name',
  'ticketId',
  'subject',
  'body',
  'status',
  'priority',
  'version',
  'limit',
  'cursor',
  'search',
  'token',
  'role',
  'userId',
  'teamId',
  'filters',
  'tags',
  'internal',
  'from',
  'to',
  '__proto__',
  'constructor',
];
const NASTY = fc.constantFrom<unknown>(
  { $ne: null },
  { $gt: '' },
  ["' or 1=1 --"],
  "' OR '1'='1",
  '"; drop table tickets; --',
  'a\r\nBcc: victim@example.test',
  '<img src=x onerror=alert(1)>',
  '\u0000',
  '%00',
  -1,
  Number.MAX_VALUE,
  Number.MAX_SAFE_INTEGER,
  '0'.repeat(26),
  'x'.repeat(5000),
  { __proto__: { admin: true } },
  JSON.parse('{"__proto__": {"polluted": true}}'),
  [],
  {},
  null,
  true,
);
const value = fc.oneof(fc.jsonValue({ maxDepth: 3 }), NASTY);
const input = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  NASTY,
  fc.dictionary(fc.constantFrom(...FIELD_NAMES), value, { maxKeys: 5 }),
);

async function call(path: string, type: string, payload: unknown, cookie: string | null) {
  const headers: Record<string, string> = cookie ? { cookie } : {};
  const encoded = JSON.stringify(payload) ?? 'null';
  if (type === 'query') {
    return fetch(`${server.url}/trpc/${path}?input=${encodeURIComponent(encoded)}`, { headers });
  }
  if (type === 'subscription') {
    // A granted stream never ends by itself: what it sent in half a second is its answer.
    const response = await fetch(`${server.url}/trpc/${path}?input=${encodeURIComponent(encoded)}`, {
      headers,
      signal: AbortSignal.timeout(500),
    });
    let text = '';
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>)
        text += Buffer.from(chunk);
    } catch {}
    return new Response(text, { status: response.status, headers: response.headers });
  }
  return fetch(`${server.url}/trpc/${path}`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: encoded,
  });
}

describe('fuzzing every procedure over HTTP', () => {
  it('covers every procedure of the router', () => {
    expect(procedures.length).toBeGreaterThan(60);
  });

  for (const { path, type } of procedures) {
    it(`${path} never answers 500 and a refused call changes nothing`, async () => {
      await fc.assert(
        fc.asyncProperty(input, fc.boolean(), async (payload, asAdmin) => {
          const before = await fingerprint();
          const response = await call(path, type, payload, asAdmin ? adminCookie : null);
          const text = await response.text();
          expect(
            response.status,
            `${path} ${JSON.stringify(payload)?.slice(0, 200)}: ${text.slice(0, 300)}`,
          ).toBeLessThan(500);
          // Subscriptions answer server-sent events; everything else answers JSON.
          if (type !== 'subscription') expect(() => JSON.parse(text)).not.toThrow();
          else expect(response.headers.get('content-type')).toMatch(/text\/event-stream|json/);
          expect(text).not.toMatch(/"stack"|at .*\.ts:\d+|SQLITE_|ER_[A-Z_]+/);
          if (response.status >= 400) expect(await fingerprint()).toBe(before);
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        }),
        { numRuns: 12, seed: 20261124 },
      );
    });
  }
});
