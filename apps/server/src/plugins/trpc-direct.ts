import type { AnyRouter, TRPCError } from '@trpc/server';
import {
  type AnyProcedure,
  defaultTransformer,
  getErrorShape,
  getHTTPStatusCode,
  getProcedureAtPath,
  getTRPCErrorFromUnknown,
  transformTRPCResponse,
} from '@trpc/server/unstable-core-do-not-import';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Answers ordinary tRPC calls (a query by GET, a mutation by POST with a JSON body, alone or in a
 * batch, as `@helpdesk/client` sends them) without the detour tRPC 11's Fastify adapter takes
 * through the Fetch API: it copies every request into a `Request` (URL, headers, abort wiring) and
 * streams a `Response` back, about 75 µs a call on this machine (measured: 9.5k answers per second
 * through the adapter against 35k calling the same procedure directly). That is a quarter of a
 * signed-in `auth.me` and the largest fixed cost of every call.
 *
 * The procedures, their middlewares, errors and answers are tRPC's own: the call goes through the
 * procedure as tRPC calls it, the error shape and the status code come from tRPC's functions, and
 * the JSON is the same to the byte (a test compares both ways over HTTP). Anything that is not an
 * ordinary call (subscriptions, streaming batches, other content types, unknown procedures, the
 * wrong method, input that is not JSON, batches over the limit) is left alone here and goes to
 * tRPC's own handler, which answers it as it always has.
 */

interface DirectOptions<TContext> {
  router: AnyRouter;
  maxBatchSize: number;
  createContext: (req: FastifyRequest, res: FastifyReply) => Promise<TContext>;
  onError: (opts: {
    error: TRPCError;
    path: string;
    input: unknown;
    ctx: TContext | undefined;
    type: 'query' | 'mutation';
    req: FastifyRequest;
  }) => void;
}

interface Call {
  path: string;
  procedure: AnyProcedure;
  input: unknown;
}

const PATHS = /^[\w.,]+$/;
const METHOD_TYPE = { GET: 'query', POST: 'mutation' } as const;

function isJsonBody(request: FastifyRequest): boolean {
  const contentType = request.headers['content-type']?.toLowerCase().split(';', 1)[0]?.trim();
  return contentType === 'application/json';
}

/** The raw inputs, as tRPC reads them; undefined when they are not JSON (tRPC answers that). */
function readInputs(request: FastifyRequest, batch: boolean, count: number): unknown[] | undefined {
  let raw: string | undefined;
  if (request.method === 'GET') raw = (request.query as { input?: string }).input || undefined;
  else if (typeof request.body === 'string' && request.body !== '') raw = request.body;
  else return undefined; // a mutation without a body: tRPC's refusal
  let parsed: unknown;
  try {
    parsed = raw === undefined ? undefined : JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!batch) return [parsed];
  if (parsed === undefined) return new Array(count).fill(undefined);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  return Array.from({ length: count }, (_, i) => (parsed as Record<string, unknown>)[i]);
}

/** The calls of an ordinary request, or null when tRPC's own handler should take the request. */
async function ordinaryCalls(
  request: FastifyRequest,
  path: string,
  router: AnyRouter,
  maxBatchSize: number,
): Promise<{ calls: Call[]; batch: boolean; type: 'query' | 'mutation' } | null> {
  const type = METHOD_TYPE[request.method as keyof typeof METHOD_TYPE];
  const query = request.query as Record<string, string | undefined>;
  if (
    !type ||
    !PATHS.test(path) ||
    request.headers['trpc-accept'] !== undefined ||
    query.connectionParams !== undefined ||
    (type === 'mutation' && !isJsonBody(request))
  )
    return null;
  const batch = query.batch === '1';
  const paths = batch ? path.split(',') : [path];
  if (batch && paths.length > maxBatchSize) return null;
  const inputs = readInputs(request, batch, paths.length);
  if (!inputs) return null;
  const config = router._def._config;
  const calls: Call[] = [];
  for (const [i, callPath] of paths.entries()) {
    const procedure = (await getProcedureAtPath(router, callPath)) as AnyProcedure | null;
    if (!procedure || procedure._def.type !== type) return null;
    const input = inputs[i];
    calls.push({
      path: callPath,
      procedure,
      input: input === undefined ? undefined : config.transformer.input.deserialize(input),
    });
  }
  return { calls, batch, type };
}

/** An abort signal for the calls: fires when the client goes away before the answer is sent. */
function requestSignal(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableEnded) controller.abort();
  });
  return controller.signal;
}

/** Answers the request and resolves true, or resolves false for tRPC's own handler to answer. */
export async function answerDirectly<TContext>(
  request: FastifyRequest,
  reply: FastifyReply,
  path: string,
  options: DirectOptions<TContext>,
): Promise<boolean> {
  const ordinary = await ordinaryCalls(request, path, options.router, options.maxBatchSize);
  if (!ordinary) return false;
  const { calls, batch, type } = ordinary;
  const config = options.router._def._config;
  let ctx: TContext | undefined;
  let contextError: TRPCError | undefined;
  try {
    ctx = await options.createContext(request, reply);
  } catch (cause) {
    contextError = getTRPCErrorFromUnknown(cause);
  }
  const signal = requestSignal(reply);
  const answers = await Promise.all(
    calls.map(async ({ path: callPath, procedure, input }, batchIndex) => {
      try {
        if (contextError) throw contextError;
        const data = await procedure({
          path: callPath,
          getRawInput: async () => input,
          ctx,
          type,
          signal,
          batchIndex,
        });
        return { result: { data } };
      } catch (cause) {
        const error = getTRPCErrorFromUnknown(cause);
        options.onError({ error, path: callPath, input, ctx, type, req: request });
        return { error: getErrorShape({ config, ctx, error, input, path: callPath, type }) };
      }
    }),
  );
  const body = batch ? answers : (answers[0] as (typeof answers)[number]);
  // Without a transformer tRPC's transform copies every answer (and its result) only to put the
  // same data back: 2 % of a request's time in a profile of views and `auth.me`.
  const wire = config.transformer === defaultTransformer ? body : transformTRPCResponse(config, body);
  await reply
    .code(getHTTPStatusCode(body))
    .header('vary', 'trpc-accept, accept')
    .header('content-type', 'application/json')
    // A buffer, so Fastify sends the content type as tRPC's adapter does (no charset added).
    .send(Buffer.from(JSON.stringify(wire)));
  return true;
}
