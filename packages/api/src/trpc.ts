import type { SessionRecord } from '@helpdesk/auth';
import type { ApiTokenScope } from '@helpdesk/db';
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

/**
 * A zod schema as a procedure's input parser, parsed synchronously. tRPC calls a zod schema's
 * `parseAsync`, and zod 4 runs its compiled fast path for objects only in `parse`: the list's
 * input took 11 µs to parse that way against 2 µs (see bench/HISTORY.md, round 11). The standard
 * schema interface carries the input and output types to the client; `parse` is what tRPC runs.
 * An async refinement would make `parse` throw on every valid input: the procedure's own tests
 * would show it (none of the input schemas has one).
 */
export function syncInput<S extends z.ZodType>(schema: S) {
  return { '~standard': schema['~standard'], parse: (value: unknown) => schema.parse(value) as z.output<S> };
}

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const mergeRouters = t.mergeRouters;

/** Procedures whose success changes tickets: their ids are announced to live dashboards. */
const changesTickets = (path: string) =>
  path.startsWith('tickets.') || path === 'cannedResponses.applyToTicket';

interface CallInfo {
  ctx: Context;
  path: string;
  type: 'query' | 'mutation' | 'subscription';
  getRawInput: () => Promise<unknown>;
}

/**
 * What follows every call: domain and ORM errors thrown by rules become the tRPC error a client
 * should see, and a committed ticket change tells every instance's live streams which tickets
 * changed.
 */
async function settle<R extends { ok: true; data: unknown } | { ok: false; error: TRPCError }>(
  result: R,
  { ctx, path, type, getRawInput }: CallInfo,
) {
  if (!result.ok) {
    const mapped = toTRPCError(result.error.cause);
    if (mapped) throw mapped;
  } else if (type === 'mutation' && ctx.config.liveEvents && changesTickets(path)) {
    const ticketIds = new Set([...ticketIdsOf(await getRawInput()), ...ticketIdsOf(result.data)]);
    ctx.config.liveEvents.publish({ topic: 'tickets', ticketIds: [...ticketIds].slice(0, 100) });
  }
  return result;
}

/**
 * Anyone, signed in or not. Every builder is one middleware (`settle` around the call, plus the
 * checks for signed-in ones), not a chain: tRPC copies a call's options at every middleware, ~4 µs
 * each, the largest fixed cost of a call after the socket write (see bench/HISTORY.md, round 4).
 */
export const publicProcedure = t.procedure.use(async (opts) => settle(await opts.next(), opts));

/** What a signed-in caller must be, beyond signed in. */
interface Requirement {
  /** One of these roles. */
  roles?: readonly Role[];
  /** Signed in with a session, not an API token. */
  session?: boolean;
  /** A credential with this scope (sessions have every scope), and what it is needed for. */
  scope?: { needed: ApiTokenScope; toDo: string };
}

/**
 * The checks of a signed-in procedure: signed in at all (through a session or a personal API
 * token), a read-only token runs no mutations, staff may be required to use two-factor sign-in,
 * then the requirement's session, role and scope. Answers what the procedure's context narrows to.
 */
async function authorize(ctx: Context, path: string, type: CallInfo['type'], requirement: Requirement) {
  const { actor, auth, session } = ctx;
  if (!actor || !auth) throw new UnauthorizedError();
  if (type === 'mutation') requireScope(auth, 'write', 'change anything');
  await requireStaffTwoFactor(ctx, path);
  if (requirement.session && !session)
    throw new ForbiddenError('API tokens may not do that; sign in to do it');
  if (requirement.roles && !requirement.roles.includes(actor.role))
    throw new TRPCError({ code: 'FORBIDDEN', message: 'Your role may not do that' });
  if (requirement.scope) requireScope(auth, requirement.scope.needed, requirement.scope.toDo);
  return { actor, auth, session };
}

/**
 * A builder for signed-in callers meeting `requirement`: `authorize`, then the call, then `settle`,
 * in one middleware. A refusal is mapped here, as `settle` only sees what the call answers.
 */
function signedIn<const R extends Requirement>(requirement: R) {
  type Session = R['session'] extends true ? SessionRecord : SessionRecord | null;
  return t.procedure.use(async (opts) => {
    let checked: Awaited<ReturnType<typeof authorize>>;
    try {
      checked = await authorize(opts.ctx, opts.path, opts.type, requirement);
    } catch (error) {
      throw toTRPCError(error) ?? error;
    }
    const { actor, auth, session } = checked;
    return settle(await opts.next({ ctx: { actor, auth, session: session as Session } }), opts);
  });
}

/** Any signed-in user, through a session or a personal API token; `ctx.actor` and `ctx.auth` are set. */
export const authedProcedure = signedIn({});

/** Signed in with a session, not an API token (signing out, managing one's own credentials). */
export const sessionProcedure = signedIn({ session: true });

/** Signed in, and the credential has `scope` (e.g. API token management needs `admin`). */
export const scopedProcedure = (needed: ApiTokenScope, toDo: string) => signedIn({ scope: { needed, toDo } });

export const customerProcedure = signedIn({ roles: ['customer'] });
export const agentProcedure = signedIn({ roles: ['agent', 'admin'] });
export const adminProcedure = signedIn({
  roles: ['admin'],
  scope: { needed: 'admin', toDo: 'use admin procedures' },
});

export function isStaff(actor: Actor): boolean {
  return actor.role === 'agent' || actor.role === 'admin';
}
