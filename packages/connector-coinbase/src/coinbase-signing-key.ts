import { createPrivateKey, type KeyObject } from 'node:crypto';

/** The JWS algorithms Coinbase accepts for API keys. */
export type CoinbaseJwtAlgorithm = 'ES256' | 'EdDSA';

/** A parsed API key: its name (the JWT `sub` and `kid`), the algorithm it signs with, and the private key. */
export interface CoinbaseSigningKey {
  /** The key name, e.g. `organizations/{org_id}/apiKeys/{key_id}`, or an Ed25519 key's id. */
  readonly keyName: string;
  readonly algorithm: CoinbaseJwtAlgorithm;
  readonly privateKey: KeyObject;
}

// PKCS#8 wrapper of a raw 32-byte Ed25519 seed (RFC 8410): SEQUENCE { 0, AlgorithmIdentifier id-Ed25519, OCTET STRING }.
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * Why a key text could not be used, in words that never quote the key. `undefined` when it can be used.
 * Accepted forms: a PEM private key (`EC PRIVATE KEY` or PKCS#8 `PRIVATE KEY`) on curve P-256, a PEM Ed25519 key,
 * or a base64 Ed25519 secret (64 bytes: seed then public key, as Coinbase issues them; or the 32-byte seed alone).
 */
export function describeSigningKeyProblem(keyText: string): string | undefined {
  try {
    parsePrivateKey(keyText);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * Parses a Coinbase API private key into a signing key.
 *
 * @throws Error naming what is wrong with the key (never quoting it) and which forms are accepted.
 */
export function parseCoinbaseSigningKey(keyName: string, keyText: string): CoinbaseSigningKey {
  const { privateKey, algorithm } = parsePrivateKey(keyText);
  return { keyName, algorithm, privateKey };
}

function parsePrivateKey(keyText: string): { privateKey: KeyObject; algorithm: CoinbaseJwtAlgorithm } {
  // Keys pasted from a JSON file or an environment variable often carry literal "\n" instead of newlines.
  const text = keyText.includes('\\n') ? keyText.replace(/\\n/g, '\n') : keyText;
  const trimmed = text.trim();
  let privateKey: KeyObject;
  if (trimmed.startsWith('-----BEGIN')) {
    try {
      privateKey = createPrivateKey({ key: trimmed, format: 'pem' });
    } catch {
      throw new Error(
        'the PEM block is not a readable private key; paste the whole "-----BEGIN ... PRIVATE KEY-----" block from the Coinbase key file',
      );
    }
  } else {
    privateKey = ed25519FromBase64(trimmed);
  }
  if (privateKey.asymmetricKeyType === 'ed25519') return { privateKey, algorithm: 'EdDSA' };
  if (privateKey.asymmetricKeyType === 'ec' && privateKey.asymmetricKeyDetails?.namedCurve === 'prime256v1') {
    return { privateKey, algorithm: 'ES256' };
  }
  const kind =
    privateKey.asymmetricKeyType === 'ec'
      ? `an EC key on ${privateKey.asymmetricKeyDetails?.namedCurve}`
      : `a ${privateKey.asymmetricKeyType} key`;
  throw new Error(`the key is ${kind}; Coinbase signs with ECDSA P-256 (ES256) or Ed25519 (EdDSA) keys only`);
}

function ed25519FromBase64(text: string): KeyObject {
  const bytes = /^[A-Za-z0-9+/=_-]+$/.test(text) ? Buffer.from(text, 'base64') : Buffer.alloc(0);
  if (bytes.length !== 64 && bytes.length !== 32) {
    throw new Error(
      `the key is neither a PEM block nor a base64 Ed25519 secret (decoded ${bytes.length} bytes, expected 64 or 32); ` +
        'use the privateKey value from the Coinbase API key file as issued',
    );
  }
  return createPrivateKey({
    key: Buffer.concat([ED25519_PKCS8_PREFIX, bytes.subarray(0, 32)]),
    format: 'der',
    type: 'pkcs8',
  });
}
