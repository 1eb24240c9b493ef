import type { EntityManager, Orm } from '@helpdesk/db';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyRequest {
    /** This request's own EntityManager: its identity map and unit of work die with the request. */
    em: EntityManager;
  }
}

/** One MikroORM context per request; the ORM closes when the server does, after requests drain. */
export const ormPlugin = fp<{ orm: Orm }>(
  async (app, { orm }) => {
    app.decorateRequest('em');
    app.addHook('onRequest', async (request) => {
      request.em = orm.em.fork();
    });
    app.addHook('onClose', async () => {
      await orm.close();
    });
  },
  { name: 'orm' },
);
