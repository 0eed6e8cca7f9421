// 405 Method Not Allowed for the gateway's routes, so that a request such as
// `PUT /graphql` learns which methods the route takes instead of getting 404.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Writes the body of a 405 response in the route's own format, with status 405. */
export type SendMethodNotAllowed = (request: FastifyRequest, reply: FastifyReply, message: string) => FastifyReply;

/**
 * Registers on `app` a route for `url` that responds to every method that
 * fastify supports, except `allowed`, with 405 and an `Allow` header that lists
 * `allowed`. HEAD counts as allowed when GET is, because fastify serves HEAD
 * for every GET route. The message ends with `hint`, the method to use instead.
 *
 * The response is sent from an onRequest hook, after the hooks of `app` and
 * before the body is read, so that a body of any type or size gets the 405.
 */
export function rejectOtherMethods(
  app: FastifyInstance,
  url: string,
  allowed: readonly string[],
  hint: string,
  send: SendMethodNotAllowed,
): void {
  const rejected = app.supportedMethods.filter(
    (method) => !allowed.includes(method) && !(method === 'HEAD' && allowed.includes('GET')),
  );
  const allowHeader = allowed.join(', ');

  app.route({
    method: rejected,
    url,
    onRequest: async (request, reply) => {
      // The query string is left out, because it may carry a token or other secrets.
      const path = request.url.split('?', 1)[0];
      reply.header('allow', allowHeader);
      send(request, reply, `${request.method} ${path} is not allowed: ${hint}`);
      return reply;
    },
    handler: async (_request, reply) => reply,
  });
}
