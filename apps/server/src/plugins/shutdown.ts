import fp from 'fastify-plugin';

/**
 * Graceful shutdown: once `close()` starts, responses still being produced go out with
 * `Connection: close`, so their keep-alive sockets end with them and the server stops as soon as
 * the last in-flight request is answered (new requests get 503 meanwhile, see `return503OnClosing`).
 */
export const shutdownPlugin = fp(
  async (app) => {
    let closing = false;
    app.addHook('preClose', async () => {
      closing = true;
      // Connections going idle from now on (a response just finished) close at once rather than
      // after the keep-alive timeout, which would hold the shutdown for a minute.
      app.server.keepAliveTimeout = 1;
      app.server.closeIdleConnections();
    });
    app.addHook('onSend', async (_request, reply) => {
      if (closing) reply.header('connection', 'close');
    });
  },
  { name: 'shutdown' },
);
