import { type KeyObject, verify } from 'node:crypto';

/** What a JWT must show to pass {@link verifyCoinbaseJwt}. */
export interface CoinbaseJwtExpectations {
  readonly publicKey: KeyObject;
  readonly keyName: string;
  /** The verifier's (venue's) time, epoch seconds. */
  readonly nowSeconds: number;
  /** For REST: the `uri` claim required, `"<METHOD> <host><path>"`. Leave out for WebSocket messages. */
  readonly uri?: string;
  /** Clock tolerance on `nbf` and `exp`, seconds. Default 5. */
  readonly leewaySeconds?: number;
}

/** The verdict: the claims when valid, else why not. */
export type CoinbaseJwtVerdict =
  | { readonly valid: true; readonly claims: Readonly<Record<string, unknown>> }
  | { readonly valid: false; readonly reason: string };

/**
 * Checks a Coinbase API JWT the way the venue does: three base64url parts, header `alg` matching the key (ES256
 * with a raw 64-byte `r || s` signature, or EdDSA) and `kid` = key name, a valid signature under the configured
 * public key, `iss` = `cdp`, `sub` = key name, `nbf <= now <= exp` (with leeway), and for REST the `uri` claim.
 */
export function verifyCoinbaseJwt(token: string, expected: CoinbaseJwtExpectations): CoinbaseJwtVerdict {
  const parts = token.split('.');
  if (parts.length !== 3) return refuse('not a JWS compact token (expected three dot-separated parts)');
  const [headerText, claimsText, signatureText] = parts as [string, string, string];
  const header = decodeJson(headerText);
  const claims = decodeJson(claimsText);
  if (header === undefined || claims === undefined) return refuse('header or claims are not base64url JSON');
  const algorithm = expected.publicKey.asymmetricKeyType === 'ed25519' ? 'EdDSA' : 'ES256';
  if (header.alg !== algorithm) return refuse(`alg ${JSON.stringify(header.alg)}, the key needs ${algorithm}`);
  if (header.kid !== expected.keyName) return refuse('kid is not the key name');
  if (typeof header.nonce !== 'string' || header.nonce.length === 0) return refuse('no nonce in the header');
  const signature = Buffer.from(signatureText, 'base64url');
  const signed = Buffer.from(`${headerText}.${claimsText}`);
  let signatureValid: boolean;
  try {
    signatureValid =
      algorithm === 'EdDSA'
        ? verify(null, signed, expected.publicKey, signature)
        : signature.length === 64 &&
          verify('sha256', signed, { key: expected.publicKey, dsaEncoding: 'ieee-p1363' }, signature);
  } catch {
    signatureValid = false;
  }
  if (!signatureValid) return refuse('signature does not verify with the key');
  if (claims.iss !== 'cdp') return refuse(`iss ${JSON.stringify(claims.iss)}, expected "cdp"`);
  if (claims.sub !== expected.keyName) return refuse('sub is not the key name');
  const leeway = expected.leewaySeconds ?? 5;
  if (typeof claims.nbf !== 'number' || claims.nbf > expected.nowSeconds + leeway) return refuse('not valid yet (nbf)');
  if (typeof claims.exp !== 'number' || claims.exp < expected.nowSeconds - leeway) return refuse('expired (exp)');
  if (claims.exp - claims.nbf > 300) return refuse('lives longer than Coinbase allows');
  if (expected.uri !== undefined && claims.uri !== expected.uri) {
    return refuse(`uri claim ${JSON.stringify(claims.uri)} does not match the request ${JSON.stringify(expected.uri)}`);
  }
  return { valid: true, claims };
}

function refuse(reason: string): CoinbaseJwtVerdict {
  return { valid: false, reason };
}

function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
