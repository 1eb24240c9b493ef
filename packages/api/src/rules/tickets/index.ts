export { createTicket, insertTicket, type NewTicket } from './create.ts';
export { listTickets, resolveFilter, type TicketPage } from './list.ts';
export { getTicket, getTimeline, linkedTickets } from './read.ts';
export { linkTickets, type MergeResult, mergeTickets, splitTicket, unlinkTickets } from './relations.ts';
export { type ReplyResult, replyToTicket } from './reply.ts';
export { applyChanges, bulkUpdateTickets, type TicketChanges, takeTicket, updateTicket } from './update.ts';
