import { listAuditLogInput } from '@helpdesk/validators';
import { listAuditLog } from '../rules/audit-log.ts';
import { adminProcedure, router, syncInput } from '../trpc.ts';

export const auditRouter = router({
  /** Every configuration change, newest first, keyset-paginated; filter by action, target type, actor. */
  list: adminProcedure
    .input(syncInput(listAuditLogInput))
    .query(({ ctx, input }) => listAuditLog(ctx.em, input)),
});
