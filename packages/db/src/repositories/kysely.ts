import type { InferKyselyDB, Kysely } from '@mikro-orm/sql';
import type { MessageSchema } from '../entities/message.ts';
import type { SessionSchema } from '../entities/session.ts';
import type { TicketSchema } from '../entities/ticket.ts';
import type { TicketSearchSchema } from '../entities/ticket-search.ts';
import type { UserSchema } from '../entities/user.ts';
import type { EntityManager } from '../orm.ts';

/** The tables as Kysely sees them, inferred from the entities (column names, not property names). */
export type HelpdeskDB = InferKyselyDB<
  | typeof UserSchema
  | typeof SessionSchema
  | typeof TicketSchema
  | typeof MessageSchema
  | typeof TicketSearchSchema
>;

/** A typed Kysely bound to the EntityManager (and to its transaction, if one is open). */
export function kyselyOf(em: EntityManager): Kysely<HelpdeskDB> {
  return em.getKysely<HelpdeskDB>();
}
