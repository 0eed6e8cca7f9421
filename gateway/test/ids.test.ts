// Parsing of GraphQL IDs into uint64 decimal strings.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GatewayError } from '../dist/errors.js';
import { parseId } from '../dist/ids.js';

const kHint = 'use the id returned by createDiscussion';

test('parseId accepts decimal ids', () => {
  assert.equal(parseId('13183370', 'discussionId', kHint), '13183370');
  assert.equal(parseId('1', 'discussionId', kHint), '1');
  assert.equal(parseId('18446744073709551615', 'discussionId', kHint), '18446744073709551615');
});

test('parseId rejects leading zeros', () => {
  for (const value of ['000042', '01', '00', '00000000000000000001']) {
    assert.throws(
      () => parseId(value, 'discussionId', kHint),
      (error: unknown) =>
        error instanceof GatewayError &&
        error.extensions.code === 'BAD_USER_INPUT' &&
        error.message === `discussionId ${JSON.stringify(value)} is not a valid ID: write a decimal number without leading zeros, so ${kHint}`,
      value,
    );
  }
});

test('parseId rejects non-decimal text', () => {
  for (const value of ['abc', '', ' 1', '1 ', '-1', '+1', '1.0', '1e3', '0x10', '１２']) {
    assert.throws(
      () => parseId(value, 'discussionId', kHint),
      (error: unknown) =>
        error instanceof GatewayError &&
        error.extensions.code === 'BAD_USER_INPUT' &&
        error.message === `discussionId ${JSON.stringify(value)} is not a valid ID: ${kHint}`,
      value,
    );
  }
});

test('parseId rejects more than 20 digits', () => {
  assert.throws(() => parseId('1'.repeat(21), 'input.upToMessageId', kHint), /^GatewayError: input\.upToMessageId "1{21}" is not a valid ID/);
});

test('parseId rejects ids outside uint64', () => {
  for (const value of ['0', '18446744073709551616', '99999999999999999999']) {
    assert.throws(() => parseId(value, 'discussionId', kHint), /ids are from 1 to 18446744073709551615, so use the id/, value);
  }
});
