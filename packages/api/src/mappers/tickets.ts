import type { Message, Ticket, TicketListRow } from '@helpdesk/db';
import type { TicketPriority, TicketStatus } from '@helpdesk/validators';
import type { Actor } from '../context.ts';
import { isStaff } from '../trpc.ts';
import { type PersonRef, toPersonRef } from './users.ts';

/**
 * Outputs are built field by field, never by serializing an entity: a field is only ever sent
 * because a line here sends it. Customers' timestamps come from public activity only.
 */
export interface TicketSummary {
  id: string;
  reference: string;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  createdAt: string;
  updatedAt: string;
  version: number;
  requester: PersonRef;
  assignee: PersonRef | null;
}

export interface MessageView {
  id: string;
  body: string;
  internal: boolean;
  createdAt: string;
  author: PersonRef & { staff: boolean };
}

export interface TicketDetail extends TicketSummary {
  firstResponseAt: string | null;
  solvedAt: string | null;
  closedAt: string | null;
  messages: MessageView[];
}

const iso = (date: Date) => date.toISOString();
const isoOrNull = (date: Date | null | undefined) => (date ? date.toISOString() : null);

export function rowToSummary(row: TicketListRow): TicketSummary {
  return {
    id: row.id,
    reference: row.reference,
    subject: row.subject,
    status: row.status,
    priority: row.priority,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.activityAt),
    version: row.version,
    requester: row.requester,
    assignee: row.assignee,
  };
}

/** Needs `requester` and `assignee` loaded. */
export function toTicketSummary(ticket: Ticket, viewer: Actor): TicketSummary {
  return {
    id: ticket.id,
    reference: ticket.reference,
    subject: ticket.subject,
    status: ticket.status,
    priority: ticket.priority,
    createdAt: iso(ticket.createdAt),
    updatedAt: iso(isStaff(viewer) ? ticket.updatedAt : ticket.customerUpdatedAt),
    version: ticket.version,
    requester: toPersonRef(ticket.requester),
    assignee: ticket.assignee ? toPersonRef(ticket.assignee) : null,
  };
}

/** Needs each message's `author` loaded. */
export function toMessageView(message: Message): MessageView {
  const author = message.author;
  return {
    id: message.id,
    body: message.body,
    internal: message.internal,
    createdAt: iso(message.createdAt),
    author: { ...toPersonRef(author), staff: author.role !== 'customer' },
  };
}

/**
 * `messages` must already be filtered for the viewer; as a second guard, internal notes are
 * dropped here for anyone who is not staff.
 */
export function toTicketDetail(ticket: Ticket, messages: readonly Message[], viewer: Actor): TicketDetail {
  const staff = isStaff(viewer);
  return {
    ...toTicketSummary(ticket, viewer),
    firstResponseAt: isoOrNull(ticket.firstResponseAt),
    solvedAt: isoOrNull(ticket.solvedAt),
    closedAt: isoOrNull(ticket.closedAt),
    messages: messages.filter((message) => staff || !message.internal).map(toMessageView),
  };
}
