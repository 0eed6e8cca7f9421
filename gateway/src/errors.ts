// Error codes of the gateway and the one table that maps gRPC status codes
// from parleyd to GraphQL `extensions.code` values.

import { status as GrpcStatus, type ServiceError } from '@grpc/grpc-js';
import type { FastifyBaseLogger } from 'fastify';
import { LogRateLimiter } from './log-limiter.js';

/** Values of `extensions.code` in GraphQL error responses. */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  FAILED_PRECONDITION: 'FAILED_PRECONDITION',
  CONFLICT: 'CONFLICT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  RATE_LIMITED: 'RATE_LIMITED',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
  // Request errors found before execution.
  BAD_REQUEST: 'BAD_REQUEST',
  GRAPHQL_PARSE_FAILED: 'GRAPHQL_PARSE_FAILED',
  GRAPHQL_VALIDATION_FAILED: 'GRAPHQL_VALIDATION_FAILED',
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  METHOD_NOT_ALLOWED: 'METHOD_NOT_ALLOWED',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Message of every error whose details must not reach the client. */
export const kInternalErrorMessage = 'Internal server error: the request failed in the gateway or in parleyd. Retry later.';

/**
 * Error that a resolver or a route reports to the client as it is.
 * graphql-js copies `extensions` into the response. Any other error thrown by
 * a resolver is reported as INTERNAL_SERVER_ERROR with a generic message.
 */
export class GatewayError extends Error {
  override name = 'GatewayError';
  readonly extensions: { code: ErrorCode };

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.extensions = { code };
  }
}

export function badUserInput(message: string): GatewayError {
  return new GatewayError(ErrorCode.BAD_USER_INPUT, message);
}

/**
 * Returns the UNAUTHENTICATED error of a request without a valid customer
 * token. `tokenExpired` selects the message for a token that is valid except
 * that its `exp` has passed. Every other failure gets the same message, so
 * that the response reveals nothing about what was wrong with the token.
 */
export function unauthenticated(tokenExpired = false): GatewayError {
  if (tokenExpired) {
    return new GatewayError(
      ErrorCode.UNAUTHENTICATED,
      'Authentication required: the customer token has expired. Log in again to get a new token, and send it as "Authorization: Opaque <token>" or in the parley_session cookie',
    );
  }
  return new GatewayError(
    ErrorCode.UNAUTHENTICATED,
    'Authentication required: send a valid customer token as "Authorization: Opaque <token>" or in the parley_session cookie',
  );
}

interface GrpcMapping {
  code: ErrorCode;
  /** True when parleyd's status message is meant for the client: it names the field and the fix. */
  exposeDetails: boolean;
  /** Message used when the details are hidden or empty. */
  message: string;
}

const kUnavailable: GrpcMapping = {
  code: ErrorCode.SERVICE_UNAVAILABLE,
  exposeDetails: false,
  message: 'The discussion service is unavailable or timed out: retry later',
};

/** gRPC status code → GraphQL error. Codes missing here map to kInternal. */
const kGrpcErrors: ReadonlyMap<GrpcStatus, GrpcMapping> = new Map([
  [GrpcStatus.INVALID_ARGUMENT, { code: ErrorCode.BAD_USER_INPUT, exposeDetails: true, message: 'Invalid argument' }],
  [GrpcStatus.NOT_FOUND, { code: ErrorCode.NOT_FOUND, exposeDetails: true, message: 'Not found' }],
  [
    GrpcStatus.FAILED_PRECONDITION,
    { code: ErrorCode.FAILED_PRECONDITION, exposeDetails: true, message: 'The request does not apply in the current state' },
  ],
  [GrpcStatus.ABORTED, { code: ErrorCode.CONFLICT, exposeDetails: true, message: 'Conflicting concurrent change: retry' }],
  [GrpcStatus.ALREADY_EXISTS, { code: ErrorCode.CONFLICT, exposeDetails: true, message: 'Already exists' }],
  [GrpcStatus.UNAUTHENTICATED, { code: ErrorCode.UNAUTHENTICATED, exposeDetails: true, message: 'Authentication required' }],
  [GrpcStatus.PERMISSION_DENIED, { code: ErrorCode.FORBIDDEN, exposeDetails: true, message: 'Permission denied' }],
  [GrpcStatus.RESOURCE_EXHAUSTED, { code: ErrorCode.RATE_LIMITED, exposeDetails: true, message: 'Too many requests: retry later' }],
  [GrpcStatus.UNAVAILABLE, kUnavailable],
  [GrpcStatus.DEADLINE_EXCEEDED, kUnavailable],
]);

const kInternal: GrpcMapping = {
  code: ErrorCode.INTERNAL_SERVER_ERROR,
  exposeDetails: false,
  message: kInternalErrorMessage,
};

/** A rewrite of a whole message of parleyd: `pattern` is replaced by `replacement`. */
interface MessageRewrite {
  pattern: RegExp;
  replacement: string;
}

/** Renames of the gRPC fields that parleyd's INVALID_ARGUMENT messages of one method name. */
interface ArgumentRenames {
  /** Tried in order before the field renames. The first that matches applies, and then no field is renamed. */
  rewrites: readonly MessageRewrite[];
  /** gRPC field name → GraphQL argument or header that the client sent. */
  fields: ReadonlyMap<string, string>;
  /** Matches the names of `fields`, built by argumentRenames. */
  fieldPattern: RegExp;
}

/**
 * Builds the renames of one method. A field name is renamed wherever it
 * appears as a whole field path: not inside a longer path such as
 * `messages.offset` for `offset`, and followed by an index such as `[2]`, a
 * space, punctuation or the end. A name that is a plain lowercase word, such
 * as `offset`, is renamed only at the start of the message, because parleyd
 * also uses it as an English word ("contains ' ' at offset 3").
 */
function argumentRenames(fields: ReadonlyArray<readonly [string, string]>, rewrites: readonly MessageRewrite[] = []): ArgumentRenames {
  const escape = (name: string) => name.replace(/[.[\]()]/g, '\\$&');
  // Longest first, so that a path wins over a shorter name that it starts with.
  const names = fields.map(([grpcField]) => grpcField).sort((a, b) => b.length - a.length);
  const words = names.filter((name) => /^[a-z]+$/.test(name)).map(escape);
  const paths = names.filter((name) => !/^[a-z]+$/.test(name)).map(escape);

  const alternatives: string[] = [];
  if (words.length > 0) alternatives.push(`^(?:${words.join('|')})(?![\\w.])`);
  if (paths.length > 0) alternatives.push(`(?<![\\w.])(?:${paths.join('|')})(?!\\w|\\.\\w)`);
  return {
    rewrites,
    fields: new Map(fields),
    fieldPattern: new RegExp(alternatives.length > 0 ? alternatives.join('|') : '(?!)', 'g'),
  };
}

/**
 * Rewrite of parleyd's message for a request_id already used for another
 * request, which mutations take from the Idempotency-Key header. The key is
 * quoted without escapes, so no field is renamed inside this message.
 */
const kIdempotencyKeyRewrites: readonly MessageRewrite[] = [
  { pattern: /^request_id (.*); use a new request_id$/s, replacement: 'Idempotency-Key $1; send a new Idempotency-Key' },
];

const kIdempotencyKeyField = ['request_id', 'Idempotency-Key'] as const;

/**
 * gRPC method → renames from the gRPC field names in parleyd's
 * INVALID_ARGUMENT messages to the GraphQL arguments or headers that the
 * client sent.
 */
const kArgumentRenames: ReadonlyMap<string, ArgumentRenames> = new Map([
  [
    'CreateDiscussion',
    argumentRenames(
      [
        ['message.text', 'input.message.message'],
        ['message.attachmentToken', 'input.message.attachmentToken'],
        ['selection.order_number', 'input.selection.selectedOrderId'],
        ['selection.product_skus', 'input.selection.selectedProductSkus'],
        kIdempotencyKeyField,
      ],
      kIdempotencyKeyRewrites,
    ),
  ],
  [
    'ReplyToDiscussion',
    argumentRenames(
      [
        ['message.text', 'input.message'],
        ['message.attachmentToken', 'input.attachmentToken'],
        kIdempotencyKeyField,
      ],
      kIdempotencyKeyRewrites,
    ),
  ],
  ['MarkRead', argumentRenames([['upToMessageId', 'input.upToMessageId'], kIdempotencyKeyField], kIdempotencyKeyRewrites)],
  [
    'ListDiscussions',
    argumentRenames([
      ['messages.offset', 'messages(offset)'],
      ['messages.limit', 'messages(limit)'],
      ['offset', 'offset'],
      ['limit', 'limit'],
    ]),
  ],
  // Discussion.messages(offset, limit) calls ListMessages.
  ['ListMessages', argumentRenames([['offset', 'messages(offset)'], ['limit', 'messages(limit)']])],
]);

/** Rewrites the gRPC field names in an INVALID_ARGUMENT message of `rpc` to the GraphQL arguments. */
export function renameArguments(rpc: string, message: string): string {
  const renames = kArgumentRenames.get(rpc);
  if (renames === undefined) return message;

  for (const rewrite of renames.rewrites) {
    if (rewrite.pattern.test(message)) return message.replace(rewrite.pattern, rewrite.replacement);
  }
  return message.replace(renames.fieldPattern, (grpcField) => renames.fields.get(grpcField) ?? grpcField);
}

/**
 * Converts a failed gRPC call into the GatewayError returned to the client,
 * and logs the original status. `rpc` names the method for the log and
 * selects the argument names of INVALID_ARGUMENT messages.
 *
 * UNAVAILABLE and DEADLINE_EXCEEDED are logged at warn level, at most as
 * often as `limiter` admits per status code, with the number of lines
 * dropped in between. Other server faults are logged at error level, and
 * rejections of the request at info level.
 */
export function mapGrpcError(
  error: ServiceError,
  rpc: string,
  log: FastifyBaseLogger,
  limiter: LogRateLimiter = new LogRateLimiter(0),
): GatewayError {
  const mapping = kGrpcErrors.get(error.code) ?? kInternal;
  const details = typeof error.details === 'string' ? error.details : '';
  let message = mapping.exposeDetails && details !== '' ? details : mapping.message;
  if (error.code === GrpcStatus.INVALID_ARGUMENT) message = renameArguments(rpc, message);

  const grpcCode = GrpcStatus[error.code] ?? String(error.code);
  const fields = { rpc, grpcCode, grpcDetails: details, code: mapping.code };
  if (mapping === kUnavailable) {
    const suppressedLines = limiter.admit(grpcCode);
    if (suppressedLines !== undefined) log.warn({ ...fields, suppressedLines }, 'gRPC call to parleyd failed');
  } else if (mapping.code === ErrorCode.INTERNAL_SERVER_ERROR) {
    log.error(fields, 'gRPC call to parleyd failed');
  } else {
    log.info(fields, 'gRPC call to parleyd rejected the request');
  }
  return new GatewayError(mapping.code, message);
}

/** True for errors that grpc-js returns for a call that ended with a status. */
export function isServiceError(error: unknown): error is ServiceError {
  return error instanceof Error && typeof (error as Partial<ServiceError>).code === 'number' && 'details' in error;
}
