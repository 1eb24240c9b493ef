import { z } from 'zod';
import { idSchema } from './common.ts';
import { ticketChannelSchema, ticketPrioritySchema, ticketStatusSchema } from './domain.ts';

/** One value or several of an enum; answers a de-duplicated array. */
function oneOrMany<T extends z.ZodType<string>>(item: T, max: number) {
  return z
    .union([item, z.array(item).min(1).max(max)])
    .transform((value) => [...new Set(Array.isArray(value) ? value : [value])] as z.output<T>[]);
}

export const tagNameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, 'Required')
  .max(50, 'At most 50 characters')
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} _.-]*$/u, 'Letters, digits, spaces, _ . - only');

const isoDateTime = z.iso.datetime({ offset: true }).transform((value) => new Date(value));

/**
 * Every way to narrow a ticket list, shared by `tickets.list`, saved views and bulk selection.
 * `me`, `mine` and `unassigned`/`none` are resolved for the person asking.
 */
export const ticketFilterShape = {
  status: oneOrMany(ticketStatusSchema, 6).optional(),
  priority: oneOrMany(ticketPrioritySchema, 4).optional(),
  channel: oneOrMany(ticketChannelSchema, 4).optional(),
  /** An agent's id, `me`, or `unassigned`. */
  assigneeId: z.union([idSchema, z.literal('me'), z.literal('unassigned')]).optional(),
  /** A team's id, `mine` (any team I belong to), or `none`. */
  teamId: z.union([idSchema, z.literal('mine'), z.literal('none')]).optional(),
  requesterId: idSchema.optional(),
  organizationId: idSchema.optional(),
  categoryId: z.union([idSchema, z.literal('none')]).optional(),
  /** Tickets carrying every one of these tags. */
  tags: z.array(tagNameSchema).min(1).max(5).optional(),
  createdAfter: isoDateTime.optional(),
  createdBefore: isoDateTime.optional(),
  updatedAfter: isoDateTime.optional(),
  updatedBefore: isoDateTime.optional(),
} as const;

export const ticketFilterSchema = z.strictObject(ticketFilterShape);
export type TicketFilterInput = z.input<typeof ticketFilterSchema>;
export type TicketFilterQuery = z.output<typeof ticketFilterSchema>;

export const ticketSorts = ['updated', 'created', 'priority', 'due'] as const;
export type TicketSort = (typeof ticketSorts)[number];
export const ticketSortSchema = z.enum(ticketSorts);
export const sortDirectionSchema = z.enum(['asc', 'desc']);
export type SortDirection = z.infer<typeof sortDirectionSchema>;
