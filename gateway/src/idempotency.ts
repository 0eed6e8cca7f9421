// The Idempotency-Key request header, sent to parleyd as the request_id of a
// mutation. A retry with the same key from the same customer returns the
// first result and changes nothing.

import { badUserInput } from './errors.js';

export const kIdempotencyKeyHeader = 'idempotency-key';

/** Longest key accepted, in characters. The proto's request_id is at most 128 bytes. */
export const kMaxIdempotencyKeyLength = 128;

/**
 * Returns the number of Idempotency-Key header lines in `rawHeaders`, Node's
 * list of alternating names and values. Node joins repeated lines into one
 * value "a, b", which could pass for a key, so only the raw list shows them.
 */
export function countIdempotencyKeyHeaders(rawHeaders: readonly string[]): number {
  let count = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i]?.toLowerCase() === kIdempotencyKeyHeader) count += 1;
  }
  return count;
}

/**
 * Returns the request_id for a header value: the key itself, or an empty
 * string when the header is absent. `lines` is the number of header lines
 * that carried it. Throws a BAD_USER_INPUT GatewayError for a header sent
 * more than once, and unless the key is 1 to 128 printable ASCII characters
 * (0x20 to 0x7E).
 */
export function parseIdempotencyKey(header: string | string[] | undefined, lines = 1): string {
  if (header === undefined) return '';
  if (Array.isArray(header) || lines > 1) {
    throw badUserInput('Idempotency-Key header is repeated: send one key per request');
  }
  if (header.length === 0 || header.length > kMaxIdempotencyKeyLength || !/^[\x20-\x7e]+$/.test(header)) {
    throw badUserInput(
      `Idempotency-Key header is invalid: use 1 to ${kMaxIdempotencyKeyLength} printable ASCII characters, such as a UUID`,
    );
  }
  return header;
}
