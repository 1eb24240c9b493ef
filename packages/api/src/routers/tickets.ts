import {
  bulkUpdateTicketsInput,
  createTicketInput,
  linkTicketsInput,
  listTicketsInput,
  mergeTicketsInput,
  replyToTicketInput,
  splitTicketInput,
  submitPublicTicketInput,
  takeTicketInput,
  ticketIdInput,
  updateTicketInput,
} from '@helpdesk/validators';
import {
  bulkUpdateTickets,
  createTicket,
  getTicket,
  getTimeline,
  linkTickets,
  listTickets,
  mergeTickets,
  replyToTicket,
  splitTicket,
  takeTicket,
  unlinkTickets,
  updateTicket,
} from '../rules/tickets/index.ts';
import { submitPublicTicket } from '../rules/tickets/public-form.ts';
import { agentProcedure, authedProcedure, publicProcedure, router, syncInput } from '../trpc.ts';

export const ticketsRouter = router({
  /** A customer opens a request; an agent may open one on a customer's behalf. */
  create: authedProcedure
    .input(syncInput(createTicketInput))
    .mutation(({ ctx, input }) =>
      createTicket(ctx.em, ctx.actor, input, ctx.now(), ctx.config.attachments.maxTicketBytes),
    ),

  /** Any combination of filters, four sorts, keyset pages; `search` is full-text and ranked. */
  list: authedProcedure
    .input(syncInput(listTicketsInput))
    .query(({ ctx, input, signal }) => listTickets(ctx.em, ctx.actor, input, signal)),

  /** One ticket and its conversation (internal notes and agent-only fields for agents only). */
  get: authedProcedure
    .input(syncInput(ticketIdInput))
    .query(({ ctx, input }) => getTicket(ctx.em, ctx.actor, input.id)),

  /** Who changed what, when (customers see public entries only). */
  timeline: authedProcedure
    .input(syncInput(ticketIdInput))
    .query(({ ctx, input }) => getTimeline(ctx.em, ctx.actor, input.id)),

  /** A public reply, or with `internal: true` an agent's note (`@agent` mentions notify). */
  reply: authedProcedure
    .input(syncInput(replyToTicketInput))
    .mutation(({ ctx, input }) =>
      replyToTicket(ctx.em, ctx.actor, input, ctx.now(), ctx.config.attachments.maxTicketBytes),
    ),

  /** Any field an agent can change; carries the version it is based on. */
  update: agentProcedure
    .input(syncInput(updateTicketInput))
    .mutation(({ ctx, input }) => updateTicket(ctx.em, ctx.actor, input, ctx.now())),

  /** Assign to me. */
  take: agentProcedure
    .input(syncInput(takeTicketInput))
    .mutation(({ ctx, input }) => takeTicket(ctx.em, ctx.actor, input, ctx.now())),

  /** One change to up to 100 tickets, all or nothing. */
  bulkUpdate: agentProcedure
    .input(syncInput(bulkUpdateTicketsInput))
    .mutation(({ ctx, input }) => bulkUpdateTickets(ctx.em, ctx.actor, input, ctx.now())),

  merge: agentProcedure
    .input(syncInput(mergeTicketsInput))
    .mutation(({ ctx, input }) => mergeTickets(ctx.em, ctx.actor, input, ctx.now())),

  link: agentProcedure
    .input(syncInput(linkTicketsInput))
    .mutation(({ ctx, input }) => linkTickets(ctx.em, ctx.actor, input, ctx.now())),

  unlink: agentProcedure
    .input(syncInput(linkTicketsInput))
    .mutation(({ ctx, input }) => unlinkTickets(ctx.em, ctx.actor, input, ctx.now())),

  /** Moves a message out into a new ticket. */
  split: agentProcedure
    .input(syncInput(splitTicketInput))
    .mutation(({ ctx, input }) => splitTicket(ctx.em, ctx.actor, input, ctx.now())),

  /** The public request form (no account): rate-limited, idempotent; answers the reference only. */
  submitPublic: publicProcedure
    .input(syncInput(submitPublicTicketInput))
    .mutation(({ ctx, input }) =>
      submitPublicTicket(
        ctx.em,
        { rateLimiter: ctx.config.rateLimiter, ip: ctx.request.ip },
        input,
        ctx.now(),
      ),
    ),
});
