import { dialectOf, type EntityManager, LockMode, Ticket } from '@helpdesk/db';
import { recordEvent } from '../events.ts';
import { getSettings } from '../settings.ts';
import { touch } from './fields.ts';

/** Tickets closed per transaction: short locks, bounded memory. */
export const AUTO_CLOSE_BATCH = 200;

/**
 * Closes the tickets solved for longer than the desk's `autoCloseDays` (by `solvedAt`), each with
 * a public `auto_closed` timeline entry, in batches of one transaction each. Safe to run from
 * several instances at once: a batch's rows are locked (MySQL; instances skip rows another one
 * holds) or the connection is (SQLite), and the status is read under that lock, so a ticket
 * reopened in the meantime is left alone and none is closed twice. Answers how many it closed.
 */
export async function closeSolvedTickets(em: EntityManager, now: Date): Promise<number> {
  const { autoCloseDays } = await getSettings(em.fork());
  const cutoff = new Date(now.getTime() - autoCloseDays * 86_400_000);
  let closed = 0;
  for (;;) {
    const count = await em.fork().transactional(async (tx) => {
      const tickets = await tx.find(
        Ticket,
        { status: 'solved', solvedAt: { $lte: cutoff } },
        {
          orderBy: { solvedAt: 'asc', id: 'asc' },
          limit: AUTO_CLOSE_BATCH,
          ...(dialectOf(tx) === 'mysql' ? { lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE } : {}),
        },
      );
      for (const ticket of tickets) {
        ticket.status = 'closed';
        ticket.closedAt = now;
        touch(ticket, now, true);
        recordEvent(tx, { ticket, actorId: null, kind: 'auto_closed', internal: false, at: now });
      }
      await tx.flush();
      return tickets.length;
    });
    closed += count;
    if (count < AUTO_CLOSE_BATCH) return closed;
  }
}
