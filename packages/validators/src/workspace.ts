/** An agent's own workspace: canned responses, saved views of the ticket list, notifications. */
import { z } from 'zod';
import { cursorSchema, idSchema, lineSchema, pageLimitSchema, textSchema } from './common.ts';
import { ticketPrioritySchema, ticketStatusSchema } from './domain.ts';
import { tagNameSchema, ticketFilterSchema } from './filters.ts';

/** Has the update anything besides its id to change? */
const changesSomething = (input: object) => Object.keys(input).some((key) => key !== 'id');
const NOTHING_TO_CHANGE = { message: 'Nothing to change' };

// Canned responses

export const cannedResponseTitleSchema = lineSchema(1, 120);
/**
 * Half of a message's limit: placeholders grow when rendered, and the rendered reply must still fit
 * a message (the server checks it again after rendering).
 */
export const cannedResponseBodySchema = textSchema(1, 10_000);
/** Tags a canned response adds to the ticket, de-duplicated. */
export const cannedResponseTagsSchema = z
  .array(tagNameSchema)
  .max(20)
  .transform((names) => [...new Set(names)]);

export const createCannedResponseInput = z.strictObject({
  title: cannedResponseTitleSchema,
  /** Plain text with `{{requester.name}}`, `{{requester.email}}`, `{{ticket.reference}}`, `{{ticket.subject}}`, `{{agent.name}}`. */
  body: cannedResponseBodySchema,
  setStatus: ticketStatusSchema.optional(),
  setPriority: ticketPrioritySchema.optional(),
  addTags: cannedResponseTagsSchema.optional(),
  /** Shared with every agent: admins only. */
  shared: z.boolean().optional(),
});
export type CreateCannedResponseInput = z.infer<typeof createCannedResponseInput>;

export const updateCannedResponseInput = z
  .strictObject({
    id: idSchema,
    title: cannedResponseTitleSchema.optional(),
    body: cannedResponseBodySchema.optional(),
    /** null stops setting it. */
    setStatus: ticketStatusSchema.nullable().optional(),
    setPriority: ticketPrioritySchema.nullable().optional(),
    /** Replaces the list of tags. */
    addTags: cannedResponseTagsSchema.optional(),
    shared: z.boolean().optional(),
  })
  .refine(changesSomething, NOTHING_TO_CHANGE);
export type UpdateCannedResponseInput = z.infer<typeof updateCannedResponseInput>;

export const cannedResponseIdInput = z.strictObject({ id: idSchema });

export const previewCannedResponseInput = z.strictObject({ id: idSchema, ticketId: idSchema });
export type PreviewCannedResponseInput = z.infer<typeof previewCannedResponseInput>;

export const applyCannedResponseInput = z.strictObject({
  id: idSchema,
  ticketId: idSchema,
  /** Post it as an internal note instead of a reply to the customer. */
  internal: z.boolean().default(false),
});
export type ApplyCannedResponseInput = z.input<typeof applyCannedResponseInput>;

// Saved views

export const savedViewNameSchema = lineSchema(1, 80);

export const createSavedViewInput = z.strictObject({
  name: savedViewNameSchema,
  /** The same filters as `tickets.list`. */
  filters: ticketFilterSchema,
  shared: z.boolean().optional(),
});
export type CreateSavedViewInput = z.infer<typeof createSavedViewInput>;

export const updateSavedViewInput = z
  .strictObject({
    id: idSchema,
    name: savedViewNameSchema.optional(),
    /** Replaces the view's filters. */
    filters: ticketFilterSchema.optional(),
    shared: z.boolean().optional(),
  })
  .refine(changesSomething, NOTHING_TO_CHANGE);
export type UpdateSavedViewInput = z.infer<typeof updateSavedViewInput>;

export const savedViewIdInput = z.strictObject({ id: idSchema });

// Notifications

export const listNotificationsInput = z.strictObject({
  unreadOnly: z.boolean().default(false),
  cursor: cursorSchema.optional(),
  limit: pageLimitSchema,
});
export type ListNotificationsInput = z.input<typeof listNotificationsInput>;
export type ListNotificationsQuery = z.output<typeof listNotificationsInput>;

export const markNotificationsReadInput = z.strictObject({ ids: z.array(idSchema).min(1).max(100) });
export type MarkNotificationsReadInput = z.infer<typeof markNotificationsReadInput>;
