// Liveness probe.

import type { FastifyInstance } from 'fastify';
import { rejectOtherMethods } from './method-not-allowed.js';

/**
 * Registers `GET /healthz`, which returns 200 "ok" while the HTTP server runs.
 * It does not call parleyd, because a gateway whose parleyd is down is still
 * alive: it returns SERVICE_UNAVAILABLE errors for GraphQL requests.
 */
export async function healthRoute(app: FastifyInstance): Promise<void> {
  app.get('/healthz', async (_request, reply) => reply.type('text/plain; charset=utf-8').send('ok'));
  rejectOtherMethods(app, '/healthz', ['GET'], 'send GET /healthz', (_request, reply, message) =>
    reply.code(405).type('text/plain; charset=utf-8').send(message),
  );
}
