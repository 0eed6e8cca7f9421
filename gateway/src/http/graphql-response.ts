// Shape of every /graphql response body: {data?, errors?, extensions: {flags}}.
// Errors are filtered here so that no stack trace or internal detail reaches
// the client.

import type { FastifyBaseLogger, FastifyReply } from 'fastify';
import type { ExecutionResult, GraphQLError, GraphQLFormattedError } from 'graphql';
import { ErrorCode, GatewayError, kInternalErrorMessage } from '../errors.js';

/** Flag set in extensions.flags when the request carries a valid customer token. */
export const kLoggedInFlag = 'LOGGED_IN';

export interface GraphqlResponseBody {
  data?: Record<string, unknown> | null;
  errors?: GraphQLFormattedError[];
  extensions: { flags: string[] };
}

/** Returns the flags of a request: ["LOGGED_IN"] when authenticated, else []. */
export function flagsFor(customerId: string | null): string[] {
  return customerId === null ? [] : [kLoggedInFlag];
}

/** Sends a body with only `errors`, for a request rejected before execution. */
export function sendRequestErrors(
  reply: FastifyReply,
  statusCode: number,
  errors: GraphQLFormattedError[],
  flags: string[],
): FastifyReply {
  const body: GraphqlResponseBody = { errors, extensions: { flags } };
  return reply.code(statusCode).header('cache-control', 'no-store').send(body);
}

/** Formats a GatewayError raised before execution. */
export function formatGatewayError(error: GatewayError): GraphQLFormattedError {
  return { message: error.message, extensions: { code: error.extensions.code } };
}

/** Formats a parse or validation error of graphql-js with `code`. */
export function formatDocumentError(error: GraphQLError, code: ErrorCode): GraphQLFormattedError {
  const formatted = error.toJSON();
  return { ...formatted, extensions: { ...formatted.extensions, code: (formatted.extensions?.code as string) ?? code } };
}

/**
 * Converts an execution result to a response body. Errors from GatewayError
 * keep their message and code. Errors without a path come from coercing
 * variables and are the client's. Every other error is logged and replaced by
 * a generic INTERNAL_SERVER_ERROR.
 */
export function toResponseBody(result: ExecutionResult, flags: string[], log: FastifyBaseLogger): GraphqlResponseBody {
  const body: GraphqlResponseBody = {
    ...(result.data !== undefined ? { data: result.data } : {}),
    ...(result.errors?.length ? { errors: result.errors.map((error) => formatExecutionError(error, log)) } : {}),
    extensions: { flags },
  };
  return body;
}

function formatExecutionError(error: GraphQLError, log: FastifyBaseLogger): GraphQLFormattedError {
  const formatted = error.toJSON();
  const location = {
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
  };

  if (error.originalError instanceof GatewayError) {
    return { message: error.message, ...location, extensions: { code: error.originalError.extensions.code } };
  }
  if (error.path === undefined || isArgumentError(error)) {
    return { message: error.message, ...location, extensions: { code: ErrorCode.BAD_USER_INPUT } };
  }

  log.error({ err: error.originalError ?? error, path: formatted.path }, 'resolver failed with an unexpected error');
  return { message: kInternalErrorMessage, ...location, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
}

/**
 * True for graphql-js's error about a field argument, such as an explicit
 * null variable for `limit: Int! = 10`. graphql-js reports it during field
 * execution, with a path, and marks it only by the message's start.
 */
function isArgumentError(error: GraphQLError): boolean {
  const original = error.originalError;
  return original !== undefined && original.name === 'GraphQLError' && original.message.startsWith('Argument "');
}
