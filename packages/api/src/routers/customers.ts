import { customerIdInput, listCustomersInput } from '@helpdesk/validators';
import { getCustomer, listCustomers } from '../rules/customers.ts';
import { agentProcedure, router, syncInput } from '../trpc.ts';

export const customersRouter = router({
  /** Customers by name, keyset-paginated; `search` matches the start of a name or an email address. */
  list: agentProcedure
    .input(syncInput(listCustomersInput))
    .query(({ ctx, input }) => listCustomers(ctx.em, input)),

  /** A customer's profile: organization, tickets by status, and the 20 latest tickets. */
  get: agentProcedure
    .input(syncInput(customerIdInput))
    .query(({ ctx, input }) => getCustomer(ctx.em, ctx.actor, input.id)),
});
