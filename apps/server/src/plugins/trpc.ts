import { type ApiConfig, appRouter, createContext, type SecurityLog } from '@helpdesk/api';
import { sessionCookieName, sessionCookieOptions } from '@helpdesk/auth';
import { MAX_BATCH_SIZE } from '@helpdesk/validators';
import { type FastifyTRPCPluginOptions, fastifyRequestHandler } from '@trpc/server/adapters/fastify';
import type { FastifyBaseLogger, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { answerDirectly } from './trpc-direct.ts';

/** Refusals a security team watches (the others are ordinary mistakes, logged at info). */
const DENIALS = new Set(['UNAUTHORIZED', 'FORBIDDEN', 'TOO_MANY_REQUESTS']);

export interface TrpcPluginOptions {
  api: ApiConfig;
  secureCookies: boolean;
  /** The clock (tests move it). */
  now?: () => Date;
  /**
   * Ordinary calls skip the Fetch API detour of tRPC's adapter (trpc-direct.ts); on by default,
   * off only to compare both ways in a test.
   */
  directCalls?: boolean;
}

export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : null;
}

/**
 * The request's logger with the client's address bound, made on first use: few requests log a
 * security event, and a child logger costs a measurable share of a fast request.
 */
function securityLog(request: FastifyRequest): SecurityLog {
  let child: FastifyBaseLogger | undefined;
  const log = () => {
    child ??= request.log.child({ ip: request.ip });
    return child;
  };
  return {
    info: (fields, message) => log().info(fields, message),
    warn: (fields, message) => log().warn(fields, message),
  };
}

/**
 * tRPC at `/trpc`: one context per request, built from this request's EntityManager and cookie.
 * Registered as tRPC's Fastify plugin registers itself (bodies reach tRPC as text), with ordinary
 * calls answered by `answerDirectly` and everything else by tRPC's own request handler.
 */
export const trpcPlugin: FastifyPluginAsync<TrpcPluginOptions> = async (app, options) => {
  const cookieName = sessionCookieName(options.secureCookies);
  const contextOf = (req: FastifyRequest, res: FastifyReply) => {
    const bearer = bearerToken(req);
    const cookie = req.cookies[cookieName] ?? null;
    return createContext({
      em: req.em,
      config: options.api,
      now: options.now,
      request: { requestId: req.id, ip: req.ip, userAgent: req.headers['user-agent'] ?? null },
      sessionToken: bearer ?? cookie,
      tokenSource: bearer ? 'bearer' : cookie ? 'cookie' : null,
      // The request's logger: every event carries the request id, the time and the address.
      log: securityLog(req),
      cookies: {
        set: (token, expiresAt) => {
          res.setCookie(cookieName, token, sessionCookieOptions(options.secureCookies, expiresAt));
        },
        clear: () => {
          res.clearCookie(cookieName, sessionCookieOptions(options.secureCookies, new Date(0)));
        },
      },
    });
  };
  const onError: FastifyTRPCPluginOptions<typeof appRouter>['trpcOptions']['onError'] = ({
    error,
    path,
    ctx,
  }) => {
    const log = app.log.child({
      reqId: ctx?.request.requestId,
      ip: ctx?.request.ip,
      userId: ctx?.actor?.id ?? null,
      path,
    });
    if (error.code === 'INTERNAL_SERVER_ERROR') log.error({ err: error.cause ?? error }, 'procedure failed');
    else if (DENIALS.has(error.code)) {
      log.warn({ event: 'access.denied', code: error.code, message: error.message }, 'request denied');
    } else
      log.info({ event: 'procedure.refused', code: error.code, message: error.message }, 'request refused');
  };
  const direct = { router: appRouter, maxBatchSize: MAX_BATCH_SIZE, createContext: contextOf, onError };
  const trpcOptions: FastifyTRPCPluginOptions<typeof appRouter>['trpcOptions'] = {
    ...direct,
    createContext: ({ req, res }) => contextOf(req, res),
  };

  await app.register(
    async (trpc) => {
      // As tRPC's own plugin does: its handler reads JSON and multipart bodies itself.
      trpc.removeContentTypeParser(['application/json', 'multipart/form-data']);
      trpc.addContentTypeParser('application/json', { parseAs: 'string' }, (_, body, done) =>
        done(null, body),
      );
      trpc.addContentTypeParser('multipart/form-data', (_, body, done) => done(null, body));
      trpc.all<{ Params: { path: string } }>('/:path', async (req, res) => {
        const { path } = req.params;
        if (options.directCalls !== false && (await answerDirectly(req, res, path, direct))) return res;
        await fastifyRequestHandler({ ...trpcOptions, req, res, path });
        return res;
      });
    },
    { prefix: '/trpc' },
  );
};
