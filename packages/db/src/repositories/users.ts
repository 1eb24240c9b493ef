import { wrap } from '@mikro-orm/sql';
import { User } from '../entities/user.ts';
import type { EntityManager } from '../orm.ts';
import { dialectOf } from './dialect.ts';
import { kyselyOf } from './kysely.ts';
import { preparedQuery } from './prepared.ts';

/**
 * Where a mail to this user goes, and whether they may still receive one (null for no such user):
 * from the identity map when the change has loaded them (a ticket's relations), else by one
 * prepared read, without making an entity of them.
 */
export async function findUserContact(
  em: EntityManager,
  id: string,
): Promise<{ email: string; active: boolean } | null> {
  const loaded = em.getUnitOfWork().getById(User, id);
  if (loaded && wrap(loaded).isInitialized()) return loaded;
  const db = kyselyOf(em);
  const [row] = await preparedQuery(db as never, dialectOf(em), 'user-contact', { id }, (args) =>
    db.selectFrom('users').select(['email', 'active']).where('id', '=', args.id),
  );
  return row ? { email: row.email, active: Boolean(row.active) } : null;
}
