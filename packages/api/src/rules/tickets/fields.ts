import { priorityRank, type TicketPriority, type TicketStatus } from '@helpdesk/validators';

/**
 * The rules of a ticket's own fields (status, priority, subject, due date, activity clocks), over
 * anything that has them: a Ticket entity in the ORM's unit of work, or a row locked for a change
 * written as statements (field-changes.ts). One set of rules, so both ways write the same.
 */
export interface TicketFields {
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  priorityRank: number;
  dueAt?: Date | null;
  solvedAt?: Date | null;
  closedAt?: Date | null;
  updatedAt: Date;
  customerUpdatedAt: Date;
}

/** Puts a field's change on the timeline (the caller knows where: an entity, or rows to insert). */
export type RecordChange = (field: string, from: string | null, to: string | null) => void;

/** The fields these rules change, `undefined` leaving one alone. */
export interface FieldChanges {
  subject?: string;
  status?: TicketStatus;
  priority?: TicketPriority;
  dueAt?: Date | null;
}

/** Status with its timestamps: solving stamps `solvedAt`, closing `closedAt`, reopening clears both. */
export function changeStatus(ticket: TicketFields, status: TicketStatus, now: Date, record: RecordChange) {
  if (status === ticket.status) return false;
  record('status', ticket.status, status);
  ticket.status = status;
  if (status === 'solved') ticket.solvedAt = now;
  else if (status === 'closed') ticket.solvedAt ??= now;
  else ticket.solvedAt = null;
  ticket.closedAt = status === 'closed' ? now : null;
  return true;
}

export function changePriority(ticket: TicketFields, priority: TicketPriority, record: RecordChange) {
  if (priority === ticket.priority) return false;
  record('priority', ticket.priority, priority);
  ticket.priority = priority;
  ticket.priorityRank = priorityRank[priority];
  return true;
}

/**
 * Applies the subject, status, priority and due date changes, in that order. Answers which kind of
 * change it was (a public one moves the customers' activity clock too) and whether the subject
 * changed (its words join the ticket's search document).
 */
export function changeFields(ticket: TicketFields, changes: FieldChanges, now: Date, record: RecordChange) {
  let publicChange = false;
  let internalChange = false;
  const subjectChanged = changes.subject !== undefined && changes.subject !== ticket.subject;
  if (subjectChanged) {
    record('subject', ticket.subject, changes.subject as string);
    ticket.subject = changes.subject as string;
    publicChange = true;
  }
  if (changes.status !== undefined)
    publicChange = changeStatus(ticket, changes.status, now, record) || publicChange;
  if (changes.priority !== undefined)
    publicChange = changePriority(ticket, changes.priority, record) || publicChange;
  if (changes.dueAt !== undefined && changes.dueAt?.getTime() !== ticket.dueAt?.getTime()) {
    record('dueAt', ticket.dueAt?.toISOString() ?? null, changes.dueAt?.toISOString() ?? null);
    ticket.dueAt = changes.dueAt;
    internalChange = true;
  }
  return { publicChange, internalChange, subjectChanged };
}

/** `now`, or a millisecond after `previous` if that is not earlier: a clock that never goes back. */
function later(previous: Date, now: Date): Date {
  return now.getTime() > previous.getTime() ? now : new Date(previous.getTime() + 1);
}

/**
 * Marks a ticket changed: moves the activity clocks (customers' only for public changes) strictly
 * forward. A request that waited for the row lock may carry an older `now` than the change before
 * it; the ticket's clock still only moves on, and because the row always changes, so does its
 * version, even when the change itself lives in another table (tags, links).
 */
export function touch(ticket: TicketFields, now: Date, publicChange: boolean) {
  ticket.updatedAt = later(ticket.updatedAt, now);
  if (publicChange) ticket.customerUpdatedAt = later(ticket.customerUpdatedAt, now);
}
