import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signCoinbaseJwt } from './coinbase-jwt';
import { describeSigningKeyProblem, parseCoinbaseSigningKey } from './coinbase-signing-key';
import { createCoinbaseTestKey, verifyCoinbaseJwt } from './testing/index';

const NOW = 1_714_564_800;

function decode(part: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('Coinbase JWT', () => {
  for (const algorithm of ['ES256', 'EdDSA'] as const) {
    it(`${algorithm}: header and claims per the reference, a signature the venue's check accepts`, () => {
      const key = createCoinbaseTestKey(algorithm);
      const signing = parseCoinbaseSigningKey(key.keyName, key.privateKeyPem);
      expect(signing.algorithm).toBe(algorithm);
      const uri = 'POST api.coinbase.com/api/v3/brokerage/orders';
      const token = signCoinbaseJwt(signing, NOW + 0.9, uri);
      const [header, claims, signature] = token.split('.') as [string, string, string];
      expect(decode(header)).toMatchObject({ alg: algorithm, kid: key.keyName, typ: 'JWT' });
      expect(decode(header).nonce).toMatch(/^[0-9a-f]{32}$/);
      expect(decode(claims)).toEqual({ sub: key.keyName, iss: 'cdp', nbf: NOW, exp: NOW + 120, uri });
      // JWS wants the raw 64-byte r||s for ES256, not DER; Ed25519 signatures are 64 bytes too.
      expect(Buffer.from(signature, 'base64url')).toHaveLength(64);
      const expectation = { publicKey: key.publicKey, keyName: key.keyName, nowSeconds: NOW + 1, uri };
      expect(verifyCoinbaseJwt(token, expectation)).toMatchObject({ valid: true });
      expect(signCoinbaseJwt(signing, NOW)).not.toBe(signCoinbaseJwt(signing, NOW));
    });
  }

  it('is refused when tampered with, expired, early, for another uri, or signed by another key', () => {
    const key = createCoinbaseTestKey('ES256');
    const signing = parseCoinbaseSigningKey(key.keyName, key.privateKeyPem);
    const uri = 'GET 127.0.0.1:1234/api/v3/brokerage/accounts';
    const token = signCoinbaseJwt(signing, NOW, uri);
    const check = (candidate: string, overrides: Partial<Parameters<typeof verifyCoinbaseJwt>[1]> = {}) =>
      verifyCoinbaseJwt(candidate, {
        publicKey: key.publicKey,
        keyName: key.keyName,
        nowSeconds: NOW,
        uri,
        ...overrides,
      });
    expect(check(token).valid).toBe(true);
    const [header, claims, signature] = token.split('.') as [string, string, string];
    const flipped = Buffer.from(signature, 'base64url');
    flipped[10] = (flipped[10] as number) ^ 1;
    expect(check(`${header}.${claims}.${flipped.toString('base64url')}`)).toMatchObject({
      valid: false,
      reason: expect.stringContaining('signature'),
    });
    const forged = Buffer.from(JSON.stringify({ ...decode(claims), sub: 'someone-else' })).toString('base64url');
    expect(check(`${header}.${forged}.${signature}`).valid).toBe(false);
    expect(check(token, { nowSeconds: NOW + 200 })).toMatchObject({ reason: expect.stringContaining('expired') });
    expect(check(token, { nowSeconds: NOW - 60 })).toMatchObject({ reason: expect.stringContaining('nbf') });
    expect(check(token, { uri: 'POST 127.0.0.1:1234/api/v3/brokerage/orders' })).toMatchObject({
      reason: expect.stringContaining('uri'),
    });
    const other = createCoinbaseTestKey('ES256');
    expect(check(token, { publicKey: other.publicKey }).valid).toBe(false);
  });

  it('reads the key forms Coinbase issues, and never quotes the key when it cannot', () => {
    const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const sec1 = pair.privateKey.export({ type: 'sec1', format: 'pem' }).toString();
    expect(parseCoinbaseSigningKey('k', sec1).algorithm).toBe('ES256');
    // Pasted from JSON with literal \n sequences.
    expect(parseCoinbaseSigningKey('k', sec1.replace(/\n/g, '\\n')).algorithm).toBe('ES256');
    const ed = generateKeyPairSync('ed25519');
    const seed = ed.privateKey.export({ type: 'pkcs8', format: 'der' }).subarray(-32);
    const publicRaw = ed.publicKey.export({ type: 'spki', format: 'der' }).subarray(-32);
    const base64Secret = Buffer.concat([seed, publicRaw]).toString('base64');
    const parsed = parseCoinbaseSigningKey('ed-key', base64Secret);
    expect(parsed.algorithm).toBe('EdDSA');
    const token = signCoinbaseJwt(parsed, NOW);
    expect(verifyCoinbaseJwt(token, { publicKey: ed.publicKey, keyName: 'ed-key', nowSeconds: NOW }).valid).toBe(true);

    const secp384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    expect(describeSigningKeyProblem(secp384)).toMatch(/P-256/);
    const garbage = 'not-a-key-but-a-secret-looking-string-0123456789';
    const problem = describeSigningKeyProblem(garbage) ?? '';
    expect(problem).toMatch(/neither a PEM block nor a base64 Ed25519 secret/);
    expect(problem).not.toContain(garbage);
    const brokenPem = '-----BEGIN EC PRIVATE KEY-----\nAAAAsecretsecret\n-----END EC PRIVATE KEY-----';
    expect(describeSigningKeyProblem(brokenPem)).not.toContain('secretsecret');
    expect(createPrivateKey(sec1).asymmetricKeyType).toBe('ec');
  });
});
