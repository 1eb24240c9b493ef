import type { Role } from '@helpdesk/validators';
import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError, z } from 'zod';
import type { Actor, Context } from './context.ts';
import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  toTRPCError,
  UnauthorizedError,
} from './errors.ts';
import { requireScope } from './rules/api-tokens.ts';
import { requireStaffTwoFactor } from './rules/two-factor.ts';
import { ticketIdsOf } from './services/live-events.ts';

const INTERNAL_MESSAGE = 'Something went wrong on our side. Quote the request id if you report it.';

/** Field errors as `{ formErrors, fieldErrors }`, one message list per field path. */
function fieldErrorsOf(error: ZodError) {
  const { formErrors, fieldErrors } = z.flattenError(error);
  return { formErrors, fieldErrors: fieldErrors as Record<string, string[]> };
}

function describeZodError(error: ZodError): string {
  const first = error.issues[0];
  if (!first) return 'Invalid input';
  const where = first.path.length ? `${first.path.join('.')}: ` : '';
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : '';
  return `Invalid input: ${where}${first.message}${more}`;
}

const t = initTRPC.context<Context>().create({
  // Never put stacks in responses, whatever NODE_ENV says.
  isDev: false,
  // Server-sent events (live.events): a ping keeps proxies from closing a quiet stream, and each
  // stream ends after a while so the client reconnects and its session is checked again.
  sse: {
    ping: { enabled: true, intervalMs: 15_000 },
    maxDurationMs: 5 * 60_000,
    client: { reconnectAfterInactivityMs: 25_000 },
  },
  errorFormatter({ shape, error, ctx }) {
    const zodError = error.cause instanceof ZodError ? error.cause : null;
    const internal = error.code === 'INTERNAL_SERVER_ERROR';
    let message = shape.message;
    if (internal) message = INTERNAL_MESSAGE;
    else if (zodError) message = describeZodError(zodError);
    return {
      message,
      code: shape.code,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        requestId: ctx?.request.requestId ?? null,
        zodError: zodError
          ? fieldErrorsOf(zodError)
          : error.cause instanceof InvalidInputError
            ? { formErrors: [], fieldErrors: { [error.cause.field]: [error.cause.detail] } }
            : null,
        /** For CONFLICT: the current state to rebase on. */
        current: error.cause instanceof ConflictError ? (error.cause.current ?? null) : null,
      },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const mergeRouters = t.mergeRouters;

/** Turns domain and ORM errors thrown by rules into the tRPC error a client should see. */
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const mapped = toTRPCError(result.error.cause);
    if (mapped) throw mapped;
  }
  return result;
});

/** Procedures whose success changes tickets: their ids are announced to live dashboards. */
const changesTickets = (path: string) =>
  path.startsWith('tickets.') || path === 'cannedResponses.applyToTicket';

/** After a committed ticket change, tells every instance's live streams which tickets changed. */
const announceChanges = t.middleware(async ({ ctx, next, path, type, getRawInput }) => {
  const result = await next();
  if (result.ok && type === 'mutation' && ctx.config.liveEvents && changesTickets(path)) {
    const ticketIds = new Set([...ticketIdsOf(await getRawInput()), ...ticketIdsOf(result.data)]);
    ctx.config.liveEvents.publish({ topic: 'tickets', ticketIds: [...ticketIds].slice(0, 100) });
  }
  return result;
});

/** Anyone, signed in or not. */
export const publicProcedure = t.procedure.use(mapErrors).use(announceChanges);

/**
 * Any signed-in user, through a session or a personal API token; `ctx.actor` and `ctx.auth` are set.
 * A read-only token may not run mutations; staff may be required to use two-factor sign-in.
 */
export const authedProcedure = publicProcedure.use(async ({ ctx, next, path, type }) => {
  if (!ctx.actor || !ctx.auth) throw toTRPCError(new UnauthorizedError());
  if (type === 'mutation') requireScope(ctx.auth, 'write', 'change anything');
  await requireStaffTwoFactor(ctx, path);
  return next({ ctx: { actor: ctx.actor as Actor, auth: ctx.auth, session: ctx.session } });
});

/** Signed in with a session, not an API token (signing out, managing one's own credentials). */
export const sessionProcedure = authedProcedure.use(({ ctx, next }) => {
  if (!ctx.session) throw toTRPCError(new ForbiddenError('API tokens may not do that; sign in to do it'));
  return next({ ctx: { session: ctx.session } });
});

function roleProcedure(allowed: readonly Role[]) {
  return authedProcedure.use(({ ctx, next }) => {
    if (!allowed.includes(ctx.actor.role)) {
      throw new TRPCError({ code: 'FORBIDDEN', message: 'Your role may not do that' });
    }
    return next();
  });
}

export const customerProcedure = roleProcedure(['customer']);
export const agentProcedure = roleProcedure(['agent', 'admin']);
export const adminProcedure = roleProcedure(['admin']).use(({ ctx, next }) => {
  requireScope(ctx.auth, 'admin', 'use admin procedures');
  return next();
});

export function isStaff(actor: Actor): boolean {
  return actor.role === 'agent' || actor.role === 'admin';
}
