/** Enumerations shared by the database, the API and front-ends. */
import { z } from 'zod';

export const ticketStatuses = ['new', 'open', 'pending', 'on_hold', 'solved', 'closed'] as const;
export type TicketStatus = (typeof ticketStatuses)[number];
export const ticketStatusSchema = z.enum(ticketStatuses);

export const ticketPriorities = ['low', 'normal', 'high', 'urgent'] as const;
export type TicketPriority = (typeof ticketPriorities)[number];
export const ticketPrioritySchema = z.enum(ticketPriorities);

/** How a ticket arrived: the customer portal, the public form, an API token, or an agent on someone's behalf. */
export const ticketChannels = ['portal', 'web_form', 'api', 'agent'] as const;
export type TicketChannel = (typeof ticketChannels)[number];
export const ticketChannelSchema = z.enum(ticketChannels);

/** Numeric rank of each priority, for sorting the same way on every database. */
export const priorityRank: Record<TicketPriority, number> = { low: 1, normal: 2, high: 3, urgent: 4 };

export const customFieldTypes = ['text', 'number', 'date', 'checkbox', 'select', 'multiselect'] as const;
export type CustomFieldType = (typeof customFieldTypes)[number];

export const notificationKinds = ['assigned', 'customer_replied', 'mentioned'] as const;
export type NotificationKind = (typeof notificationKinds)[number];

/**
 * What a timeline entry records. Entries marked internal (notes, mentions, tags, team, links,
 * custom fields, due dates) are never shown to customers.
 */
export const ticketEventKinds = [
  'created',
  'replied',
  'note_added',
  'field_changed',
  'merged_into',
  'merged_from',
  'split_to',
  'split_from',
  'linked',
  'unlinked',
  'follow_up_created',
  'auto_closed',
] as const;
export type TicketEventKind = (typeof ticketEventKinds)[number];
