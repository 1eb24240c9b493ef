import type { TicketChannel, TicketPriority, TicketStatus } from '@helpdesk/validators';
import { type ExpressionBuilder, type SelectQueryBuilder, sql } from 'kysely';
import type { Dialect } from '../config.ts';
import { toDbDate } from './dialect.ts';
import type { HelpdeskDB } from './kysely.ts';

/** A resolved ticket filter: every field narrows the list, all of them together. */
export interface TicketFilter {
  /** A customer's scope: their own tickets, plus their organization's when it shares tickets. */
  customer?: { userId: string; sharedOrganizationId: string | null };
  statuses?: readonly TicketStatus[];
  priorities?: readonly TicketPriority[];
  channels?: readonly TicketChannel[];
  /** An assignee's id, or null for unassigned tickets. */
  assigneeId?: string | null;
  /** Any of these teams, or null for tickets without a team. */
  teamIds?: readonly string[] | null;
  requesterId?: string;
  organizationId?: string;
  /** A category's id, or null for tickets without one. */
  categoryId?: string | null;
  /** Tickets carrying every one of these tags (by id). */
  tagIds?: readonly string[];
  createdAfter?: Date;
  createdBefore?: Date;
  updatedAfter?: Date;
  updatedBefore?: Date;
}

type TicketQuery = SelectQueryBuilder<HelpdeskDB, 'tickets', object>;

/** Adds the filter's conditions to a query over `tickets` (joined `requester` where needed). */
export function applyTicketFilter<Q>(query: Q, filter: TicketFilter, dialect: Dialect): Q {
  let q = query as unknown as TicketQuery;
  const { customer } = filter;
  if (customer) {
    q = q.where((eb: ExpressionBuilder<HelpdeskDB, 'tickets'>) =>
      customer.sharedOrganizationId
        ? eb.or([
            eb('tickets.requester_id', '=', customer.userId),
            eb(
              'tickets.requester_id',
              'in',
              eb
                .selectFrom('users')
                .select('users.id')
                .where('users.organization_id', '=', customer.sharedOrganizationId),
            ),
          ])
        : eb('tickets.requester_id', '=', customer.userId),
    );
  }
  if (filter.statuses?.length) q = q.where('tickets.status', 'in', filter.statuses);
  if (filter.priorities?.length) q = q.where('tickets.priority', 'in', filter.priorities);
  if (filter.channels?.length) q = q.where('tickets.channel', 'in', filter.channels);
  if (filter.assigneeId === null) q = q.where('tickets.assignee_id', 'is', null);
  else if (filter.assigneeId !== undefined) q = q.where('tickets.assignee_id', '=', filter.assigneeId);
  if (filter.teamIds === null) q = q.where('tickets.team_id', 'is', null);
  else if (filter.teamIds !== undefined) {
    // No team at all matches nothing (an agent in no team asking for "my teams").
    q = filter.teamIds.length
      ? q.where('tickets.team_id', 'in', filter.teamIds)
      : q.where(sql<boolean>`1 = 0`);
  }
  if (filter.requesterId !== undefined) q = q.where('tickets.requester_id', '=', filter.requesterId);
  if (filter.organizationId !== undefined) {
    const organizationId = filter.organizationId;
    q = q.where('tickets.requester_id', 'in', (eb) =>
      eb.selectFrom('users').select('users.id').where('users.organization_id', '=', organizationId),
    );
  }
  if (filter.categoryId === null) q = q.where('tickets.category_id', 'is', null);
  else if (filter.categoryId !== undefined) q = q.where('tickets.category_id', '=', filter.categoryId);
  for (const tagId of filter.tagIds ?? []) {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('ticket_tags')
          .select(sql`1`.as('one'))
          .whereRef('ticket_tags.ticket_id', '=', 'tickets.id')
          .where('ticket_tags.tag_id', '=', tagId),
      ),
    );
  }
  if (filter.createdAfter) q = q.where('tickets.created_at', '>=', toDbDate(dialect, filter.createdAfter));
  if (filter.createdBefore) q = q.where('tickets.created_at', '<', toDbDate(dialect, filter.createdBefore));
  if (filter.updatedAfter) q = q.where('tickets.updated_at', '>=', toDbDate(dialect, filter.updatedAfter));
  if (filter.updatedBefore) q = q.where('tickets.updated_at', '<', toDbDate(dialect, filter.updatedBefore));
  return q as unknown as Q;
}
