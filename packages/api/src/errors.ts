import {
  ConnectionException,
  DeadlockException,
  ForeignKeyConstraintViolationException,
  LockWaitTimeoutException,
  OptimisticLockError,
  UniqueConstraintViolationException,
} from '@helpdesk/db';
import { TRPCError } from '@trpc/server';

/**
 * Business rules throw these; one place (`toTRPCError`) turns them into tRPC errors, so rules
 * stay free of transport concerns and tests can assert on them directly.
 */
export type DomainErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'UNPROCESSABLE_CONTENT'
  | 'PAYLOAD_TOO_LARGE'
  | 'TOO_MANY_REQUESTS';

export class DomainError extends Error {
  readonly code: DomainErrorCode;

  constructor(code: DomainErrorCode, message: string) {
    super(message);
    this.code = code;
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string) {
    super('NOT_FOUND', `${what} not found`);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'You are not allowed to do that') {
    super('FORBIDDEN', message);
  }
}

/** More than a limit allows (HTTP 413). */
export class TooLargeError extends DomainError {
  constructor(message: string) {
    super('PAYLOAD_TOO_LARGE', message);
  }
}

export class UnauthorizedError extends DomainError {
  constructor(message = 'Sign in first') {
    super('UNAUTHORIZED', message);
  }
}

/** A state conflict; `current` is the up-to-date state the client should rebase on. */
export class ConflictError extends DomainError {
  readonly current: unknown;

  constructor(message: string, current?: unknown) {
    super('CONFLICT', message);
    this.current = current;
  }
}

/** A value that is well-formed but not acceptable, reported like a zod field error. */
export class InvalidInputError extends DomainError {
  readonly field: string;
  /** The message without the field's name, as a form shows it next to the field. */
  readonly detail: string;

  constructor(field: string, message: string) {
    super('BAD_REQUEST', `${field}: ${message}`);
    this.field = field;
    this.detail = message;
  }
}

const CONNECTION_FAILURES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'PROTOCOL_CONNECTION_LOST',
  'ER_CON_COUNT_ERROR',
]);

/**
 * The database cannot be reached (an outage, a failover): the client gets a quick 503 to retry,
 * not a 500 that reads like a bug. Reconnecting is automatic on the next request.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  return someCause(error, (cause) => {
    if (cause instanceof ConnectionException) return true;
    const code = (cause as { code?: unknown }).code;
    return typeof code === 'string' && CONNECTION_FAILURES.has(code);
  });
}

/**
 * The database stopped a statement at its time limit: MySQL's MAX_EXECUTION_TIME (3024), or
 * MariaDB's max_statement_time (1969, SQLSTATE 70100).
 */
export function isStatementTimeout(error: unknown): boolean {
  return someCause(error, (cause) => {
    const { errno, sqlState } = cause as { errno?: unknown; sqlState?: unknown };
    return errno === 3024 || (errno === 1969 && sqlState === '70100');
  });
}

/** MySQL's ER_LOCK_WAIT_TIMEOUT and ER_LOCK_DEADLOCK; SQLite's SQLITE_BUSY and SQLITE_LOCKED (any extended code). */
const LOCK_ERRNOS = new Set([1205, 1213]);
const SQLITE_LOCK_CODES = new Set([5, 6]);

/**
 * The database gave up on this transaction because of another one: it waited for a lock longer
 * than allowed (MySQL's `innodb_lock_wait_timeout`, SQLite's busy timeout while another process
 * writes to the file) or was picked as a deadlock's victim. It was rolled back whole, and the same
 * request a moment later succeeds. Recognized whether the ORM converted the driver's error or a
 * repository's Kysely statement passed it on as it came.
 */
export function isLockContention(error: unknown): boolean {
  return someCause(error, (cause) => {
    if (cause instanceof LockWaitTimeoutException || cause instanceof DeadlockException) return true;
    const { errno, errcode } = cause as { errno?: unknown; errcode?: unknown };
    return (
      (typeof errno === 'number' && LOCK_ERRNOS.has(errno)) ||
      (typeof errcode === 'number' && SQLITE_LOCK_CODES.has(errcode & 0xff))
    );
  });
}

/** The error or one of its first causes (drivers and the ORM wrap each other's errors) passes `test`. */
function someCause(error: unknown, test: (cause: object) => boolean): boolean {
  for (let cause = error, depth = 0; cause && depth < 4; depth++) {
    if (typeof cause === 'object' && test(cause)) return true;
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
}

/** Maps a thrown value to the tRPC error the client should see; undefined for unexpected errors. */
export function toTRPCError(error: unknown): TRPCError | undefined {
  if (error instanceof TRPCError) return error;
  if (error instanceof DomainError)
    return new TRPCError({ code: error.code, message: error.message, cause: error });
  if (error instanceof OptimisticLockError) {
    return new TRPCError({
      code: 'CONFLICT',
      message: 'Someone else changed this in the meantime; reload it',
      cause: error,
    });
  }
  if (error instanceof UniqueConstraintViolationException) {
    return new TRPCError({ code: 'CONFLICT', message: 'That already exists', cause: error });
  }
  // The asker hung up and the statement was stopped on purpose: nobody is left to answer.
  if (error instanceof Error && error.name === 'AbortError') {
    return new TRPCError({
      code: 'CLIENT_CLOSED_REQUEST',
      message: 'The request was abandoned',
      cause: error,
    });
  }
  if (isStatementTimeout(error)) {
    return new TRPCError({
      code: 'TIMEOUT',
      message: 'That took too long; add words or filters to narrow it',
      cause: error,
    });
  }
  if (isDatabaseUnavailable(error)) {
    return new TRPCError({
      code: 'SERVICE_UNAVAILABLE',
      message: 'The service is unavailable for a moment; try again shortly',
      cause: error,
    });
  }
  if (isLockContention(error)) {
    return new TRPCError({
      code: 'SERVICE_UNAVAILABLE',
      message: 'Another change to the same records held this one up; nothing was saved: try again',
      cause: error,
    });
  }
  if (error instanceof ForeignKeyConstraintViolationException) {
    return new TRPCError({
      code: 'BAD_REQUEST',
      message: 'A referenced record does not exist',
      cause: error,
    });
  }
  return undefined;
}
