// Custom scalars: output and input parsing.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Kind, parseValue } from 'graphql';
import { DisplayString, OrderNumber, SKU, Timestamp, Void } from '../dist/scalars.js';

describe('SKU', () => {
  test('parses an Int or a string of digits', () => {
    assert.equal(SKU.parseValue(10530943), '10530943');
    assert.equal(SKU.parseValue('10530943'), '10530943');
    assert.equal(SKU.parseValue('0'), '0');
    assert.equal(SKU.parseValue(0), '0');
  });

  test('rejects other input', () => {
    for (const value of ['abc', '', '-1', '1.5', ' 1', '0123', '00', -1, 1.5, 2 ** 53, '12345678901234567', true, null, {}]) {
      assert.throws(() => SKU.parseValue(value), /SKU must be a non-negative integer/, String(value));
    }
  });

  test('parses literals', () => {
    assert.equal(SKU.parseLiteral(parseValue('10530943')), '10530943');
    assert.equal(SKU.parseLiteral(parseValue('"10530943"')), '10530943');
    assert.throws(() => SKU.parseLiteral(parseValue('1.5')), /SKU must be an Int or a string of digits/);
    assert.throws(() => SKU.parseLiteral(parseValue('"x1"')), /SKU must be a non-negative integer/);
  });

  test('outputs a JSON number', () => {
    assert.equal(SKU.serialize('10530943'), 10530943);
    assert.equal(SKU.serialize(12), 12);
    assert.throws(() => SKU.serialize('99999999999999999999'), /SKU cannot represent/);
    assert.throws(() => SKU.serialize('x'), /SKU cannot represent/);
  });
});

describe('Timestamp', () => {
  test('outputs int64 strings as numbers', () => {
    assert.equal(Timestamp.serialize('1700000000123'), 1700000000123);
    assert.equal(Timestamp.serialize(1700000000123), 1700000000123);
  });

  test('rejects values that are not integers', () => {
    for (const value of ['abc', 1.5, '9007199254740993', null]) {
      assert.throws(() => Timestamp.serialize(value), /Timestamp cannot represent/, String(value));
    }
  });

  test('parses an integer input', () => {
    assert.equal(Timestamp.parseValue(1700000000123), 1700000000123);
    assert.equal(Timestamp.parseLiteral({ kind: Kind.INT, value: '1700000000123' }), 1700000000123);
    assert.throws(() => Timestamp.parseValue('1700000000123'), /Timestamp must be an integer/);
  });
});

describe('OrderNumber', () => {
  test('parses strings and Int literals', () => {
    assert.equal(OrderNumber.parseValue('180012345'), '180012345');
    assert.equal(OrderNumber.parseValue(180012345), '180012345');
    assert.equal(OrderNumber.parseLiteral(parseValue('180012345')), '180012345');
  });

  test('rejects an empty string', () => {
    assert.throws(() => OrderNumber.parseValue(''), /OrderNumber must be a non-empty string/);
  });

  test('outputs a string', () => {
    assert.equal(OrderNumber.serialize('180012345'), '180012345');
    assert.throws(() => OrderNumber.serialize(5), /OrderNumber cannot represent 5/);
  });
});

describe('DisplayString and Void', () => {
  test('DisplayString passes strings', () => {
    assert.equal(DisplayString.serialize('Hello <b>'), 'Hello <b>');
    assert.throws(() => DisplayString.parseValue(5), /DisplayString must be a string/);
  });

  test('Void is always null', () => {
    assert.equal(Void.serialize(true), null);
    assert.equal(Void.parseValue('anything'), null);
  });
});
