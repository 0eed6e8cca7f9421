// Customer tokens: JWTs signed with HMAC-SHA256 (HS256) and the shared
// PARLEY_TOKEN_SECRET. Claims: `sub` is the customer id (1 to 64 characters
// of [A-Za-z0-9_-]), `iat` and `exp` are seconds since the Unix epoch.
// `parleyctl token` mints the same format with libjwt.
//
// A token that carries a `purpose` claim is not a session token and does not
// authenticate a request. (Attachment upload tokens are not JWTs at all:
// parleyd signs them in its own format.)

import { SignJWT, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';

/** Cookie that browser clients send the token in. */
export const kSessionCookie = 'parley_session';

/** Customer ids accepted in `sub`. */
export const kCustomerIdPattern = /^[A-Za-z0-9_-]{1,64}$/;

/** Clock skew allowed when checking `iat` and `exp`, in seconds. */
export const kClockToleranceSeconds = 30;

/** Request headers that may carry a token. */
export interface TokenCarrier {
  /** Value of the Authorization header: "Opaque <token>" or "Bearer <token>". */
  authorization?: string | undefined;
  /** Parsed Cookie header. */
  cookies?: Readonly<Record<string, string | undefined>> | undefined;
}

export type Authentication =
  | { customerId: string }
  /** `reason` explains the failure for logs and does not contain the token. */
  | { customerId: null; reason: string };

/**
 * Returns the token of a request: from an Authorization header with the
 * Opaque or Bearer scheme, else from the session cookie, else undefined.
 * Authorization headers with other schemes are ignored.
 */
export function extractToken(carrier: TokenCarrier): string | undefined {
  const match = /^(?:Opaque|Bearer)[ \t]+([^ \t]+)[ \t]*$/i.exec(carrier.authorization ?? '');
  if (match?.[1] !== undefined) return match[1];

  const cookie = carrier.cookies?.[kSessionCookie];
  return cookie !== undefined && cookie !== '' ? cookie : undefined;
}

/**
 * Verifies a customer token: HS256 signature with `secret`, `sub` in the
 * customer id format, `iat` and `exp` present, `iat` not in the future and
 * `exp` not in the past (each with kClockToleranceSeconds of skew), and no
 * `purpose` claim. A bad token returns customerId null and a reason instead
 * of throwing. The reason is kExpiredTokenReason only for a token that
 * passes every check except `exp`.
 */
export async function verifyCustomerToken(token: string, secret: Uint8Array, now: Date = new Date()): Promise<Authentication> {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  let payload;
  try {
    ({ payload } = await jwtVerify(token, secret, {
      algorithms: ['HS256'],
      requiredClaims: ['sub', 'iat', 'exp'],
      clockTolerance: kClockToleranceSeconds,
      currentDate: now,
    }));
  } catch (error) {
    // jose checks the signature before the claims, so the payload of
    // JWTExpired is authentic. jose throws at `exp` before the checks of
    // checkSessionClaims have run, so they run here before the token is
    // called expired.
    if (error instanceof joseErrors.JWTExpired && error.claim === 'exp') {
      return { customerId: null, reason: checkSessionClaims(error.payload, nowSeconds) ?? kExpiredTokenReason };
    }
    return { customerId: null, reason: describeJoseError(error) };
  }

  const reason = checkSessionClaims(payload, nowSeconds);
  if (reason !== undefined) return { customerId: null, reason };
  return { customerId: payload.sub as string };
}

/** Reason of the Authentication of a token whose only fault is an `exp` in the past. */
export const kExpiredTokenReason = 'token expired';

/** Checks the claims that jose does not check. Returns the reason of the first failure, or undefined. */
function checkSessionClaims(payload: JWTPayload, nowSeconds: number): string | undefined {
  // jose 6 checks that iat is a number, but compares it with the current time
  // only together with maxTokenAge, and the token's age has no limit here.
  if (typeof payload.iat === 'number' && payload.iat > nowSeconds + kClockToleranceSeconds) {
    return `token iat is ${payload.iat - nowSeconds} seconds in the future`;
  }
  if (typeof payload.sub !== 'string' || !kCustomerIdPattern.test(payload.sub)) {
    return 'token subject is not a valid customer id';
  }
  if (payload.purpose !== undefined) {
    return `token has purpose ${JSON.stringify(payload.purpose)}, not a session token`;
  }
  return undefined;
}

/** Reason of the Authentication of a request that carries no token. */
export const kNoTokenReason = 'no token';

/** Authenticates a request from its headers. A request without a token returns customerId null. */
export async function authenticate(carrier: TokenCarrier, secret: Uint8Array): Promise<Authentication> {
  const token = extractToken(carrier);
  if (token === undefined) return { customerId: null, reason: kNoTokenReason };
  return verifyCustomerToken(token, secret);
}

export interface MintOptions {
  /** Lifetime in seconds. Default: 3600. */
  ttlSeconds?: number;
  /** Issue time. Default: now. */
  now?: Date;
  /** Value of the `purpose` claim. Default: none, which makes a session token. */
  purpose?: string;
}

/**
 * Mints a token for `customerId` signed with `secret`: a session token by
 * default, or a token for another purpose. Throws TypeError for an invalid
 * customer id or lifetime.
 */
export async function mintCustomerToken(customerId: string, secret: Uint8Array, options: MintOptions = {}): Promise<string> {
  if (!kCustomerIdPattern.test(customerId)) {
    throw new TypeError(`customer id ${JSON.stringify(customerId)} is invalid: use 1 to 64 characters of A-Z, a-z, 0-9, _ and -`);
  }
  const ttlSeconds = options.ttlSeconds ?? 3600;
  if (!Number.isSafeInteger(ttlSeconds)) {
    throw new TypeError(`token lifetime ${ttlSeconds} is invalid: use a whole number of seconds`);
  }

  const issuedAt = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const claims = options.purpose === undefined ? {} : { purpose: options.purpose };
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(customerId)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + ttlSeconds)
    .sign(secret);
}

function describeJoseError(error: unknown): string {
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `token claim ${error.claim} is invalid: ${error.reason}`;
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'token signature is invalid';
  if (error instanceof joseErrors.JOSEError) return `token is invalid (${error.code})`;
  return 'token is invalid';
}
