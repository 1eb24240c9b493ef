import { initTRPC, TRPCError } from '@trpc/server';
import { fastifyRequestHandler } from '@trpc/server/adapters/fastify';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerDirectly } from '../src/plugins/trpc-direct.ts';

/**
 * Helpdesk's router has no transformer, so `answerDirectly` skips tRPC's transform of the answer.
 * A router with one must still get its answers and errors serialized: the same calls to a small
 * router with a transformer, answered directly and by tRPC's adapter, must answer the same JSON.
 */
const t = initTRPC.create({
  isDev: false, // no stacks in errors, which differ between the two ways
  transformer: {
    serialize: (value: unknown) => ({ wrapped: value }),
    deserialize: (value: unknown) => (value as { wrapped: unknown }).wrapped,
  },
});
const router = t.router({
  double: t.procedure
    .input((value) => value as { n: number })
    .query(({ input }) => {
      if (input.n < 0) throw new TRPCError({ code: 'BAD_REQUEST', message: 'n must not be negative' });
      return { twice: input.n * 2 };
    }),
});

let app: FastifyInstance;
let base = '';

beforeAll(async () => {
  app = Fastify();
  const options = {
    router,
    maxBatchSize: 10,
    createContext: async () => ({}),
    onError: () => {},
  };
  app.get<{ Params: { path: string } }>('/direct/:path', async (req, res) => {
    if (!(await answerDirectly(req, res, req.params.path, options))) throw new Error('not answered directly');
    return res;
  });
  app.get<{ Params: { path: string } }>('/adapter/:path', async (req, res) => {
    await fastifyRequestHandler({ router, req, res, path: req.params.path, createContext: async () => ({}) });
    return res;
  });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await app?.close();
});

async function ask(way: 'direct' | 'adapter', query: string) {
  const response = await fetch(`${base}/${way}/double?${query}`);
  return { status: response.status, body: await response.json() };
}

async function both(query: string) {
  const [direct, adapter] = await Promise.all([ask('direct', query), ask('adapter', query)]);
  expect(direct).toEqual(adapter);
  return direct;
}

const inputOf = (input: unknown) => encodeURIComponent(JSON.stringify({ wrapped: input }));
const batchOf = (input: unknown) => encodeURIComponent(JSON.stringify({ 0: { wrapped: input } }));

describe('answerDirectly with a router that has a transformer', () => {
  it('serializes answers as the adapter does, alone and in a batch', async () => {
    const alone = await both(`input=${inputOf({ n: 21 })}`);
    expect(alone).toEqual({ status: 200, body: { result: { data: { wrapped: { twice: 42 } } } } });
    const batch = await both(`batch=1&input=${batchOf({ n: 2 })}`);
    expect(batch.body).toEqual([{ result: { data: { wrapped: { twice: 4 } } } }]);
  });

  it('serializes errors as the adapter does', async () => {
    const refused = await both(`input=${inputOf({ n: -1 })}`);
    expect(refused.status).toBe(400);
    expect(refused.body.error.wrapped.message).toBe('n must not be negative');
  });
});
