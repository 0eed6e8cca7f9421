// Configuration from environment variables.

import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { ConfigError, kGatewayRoot, loadConfig } from '../dist/config.js';

const kSecret = 'x'.repeat(32);

test('loadConfig applies the defaults', () => {
  const config = loadConfig({ PARLEY_TOKEN_SECRET: kSecret });

  assert.equal(config.grpcTarget, '127.0.0.1:50051');
  assert.equal(config.host, '127.0.0.1');
  assert.equal(config.port, 4000);
  assert.equal(config.logLevel, 'info');
  assert.equal(config.grpcDeadlineMs, 5000);
  assert.equal(config.attachmentDeadlineMs, 300_000);
  assert.equal(config.catalogPath, path.join(kGatewayRoot, 'catalog.example.json'));
  assert.deepEqual(config.tokenSecret, new TextEncoder().encode(kSecret));
});

test('loadConfig reads every variable', () => {
  const config = loadConfig({
    PARLEY_TOKEN_SECRET: kSecret,
    PARLEY_GRPC_TARGET: 'parleyd.internal:6000',
    HOST: '0.0.0.0',
    PORT: '8080',
    PARLEY_CATALOG: '/etc/parley/catalog.json',
    LOG_LEVEL: 'debug',
    PARLEY_GRPC_DEADLINE_MS: '1500',
    PARLEY_ATTACHMENT_DEADLINE_MS: '60000',
  });

  assert.equal(config.grpcTarget, 'parleyd.internal:6000');
  assert.equal(config.host, '0.0.0.0');
  assert.equal(config.port, 8080);
  assert.equal(config.catalogPath, '/etc/parley/catalog.json');
  assert.equal(config.logLevel, 'debug');
  assert.equal(config.grpcDeadlineMs, 1500);
  assert.equal(config.attachmentDeadlineMs, 60_000);
});

test('loadConfig requires the token secret', () => {
  assert.throws(() => loadConfig({}), (error: unknown) => error instanceof ConfigError && /PARLEY_TOKEN_SECRET is not set/.test(error.message));
});

test('loadConfig rejects a short secret', () => {
  assert.throws(() => loadConfig({ PARLEY_TOKEN_SECRET: 'x'.repeat(31) }), /PARLEY_TOKEN_SECRET is 31 bytes long, shorter than the minimum of 32/);
});

test('loadConfig counts secret bytes in UTF-8', () => {
  assert.doesNotThrow(() => loadConfig({ PARLEY_TOKEN_SECRET: 'é'.repeat(16) }));
});

test('loadConfig rejects invalid values', () => {
  const kCases: Array<[Record<string, string>, RegExp]> = [
    [{ PORT: '70000' }, /PORT "70000" is invalid: use an integer from 0 to 65535/],
    [{ PORT: 'http' }, /PORT "http" is invalid/],
    [{ PORT: '-1' }, /PORT "-1" is invalid/],
    [{ PARLEY_GRPC_DEADLINE_MS: '0' }, /PARLEY_GRPC_DEADLINE_MS "0" is invalid/],
    [{ PARLEY_ATTACHMENT_DEADLINE_MS: '3600001' }, /PARLEY_ATTACHMENT_DEADLINE_MS "3600001" is invalid/],
    [{ LOG_LEVEL: 'verbose' }, /LOG_LEVEL "verbose" is invalid: use one of fatal, error/],
    [{ HOST: ' ' }, /HOST is set but empty/],
    [{ PARLEY_GRPC_TARGET: '' }, /PARLEY_GRPC_TARGET is set but empty/],
  ];
  for (const [env, expected] of kCases) {
    assert.throws(() => loadConfig({ PARLEY_TOKEN_SECRET: kSecret, ...env }), expected, JSON.stringify(env));
  }
});
