import type { Orm } from './orm.ts';

/**
 * Every SQL statement passes the Kysely executor: the ORM's own and the repositories' hand-written
 * ones (which the ORM's logger never sees). Wraps the executor's `executeQuery` until `stop()`.
 * Used by tests (N+1 checks) and by the server's metrics endpoint (statements per request).
 */
export function interceptStatements(orm: Orm, onStatement: (sql: string) => void): () => void {
  let owner = Object.getPrototypeOf(orm.em.getConnection().getClient().getExecutor());
  while (owner && !Object.hasOwn(owner, 'executeQuery')) owner = Object.getPrototypeOf(owner);
  const original = owner.executeQuery;
  owner.executeQuery = function (this: unknown, query: { sql: string }, ...rest: unknown[]) {
    onStatement(query.sql);
    return original.call(this, query, ...rest);
  };
  return () => {
    owner.executeQuery = original;
  };
}
