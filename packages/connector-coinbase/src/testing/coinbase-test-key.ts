import { generateKeyPairSync, type KeyObject, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import type { CoinbaseJwtAlgorithm } from '../coinbase-signing-key';

/** A throwaway API key pair for the fake: the private half for the connector, the public half for the fake. */
export interface CoinbaseTestKey {
  /** `organizations/<uuid>/apiKeys/<uuid>`, shaped like a real key name. */
  readonly keyName: string;
  readonly algorithm: CoinbaseJwtAlgorithm;
  /** The private key as the connector's `privateKey` config takes it: PKCS#8 PEM (EC P-256 or Ed25519). */
  readonly privateKeyPem: string;
  readonly publicKey: KeyObject;
}

/**
 * Generates a fresh key pair with Node's crypto: ES256 (EC P-256, Coinbase's classic CDP keys) or EdDSA (Ed25519).
 * Nothing leaves the process; every fake broker makes its own unless given one.
 */
export function createCoinbaseTestKey(algorithm: CoinbaseJwtAlgorithm = 'ES256'): CoinbaseTestKey {
  const pair =
    algorithm === 'EdDSA' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return {
    keyName: `organizations/${randomUUID()}/apiKeys/${randomUUID()}`,
    algorithm,
    privateKeyPem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: pair.publicKey,
  };
}

/**
 * Writes a key file shaped like the JSON Coinbase lets you download (`{"name", "privateKey"}`), readable only by
 * the owner, for the connector's `keyFile` option.
 */
export function writeCoinbaseKeyFile(path: string, key: CoinbaseTestKey): void {
  writeFileSync(path, `${JSON.stringify({ name: key.keyName, privateKey: key.privateKeyPem }, null, 2)}\n`, {
    mode: 0o600,
  });
}
