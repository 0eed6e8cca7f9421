// Order numbers in GraphQL arguments, checked with the rule that parleyd
// applies to Selection.order_number (kMaxOrderNumberLength and
// ValidateIdentifier in src/domain/): 1 to 64 characters of [A-Za-z0-9_-].

import { badUserInput } from './errors.js';

export const kMaxOrderNumberLength = 64;

const kOrderNumberCharacter = /^[A-Za-z0-9_-]$/;

const kOrderNumberRule = `use 1 to ${kMaxOrderNumberLength} characters of A-Z, a-z, 0-9, _ and -`;

/**
 * Returns `value` when it is an order number. Throws a BAD_USER_INPUT
 * GatewayError that names `argument`, the problem and the rule otherwise.
 * Offsets in the message count characters (code points) from 0.
 */
export function parseOrderNumber(value: string, argument: string): string {
  if (value === '') throw badUserInput(`${argument} is empty: ${kOrderNumberRule}`);

  const characters = [...value];
  const offset = characters.findIndex((character) => !kOrderNumberCharacter.test(character));
  if (offset !== -1) {
    throw badUserInput(
      `${argument} ${JSON.stringify(value)} contains ${JSON.stringify(characters[offset])} at offset ${offset}: ${kOrderNumberRule}`,
    );
  }
  if (characters.length > kMaxOrderNumberLength) {
    throw badUserInput(`${argument} is ${characters.length} characters long: ${kOrderNumberRule}`);
  }
  return value;
}
