import { randomBytes, sign } from 'node:crypto';
import type { CoinbaseSigningKey } from './coinbase-signing-key';

/** How long a JWT is valid, seconds: Coinbase's limit of two minutes. */
export const COINBASE_JWT_LIFETIME_SECONDS = 120;

/** The claims of a Coinbase API JWT. */
export interface CoinbaseJwtClaims {
  readonly sub: string;
  readonly iss: 'cdp';
  readonly nbf: number;
  readonly exp: number;
  /** REST only: `"<METHOD> <host><path>"`, without the query string. */
  readonly uri?: string;
}

/**
 * Signs a fresh Coinbase API JWT with Node's own crypto: header `alg` (ES256 or EdDSA), `kid` = key name and a random
 * hex `nonce`; claims `sub`, `iss: "cdp"`, `nbf` = now and `exp` = now + 120 s, plus `uri` for a REST call.
 *
 * ES256 signatures are the raw 64-byte `r || s` pair JWS requires (`dsaEncoding: 'ieee-p1363'`), not DER.
 *
 * @param nowSeconds - the venue's current time in epoch seconds (local time corrected by the measured clock skew).
 * @param uri - for REST: `"GET api.coinbase.com/api/v3/brokerage/accounts"`; leave out for WebSocket messages.
 */
export function signCoinbaseJwt(key: CoinbaseSigningKey, nowSeconds: number, uri?: string): string {
  const issuedAt = Math.floor(nowSeconds);
  const header = { alg: key.algorithm, kid: key.keyName, nonce: randomBytes(16).toString('hex'), typ: 'JWT' };
  const claims: CoinbaseJwtClaims = {
    sub: key.keyName,
    iss: 'cdp',
    nbf: issuedAt,
    exp: issuedAt + COINBASE_JWT_LIFETIME_SECONDS,
    ...(uri === undefined ? {} : { uri }),
  };
  const signingInput = `${base64UrlJson(header)}.${base64UrlJson(claims)}`;
  const signature =
    key.algorithm === 'EdDSA'
      ? sign(null, Buffer.from(signingInput), key.privateKey)
      : sign('sha256', Buffer.from(signingInput), { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
  return `${signingInput}.${signature.toString('base64url')}`;
}

/** The `uri` claim of a REST request: method, host (with port when not the default) and path, no query string. */
export function coinbaseJwtUri(method: string, url: URL): string {
  return `${method.toUpperCase()} ${url.host}${url.pathname}`;
}

function base64UrlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
