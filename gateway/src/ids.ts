// Conversion of GraphQL ID values to the uint64 ids of the gRPC contract.

import { badUserInput } from './errors.js';

const kMaxUint64 = (1n << 64n) - 1n;

/**
 * Parses a discussion or message id: a decimal number of 1 to 20 digits
 * without leading zeros, from 1 to 2^64 - 1. Id 0 is rejected because the
 * gRPC filters read 0 as "any". Leading zeros are rejected so that each id
 * has one spelling.
 *
 * Returns the id as it was sent, a decimal string that proto-loader accepts
 * for uint64 fields. Throws a BAD_USER_INPUT GatewayError that names
 * `argument` and ends with `hint`, the way to get a valid id.
 */
export function parseId(value: unknown, argument: string, hint: string): string {
  const text = typeof value === 'string' ? value : String(value);
  if (!/^[0-9]{1,20}$/.test(text)) {
    throw badUserInput(`${argument} ${JSON.stringify(text)} is not a valid ID: ${hint}`);
  }
  if (text.length > 1 && text.startsWith('0')) {
    throw badUserInput(`${argument} ${JSON.stringify(text)} is not a valid ID: write a decimal number without leading zeros, so ${hint}`);
  }

  const id = BigInt(text);
  if (id === 0n || id > kMaxUint64) {
    throw badUserInput(`${argument} ${JSON.stringify(text)} is not a valid ID: ids are from 1 to ${kMaxUint64}, so ${hint}`);
  }
  return id.toString();
}
