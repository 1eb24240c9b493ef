/**
 * The floor: the least a server can do to answer the benchmark's list, search, view, `auth.me` and
 * status-change requests with the same JSON as Helpdesk. Fastify and the database driver,
 * hand-written SQL; no ORM, no tRPC, no zod. Sessions are checked as the real server checks them (Lucia's design: find
 * the session by the token's id, compare the SHA-256 of its secret in constant time, check both
 * deadlines and that the user is active), minus the once-a-minute refresh of `last_active_at`.
 *
 * Env: DATABASE_URL (mysql://… or sqlite:PATH), HOST, PORT (0: any free port), METRICS_TOKEN,
 * SESSION_IDLE_MINUTES, SESSION_ABSOLUTE_HOURS. Prints `Floor: listening on <url>` once up.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { openFloorDatabase, type Row } from './floor-db.ts';
import { listQueue, search, ticketDetail } from './floor-queries.ts';
import { changeStatus, FloorRefusal, reply as replyTo } from './floor-writes.ts';
import { SESSION_COOKIE } from './wire.ts';

const env = process.env;
const db = openFloorDatabase(env.DATABASE_URL ?? '');
const idleMs = Number(env.SESSION_IDLE_MINUTES ?? 30) * 60_000;
const absoluteMs = Number(env.SESSION_ABSOLUTE_HOURS ?? 12) * 3_600_000;
const TOKEN_PART = /^[a-km-z2-9]{24}$/;
const sha256 = (text: string) => createHash('sha256').update(text).digest();
const ms = (value: unknown) => (value instanceof Date ? value.getTime() : Number(value));

interface Viewer {
  id: string;
  email: string;
  name: string;
  role: string;
}

async function viewerOf(request: FastifyRequest): Promise<Viewer | null> {
  const cookie = request.headers.cookie ?? '';
  const start = cookie.indexOf(`${SESSION_COOKIE}=`);
  if (start < 0) return null;
  const token = cookie.slice(start + SESSION_COOKIE.length + 1).split(';')[0] ?? '';
  const [id, secret, ...rest] = token.split('.');
  if (rest.length || !id || !secret || !TOKEN_PART.test(id) || !TOKEN_PART.test(secret)) return null;
  const [row] = await db.all(
    `select s.secret_hash, s.created_at, s.last_active_at, u.id, u.email, u.name, u.role, u.active
     from sessions s join users u on u.id = s.user_id where s.id = ?`,
    [id],
  );
  if (!row) return null;
  const stored = Buffer.from(String(row.secret_hash), 'hex');
  const presented = sha256(secret);
  if (stored.length !== presented.length || !timingSafeEqual(stored, presented)) return null;
  const expiresAt = Math.min(ms(row.last_active_at) + idleMs, ms(row.created_at) + absoluteMs);
  if (Date.now() >= expiresAt || !row.active) return null;
  return { id: String(row.id), email: String(row.email), name: String(row.name), role: String(row.role) };
}

// Answers and inputs in the batch format of `@helpdesk/client` (a batch of one call; see wire.ts).
function answer(reply: FastifyReply, data: unknown) {
  return reply.header('cache-control', 'no-store').send([{ result: { data } }]);
}

function refuse(reply: FastifyReply, status: number, code: string, message: string) {
  return reply.code(status).send([{ error: { message, code: -32000, data: { code, httpStatus: status } } }]);
}

function inputOf(request: FastifyRequest): Row | null {
  const { batch, input: raw } = request.query as { batch?: string; input?: string };
  if (batch !== '1' || raw === undefined) return null;
  try {
    const value = (JSON.parse(raw) as Record<string, unknown>)[0];
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Row) : null;
  } catch {
    return null;
  }
}

const STATUSES = new Set(['new', 'open', 'pending', 'on_hold', 'solved', 'closed']);
const ID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const LIST_KEYS = new Set(['status', 'assigneeId', 'search', 'limit']);

const app = Fastify({ logger: false });
let requests = 0;
app.addHook('onResponse', async (request) => {
  if (request.routeOptions.url !== '/metrics') requests++;
});

app.get('/trpc/auth.me', async (request, reply) => {
  const viewer = await viewerOf(request);
  return answer(
    reply,
    viewer && { id: viewer.id, email: viewer.email, name: viewer.name, role: viewer.role },
  );
});

app.get('/trpc/tickets.list', async (request, reply) => {
  const viewer = await viewerOf(request);
  if (!viewer) return refuse(reply, 401, 'UNAUTHORIZED', 'Sign in first');
  if (viewer.role === 'customer') return refuse(reply, 501, 'NOT_IMPLEMENTED', 'The floor serves agents');
  const input = inputOf(request);
  if (!input || Object.keys(input).some((key) => !LIST_KEYS.has(key)))
    return refuse(reply, 400, 'BAD_REQUEST', 'Unsupported input');
  const limit = input.limit ?? 25;
  const status = input.status;
  const assignee = input.assigneeId;
  if (
    typeof limit !== 'number' ||
    !Number.isInteger(limit) ||
    limit < 1 ||
    limit > 100 ||
    (status !== undefined &&
      (!Array.isArray(status) || !status.every((value) => STATUSES.has(value as string)))) ||
    (assignee !== undefined &&
      assignee !== 'me' &&
      assignee !== 'unassigned' &&
      !ID.test(String(assignee))) ||
    (input.search !== undefined && (typeof input.search !== 'string' || input.search.length > 200))
  )
    return refuse(reply, 400, 'BAD_REQUEST', 'Invalid input');
  if (typeof input.search === 'string') {
    if (status !== undefined || assignee !== undefined)
      return refuse(reply, 400, 'BAD_REQUEST', 'The floor searches without filters');
    return answer(reply, await search(db, input.search, limit));
  }
  const assigneeId =
    assignee === 'me' ? viewer.id : assignee === 'unassigned' ? null : (assignee as string | undefined);
  return answer(reply, await listQueue(db, { assigneeId, statuses: status as string[] | undefined, limit }));
});

app.get('/trpc/tickets.get', async (request, reply) => {
  const viewer = await viewerOf(request);
  if (!viewer) return refuse(reply, 401, 'UNAUTHORIZED', 'Sign in first');
  if (viewer.role === 'customer') return refuse(reply, 501, 'NOT_IMPLEMENTED', 'The floor serves agents');
  const input = inputOf(request);
  if (!input || Object.keys(input).length !== 1 || !ID.test(String(input.id)))
    return refuse(reply, 400, 'BAD_REQUEST', 'Invalid input');
  const detail = await ticketDetail(db, String(input.id));
  return detail ? answer(reply, detail) : refuse(reply, 404, 'NOT_FOUND', 'Ticket not found');
});

/** A mutation's input as `@helpdesk/client` sends it (a batch of one), with exactly `keys` keys. */
function mutationInput(request: FastifyRequest, keys: number): Row | null {
  const { batch } = request.query as { batch?: string };
  const input = (request.body as Record<string, unknown> | null)?.[0] as Row | undefined;
  return batch === '1' && input && Object.keys(input).length === keys ? input : null;
}

// The status scenario's bulk action: one ticket, between open and pending (floor-writes.ts).
app.post('/trpc/tickets.bulkUpdate', async (request, reply) => {
  const viewer = await viewerOf(request);
  if (!viewer) return refuse(reply, 401, 'UNAUTHORIZED', 'Sign in first');
  if (viewer.role === 'customer') return refuse(reply, 403, 'FORBIDDEN', 'Your role may not do that');
  const input = mutationInput(request, 2);
  const ids = input?.ids;
  if (
    !input ||
    !Array.isArray(ids) ||
    ids.length !== 1 ||
    !ID.test(String(ids[0])) ||
    (input.status !== 'open' && input.status !== 'pending')
  )
    return refuse(reply, 400, 'BAD_REQUEST', 'The floor changes one ticket between open and pending');
  try {
    return answer(reply, [await changeStatus(db, viewer.id, String(ids[0]), input.status)]);
  } catch (error) {
    if (error instanceof FloorRefusal) return refuse(reply, error.status, error.code, error.message);
    throw error;
  }
});

// The reply scenario's public reply by an agent (floor-writes.ts).
app.post('/trpc/tickets.reply', async (request, reply) => {
  const viewer = await viewerOf(request);
  if (!viewer) return refuse(reply, 401, 'UNAUTHORIZED', 'Sign in first');
  if (viewer.role === 'customer') return refuse(reply, 501, 'NOT_IMPLEMENTED', 'The floor serves agents');
  const input = mutationInput(request, 2);
  if (
    !input ||
    !ID.test(String(input.ticketId)) ||
    typeof input.body !== 'string' ||
    !input.body.trim() ||
    input.body.length > 50_000
  )
    return refuse(reply, 400, 'BAD_REQUEST', 'The floor takes a public reply: ticketId and body');
  try {
    return answer(reply, await replyTo(db, viewer, String(input.ticketId), input.body));
  } catch (error) {
    if (error instanceof FloorRefusal) return refuse(reply, error.status, error.code, error.message);
    throw error;
  }
});

// The same metrics as the real server's `GET /metrics`, so both rows of a scenario say the same things.
const RESOLUTION_MS = 10;
const delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
delay.enable();
const expected = sha256(env.METRICS_TOKEN ?? '');
const beyondInterval = (ns: number) => Math.max(0, Math.round((ns / 1e6 - RESOLUTION_MS) * 100) / 100);
app.get('/metrics', async (request, reply) => {
  const header = request.headers.authorization ?? '';
  if (!env.METRICS_TOKEN || !timingSafeEqual(sha256(header.replace(/^Bearer /, '')), expected))
    return reply.callNotFound();
  const memory = process.memoryUsage();
  const cpu = process.cpuUsage();
  const body = {
    requests,
    sqlStatements: db.statements,
    rssBytes: memory.rss,
    heapUsedBytes: memory.heapUsed,
    cpuMicros: cpu.user + cpu.system,
    eventLoopDelay: {
      p50Ms: beyondInterval(delay.percentile(50)),
      p99Ms: beyondInterval(delay.percentile(99)),
      maxMs: beyondInterval(delay.max),
    },
  };
  if ((request.query as { reset?: string }).reset === '1') delay.reset();
  return body;
});

for (const signal of ['SIGTERM', 'SIGINT'] as const)
  process.once(signal, () => {
    void app
      .close()
      .then(() => db.close())
      .then(() => process.exit(0));
  });

const address = await app.listen({ host: env.HOST ?? '127.0.0.1', port: Number(env.PORT ?? 0) });
console.log(`Floor: listening on ${address}`);
