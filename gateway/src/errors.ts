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

export function unauthenticated(): GatewayError {
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

/** A rewrite of the start of parleyd's message: `pattern` is replaced by `replacement`. */
interface ArgumentRename {
  pattern: RegExp;
  replacement: string;
}

/** Renames `grpcField` at the start of a message, alone or followed by a space or an index such as `[2]`. */
function leadingField(grpcField: string, argument: string): ArgumentRename {
  const escaped = grpcField.replace(/[.[\]()]/g, '\\$&');
  return { pattern: new RegExp(`^${escaped}(?=[ \\[]|$)`), replacement: argument };
}

/**
 * Renames of request_id, which mutations take from the Idempotency-Key
 * header. The first matches parleyd's message for a key already used for
 * another request.
 */
const kIdempotencyKeyRenames: readonly ArgumentRename[] = [
  { pattern: /^request_id (.*); use a new request_id$/s, replacement: 'Idempotency-Key $1; send a new Idempotency-Key' },
  leadingField('request_id', 'Idempotency-Key'),
];

/**
 * gRPC method → renames from the gRPC field names that parleyd's
 * INVALID_ARGUMENT messages start with to the GraphQL arguments or headers
 * that the client sent. The first pattern that matches applies.
 */
const kArgumentRenames: ReadonlyMap<string, readonly ArgumentRename[]> = new Map([
  [
    'CreateDiscussion',
    [
      leadingField('message.text', 'input.message.message'),
      leadingField('message.attachmentToken', 'input.message.attachmentToken'),
      leadingField('selection.order_number', 'input.selection.selectedOrderId'),
      leadingField('selection.product_skus', 'input.selection.selectedProductSkus'),
      ...kIdempotencyKeyRenames,
    ],
  ],
  [
    'ReplyToDiscussion',
    [
      leadingField('message.text', 'input.message'),
      leadingField('message.attachmentToken', 'input.attachmentToken'),
      ...kIdempotencyKeyRenames,
    ],
  ],
  ['MarkRead', [leadingField('upToMessageId', 'input.upToMessageId'), ...kIdempotencyKeyRenames]],
  [
    'ListDiscussions',
    [
      leadingField('messages.offset', 'messages(offset)'),
      leadingField('messages.limit', 'messages(limit)'),
      leadingField('offset', 'offset'),
      leadingField('limit', 'limit'),
    ],
  ],
  // Discussion.messages(offset, limit) calls ListMessages.
  ['ListMessages', [leadingField('offset', 'messages(offset)'), leadingField('limit', 'messages(limit)')]],
]);

/** Rewrites the gRPC field name that starts an INVALID_ARGUMENT message of `rpc` to the GraphQL argument. */
export function renameArguments(rpc: string, message: string): string {
  for (const rename of kArgumentRenames.get(rpc) ?? []) {
    if (rename.pattern.test(message)) return message.replace(rename.pattern, rename.replacement);
  }
  return message;
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
