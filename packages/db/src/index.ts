export {
  ConnectionException,
  DeadlockException,
  ForeignKeyConstraintViolationException,
  LockMode,
  LockWaitTimeoutException,
  OptimisticLockError,
  raw,
  UniqueConstraintViolationException,
} from '@mikro-orm/sql';
export {
  createOrmOptions,
  type DatabaseTarget,
  DatabaseUrlError,
  DEFAULT_DATABASE_URL,
  type Dialect,
  migrationsPath,
  parseDatabaseUrl,
} from './config.ts';
export * from './entities/index.ts';
export { loadDotEnv, repoRoot } from './env.ts';
export { newId, newReference, randomBase32 } from './ids.ts';
export { migrate } from './migrate.ts';
export { type Database, describeTarget, type EntityManager, type Orm, openDatabase } from './orm.ts';
export { type CustomFieldDefinition, findApplicableCustomFields } from './repositories/custom-fields.ts';
export {
  dialectOf,
  fromDbDate,
  fromDbDateOrNull,
  fromDbJson,
  rowWriteLock,
  toDbDate,
} from './repositories/dialect.ts';
export { type HelpdeskDB, kyselyOf } from './repositories/kysely.ts';
export { preparedQuery } from './repositories/prepared.ts';
export * from './repositories/reports.ts';
export {
  insertMessage,
  insertNotifications,
  insertOutboxMails,
  insertSearchDocument,
  insertTicketRow,
  insertTicketTags,
  insertTimelineEntries,
  type NewMessage,
  type NewNotification,
  type NewOutboxMail,
  type NewTicketRow,
  type TimelineEntry,
} from './repositories/row-inserts.ts';
export {
  appendToSearchDocument,
  fullTextQuery,
  rebuildSearchDocument,
  type SearchScope,
  toSearchTerms,
} from './repositories/search.ts';
export {
  rebuildSearchIndex,
  type SearchIndexPhase,
  type SearchIndexRebuild,
  type SearchIndexRebuildOptions,
} from './repositories/search-index.ts';
export {
  type AttachmentRow,
  findTicketDetail,
  type MessageRow,
  type TicketDetailQuery,
  type TicketDetailRow,
  type TicketDetailRows,
  type TicketRefRow,
} from './repositories/ticket-detail.ts';
export { applyTicketFilter, type TicketFilter } from './repositories/ticket-filters.ts';
export {
  SEARCH_TIME_LIMIT_MS,
  searchTicketRows,
  type TicketSearchQuery,
} from './repositories/ticket-search.ts';
export {
  lockTicketFields,
  type TicketFieldsChange,
  type TicketFieldsRow,
  writeTicketFields,
} from './repositories/ticket-writes.ts';
export {
  type ActivityColumn,
  countTickets,
  listTicketRows,
  type TicketListQuery,
  type TicketListRow,
  type TicketSort,
  type TicketSortKey,
  ticketRowsByIds,
} from './repositories/tickets.ts';
export { findUserContact } from './repositories/users.ts';
export {
  DEMO_DESK_VERSION,
  type DemoDesk,
  type DemoDeskOptions,
  type DemoUser,
  seedDemoDesk,
} from './seeders/demo-desk.ts';
export { PRODUCTS, TAIL_WORDS, tailWord } from './seeders/text.ts';
export { interceptStatements } from './statement-counter.ts';
