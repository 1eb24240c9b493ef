import { type EntityManager, type Ticket, TicketEvent, type TimelineEntry, User } from '@helpdesk/db';
import type { TicketEventKind } from '@helpdesk/validators';

export interface EventInput {
  ticket: Ticket;
  /** Who did it; null for the system (scheduled jobs, the public form). */
  actorId: string | null;
  kind: TicketEventKind;
  field?: string;
  from?: string | null;
  to?: string | null;
  /** Hidden from customers (notes, tags, team, links, custom fields, due dates). */
  internal: boolean;
  at: Date;
}

/** A value as the timeline keeps it: its column holds 255 characters. */
const clip = (value: string | null | undefined) => (value == null ? null : value.slice(0, 255));

/** An entry's own columns as the timeline keeps them (optional parts null, values clipped). */
function entryOf(input: Omit<EventInput, 'ticket'>): Omit<TimelineEntry, 'ticketId'> {
  return {
    actorId: input.actorId,
    kind: input.kind,
    field: input.field ?? null,
    from: clip(input.from),
    to: clip(input.to),
    internal: input.internal,
    at: input.at,
  };
}

/**
 * An entry of this ticket's timeline as a row for `insertTimelineEntries` (a change written as
 * statements); `recordEvent` writes the same through the unit of work.
 */
export function timelineEntry(ticketId: string, input: Omit<EventInput, 'ticket'>): TimelineEntry {
  return { ticketId, ...entryOf(input) };
}

/** Appends an entry to a ticket's timeline, in the caller's unit of work (flushed with the change). */
export function recordEvent(em: EntityManager, input: EventInput): TicketEvent {
  const entry = entryOf(input);
  return em.create(TicketEvent, {
    ticket: input.ticket,
    actor: entry.actorId ? em.getReference(User, entry.actorId) : null,
    kind: entry.kind,
    field: entry.field,
    fromValue: entry.from,
    toValue: entry.to,
    internal: entry.internal,
    createdAt: entry.at,
  });
}

/** Fields customers may see change on their ticket's timeline; every other field change is internal. */
const PUBLIC_FIELDS = new Set(['status', 'priority', 'subject', 'assignee', 'category']);

/** Whether a change of this field stays off the customer's timeline. */
const isInternalField = (field: string) => !PUBLIC_FIELDS.has(field);

/**
 * A field's change as the timeline keeps it, wherever it is written (through the unit of work
 * here, or as a statement by rules/tickets/field-changes.ts): its kind, visibility and values.
 */
export function fieldChange(field: string, from: string | null, to: string | null) {
  return {
    kind: 'field_changed',
    field,
    from: clip(from),
    to: clip(to),
    internal: isInternalField(field),
  } as const;
}

export function recordFieldChange(
  em: EntityManager,
  ticket: Ticket,
  actorId: string | null,
  field: string,
  from: string | null,
  to: string | null,
  at: Date,
): TicketEvent {
  return recordEvent(em, { ticket, actorId, at, ...fieldChange(field, from, to) });
}
