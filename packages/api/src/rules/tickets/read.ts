import { type EntityManager, Message, Ticket, TicketEvent, TicketLink } from '@helpdesk/db';
import type { Actor } from '../../context.ts';
import { NotFoundError } from '../../errors.ts';
import { type TicketDetail, type TimelineEntry, toTicketDetail, toTimeline } from '../../mappers/tickets.ts';
import { isStaff } from '../../trpc.ts';
import { visibleTicket } from '../access.ts';
import { attachmentsOfMessages } from '../attachments.ts';

const DETAIL_RELATIONS = ['requester', 'assignee', 'team', 'category', 'mergedInto', 'followUpOf'] as const;

/** A ticket with its conversation: a fixed number of queries whatever the number of messages. */
export async function getTicket(em: EntityManager, actor: Actor, id: string): Promise<TicketDetail> {
  const staff = isStaff(actor);
  const ticket = await em.findOne(Ticket, visibleTicket(actor, id), {
    populate: staff ? [...DETAIL_RELATIONS, 'tags'] : DETAIL_RELATIONS,
  });
  if (!ticket) throw new NotFoundError('Ticket');
  const messages = await em.find(
    Message,
    staff ? { ticket: ticket.id } : { ticket: ticket.id, internal: false },
    {
      populate: ['author'],
      orderBy: { createdAt: 'asc', id: 'asc' },
    },
  );
  const attachments = await attachmentsOfMessages(
    em,
    messages.map((message) => message.id),
  );
  const links = staff ? await linkedTickets(em, ticket.id) : [];
  return toTicketDetail(ticket, messages, actor, links, attachments);
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
