import { type EntityManager, findTicketDetail, Ticket, TicketEvent, TicketLink } from '@helpdesk/db';
import type { Actor } from '../../context.ts';
import { NotFoundError } from '../../errors.ts';
import {
  detailRowsToView,
  type TicketDetail,
  type TimelineEntry,
  toTimeline,
} from '../../mappers/tickets.ts';
import { isStaff } from '../../trpc.ts';
import { activitySeenBy, customerScope, visibleTicket } from '../access.ts';

/**
 * A ticket with its conversation: a fixed number of hand-written queries whatever the number of
 * messages, mapped straight to the answer (no entities: this is the most read page of the desk).
 */
export async function getTicket(em: EntityManager, actor: Actor, id: string): Promise<TicketDetail> {
  const staff = isStaff(actor);
  const rows = await findTicketDetail(em, {
    id,
    filter: { customer: customerScope(actor) },
    activity: activitySeenBy(actor),
    staff,
  });
  if (!rows) throw new NotFoundError('Ticket');
  return detailRowsToView(rows, actor);
}

/** Tickets linked to this one, in either direction, in one query. */
export async function linkedTickets(em: EntityManager, ticketId: string): Promise<Ticket[]> {
  const links = await em.find(
    TicketLink,
    { $or: [{ ticket: ticketId }, { related: ticketId }] },
    {
      populate: ['ticket', 'related'],
    },
  );
  return links.map((link) => (link.ticket.id === ticketId ? link.related : link.ticket));
}

/** Everything that happened to a ticket, oldest first; customers see public entries only. */
export async function getTimeline(em: EntityManager, actor: Actor, id: string): Promise<TimelineEntry[]> {
  const ticket = await em.findOne(Ticket, visibleTicket(actor, id), { fields: ['id'] });
  if (!ticket) throw new NotFoundError('Ticket');
  const events = await em.find(
    TicketEvent,
    isStaff(actor) ? { ticket: ticket.id } : { ticket: ticket.id, internal: false },
    { populate: ['actor'], orderBy: { createdAt: 'asc', id: 'asc' } },
  );
  return toTimeline(events, actor);
}
