import { z } from 'zod';
import { emailSchema, nameSchema } from './auth.ts';
import { cursorSchema, idSchema, lineSchema, pageLimitSchema, textSchema } from './common.ts';
import { ticketPrioritySchema, ticketStatusSchema } from './domain.ts';
import { sortDirectionSchema, tagNameSchema, ticketFilterShape, ticketSortSchema } from './filters.ts';

export const subjectSchema = lineSchema(1, 200);
export const messageBodySchema = textSchema(1, 20_000);

/** Values of custom fields keyed by field key; checked against the field definitions on the server. */
export const customFieldValuesSchema = z.record(
  z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'Invalid field key'),
  z.union([z.string().max(2_000), z.number(), z.boolean(), z.array(z.string().max(200)).max(50), z.null()]),
);

const tagsSchema = z.array(tagNameSchema).max(20);

/** Ids of the caller's own uploads (`POST /attachments`) to attach to the message. */
export const attachmentIdsSchema = z.array(idSchema).max(10, 'At most 10 attachments per message');

export const createTicketInput = z.strictObject({
  subject: subjectSchema,
  body: messageBodySchema,
  priority: ticketPrioritySchema.optional(),
  categoryId: idSchema.optional(),
  customFields: customFieldValuesSchema.optional(),
  /** Agents only: open the ticket on behalf of this customer (channel `agent`). */
  requesterId: idSchema.optional(),
  /** Agents only. */
  tags: tagsSchema.optional(),
  attachmentIds: attachmentIdsSchema.optional(),
});
export type CreateTicketInput = z.infer<typeof createTicketInput>;

export const listTicketsInput = z.strictObject({
  ...ticketFilterShape,
  search: lineSchema(1, 200).optional(),
  /** `updated` (default), `created`, `priority` or `due` (tickets without a due date last). */
  sort: ticketSortSchema.default('updated'),
  /** Newest, highest or latest first by default; `due` defaults to soonest first. */
  direction: sortDirectionSchema.optional(),
  cursor: cursorSchema.optional(),
  limit: pageLimitSchema,
});
export type ListTicketsInput = z.input<typeof listTicketsInput>;
export type ListTicketsQuery = z.output<typeof listTicketsInput>;

export const ticketIdInput = z.strictObject({ id: idSchema });
export const getTicketInput = ticketIdInput;
export type GetTicketInput = z.infer<typeof getTicketInput>;

export const replyToTicketInput = z.strictObject({
  ticketId: idSchema,
  body: messageBodySchema,
  /** An internal note: agents only, never shown to the customer. `@agent` mentions notify. */
  internal: z.boolean().default(false),
  /** The note's attachments are internal too. */
  attachmentIds: attachmentIdsSchema.optional(),
  /** Staff: the status the ticket takes with this message, in the same transaction ("send and mark solved"). */
  status: ticketStatusSchema.optional(),
});
export type ReplyToTicketInput = z.input<typeof replyToTicketInput>;

const versionSchema = z.number().int().min(1);

export const updateTicketInput = z
  .strictObject({
    id: idSchema,
    /** The version the change is based on; a stale one is refused with CONFLICT. */
    version: versionSchema,
    subject: subjectSchema.optional(),
    status: ticketStatusSchema.optional(),
    priority: ticketPrioritySchema.optional(),
    /** An agent's id, or null to unassign. */
    assigneeId: idSchema.nullable().optional(),
    teamId: idSchema.nullable().optional(),
    categoryId: idSchema.nullable().optional(),
    dueAt: z.iso.datetime({ offset: true }).nullable().optional(),
    /** Replaces the ticket's tags. */
    tags: tagsSchema.optional(),
    /** Merged into the ticket's values; null clears a field. */
    customFields: customFieldValuesSchema.optional(),
  })
  .refine((input) => Object.keys(input).some((key) => key !== 'id' && key !== 'version'), {
    message: 'Nothing to change',
  });
export type UpdateTicketInput = z.infer<typeof updateTicketInput>;

/** "Assign to me". */
export const takeTicketInput = z.strictObject({ id: idSchema, version: versionSchema });

export const bulkUpdateTicketsInput = z
  .strictObject({
    ids: z.array(idSchema).min(1).max(100),
    status: ticketStatusSchema.optional(),
    priority: ticketPrioritySchema.optional(),
    /** An agent's id, `me`, or null to unassign. */
    assigneeId: z
      .union([idSchema, z.literal('me')])
      .nullable()
      .optional(),
    teamId: idSchema.nullable().optional(),
    addTags: tagsSchema.optional(),
    removeTags: tagsSchema.optional(),
  })
  .refine((input) => Object.keys(input).some((key) => key !== 'ids'), { message: 'Nothing to change' });
export type BulkUpdateTicketsInput = z.infer<typeof bulkUpdateTicketsInput>;

export const mergeTicketsInput = z
  .strictObject({ sourceId: idSchema, targetId: idSchema })
  .refine((input) => input.sourceId !== input.targetId, { message: 'A ticket cannot be merged into itself' });

export const linkTicketsInput = z
  .strictObject({ ticketId: idSchema, relatedId: idSchema })
  .refine((input) => input.ticketId !== input.relatedId, { message: 'A ticket cannot be linked to itself' });

export const splitTicketInput = z.strictObject({
  messageId: idSchema,
  /** Subject of the new ticket (defaults to the old one's). */
  subject: subjectSchema.optional(),
});

/** The public request form: for people without an account. */
export const submitPublicTicketInput = z.strictObject({
  name: nameSchema,
  email: emailSchema,
  subject: subjectSchema,
  body: messageBodySchema,
  /** Honeypot: hidden from people, filled in by bots. Anything in it and nothing is created. */
  website: z.string().max(500).optional(),
  /** Chosen by the form once per submission; a retry with the same key never makes a second ticket. */
  idempotencyKey: z
    .string()
    .min(16, 'At least 16 characters')
    .max(100)
    .regex(/^[A-Za-z0-9_-]+$/, 'Letters, digits, _ and - only'),
});
export type SubmitPublicTicketInput = z.infer<typeof submitPublicTicketInput>;
