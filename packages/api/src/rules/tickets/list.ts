import {
  type EntityManager,
  listTicketRows,
  searchTicketRows,
  Tag,
  TeamMember,
  type TicketFilter,
  type TicketSortKey,
} from '@helpdesk/db';
import type { ListTicketsQuery, TicketFilterQuery } from '@helpdesk/validators';
import type { Actor } from '../../context.ts';
import { rowToSummary, type TicketSummary } from '../../mappers/tickets.ts';
import { isStaff } from '../../trpc.ts';
import { activitySeenBy, customerScope } from '../access.ts';
import {
  decodeKeysetCursor,
  decodeOffsetCursor,
  encodeKeysetCursor,
  encodeOffsetCursor,
  MAX_SEARCH_OFFSET,
} from '../cursor.ts';

export interface TicketPage {
  items: TicketSummary[];
  /** Pass it back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/**
 * Turns a filter as people write it (`me`, `mine`, tag names) into one the repository runs, scoped
 * to what the actor may see. Answers null when it can match nothing (an unknown tag).
 */
export async function resolveFilter(
  em: EntityManager,
  actor: Actor,
  input: TicketFilterQuery,
): Promise<TicketFilter | null> {
  const filter: TicketFilter = {
    customer: customerScope(actor),
    statuses: input.status,
    priorities: input.priority,
    channels: input.channel,
    requesterId: input.requesterId,
    organizationId: input.organizationId,
    createdAfter: input.createdAfter,
    createdBefore: input.createdBefore,
    updatedAfter: input.updatedAfter,
    updatedBefore: input.updatedBefore,
  };
  if (input.assigneeId !== undefined) {
    filter.assigneeId =
      input.assigneeId === 'unassigned' ? null : input.assigneeId === 'me' ? actor.id : input.assigneeId;
  }
  if (input.teamId === 'none') filter.teamIds = null;
  else if (input.teamId === 'mine') {
    const memberships = await em.find(TeamMember, { user: actor.id }, { fields: ['team'] });
    filter.teamIds = memberships.map((membership) => membership.team.id);
  } else if (input.teamId !== undefined) filter.teamIds = [input.teamId];
  if (input.categoryId !== undefined)
    filter.categoryId = input.categoryId === 'none' ? null : input.categoryId;
  if (input.tags?.length) {
    const tags = await em.find(Tag, { name: { $in: input.tags } });
    if (tags.length < new Set(input.tags).size) return null;
    filter.tagIds = tags.map((tag) => tag.id);
  }
  return filter;
}

const SORT_KEYS: Record<ListTicketsQuery['sort'], TicketSortKey> = {
  updated: 'activity',
  created: 'created',
  priority: 'priority',
  due: 'due',
};

export async function listTickets(
  em: EntityManager,
  actor: Actor,
  query: ListTicketsQuery,
  /** The request's: a search stops when its asker is gone. */
  signal?: AbortSignal,
): Promise<TicketPage> {
  const staff = isStaff(actor);
  const activity = activitySeenBy(actor);
  const filter = await resolveFilter(em, actor, query);
  if (!filter) return { items: [], nextCursor: null };

  if (query.search) {
    const offset = query.cursor ? decodeOffsetCursor(query.cursor) : 0;
    const rows = await searchTicketRows(em, {
      filter,
      text: query.search,
      scope: staff ? 'all' : 'public',
      activity,
      offset,
      limit: query.limit + 1,
      withTags: staff,
      ...(signal ? { signal } : {}),
    });
    const nextOffset = offset + query.limit;
    const more = rows.length > query.limit && nextOffset < MAX_SEARCH_OFFSET;
    return {
      items: rows.slice(0, query.limit).map((row) => rowToSummary(row, actor)),
      nextCursor: more ? encodeOffsetCursor(nextOffset) : null,
    };
  }

  const key = SORT_KEYS[query.sort];
  const direction = query.direction ?? (key === 'due' ? 'asc' : 'desc');
  const rows = await listTicketRows(em, {
    filter,
    sort: { key, direction, activity },
    after: query.cursor ? decodeKeysetCursor(query.cursor, key) : undefined,
    limit: query.limit + 1,
    withTags: staff,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => rowToSummary(row, actor)),
    nextCursor: rows.length > query.limit && last ? encodeKeysetCursor(key, last.sortValues) : null,
  };
}
