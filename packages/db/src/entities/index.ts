import { ApiToken, OneTimeToken, RecoveryCode } from './account.ts';
import { Attachment } from './attachment.ts';
import { AuditLog } from './audit-log.ts';
import { CannedResponse } from './canned-response.ts';
import { Category } from './category.ts';
import { CustomField } from './custom-field.ts';
import { IdempotencyRecord, JobLease, RateLimitBucket, Setting } from './infrastructure.ts';
import { OutboxMail } from './mail.ts';
import { Message } from './message.ts';
import { Notification } from './notification.ts';
import { Organization } from './organization.ts';
import { SavedView } from './saved-view.ts';
import { Session } from './session.ts';
import { Tag, TicketTag } from './tag.ts';
import { Team, TeamMember } from './team.ts';
import { Ticket } from './ticket.ts';
import { TicketEvent, TicketLink } from './ticket-event.ts';
import { TicketSearch } from './ticket-search.ts';
import { User } from './user.ts';

export {
  ApiToken,
  Attachment,
  AuditLog,
  CannedResponse,
  Category,
  CustomField,
  IdempotencyRecord,
  JobLease,
  Message,
  Notification,
  OneTimeToken,
  Organization,
  OutboxMail,
  RateLimitBucket,
  RecoveryCode,
  SavedView,
  Session,
  Setting,
  Tag,
  Team,
  TeamMember,
  Ticket,
  TicketEvent,
  TicketLink,
  TicketSearch,
  TicketTag,
  User,
};

/** Every entity the ORM knows; the migrations of both dialects are generated from exactly these. */
export const entities = [
  User,
  Organization,
  Session,
  Ticket,
  Message,
  TicketSearch,
  Category,
  Tag,
  TicketTag,
  Team,
  TeamMember,
  CannedResponse,
  CustomField,
  TicketEvent,
  TicketLink,
  Notification,
  SavedView,
  AuditLog,
  Setting,
  IdempotencyRecord,
  RateLimitBucket,
  JobLease,
  OneTimeToken,
  RecoveryCode,
  ApiToken,
  Attachment,
  OutboxMail,
];
export {
  type ApiTokenScope,
  apiTokenScopes,
  type OneTimeTokenPurpose,
  oneTimeTokenPurposes,
} from './account.ts';
