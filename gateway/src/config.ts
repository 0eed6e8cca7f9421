// Gateway configuration, read once at start from environment variables.

import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** Directory of the gateway package: the parent of dist/ and src/. */
export const kGatewayRoot = fileURLToPath(new URL('..', import.meta.url));

/** Shortest PARLEY_TOKEN_SECRET accepted, in bytes of its UTF-8 encoding. */
export const kMinTokenSecretBytes = 32;

const kLogLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export interface GatewayConfig {
  /** gRPC address of parleyd, host:port. Env PARLEY_GRPC_TARGET. Default: 127.0.0.1:50051. */
  grpcTarget: string;
  /**
   * HMAC-SHA256 key of customer tokens: the UTF-8 bytes of PARLEY_TOKEN_SECRET.
   * Required, at least 32 bytes. No default.
   */
  tokenSecret: Uint8Array;
  /** Address the HTTP server binds. Env HOST. Default: 127.0.0.1. */
  host: string;
  /** TCP port of the HTTP server; 0 picks a free port. Env PORT. Default: 4000. */
  port: number;
  /** Path of the product catalog JSON file. Env PARLEY_CATALOG. Default: <gateway>/catalog.example.json. */
  catalogPath: string;
  /** pino level: fatal, error, warn, info, debug, trace or silent. Env LOG_LEVEL. Default: info. */
  logLevel: string;
  /** Deadline of each gRPC call, in milliseconds. Env PARLEY_GRPC_DEADLINE_MS. Default: 5000. */
  grpcDeadlineMs: number;
  /**
   * Deadline of one attachment upload or download through parleyd, which
   * lasts as long as the client's transfer, in milliseconds.
   * Env PARLEY_ATTACHMENT_DEADLINE_MS. Default: 300000 (5 minutes).
   */
  attachmentDeadlineMs: number;
}

/** Invalid or missing configuration. The message names the variable and the fix. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Reads the configuration from `env`.
 * Throws ConfigError on the first variable that is missing or invalid.
 */
export function loadConfig(env: NodeJS.ProcessEnv): GatewayConfig {
  const secret = env.PARLEY_TOKEN_SECRET ?? '';
  const secretBytes = new TextEncoder().encode(secret);
  if (secret === '') {
    throw new ConfigError(
      'PARLEY_TOKEN_SECRET is not set: set it to the token secret that parleyctl uses, ' +
        `at least ${kMinTokenSecretBytes} bytes (for example the output of "openssl rand -hex 32")`,
    );
  }
  if (secretBytes.length < kMinTokenSecretBytes) {
    throw new ConfigError(
      `PARLEY_TOKEN_SECRET is ${secretBytes.length} bytes long, shorter than the minimum of ` +
        `${kMinTokenSecretBytes}: use a longer random secret`,
    );
  }

  const logLevel = env.LOG_LEVEL ?? 'info';
  if (!kLogLevels.includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL "${logLevel}" is invalid: use one of ${kLogLevels.join(', ')}`);
  }

  return {
    grpcTarget: nonEmpty(env, 'PARLEY_GRPC_TARGET', '127.0.0.1:50051'),
    tokenSecret: secretBytes,
    host: nonEmpty(env, 'HOST', '127.0.0.1'),
    port: integerInRange(env, 'PORT', 4000, 0, 65535),
    catalogPath: path.resolve(nonEmpty(env, 'PARLEY_CATALOG', path.join(kGatewayRoot, 'catalog.example.json'))),
    logLevel,
    grpcDeadlineMs: integerInRange(env, 'PARLEY_GRPC_DEADLINE_MS', 5000, 1, 600_000),
    attachmentDeadlineMs: integerInRange(env, 'PARLEY_ATTACHMENT_DEADLINE_MS', 300_000, 1, 3_600_000),
  };
}

function nonEmpty(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const value = env[name];
  if (value === undefined) return fallback;
  if (value.trim() === '') {
    throw new ConfigError(`${name} is set but empty: unset it to use the default "${fallback}"`);
  }
  return value;
}

function integerInRange(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const value = env[name];
  if (value === undefined) return fallback;

  const parsed = /^[0-9]+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
    throw new ConfigError(`${name} "${value}" is invalid: use an integer from ${min} to ${max}`);
  }
  return parsed;
}
