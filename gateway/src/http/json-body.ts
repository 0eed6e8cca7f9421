// JSON request bodies read as bytes, so that invalid UTF-8 is rejected
// instead of being replaced with U+FFFD and stored.

import type { FastifyInstance } from 'fastify';

/**
 * Returns the offset of the first byte of `bytes` that does not start or
 * continue a valid UTF-8 sequence, or -1 when all of `bytes` is valid UTF-8.
 * Overlong forms, surrogates (U+D800 to U+DFFF) and values above U+10FFFF
 * are invalid, as in RFC 3629. A sequence cut off at the end is invalid at
 * its first byte.
 */
export function findInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    let length: number;
    let min = 0x80;
    let max = 0xbf;
    if (lead < 0x80) {
      i += 1;
      continue;
    }
    if (lead >= 0xc2 && lead <= 0xdf) {
      length = 2;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      if (lead === 0xe0) min = 0xa0; // overlong
      if (lead === 0xed) max = 0x9f; // surrogates
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      if (lead === 0xf0) min = 0x90; // overlong
      if (lead === 0xf4) max = 0x8f; // above U+10FFFF
    } else {
      return i;
    }

    if (i + length > bytes.length) return i;
    // The second byte has the narrowed range; later bytes are 0x80 to 0xBF.
    const second = bytes[i + 1]!;
    if (second < min || second > max) return i + 1;
    for (let k = 2; k < length; k += 1) {
      const next = bytes[i + k]!;
      if (next < 0x80 || next > 0xbf) return i + k;
    }
    i += length;
  }
  return -1;
}

/**
 * Returns the message for a request body over `limitBytes`, fastify's
 * bodyLimit, with the limit in the largest binary unit that divides it.
 */
export function bodyTooLargeMessage(limitBytes: number): string {
  const exact = `${limitBytes.toLocaleString('en-US')} bytes`;
  let limit = exact;
  if (limitBytes >= kMiB && limitBytes % kMiB === 0) limit = `${(limitBytes / kMiB).toLocaleString('en-US')} MiB (${exact})`;
  else if (limitBytes >= kKiB && limitBytes % kKiB === 0) limit = `${(limitBytes / kKiB).toLocaleString('en-US')} KiB (${exact})`;
  return `Request body is too large: the limit is ${limit}. Send a shorter query or smaller variables, or split the work into several requests`;
}

const kKiB = 1024;
const kMiB = 1024 * 1024;

/** Error for a request body that is not UTF-8, with the status fastify's error handler reads. */
export class InvalidUtf8BodyError extends Error {
  override name = 'InvalidUtf8BodyError';
  readonly statusCode = 400;

  constructor(offset: number, byte: number) {
    const hex = byte.toString(16).padStart(2, '0');
    super(`request body is not valid UTF-8 at byte offset ${offset} (byte 0x${hex}): send the JSON body encoded as UTF-8`);
  }
}

/**
 * Replaces the application/json parser of `app`'s scope with one that reads
 * the body as bytes, rejects invalid UTF-8 with InvalidUtf8BodyError, and
 * then parses it with fastify's default JSON parser.
 */
export function parseJsonAsStrictUtf8(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  const decoder = new TextDecoder('utf-8', { fatal: true });

  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const bytes = body as Buffer;
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      const offset = findInvalidUtf8(bytes);
      done(new InvalidUtf8BodyError(offset, bytes[offset] ?? 0), undefined);
      return;
    }
    parseJson(request, text, done);
  });
}
