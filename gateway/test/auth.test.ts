// Customer tokens: extraction from requests, verification and minting.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SignJWT } from 'jose';
import { extractToken, mintCustomerToken, verifyCustomerToken } from '../dist/auth.js';

const kSecret = new TextEncoder().encode('unit-test-secret-0123456789abcdefgh');
const kOtherSecret = new TextEncoder().encode('another-secret-0123456789abcdefghij');

describe('extractToken', () => {
  const kCases: Array<{ name: string; authorization?: string; cookie?: string; expected: string | undefined }> = [
    { name: 'Opaque scheme', authorization: 'Opaque abc.def.ghi', expected: 'abc.def.ghi' },
    { name: 'Bearer scheme', authorization: 'Bearer abc.def.ghi', expected: 'abc.def.ghi' },
    { name: 'scheme in any case', authorization: 'opaque abc', expected: 'abc' },
    { name: 'trailing space', authorization: 'Bearer abc  ', expected: 'abc' },
    { name: 'other scheme', authorization: 'Basic dXNlcjpwYXNz', expected: undefined },
    { name: 'scheme without token', authorization: 'Opaque ', expected: undefined },
    { name: 'two tokens', authorization: 'Opaque a b', expected: undefined },
    { name: 'cookie', cookie: 'cookie-token', expected: 'cookie-token' },
    { name: 'empty cookie', cookie: '', expected: undefined },
    { name: 'header before cookie', authorization: 'Opaque header-token', cookie: 'cookie-token', expected: 'header-token' },
    { name: 'cookie after other scheme', authorization: 'Basic x', cookie: 'cookie-token', expected: 'cookie-token' },
    { name: 'nothing', expected: undefined },
  ];

  for (const { name, authorization, cookie, expected } of kCases) {
    test(name, () => {
      const cookies = cookie === undefined ? {} : { parley_session: cookie };
      assert.equal(extractToken({ authorization, cookies }), expected);
    });
  }
});

describe('verifyCustomerToken', () => {
  test('accepts a minted token', async () => {
    const token = await mintCustomerToken('38779254', kSecret);

    assert.deepEqual(await verifyCustomerToken(token, kSecret), { customerId: '38779254' });
  });

  test('rejects an expired token', async () => {
    const token = await mintCustomerToken('c1', kSecret, { now: new Date(Date.now() - 7200_000), ttlSeconds: 3600 });

    assert.deepEqual(await verifyCustomerToken(token, kSecret), { customerId: null, reason: 'token expired' });
  });

  test('reports expiry only for an otherwise valid token', async () => {
    const issued = new Date(Date.now() - 7200_000);
    const kCases: Array<{ name: string; claims: Record<string, unknown>; subject: string; reason: string }> = [
      { name: 'purpose claim', claims: { purpose: 'upload' }, subject: 'c1', reason: 'token has purpose "upload", not a session token' },
      { name: 'invalid subject', claims: {}, subject: 'not valid!', reason: 'token subject is not a valid customer id' },
    ];
    for (const { name, claims, subject, reason } of kCases) {
      const issuedAt = Math.floor(issued.getTime() / 1000);
      const token = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(subject)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + 3600)
        .sign(kSecret);

      assert.deepEqual(await verifyCustomerToken(token, kSecret), { customerId: null, reason }, name);
    }
    const otherSecret = await mintCustomerToken('c1', kOtherSecret, { now: issued, ttlSeconds: 3600 });
    assert.deepEqual(await verifyCustomerToken(otherSecret, kSecret), { customerId: null, reason: 'token signature is invalid' });
  });

  test('allows clock skew of 30 seconds', async () => {
    const token = await mintCustomerToken('c1', kSecret, { ttlSeconds: 60 });
    const later = new Date(Date.now() + 80_000);

    assert.equal((await verifyCustomerToken(token, kSecret, later)).customerId, 'c1');
  });

  test('rejects iat in the future', async () => {
    const token = await mintCustomerToken('c1', kSecret, { now: new Date(Date.now() + 3600_000), ttlSeconds: 3600 });

    const result = await verifyCustomerToken(token, kSecret);

    assert.equal(result.customerId, null);
    assert.match((result as { reason: string }).reason, /^token iat is 3[0-9]{3} seconds in the future$/);
  });

  test('allows iat 30 seconds ahead', async () => {
    const issued = new Date(Date.now() + 30_000);
    const token = await mintCustomerToken('c1', kSecret, { now: issued, ttlSeconds: 60 });
    const verifiedAt = new Date(Math.floor(issued.getTime() / 1000) * 1000 - 30_000);

    assert.equal((await verifyCustomerToken(token, kSecret, verifiedAt)).customerId, 'c1');
    const tooEarly = new Date(verifiedAt.getTime() - 1000);
    assert.equal((await verifyCustomerToken(token, kSecret, tooEarly)).customerId, null);
  });

  test('rejects another secret', async () => {
    const token = await mintCustomerToken('c1', kOtherSecret);

    const result = await verifyCustomerToken(token, kSecret);

    assert.deepEqual(result, { customerId: null, reason: 'token signature is invalid' });
  });

  test('rejects a token with a purpose', async () => {
    const token = await mintCustomerToken('c1', kSecret, { purpose: 'upload' });

    const result = await verifyCustomerToken(token, kSecret);

    assert.equal(result.customerId, null);
    assert.match(result.customerId === null ? result.reason : '', /purpose "upload"/);
  });

  test('rejects an invalid subject', async () => {
    for (const sub of ['', 'has space', 'x'.repeat(65), 'semi;colon']) {
      const token = await sign({ sub, iat: now(), exp: now() + 60 });
      assert.equal((await verifyCustomerToken(token, kSecret)).customerId, null, sub);
    }
  });

  test('requires sub, iat and exp', async () => {
    const complete = { sub: 'c1', iat: now(), exp: now() + 60 };
    for (const claim of ['sub', 'iat', 'exp'] as const) {
      const claims: Record<string, unknown> = { ...complete };
      delete claims[claim];

      const result = await verifyCustomerToken(await sign(claims), kSecret);

      assert.equal(result.customerId, null, claim);
    }
  });

  test('rejects other algorithms', async () => {
    const token = await new SignJWT({ sub: 'c1' })
      .setProtectedHeader({ alg: 'HS512' })
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new Uint8Array(64).fill(7));
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(
      JSON.stringify({ sub: 'c1', iat: now(), exp: now() + 60 }),
    ).toString('base64url')}.`;

    assert.equal((await verifyCustomerToken(token, kSecret)).customerId, null);
    assert.equal((await verifyCustomerToken(unsigned, kSecret)).customerId, null);
  });

  test('rejects garbage', async () => {
    for (const token of ['', 'abc', 'a.b.c', '...']) {
      assert.equal((await verifyCustomerToken(token, kSecret)).customerId, null, token);
    }
  });
});

describe('mintCustomerToken', () => {
  test('writes sub, iat and exp', async () => {
    const issued = new Date('2024-05-01T12:00:00Z');
    const token = await mintCustomerToken('cust_1-A', kSecret, { now: issued, ttlSeconds: 600 });

    const [header, payload] = token.split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
    assert.deepEqual(header, { alg: 'HS256', typ: 'JWT' });
    assert.deepEqual(payload, { sub: 'cust_1-A', iat: 1714564800, exp: 1714565400 });
  });

  test('rejects an invalid customer id', async () => {
    await assert.rejects(mintCustomerToken('bad id', kSecret), /customer id "bad id" is invalid/);
  });
});

function now(): number {
  return Math.floor(Date.now() / 1000);
}

function sign(claims: Record<string, unknown>): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(kSecret);
}
