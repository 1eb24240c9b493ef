import type { Orm } from '@helpdesk/db';
import type { FastifyPluginAsync } from 'fastify';

/**
 * `GET /health`: 200 when the server can reach its database, 503 when it cannot (load balancers
 * take the instance out), never a stack or a connection string.
 */
export const healthPlugin: FastifyPluginAsync<{ orm: Orm; dialect: string }> = async (
  app,
  { orm, dialect },
) => {
  const startedAt = Date.now();
  app.get('/health', async (_request, reply) => {
    let database: 'ok' | 'unavailable' = 'ok';
    try {
      await orm.em.fork().execute('select 1');
    } catch {
      database = 'unavailable';
    }
    const body = {
      status: database === 'ok' ? 'ok' : 'unavailable',
      database: { dialect, status: database },
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
    };
    return reply.code(database === 'ok' ? 200 : 503).send(body);
  });
};
