import type { InferKyselyDB, Kysely } from '@mikro-orm/sql';
import type { ApiTokenSchema, OneTimeTokenSchema, RecoveryCodeSchema } from '../entities/account.ts';
import type { AttachmentSchema } from '../entities/attachment.ts';
import type { AuditLogSchema } from '../entities/audit-log.ts';
import type { CannedResponseSchema } from '../entities/canned-response.ts';
import type { CategorySchema } from '../entities/category.ts';
import type { CustomFieldSchema } from '../entities/custom-field.ts';
import type {
  IdempotencyRecordSchema,
  JobLeaseSchema,
  RateLimitBucketSchema,
  SettingSchema,
} from '../entities/infrastructure.ts';
import type { OutboxMailSchema } from '../entities/mail.ts';
import type { MessageSchema } from '../entities/message.ts';
import type { NotificationSchema } from '../entities/notification.ts';
import type { OrganizationSchema } from '../entities/organization.ts';
import type { SavedViewSchema } from '../entities/saved-view.ts';
import type { SessionSchema } from '../entities/session.ts';
import type { TagSchema, TicketTagSchema } from '../entities/tag.ts';
import type { TeamMemberSchema, TeamSchema } from '../entities/team.ts';
import type { TicketSchema } from '../entities/ticket.ts';
import type { TicketEventSchema, TicketLinkSchema } from '../entities/ticket-event.ts';
import type { TicketSearchSchema } from '../entities/ticket-search.ts';
import type { UserSchema } from '../entities/user.ts';
import type { EntityManager } from '../orm.ts';
import { HelpdeskSqliteDialect } from '../sqlite-dialect.ts';
import type { ReadLength } from '../sqlite-reader.ts';

/** The tables as Kysely sees them, inferred from the entities (column names, not property names). */
export type HelpdeskDB = InferKyselyDB<
  | typeof OneTimeTokenSchema
  | typeof RecoveryCodeSchema
  | typeof ApiTokenSchema
  | typeof AttachmentSchema
  | typeof AuditLogSchema
  | typeof CannedResponseSchema
  | typeof CategorySchema
  | typeof CustomFieldSchema
  | typeof SettingSchema
  | typeof IdempotencyRecordSchema
  | typeof RateLimitBucketSchema
  | typeof JobLeaseSchema
  | typeof OutboxMailSchema
  | typeof MessageSchema
  | typeof NotificationSchema
  | typeof OrganizationSchema
  | typeof SavedViewSchema
  | typeof SessionSchema
  | typeof TagSchema
  | typeof TicketTagSchema
  | typeof TeamSchema
  | typeof TeamMemberSchema
  | typeof TicketEventSchema
  | typeof TicketLinkSchema
  | typeof TicketSearchSchema
  | typeof TicketSchema
  | typeof UserSchema
>;

/** A typed Kysely bound to the EntityManager (and to its transaction, if one is open). */
export function kyselyOf(em: EntityManager): Kysely<HelpdeskDB> {
  return em.getKysely<HelpdeskDB>();
}

/**
 * Where a read-only statement of many rows or much work runs (a search, a list's page, a
 * conversation): on SQLite, outside a transaction, a thread of its own (the server's one
 * connection runs statements on the event loop, one at a time), where a `short` read never waits
 * behind a `long` one (ReadLength); anywhere else, the EntityManager's own Kysely (a MySQL pool
 * already reads beside the writers). A reader sees what was committed when its statement starts,
 * so a read after a committed write sees that write. A point lookup stays on the server's
 * connection: it costs less than the trip to the thread and back (measured: a view with its
 * ticket, tags and links read here too answered fewer requests).
 */
export function readerOf(em: EntityManager, length: ReadLength): Kysely<HelpdeskDB> {
  if (!em.isInTransaction()) {
    const dialect = em.config.get('driverOptions');
    if (dialect instanceof HelpdeskSqliteDialect) {
      const reader = dialect.offThreadReader(length);
      if (reader) return reader as unknown as Kysely<HelpdeskDB>;
    }
  }
  return kyselyOf(em);
}
