export {
  type Actor,
  type ApiConfig,
  type Context,
  type CreateContextOptions,
  createContext,
  type RequestInfo,
  type SessionCookieJar,
  toActor,
} from './context.ts';
export {
  ConflictError,
  DomainError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  toTRPCError,
  UnauthorizedError,
} from './errors.ts';
export type {
  MessageView,
  TicketDetail,
  TicketRef,
  TicketSummary,
  TimelineEntry,
} from './mappers/tickets.ts';
export type { Me, PersonRef } from './mappers/users.ts';
export { type AppRouter, appRouter, createCaller, type RouterInputs, type RouterOutputs } from './root.ts';
export * as ticketRules from './rules/tickets/index.ts';
export * as userRules from './rules/users.ts';
