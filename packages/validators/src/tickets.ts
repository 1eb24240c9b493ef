import { z } from 'zod';
import { cursorSchema, idSchema, lineSchema, pageLimitSchema, textSchema } from './common.ts';

export const ticketStatuses = ['new', 'open', 'pending', 'on_hold', 'solved', 'closed'] as const;
export type TicketStatus = (typeof ticketStatuses)[number];
export const ticketStatusSchema = z.enum(ticketStatuses);

export const ticketPriorities = ['low', 'normal', 'high', 'urgent'] as const;
export type TicketPriority = (typeof ticketPriorities)[number];
export const ticketPrioritySchema = z.enum(ticketPriorities);

export const subjectSchema = lineSchema(1, 200);
export const messageBodySchema = textSchema(1, 20_000);

export const createTicketInput = z.strictObject({
  subject: subjectSchema,
  body: messageBodySchema,
  priority: ticketPrioritySchema.optional(),
});
export type CreateTicketInput = z.infer<typeof createTicketInput>;

/** One status or several; the list answers tickets in any of them. */
const statusFilterSchema = z
  .union([ticketStatusSchema, z.array(ticketStatusSchema).min(1).max(ticketStatuses.length)])
  .transform((value) => (Array.isArray(value) ? [...new Set(value)] : [value]));

export const listTicketsInput = z.strictObject({
  status: statusFilterSchema.optional(),
  /** An agent's id, or `unassigned` for tickets nobody has taken. */
  assigneeId: z.union([idSchema, z.literal('unassigned')]).optional(),
  search: lineSchema(1, 200).optional(),
  cursor: cursorSchema.optional(),
  limit: pageLimitSchema,
});
export type ListTicketsInput = z.input<typeof listTicketsInput>;
export type ListTicketsQuery = z.output<typeof listTicketsInput>;

export const getTicketInput = z.strictObject({ id: idSchema });
export type GetTicketInput = z.infer<typeof getTicketInput>;

export const replyToTicketInput = z.strictObject({
  ticketId: idSchema,
  body: messageBodySchema,
  /** An internal note: agents only, never shown to the customer. */
  internal: z.boolean().default(false),
});
export type ReplyToTicketInput = z.input<typeof replyToTicketInput>;

export const updateTicketInput = z
  .strictObject({
    id: idSchema,
    /** The version the change is based on; a stale one is refused with CONFLICT. */
    version: z.number().int().min(1),
    status: ticketStatusSchema.optional(),
    priority: ticketPrioritySchema.optional(),
    /** An agent's id, or null to unassign. */
    assigneeId: idSchema.nullable().optional(),
  })
  .refine(
    (input) => input.status !== undefined || input.priority !== undefined || input.assigneeId !== undefined,
    {
      message: 'Nothing to change: give status, priority or assigneeId',
    },
  );
export type UpdateTicketInput = z.infer<typeof updateTicketInput>;
