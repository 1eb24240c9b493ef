import {
  createTicketInput,
  getTicketInput,
  listTicketsInput,
  replyToTicketInput,
  updateTicketInput,
} from '@helpdesk/validators';
import { createTicket, getTicket, listTickets, replyToTicket, updateTicket } from '../rules/tickets.ts';
import { agentProcedure, authedProcedure, customerProcedure, router } from '../trpc.ts';

export const ticketsRouter = router({
  /** A customer opens a request. */
  create: customerProcedure
    .input(createTicketInput)
    .mutation(({ ctx, input }) => createTicket(ctx.em, ctx.actor, input, ctx.now())),

  /** Customers see their own tickets, agents all; newest activity first, by keyset. */
  list: authedProcedure
    .input(listTicketsInput)
    .query(({ ctx, input }) => listTickets(ctx.em, ctx.actor, input)),

  /** One ticket and its conversation (internal notes for agents only). */
  get: authedProcedure
    .input(getTicketInput)
    .query(({ ctx, input }) => getTicket(ctx.em, ctx.actor, input.id)),

  /** A public reply, or with `internal: true` an agent's internal note. */
  reply: authedProcedure
    .input(replyToTicketInput)
    .mutation(({ ctx, input }) => replyToTicket(ctx.em, ctx.actor, input, ctx.now())),

  /** Status, priority, assignee; carries the version it is based on. */
  update: agentProcedure
    .input(updateTicketInput)
    .mutation(({ ctx, input }) => updateTicket(ctx.em, ctx.actor, input, ctx.now())),
});
