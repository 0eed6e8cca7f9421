// Response to a request that matches no route: a GraphQL-shaped JSON error,
// so that clients that only read JSON errors see what went wrong.

import type { FastifyInstance } from 'fastify';
import { authenticate } from '../auth.js';
import { ErrorCode } from '../errors.js';
import { flagsFor, sendRequestErrors } from './graphql-response.js';

/**
 * Sets the handler of `app` for requests that match no route: 404 with
 * NOT_FOUND and `extensions.flags` computed from the request's token as
 * /graphql does.
 */
export function setNotFoundHandler(app: FastifyInstance, tokenSecret: Uint8Array): void {
  app.setNotFoundHandler(async (request, reply) => {
    const authentication = await authenticate(
      { authorization: request.headers.authorization, cookies: request.cookies },
      tokenSecret,
    );
    // The query string is left out, because it may carry a token or other secrets.
    const path = request.url.split('?', 1)[0];
    const message = `no route for ${request.method} ${path}; the GraphQL endpoint is /graphql`;
    return sendRequestErrors(reply, 404, [{ message, extensions: { code: ErrorCode.NOT_FOUND } }], flagsFor(authentication.customerId));
  });
}
