import fp from 'fastify-plugin';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface SecurityOptions {
  /** Origins whose pages may send state-changing requests with the user's cookies. */
  allowedOrigins: readonly string[];
}

/**
 * Cross-site request forgery defence for cookie-authenticated requests (Lucia's design, ASVS 3.5):
 * a state-changing request is refused, before its body is even read, when the browser says it
 * comes from another site (`Sec-Fetch-Site`) and its `Origin` is not on the allowlist, or when an
 * `Origin` header names a site that is not allowed. Requests with a bearer token carry no ambient
 * credentials and are not affected; requests with neither header do not come from a browser.
 * This covers every content type, including the `text/plain` and `multipart/form-data` bodies a
 * browser sends cross-site without a preflight.
 */
export const securityPlugin = fp<SecurityOptions>(
  async (app, { allowedOrigins }) => {
    const allowed = new Set(allowedOrigins);
    app.addHook('onRequest', async (request, reply) => {
      // Dynamic, often personal answers: never kept by browsers or shared caches.
      reply.header('cache-control', 'no-store');
      reply.header('x-request-id', request.id);
      if (SAFE_METHODS.has(request.method)) return;
      if (request.headers.authorization?.startsWith('Bearer ')) return;
      const site = request.headers['sec-fetch-site'];
      const origin = request.headers.origin;
      const originAllowed = origin !== undefined && allowed.has(origin);
      const crossSite = site !== undefined && site !== 'same-origin' && site !== 'none';
      if (
        (crossSite && !originAllowed) ||
        (origin !== undefined && !originAllowed && site !== 'same-origin')
      ) {
        request.log.warn(
          { event: 'csrf.refused', origin, site, url: request.url },
          'cross-site request refused',
        );
        return reply.code(403).send({
          error: {
            message: 'Cross-site request refused',
            code: -32003,
            data: { code: 'FORBIDDEN', httpStatus: 403, requestId: request.id },
          },
        });
      }
    });
  },
  { name: 'security' },
);
