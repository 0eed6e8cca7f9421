// Custom scalars of schema.graphql: how each is output and how input values
// and literals are parsed. Parse functions throw TypeError, and graphql-js
// turns that into a validation or variable error that names the argument.

import { Kind, type ValueNode } from 'graphql';

export interface ScalarImplementation {
  serialize(value: unknown): unknown;
  parseValue(value: unknown): unknown;
  parseLiteral(node: ValueNode): unknown;
}

/** Timestamp: milliseconds since the Unix epoch, output as a JSON number. */
export const Timestamp: ScalarImplementation = {
  serialize(value) {
    // proto-loader returns int64 fields as decimal strings (longs: String).
    const ms = typeof value === 'string' && /^-?[0-9]+$/.test(value) ? Number(value) : value;
    if (typeof ms !== 'number' || !Number.isSafeInteger(ms)) {
      throw new TypeError(`Timestamp cannot represent ${JSON.stringify(value)}: expected an integer number of milliseconds`);
    }
    return ms;
  },
  parseValue(value) {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      throw new TypeError('Timestamp must be an integer number of milliseconds since the Unix epoch');
    }
    return value;
  },
  parseLiteral(node) {
    if (node.kind !== Kind.INT) {
      throw new TypeError('Timestamp must be an integer number of milliseconds since the Unix epoch');
    }
    return Timestamp.parseValue(Number(node.value));
  },
};

/**
 * SKU: numeric product id. Input is an Int or a string of digits without
 * leading zeros ("0" alone is valid), as parleyd requires, and the parsed
 * value is the decimal string that the gRPC contract uses. Output is a JSON
 * number, so a SKU is at most Number.MAX_SAFE_INTEGER.
 */
export const SKU: ScalarImplementation = {
  serialize(value) {
    const sku = parseSku(value);
    if (sku === undefined) {
      throw new TypeError(`SKU cannot represent ${JSON.stringify(value)}: expected a non-negative integer`);
    }
    return Number(sku);
  },
  parseValue(value) {
    const sku = parseSku(value);
    // parseSku drops leading zeros, but parleyd rejects them in a request,
    // so "0123" and "00" are rejected here instead of being rewritten.
    if (sku === undefined || (typeof value === 'string' && value !== sku)) {
      throw new TypeError(
        `SKU must be a non-negative integer up to ${Number.MAX_SAFE_INTEGER}, as an Int or a string of digits without leading zeros such as "10530943"`,
      );
    }
    return sku;
  },
  parseLiteral(node) {
    if (node.kind === Kind.INT) return SKU.parseValue(Number(node.value));
    if (node.kind === Kind.STRING) return SKU.parseValue(node.value);
    throw new TypeError('SKU must be an Int or a string of digits such as "10530943"');
  },
};

/** Returns the canonical decimal string of a SKU, or undefined when `value` is not one. */
export function parseSku(value: unknown): string | undefined {
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) && value >= 0 ? String(value) : undefined;
  }
  if (typeof value !== 'string' || !/^[0-9]{1,16}$/.test(value)) return undefined;

  const sku = Number(value);
  return Number.isSafeInteger(sku) ? String(sku) : undefined;
}

/** OrderNumber: a non-empty string. An Int literal is accepted and read as its digits. */
export const OrderNumber: ScalarImplementation = {
  serialize(value) {
    if (typeof value !== 'string') {
      throw new TypeError(`OrderNumber cannot represent ${JSON.stringify(value)}: expected a string`);
    }
    return value;
  },
  parseValue(value) {
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
    if (typeof value !== 'string' || value === '') {
      throw new TypeError('OrderNumber must be a non-empty string such as "123456789"');
    }
    return value;
  },
  parseLiteral(node) {
    if (node.kind === Kind.STRING || node.kind === Kind.INT) return OrderNumber.parseValue(node.value);
    throw new TypeError('OrderNumber must be a non-empty string such as "123456789"');
  },
};

/** DisplayString: text shown to the customer as it is. */
export const DisplayString: ScalarImplementation = {
  serialize(value) {
    if (typeof value !== 'string') {
      throw new TypeError(`DisplayString cannot represent ${JSON.stringify(value)}: expected a string`);
    }
    return value;
  },
  parseValue(value) {
    if (typeof value !== 'string') throw new TypeError('DisplayString must be a string');
    return value;
  },
  parseLiteral(node) {
    if (node.kind !== Kind.STRING) throw new TypeError('DisplayString must be a string');
    return node.value;
  },
};

/**
 * Void: the result of a mutation that returns nothing. graphql-js outputs null
 * without calling serialize when a resolver returns null or undefined.
 */
export const Void: ScalarImplementation = {
  serialize() {
    return null;
  },
  parseValue() {
    return null;
  },
  parseLiteral() {
    return null;
  },
};

export const kScalars: Readonly<Record<string, ScalarImplementation>> = {
  Timestamp,
  SKU,
  OrderNumber,
  DisplayString,
  Void,
};
