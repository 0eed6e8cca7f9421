// The UTF-8 check of JSON request bodies.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bodyTooLargeMessage, findInvalidUtf8 } from '../dist/http/json-body.js';

const kCases: Array<{ name: string; bytes: number[]; offset: number }> = [
  { name: 'ASCII', bytes: [0x7b, 0x7d], offset: -1 },
  { name: 'two- to four-byte sequences', bytes: [0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80], offset: -1 },
  { name: 'stray continuation byte', bytes: [0x61, 0x80], offset: 1 },
  { name: 'byte 0xff', bytes: [0x61, 0x62, 0xff], offset: 2 },
  { name: 'overlong two-byte form', bytes: [0xc0, 0xaf], offset: 0 },
  { name: 'overlong three-byte form', bytes: [0xe0, 0x80, 0xaf], offset: 1 },
  { name: 'surrogate U+D800', bytes: [0xed, 0xa0, 0x80], offset: 1 },
  { name: 'above U+10FFFF', bytes: [0xf4, 0x90, 0x80, 0x80], offset: 1 },
  { name: 'bad third byte', bytes: [0xe2, 0x82, 0x41], offset: 2 },
  { name: 'truncated sequence', bytes: [0x61, 0xe2, 0x82], offset: 1 },
];

for (const { name, bytes, offset } of kCases) {
  test(`findInvalidUtf8 with ${name}`, () => {
    const input = Uint8Array.from(bytes);

    assert.equal(findInvalidUtf8(input), offset);
    let decoded = true;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(input);
    } catch {
      decoded = false;
    }
    assert.equal(decoded, offset === -1, 'agrees with TextDecoder');
  });
}

test('bodyTooLargeMessage states the limit in its unit', () => {
  const kCases: Array<[number, string]> = [
    [1024 * 1024, '1 MiB (1,048,576 bytes)'],
    [3 * 1024 * 1024, '3 MiB (3,145,728 bytes)'],
    [512 * 1024, '512 KiB (524,288 bytes)'],
    [1000, '1,000 bytes'],
    [1536 * 1024, '1,536 KiB (1,572,864 bytes)'],
  ];
  for (const [limitBytes, limit] of kCases) {
    assert.equal(
      bodyTooLargeMessage(limitBytes),
      `Request body is too large: the limit is ${limit}. Send a shorter query or smaller variables, or split the work into several requests`,
    );
  }
});
