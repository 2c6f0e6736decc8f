import { describe, expect, it } from 'vitest';
import * as zmq from 'zeromq';
import { ConfigError } from '../errors';
import { FakeIntentHandler } from './__fixtures__/fake-intent-handler';
import { bindPolicyIssues, isLoopbackEndpoint } from './bind-policy';
import { createBridge } from './create-bridge';

describe('isLoopbackEndpoint', () => {
  it.each([
    ['tcp://127.0.0.1:7701', true],
    ['tcp://127.0.0.1:*', true],
    ['tcp://127.1.2.3:9000', true],
    ['tcp://localhost:7701', true],
    ['tcp://[::1]:7701', true],
    ['ipc:///tmp/tickwire.sock', true],
    ['inproc://bridge', true],
    ['tcp://0.0.0.0:7701', false],
    ['tcp://*:7701', false],
    ['tcp://[::]:7701', false],
    ['tcp://192.168.1.20:7701', false],
    ['tcp://eth0:7701', false],
    ['tcp://127.0.0.256:7701', false],
    ['tcp://127.0.0.1.evil.example:7701', false],
    ['ws://127.0.0.1:7701', false],
    ['127.0.0.1:7701', false],
  ])('%s -> %s', (endpoint, expected) => {
    expect(isLoopbackEndpoint(endpoint)).toBe(expected);
  });
});

describe('the bind policy', () => {
  it('refuses a non-loopback endpoint without CURVE keys before creating any socket', () => {
    let thrown: unknown;
    try {
      createBridge({ publishEndpoint: 'tcp://0.0.0.0:7701' });
    } catch (error) {
      thrown = error;
    }
    expect(ConfigError.isInstance(thrown)).toBe(true);
    const error = thrown as ConfigError;
    expect(error.fieldPath).toBe('publishEndpoint');
    expect(error.value).toBe('tcp://0.0.0.0:7701');
    expect(error.message).toMatch(/no CURVE keys/);
    expect(error.message).toMatch(/tcp:\/\/127\.0\.0\.1/);
  });

  it('refuses an exposed intent endpoint, naming it, even when the publish endpoint is loopback', () => {
    expect(() =>
      createBridge({
        publishEndpoint: 'tcp://127.0.0.1:*',
        intentEndpoint: 'tcp://*:7702',
        intentHandler: new FakeIntentHandler(),
      }),
    ).toThrow(/intentEndpoint: is reachable from other machines/);
  });

  it('requires an allow-list of client keys for an exposed intent endpoint, and well-formed keys', () => {
    const server = zmq.curveKeyPair();
    const withoutAllowList = bindPolicyIssues({
      publishEndpoint: 'tcp://0.0.0.0:7701',
      intentEndpoint: 'tcp://0.0.0.0:7702',
      curve: { publicKey: server.publicKey, secretKey: server.secretKey },
    });
    expect(withoutAllowList.map((issue) => issue.fieldPath)).toEqual(['curve.allowedClientKeys']);
    const malformed = bindPolicyIssues({
      publishEndpoint: 'tcp://127.0.0.1:7701',
      intentEndpoint: null,
      curve: { publicKey: 'short', secretKey: server.secretKey, allowedClientKeys: ['also short'] },
    });
    expect(malformed.map((issue) => issue.fieldPath)).toEqual(['curve.publicKey', 'curve.allowedClientKeys[0]']);
  });

  it('lets exposed endpoints pass the check once keys and an allow-list are given (checked without binding)', () => {
    const server = zmq.curveKeyPair();
    const client = zmq.curveKeyPair();
    expect(
      bindPolicyIssues({
        publishEndpoint: 'tcp://0.0.0.0:7701',
        intentEndpoint: 'tcp://0.0.0.0:7702',
        curve: { publicKey: server.publicKey, secretKey: server.secretKey, allowedClientKeys: [client.publicKey] },
      }),
    ).toEqual([]);
  });

  it('never echoes the secret key in an error', () => {
    let message = '';
    try {
      createBridge({ curve: { publicKey: 'x'.repeat(40), secretKey: 'not-a-key-but-secret' } });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/curve\.secretKey: is not a 40-character Z85 CURVE key/);
    expect(message).not.toContain('not-a-key-but-secret');
  });

  it('refuses out-of-range options, listing each', () => {
    expect(() => createBridge({ maxBatchRecords: 0, heartbeatIntervalMs: -5 })).toThrow(
      /2 problems[\s\S]*maxBatchRecords[\s\S]*heartbeatIntervalMs/,
    );
  });
});
