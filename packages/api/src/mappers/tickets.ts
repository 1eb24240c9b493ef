import type {
  Attachment,
  Message,
  Ticket,
  TicketDetailRows,
  TicketEvent,
  TicketListRow,
  TicketRefRow,
  User,
} from '@helpdesk/db';
import type { TicketChannel, TicketEventKind, TicketPriority, TicketStatus } from '@helpdesk/validators';
import type { Actor } from '../context.ts';
import { isStaff } from '../trpc.ts';
import { type AttachmentView, toAttachmentView } from './attachments.ts';
import { type PersonRef, toPersonRef } from './users.ts';

/**
 * Outputs are built field by field, never by serializing an entity: a field is only ever sent
 * because a line here sends it. Customers get public fields only, and timestamps of public
 * activity only; agent-only fields (team, tags, custom fields, due date, links) are left out.
 */
export interface NamedRef {
  id: string;
  name: string;
}

export interface TicketSummary {
  id: string;
  reference: string;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  createdAt: string;
  updatedAt: string;
  /**
   * The version an update must carry (agents). It moves with internal notes too, so customers, who
   * cannot update, always get 0 rather than a number that would hint at hidden activity.
   */
  version: number;
  requester: PersonRef;
  assignee: PersonRef | null;
  category: NamedRef | null;
  /** Agents only (absent for customers). */
  team?: NamedRef | null;
  tags?: string[];
  dueAt?: string | null;
}

export interface MessageView {
  id: string;
  body: string;
  internal: boolean;
  createdAt: string;
  author: PersonRef & { staff: boolean };
  /** Download each at `GET /attachments/:id`. */
  attachments: AttachmentView[];
}

export interface TicketRef {
  id: string;
  reference: string;
  subject: string;
  status: TicketStatus;
}

export interface TicketDetail extends TicketSummary {
  channel: TicketChannel;
  firstResponseAt: string | null;
  solvedAt: string | null;
  closedAt: string | null;
  mergedInto: TicketRef | null;
  followUpOf: TicketRef | null;
  /** Agents only. */
  customFields?: Record<string, unknown>;
  links?: TicketRef[];
  messages: MessageView[];
}

export interface TimelineEntry {
  id: string;
  kind: TicketEventKind;
  field: string | null;
  from: string | null;
  to: string | null;
  internal: boolean;
  at: string;
  actor: PersonRef | null;
}

const iso = (date: Date) => date.toISOString();
const isoOrNull = (date: Date | null | undefined) => (date ? date.toISOString() : null);
const named = (value: { id: string; name: string } | null | undefined): NamedRef | null =>
  value ? { id: value.id, name: value.name } : null;

export function rowToSummary(row: TicketListRow, viewer: Actor): TicketSummary {
  const staff = isStaff(viewer);
  const summary: TicketSummary = {
    id: row.id,
    reference: row.reference,
    subject: row.subject,
    status: row.status,
    priority: row.priority,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.activityAt),
    version: staff ? row.version : 0,
    requester: row.requester,
    assignee: row.assignee,
    category: row.category,
  };
  if (staff) {
    // Assigned one by one rather than with Object.assign: a page maps 25 rows the same way.
    summary.team = row.team;
    summary.tags = row.tags;
    summary.dueAt = isoOrNull(row.dueAt);
  }
  return summary;
}

/** Needs `requester`, `assignee`, `team`, `category` and (for agents) `tags` loaded. */
export function toTicketSummary(ticket: Ticket, viewer: Actor): TicketSummary {
  const staff = isStaff(viewer);
  const summary: TicketSummary = {
    id: ticket.id,
    reference: ticket.reference,
    subject: ticket.subject,
    status: ticket.status,
    priority: ticket.priority,
    createdAt: iso(ticket.createdAt),
    updatedAt: iso(staff ? ticket.updatedAt : ticket.customerUpdatedAt),
    version: staff ? ticket.version : 0,
    requester: toPersonRef(ticket.requester),
    assignee: ticket.assignee ? toPersonRef(ticket.assignee) : null,
    category: named(ticket.category),
  };
  if (staff) {
    Object.assign(summary, {
      team: named(ticket.team),
      tags: ticket.tags.isInitialized()
        ? ticket.tags
            .getItems()
            .map((tag) => tag.name)
            .sort()
        : [],
      dueAt: isoOrNull(ticket.dueAt),
    });
  }
  return summary;
}

export function toTicketRef(ticket: Ticket): TicketRef {
  return { id: ticket.id, reference: ticket.reference, subject: ticket.subject, status: ticket.status };
}

/** What a message view shows of a message: an entity with its `author` loaded, or a row just written. */
type MessageLike = Pick<Message, 'id' | 'body' | 'internal' | 'createdAt'> & {
  author: Pick<User, 'id' | 'name' | 'role'>;
};

/** `attachments` are this message's. */
export function toMessageView(message: MessageLike, attachments: readonly Attachment[] = []): MessageView {
  const author = message.author;
  return {
    id: message.id,
    body: message.body,
    internal: message.internal,
    createdAt: iso(message.createdAt),
    author: { ...toPersonRef(author), staff: author.role !== 'customer' },
    attachments: attachments.map(toAttachmentView),
  };
}

/**
 * `messages` must already be filtered for the viewer; as a second guard, internal notes are
 * dropped here for anyone who is not staff, and with them their attachments (`attachments` are
 * those of `messages`, each shown under its own message).
 */
export function toTicketDetail(
  ticket: Ticket,
  messages: readonly Message[],
  viewer: Actor,
  links: readonly Ticket[] = [],
  attachments: readonly Attachment[] = [],
): TicketDetail {
  const staff = isStaff(viewer);
  const byMessage = Map.groupBy(attachments, (attachment) => attachment.message?.id);
  const detail: TicketDetail = {
    ...toTicketSummary(ticket, viewer),
    channel: ticket.channel,
    firstResponseAt: isoOrNull(ticket.firstResponseAt),
    solvedAt: isoOrNull(ticket.solvedAt),
    closedAt: isoOrNull(ticket.closedAt),
    mergedInto: ticket.mergedInto ? toTicketRef(ticket.mergedInto) : null,
    followUpOf: ticket.followUpOf ? toTicketRef(ticket.followUpOf) : null,
    messages: messages
      .filter((message) => staff || !message.internal)
      .map((message) => toMessageView(message, byMessage.get(message.id))),
  };
  if (staff)
    Object.assign(detail, { customFields: ticket.customFields ?? {}, links: links.map(toTicketRef) });
  return detail;
}

/**
 * The same answer as `toTicketDetail`, from the rows `findTicketDetail` reads (no entities): the
 * hot path of `tickets.get`. Internal notes are dropped here too for anyone who is not staff.
 */
export function detailRowsToView(rows: TicketDetailRows, viewer: Actor): TicketDetail {
  const staff = isStaff(viewer);
  const { ticket } = rows;
  const byMessage = Map.groupBy(rows.attachments, (attachment) => attachment.messageId);
  const refOf = (row: TicketRefRow | null): TicketRef | null =>
    row ? { id: row.id, reference: row.reference, subject: row.subject, status: row.status } : null;
  const detail: TicketDetail = {
    ...rowToSummary(ticket, viewer),
    channel: ticket.channel,
    firstResponseAt: isoOrNull(ticket.firstResponseAt),
    solvedAt: isoOrNull(ticket.solvedAt),
    closedAt: isoOrNull(ticket.closedAt),
    mergedInto: refOf(ticket.mergedInto),
    followUpOf: refOf(ticket.followUpOf),
    messages: rows.messages
      .filter((message) => staff || !message.internal)
      .map((message) => ({
        id: message.id,
        body: message.body,
        internal: message.internal,
        createdAt: iso(message.createdAt),
        author: { ...toPersonRef(message.author), staff: message.author.role !== 'customer' },
        attachments: (byMessage.get(message.id) ?? []).map((attachment) => ({
          id: attachment.id,
          filename: attachment.filename,
          size: attachment.size,
          contentType: attachment.contentType,
        })),
      })),
  };
  if (staff)
    Object.assign(detail, {
      customFields: ticket.customFields,
      links: rows.links.map((link) => refOf(link)),
    });
  return detail;
}

/** Needs `actor` loaded. Internal entries are dropped for anyone who is not staff. */
export function toTimeline(events: readonly TicketEvent[], viewer: Actor): TimelineEntry[] {
  const staff = isStaff(viewer);
  return events
    .filter((event) => staff || !event.internal)
    .map((event) => ({
      id: event.id,
      kind: event.kind,
      field: event.field ?? null,
      from: event.fromValue ?? null,
      to: event.toValue ?? null,
      internal: event.internal,
      at: iso(event.createdAt),
      actor: event.actor ? toPersonRef(event.actor) : null,
    }));
}
