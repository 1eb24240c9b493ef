export {
  type Actor,
  type ApiConfig,
  type Context,
  type CreateContextOptions,
  createContext,
  type RequestInfo,
  type SecurityLog,
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
export type { AttachmentView } from './mappers/attachments.ts';
export type {
  MessageView,
  TicketDetail,
  TicketRef,
  TicketSummary,
  TimelineEntry,
} from './mappers/tickets.ts';
export type { Me, PersonRef } from './mappers/users.ts';
export { type AppRouter, appRouter, createCaller, type RouterInputs, type RouterOutputs } from './root.ts';
export * as attachmentRules from './rules/attachments.ts';
export { SettingsCache } from './rules/settings.ts';
export * as ticketRules from './rules/tickets/index.ts';
export * as userRules from './rules/users.ts';
export { UploadRefusedError } from './services/file-types.ts';
export { type MaintenanceReport, runExclusive, runMaintenance } from './services/jobs.ts';
export {
  type LiveEvent,
  type LiveEvents,
  LocalLiveEvents,
  RedisLiveEvents,
  ticketIdsOf,
} from './services/live-events.ts';
export {
  createMailTransport,
  type DeliveryReport,
  deliverPendingMail,
  type MailTransport,
  type MailTransportConfig,
} from './services/mailer.ts';
export {
  DatabaseRateLimiter,
  type RateLimiter,
  type RateLimitResult,
  RedisRateLimiter,
} from './services/rate-limiter.ts';
export {
  runSearchIndexMaintenance,
  SEARCH_INDEX_REBUILT_KEY,
  type SearchIndexReport,
} from './services/search-index.ts';
export { type FileStorage, LocalFileStorage, newStorageKey } from './services/storage.ts';
