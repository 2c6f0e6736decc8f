import { isTickwireError } from '@tickwire/core';
import { createTestHost, waitUntil } from '@tickwire/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { signCoinbaseJwt } from './coinbase-jwt';
import { parseCoinbaseSigningKey } from './coinbase-signing-key';
import coinbasePlugin from './index';
import { CoinbaseFakeBroker, createCoinbaseTestKey } from './testing/index';

const brokers: CoinbaseFakeBroker[] = [];
afterEach(async () => {
  for (const broker of brokers.splice(0)) await broker.stop();
});

async function started(options: ConstructorParameters<typeof CoinbaseFakeBroker>[0] = {}): Promise<CoinbaseFakeBroker> {
  const broker = new CoinbaseFakeBroker(options);
  brokers.push(broker);
  await broker.start();
  return broker;
}

async function getAccounts(broker: CoinbaseFakeBroker, token: string, path = '/api/v3/brokerage/accounts') {
  const response = await fetch(`${broker.urls.restBaseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Opens a raw socket, sends one subscribe, resolves with the first answer (or the close). */
function firstAnswer(url: string, message: Record<string, unknown>): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    const timer = setTimeout(() => reject(new Error('no answer within 2 s')), 2_000);
    socket.on('open', () => socket.send(JSON.stringify(message)));
    socket.on('message', (data: Buffer) => {
      clearTimeout(timer);
      socket.terminate();
      resolve(data.toString('utf8'));
    });
    socket.on('error', reject);
  });
}

describe('the fake Coinbase checks every JWT it receives', () => {
  it('REST: a valid token passes; tampered, expired, wrong-uri and foreign-key tokens get 401', async () => {
    const broker = await started();
    const signing = parseCoinbaseSigningKey(broker.key.keyName, broker.key.privateKeyPem);
    const host = new URL(broker.urls.restBaseUrl).host;
    const now = Date.now() / 1000;
    const uri = `GET ${host}/api/v3/brokerage/accounts`;
    expect((await getAccounts(broker, signCoinbaseJwt(signing, now, uri))).status).toBe(200);

    const valid = signCoinbaseJwt(signing, now, uri);
    const [header, claims, signature] = valid.split('.') as [string, string, string];
    const tampered = `${header}.${claims}.${signature.slice(0, -4)}${signature.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    const refusals = [
      ['tampered signature', tampered, 'signature'],
      ['expired', signCoinbaseJwt(signing, now - 600, uri), 'expired'],
      ['wrong uri', signCoinbaseJwt(signing, now, `POST ${host}/api/v3/brokerage/orders`), 'uri'],
      ['no uri', signCoinbaseJwt(signing, now), 'uri'],
      [
        'other key',
        signCoinbaseJwt(parseCoinbaseSigningKey(broker.key.keyName, createCoinbaseTestKey().privateKeyPem), now, uri),
        'signature',
      ],
    ] as const;
    for (const [what, token, reason] of refusals) {
      const answer = await getAccounts(broker, token);
      expect(answer.status, what).toBe(401);
      expect(String(answer.body.message), what).toContain(reason);
    }
    // The query string is not part of the uri claim.
    const withQuery = await getAccounts(
      broker,
      signCoinbaseJwt(signing, now, uri),
      '/api/v3/brokerage/accounts?limit=1',
    );
    expect(withQuery.status).toBe(200);
    expect(broker.received.authAttempts.filter((attempt) => !attempt.accepted)).toHaveLength(refusals.length);
  });

  it('WebSocket: a bad JWT is refused with an error frame; the user channel needs one', async () => {
    const broker = await started({ key: createCoinbaseTestKey('EdDSA') });
    const signing = parseCoinbaseSigningKey(broker.key.keyName, broker.key.privateKeyPem);
    const now = Date.now() / 1000;
    const good = JSON.parse(
      await firstAnswer(broker.urls.userDataUrl, {
        type: 'subscribe',
        channel: 'user',
        jwt: signCoinbaseJwt(signing, now),
      }),
    ) as Record<string, unknown>;
    expect(good.channel).toBe('subscriptions');
    const expired = JSON.parse(
      await firstAnswer(broker.urls.marketDataUrl, {
        type: 'subscribe',
        channel: 'heartbeats',
        jwt: signCoinbaseJwt(signing, now - 600),
      }),
    ) as Record<string, unknown>;
    expect(expired).toEqual({ type: 'error', message: 'authentication failure: expired (exp)' });
    const missing = JSON.parse(
      await firstAnswer(broker.urls.userDataUrl, { type: 'subscribe', channel: 'user' }),
    ) as Record<string, unknown>;
    expect(missing.message).toContain('requires a JWT');
  });

  it('drops a connection that does not subscribe within the subscribe timeout', async () => {
    const broker = await started({ subscribeTimeoutMs: 150 });
    const startedAt = Date.now();
    const code = await new Promise<number>((resolve, reject) => {
      const socket = new WebSocket(broker.urls.marketDataUrl);
      socket.on('close', (closeCode) => resolve(closeCode));
      socket.on('error', reject);
    });
    expect(code).toBe(1008);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(100);
    await waitUntil(() => broker.received.openConnections === 0, {
      timeoutMs: 1_000,
      description: 'the fake to forget it',
    });
  });

  it('the connector signs with an Ed25519 key from a key file and reaches every endpoint', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { writeCoinbaseKeyFile } = await import('./testing/index');
    const key = createCoinbaseTestKey('EdDSA');
    const broker = await started({ key });
    const directory = mkdtempSync(join(tmpdir(), 'tickwire-coinbase-'));
    try {
      const keyFile = join(directory, 'cdp_api_key.json');
      writeCoinbaseKeyFile(keyFile, key);
      const { apiKeyName: _name, privateKey: _key, ...rest } = broker.connectorConfig();
      const host = createTestHost(coinbasePlugin, { ...rest, keyFile });
      try {
        await host.connector.connect();
        expect((await host.connector.getAccount()).currency).toBe('USD');
        expect(broker.received.authAttempts.every((attempt) => attempt.accepted)).toBe(true);
        expect(broker.received.authAttempts.length).toBeGreaterThanOrEqual(3);
      } finally {
        await host.stop();
      }
      const missing = createTestHost(coinbasePlugin, { ...rest, keyFile: join(directory, 'absent.json') });
      const error = await missing.connector.connect().catch((caught: unknown) => caught);
      expect(isTickwireError(error, 'AUTH_FAILED')).toBe(true);
      expect((error as Error).message).toContain('absent.json');
      await missing.stop();
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
