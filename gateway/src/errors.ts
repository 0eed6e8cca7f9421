// Error codes of the gateway and the one table that maps gRPC status codes
// from parleyd to GraphQL `extensions.code` values.

import { status as GrpcStatus, type ServiceError } from '@grpc/grpc-js';
import type { FastifyBaseLogger } from 'fastify';

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

/**
 * Converts a failed gRPC call into the GatewayError returned to the client,
 * and logs the original status. `rpc` names the method for the log.
 */
export function mapGrpcError(error: ServiceError, rpc: string, log: FastifyBaseLogger): GatewayError {
  const mapping = kGrpcErrors.get(error.code) ?? kInternal;
  const details = typeof error.details === 'string' ? error.details : '';
  const message = mapping.exposeDetails && details !== '' ? details : mapping.message;

  const grpcCode = GrpcStatus[error.code] ?? String(error.code);
  const fields = { rpc, grpcCode, grpcDetails: details, code: mapping.code };
  if (mapping.code === ErrorCode.INTERNAL_SERVER_ERROR || mapping.code === ErrorCode.SERVICE_UNAVAILABLE) {
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
