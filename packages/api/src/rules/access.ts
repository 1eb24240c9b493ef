import type { ActivityColumn, TicketFilter } from '@helpdesk/db';
import type { Actor } from '../context.ts';
import { isStaff } from '../trpc.ts';

/**
 * Who may read which ticket. Agents and admins: every ticket. Customers: their own, and their
 * organization's when it shares tickets. A ticket outside someone's scope does not exist for them.
 */
export function customerScope(actor: Actor): TicketFilter['customer'] {
  if (isStaff(actor)) return undefined;
  return {
    userId: actor.id,
    sharedOrganizationId: actor.sharesOrganizationTickets ? actor.organizationId : null,
  };
}

/**
 * Which activity time the actor sees on a ticket: agents any change's, customers only public
 * changes' (an internal note must not move the time a customer sees).
 */
export function activitySeenBy(actor: Actor): ActivityColumn {
  return isStaff(actor) ? 'updated_at' : 'customer_updated_at';
}

/** A MikroORM `where` for "this ticket, if the actor may see it". */
export function visibleTicket(actor: Actor, id: string) {
  if (isStaff(actor)) return { id };
  if (actor.sharesOrganizationTickets && actor.organizationId) {
    return { id, $or: [{ requester: actor.id }, { requester: { organization: actor.organizationId } }] };
  }
  return { id, requester: actor.id };
}
