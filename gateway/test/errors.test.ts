// The table that maps gRPC status codes to GraphQL error codes.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import type { FastifyBaseLogger } from 'fastify';
import { GatewayError, isServiceError, kInternalErrorMessage, mapGrpcError } from '../dist/errors.js';

interface LogRecord {
  level: string;
  fields: Record<string, unknown>;
  message: string;
}

function recordingLogger(records: LogRecord[]): FastifyBaseLogger {
  const record = (level: string) => (fields: Record<string, unknown>, message: string) => records.push({ level, fields, message });
  return { info: record('info'), error: record('error') } as unknown as FastifyBaseLogger;
}

function serviceError(code: grpc.status, details: string): grpc.ServiceError {
  return Object.assign(new Error(`${code} ${grpc.status[code]}: ${details}`), { code, details, metadata: new grpc.Metadata() });
}

const kTable: Array<[grpc.status, string, boolean]> = [
  [grpc.status.INVALID_ARGUMENT, 'BAD_USER_INPUT', true],
  [grpc.status.NOT_FOUND, 'NOT_FOUND', true],
  [grpc.status.FAILED_PRECONDITION, 'FAILED_PRECONDITION', true],
  [grpc.status.ABORTED, 'CONFLICT', true],
  [grpc.status.ALREADY_EXISTS, 'CONFLICT', true],
  [grpc.status.UNAUTHENTICATED, 'UNAUTHENTICATED', true],
  [grpc.status.PERMISSION_DENIED, 'FORBIDDEN', true],
  [grpc.status.RESOURCE_EXHAUSTED, 'RATE_LIMITED', true],
  [grpc.status.UNAVAILABLE, 'SERVICE_UNAVAILABLE', false],
  [grpc.status.DEADLINE_EXCEEDED, 'SERVICE_UNAVAILABLE', false],
  [grpc.status.OK, 'INTERNAL_SERVER_ERROR', false],
  [grpc.status.CANCELLED, 'INTERNAL_SERVER_ERROR', false],
  [grpc.status.UNKNOWN, 'INTERNAL_SERVER_ERROR', false],
  [grpc.status.OUT_OF_RANGE, 'INTERNAL_SERVER_ERROR', false],
  [grpc.status.UNIMPLEMENTED, 'INTERNAL_SERVER_ERROR', false],
  [grpc.status.INTERNAL, 'INTERNAL_SERVER_ERROR', false],
  [grpc.status.DATA_LOSS, 'INTERNAL_SERVER_ERROR', false],
];

for (const [status, code, exposed] of kTable) {
  test(`mapGrpcError maps ${grpc.status[status]}`, () => {
    const records: LogRecord[] = [];
    const details = 'discussion_id 7 not found: list your discussions for valid ids (peer 10.1.2.3:50051)';

    const error = mapGrpcError(serviceError(status, details), 'ReplyToDiscussion', recordingLogger(records));

    assert.ok(error instanceof GatewayError);
    assert.equal(error.extensions.code, code);
    if (exposed) {
      assert.equal(error.message, details);
    } else {
      assert.ok(!error.message.includes('10.1.2.3'), error.message);
    }
    assert.equal(records.length, 1);
    assert.deepEqual(records[0]?.fields, { rpc: 'ReplyToDiscussion', grpcCode: grpc.status[status], grpcDetails: details, code });
  });
}

test('mapGrpcError hides internal details', () => {
  const error = mapGrpcError(serviceError(grpc.status.INTERNAL, 'rocksdb: IO error'), 'MarkRead', recordingLogger([]));

  assert.equal(error.message, kInternalErrorMessage);
});

test('mapGrpcError logs server faults as errors', () => {
  const records: LogRecord[] = [];
  const log = recordingLogger(records);

  mapGrpcError(serviceError(grpc.status.UNAVAILABLE, 'connect ECONNREFUSED'), 'ListDiscussions', log);
  mapGrpcError(serviceError(grpc.status.NOT_FOUND, 'discussion 9 not found'), 'ListMessages', log);

  assert.deepEqual(records.map((record) => record.level), ['error', 'info']);
});

test('mapGrpcError uses a fallback for empty details', () => {
  const error = mapGrpcError(serviceError(grpc.status.NOT_FOUND, ''), 'ListMessages', recordingLogger([]));

  assert.equal(error.extensions.code, 'NOT_FOUND');
  assert.equal(error.message, 'Not found');
});

test('isServiceError recognizes grpc-js errors', () => {
  assert.equal(isServiceError(serviceError(grpc.status.INTERNAL, 'x')), true);
  assert.equal(isServiceError(new Error('plain')), false);
  assert.equal(isServiceError({ code: 2, details: 'not an Error' }), false);
});
