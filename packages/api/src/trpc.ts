import type { Role } from '@helpdesk/validators';
import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError, z } from 'zod';
import type { Actor, Context } from './context.ts';
import { ConflictError, InvalidInputError, toTRPCError, UnauthorizedError } from './errors.ts';

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
            ? { formErrors: [], fieldErrors: { [error.cause.field]: [error.message] } }
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

/** Anyone, signed in or not. */
export const publicProcedure = t.procedure.use(mapErrors);

/** Any signed-in user; `ctx.actor` is set. */
export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.actor || !ctx.session) throw toTRPCError(new UnauthorizedError());
  return next({ ctx: { actor: ctx.actor as Actor, session: ctx.session } });
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
export const adminProcedure = roleProcedure(['admin']);

export function isStaff(actor: Actor): boolean {
  return actor.role === 'agent' || actor.role === 'admin';
}
