import { describe, expect, it } from 'vitest';
import { isSecretKey, maskSecretValues, REDACTED, redact, redactAtPath, redactUrl } from './redact';

describe('redact', () => {
  it('masks credential-named fields at any depth and keeps the rest', () => {
    const config = {
      keyId: 'PKTEST',
      secret_key: 'abc',
      paper: true,
      credentials: { token: 't', nested: { privateKeyPem: '-----BEGIN' } },
      headers: { 'APCA-API-SECRET-KEY': 's', Accept: 'application/json' },
      symbols: ['AAPL'],
    };
    expect(redact(config)).toEqual({
      keyId: REDACTED,
      secret_key: REDACTED,
      paper: true,
      credentials: REDACTED,
      headers: { 'APCA-API-SECRET-KEY': REDACTED, Accept: 'application/json' },
      symbols: ['AAPL'],
    });
    expect(config.secret_key).toBe('abc');
  });

  it('honours extra secret names, URL credentials and cycles', () => {
    const looped: Record<string, unknown> = { account: 'DU1', url: 'wss://user:pw@127.0.0.1/ws?token=abc&x=1' };
    looped.self = looped;
    expect(redact(looped, { secretKeys: ['ACCOUNT'] })).toEqual({
      account: REDACTED,
      url: `wss://${REDACTED}@127.0.0.1/ws?token=${REDACTED}&x=1`,
      self: '[circular]',
    });
  });

  it('recognises secret names and leaves ordinary ones alone', () => {
    for (const name of ['apiKey', 'api_key', 'secret', 'passphrase', 'jwt', 'sessionId', 'Authorization', 'key']) {
      expect(isSecretKey(name), name).toBe(true);
    }
    for (const name of ['symbol', 'paper', 'host', 'port', 'feed', 'monkey', 'keyboardLayout']) {
      expect(isSecretKey(name), name).toBe(false);
    }
  });

  it('redacts a value by its path and says only its type', () => {
    expect(redactAtPath(['auth', 'value'], 12345)).toBe(`${REDACTED} (number)`);
    expect(redactAtPath(['feed'], 'opra')).toBe('opra');
    expect(redactAtPath(['secretKey'], undefined)).toBeUndefined();
  });

  it('masks known secret values inside free text', () => {
    expect(maskSecretValues('auth failed for key PK123456 (ab)', ['PK123456', 'ab'])).toBe(
      `auth failed for key ${REDACTED} (ab)`,
    );
    expect(redactUrl('https://127.0.0.1/x?apiKey=zz&symbol=A')).toBe(`https://127.0.0.1/x?apiKey=${REDACTED}&symbol=A`);
  });
});
