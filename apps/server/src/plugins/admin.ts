import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';

/**
 * The dashboard's own policy: its scripts, styles and API calls come from this origin only.
 * Styles may be inline because the dialog primitives inject a small style element; scripts may not.
 */
const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Links in mails (reset, invitations, tickets) name paths in the dashboard. */
const MAIL_LINK_PATHS = ['/reset-password', '/accept-invite', '/verify-email', '/confirm-email'];

/**
 * Serves the built dashboard (`apps/admin/dist`) at /admin from the API's own origin, so the
 * session cookie and the same-origin checks need nothing more. Every unknown path under /admin
 * answers the app's index.html: the client-side router takes it from there.
 */
export const adminPlugin: FastifyPluginAsync<{ distDir: string }> = async (app, { distDir }) => {
  const built = existsSync(join(distDir, 'index.html'));
  if (!built)
    app.log.warn({ distDir }, 'the dashboard is not built: run `npm run build` to serve it at /admin');

  app.get('/', (_request, reply) => reply.redirect('/admin/'));
  // A browser keeps the #token fragment across the redirect: the token never reaches a server log.
  for (const path of MAIL_LINK_PATHS) app.get(path, (_request, reply) => reply.redirect(`/admin${path}`));
  app.get<{ Params: { id: string } }>('/tickets/:id', (request, reply) =>
    reply.redirect(`/admin/tickets/${encodeURIComponent(request.params.id)}`),
  );

  await app.register(async (dashboard) => {
    dashboard.addHook('onSend', async (request, reply) => {
      reply.header('content-security-policy', DASHBOARD_CSP);
      // Hashed asset names never change content; the page itself must always be revalidated.
      const immutable = request.url.startsWith('/admin/assets/') && reply.statusCode === 200;
      reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    });
    if (!built) {
      dashboard.get('/admin/*', (_request, reply) =>
        reply.code(503).type('text/plain').send('The dashboard is not built yet: run `npm run build`.'),
      );
      return;
    }
    await dashboard.register(fastifyStatic, {
      root: distDir,
      prefix: '/admin/',
      cacheControl: false,
      wildcard: false,
      index: ['index.html'],
    });
    dashboard.get('/admin', (_request, reply) => reply.redirect('/admin/'));
    dashboard.get('/admin/*', (request, reply) => {
      // A missing asset is a 404; any other path is a screen of the single-page app.
      if (request.url.startsWith('/admin/assets/')) return reply.code(404).send({ error: 'Not found' });
      return reply.sendFile('index.html');
    });
  });
};
