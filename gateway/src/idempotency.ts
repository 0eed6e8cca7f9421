// The Idempotency-Key request header, sent to parleyd as the request_id of a
// mutation. A retry with the same key from the same customer returns the
// first result and changes nothing.

import { badUserInput } from './errors.js';

export const kIdempotencyKeyHeader = 'idempotency-key';

/** Longest key accepted, in characters. The proto's request_id is at most 128 bytes. */
export const kMaxIdempotencyKeyLength = 128;

/**
 * Returns the request_id for a header value: the key itself, or an empty
 * string when the header is absent. Throws a BAD_USER_INPUT GatewayError
 * unless the key is 1 to 128 printable ASCII characters (0x20 to 0x7E).
 */
export function parseIdempotencyKey(header: string | string[] | undefined): string {
  if (header === undefined) return '';
  if (Array.isArray(header)) {
    throw badUserInput('Idempotency-Key header is repeated: send it once per request');
  }
  if (header.length === 0 || header.length > kMaxIdempotencyKeyLength || !/^[\x20-\x7e]+$/.test(header)) {
    throw badUserInput(
      `Idempotency-Key header is invalid: use 1 to ${kMaxIdempotencyKeyLength} printable ASCII characters, such as a UUID`,
    );
  }
  return header;
}
