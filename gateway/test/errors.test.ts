// The table that maps gRPC status codes to GraphQL error codes.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import type { FastifyBaseLogger } from 'fastify';
import { GatewayError, isServiceError, kInternalErrorMessage, mapGrpcError } from '../dist/errors.js';
import { LogRateLimiter } from '../dist/log-limiter.js';

interface LogRecord {
  level: string;
  fields: Record<string, unknown>;
  message: string;
}

function recordingLogger(records: LogRecord[]): FastifyBaseLogger {
  const record = (level: string) => (fields: Record<string, unknown>, message: string) => records.push({ level, fields, message });
  return { info: record('info'), warn: record('warn'), error: record('error') } as unknown as FastifyBaseLogger;
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
    const fields = { rpc: 'ReplyToDiscussion', grpcCode: grpc.status[status], grpcDetails: details, code };
    const outage = code === 'SERVICE_UNAVAILABLE';
    assert.deepEqual(records[0]?.fields, outage ? { ...fields, suppressedLines: 0 } : fields);
  });
}

test('mapGrpcError hides internal details', () => {
  const error = mapGrpcError(serviceError(grpc.status.INTERNAL, 'rocksdb: IO error'), 'MarkRead', recordingLogger([]));

  assert.equal(error.message, kInternalErrorMessage);
});

test('mapGrpcError logs each kind at its level', () => {
  const records: LogRecord[] = [];
  const log = recordingLogger(records);

  mapGrpcError(serviceError(grpc.status.INTERNAL, 'rocksdb: IO error'), 'ListDiscussions', log);
  mapGrpcError(serviceError(grpc.status.UNAVAILABLE, 'connect ECONNREFUSED'), 'ListDiscussions', log);
  mapGrpcError(serviceError(grpc.status.DEADLINE_EXCEEDED, 'Deadline exceeded'), 'ListDiscussions', log);
  mapGrpcError(serviceError(grpc.status.NOT_FOUND, 'discussion 9 not found'), 'ListMessages', log);

  assert.deepEqual(records.map((record) => record.level), ['error', 'warn', 'warn', 'info']);
});

test('mapGrpcError rate-limits outage lines', () => {
  const records: LogRecord[] = [];
  const log = recordingLogger(records);
  let nowMs = 0;
  const limiter = new LogRateLimiter(1000, () => nowMs);
  const unavailable = serviceError(grpc.status.UNAVAILABLE, 'connect ECONNREFUSED');

  for (let i = 0; i < 500; i += 1) mapGrpcError(unavailable, 'ListDiscussions', log, limiter);
  mapGrpcError(serviceError(grpc.status.DEADLINE_EXCEEDED, 'Deadline exceeded'), 'MarkRead', log, limiter);
  nowMs = 999;
  mapGrpcError(unavailable, 'ListDiscussions', log, limiter);
  nowMs = 1000;
  const error = mapGrpcError(unavailable, 'ListMessages', log, limiter);

  assert.equal(error.extensions.code, 'SERVICE_UNAVAILABLE');
  assert.deepEqual(
    records.map((record) => [record.level, record.fields.grpcCode, record.fields.suppressedLines]),
    [
      ['warn', 'UNAVAILABLE', 0],
      ['warn', 'DEADLINE_EXCEEDED', 0],
      ['warn', 'UNAVAILABLE', 500],
    ],
  );
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

const kRenames: Array<{ rpc: string; details: string; expected: string }> = [
  { rpc: 'CreateDiscussion', details: 'message.text is empty; write 1 to 10000 characters', expected: 'input.message.message is empty; write 1 to 10000 characters' },
  {
    rpc: 'CreateDiscussion',
    details: 'message.attachmentToken was already used on a message',
    expected: 'input.message.attachmentToken was already used on a message',
  },
  {
    rpc: 'CreateDiscussion',
    details: "selection.order_number contains ' ' at offset 3",
    expected: "input.selection.selectedOrderId contains ' ' at offset 3",
  },
  {
    rpc: 'CreateDiscussion',
    details: 'selection.product_skus[1] has a leading zero',
    expected: 'input.selection.selectedProductSkus[1] has a leading zero',
  },
  {
    rpc: 'CreateDiscussion',
    details: 'selection.product_skus has 51 SKUs; the maximum is 50',
    expected: 'input.selection.selectedProductSkus has 51 SKUs; the maximum is 50',
  },
  {
    rpc: 'CreateDiscussion',
    details: 'selection.product_skus[1] repeats SKU 1 from selection.product_skus[0]; list each SKU once',
    expected: 'input.selection.selectedProductSkus[1] repeats SKU 1 from input.selection.selectedProductSkus[0]; list each SKU once',
  },
  {
    rpc: 'CreateDiscussion',
    details: 'message.text is empty, and message.attachmentToken is set',
    expected: 'input.message.message is empty, and input.message.attachmentToken is set',
  },
  {
    rpc: 'ReplyToDiscussion',
    details: 'message.attachmentToken names attachment 7; send message.text too',
    expected: 'input.attachmentToken names attachment 7; send input.message too',
  },
  {
    rpc: 'MarkRead',
    details: 'discussion_id 3 has no message upToMessageId 9 (upToMessageId.)',
    expected: 'discussion_id 3 has no message input.upToMessageId 9 (input.upToMessageId.)',
  },
  { rpc: 'CreateDiscussion', details: 'the retry must repeat request_id', expected: 'the retry must repeat Idempotency-Key' },
  { rpc: 'ListDiscussions', details: 'limit is 101 and messages.limit is 0', expected: 'limit is 101 and messages(limit) is 0' },
  { rpc: 'ReplyToDiscussion', details: 'message.text contains only whitespace', expected: 'input.message contains only whitespace' },
  { rpc: 'ReplyToDiscussion', details: 'message.attachmentToken has an invalid signature', expected: 'input.attachmentToken has an invalid signature' },
  {
    rpc: 'MarkRead',
    details: 'upToMessageId 9 does not belong to discussion 3',
    expected: 'input.upToMessageId 9 does not belong to discussion 3',
  },
  { rpc: 'ListDiscussions', details: 'offset is -1; use 0 or more', expected: 'offset is -1; use 0 or more' },
  { rpc: 'ListDiscussions', details: 'messages.limit is 101; use 0 to 100', expected: 'messages(limit) is 101; use 0 to 100' },
  { rpc: 'ListDiscussions', details: 'messages.offset is -1; use 0 or more', expected: 'messages(offset) is -1; use 0 or more' },
  { rpc: 'ListMessages', details: 'offset is -1; use 0 or more', expected: 'messages(offset) is -1; use 0 or more' },
  { rpc: 'ListMessages', details: 'limit is 101; use 0 to 100', expected: 'messages(limit) is 101; use 0 to 100' },
  {
    rpc: 'MarkRead',
    details: 'request_id "k-1" was already used for a different request; use a new request_id',
    expected: 'Idempotency-Key "k-1" was already used for a different request; send a new Idempotency-Key',
  },
  { rpc: 'CreateDiscussion', details: 'request_id is 200 bytes; the maximum is 128', expected: 'Idempotency-Key is 200 bytes; the maximum is 128' },
  // Names that only start like a renamed field, and other methods, stay as they are.
  { rpc: 'ListDiscussions', details: 'offsets are wrong', expected: 'offsets are wrong' },
  { rpc: 'ListMessages', details: 'customer_id contains \'x\' at offset 3', expected: "customer_id contains 'x' at offset 3" },
  { rpc: 'CreateDiscussion', details: 'selection.order_numbers is wrong', expected: 'selection.order_numbers is wrong' },
  { rpc: 'CreateDiscussion', details: 'xselection.product_skus is wrong', expected: 'xselection.product_skus is wrong' },
  { rpc: 'CreateDiscussion', details: 'new_message.text is empty', expected: 'new_message.text is empty' },
  {
    rpc: 'MarkRead',
    details: 'request_id "upToMessageId" was already used for a different request; use a new request_id',
    expected: 'Idempotency-Key "upToMessageId" was already used for a different request; send a new Idempotency-Key',
  },
  { rpc: 'UploadAttachment', details: 'message.text is empty', expected: 'message.text is empty' },
];

for (const { rpc, details, expected } of kRenames) {
  test(`mapGrpcError renames ${details.split(' ')[0]} of ${rpc}`, () => {
    const error = mapGrpcError(serviceError(grpc.status.INVALID_ARGUMENT, details), rpc, recordingLogger([]));

    assert.equal(error.message, expected);
  });
}

test('mapGrpcError renames only INVALID_ARGUMENT', () => {
  const error = mapGrpcError(serviceError(grpc.status.NOT_FOUND, 'offset is gone'), 'ListMessages', recordingLogger([]));

  assert.equal(error.message, 'offset is gone');
});
