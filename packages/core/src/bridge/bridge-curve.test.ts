import { afterEach, describe, expect, it } from 'vitest';
import * as zmq from 'zeromq';
import { FakeIntentHandler } from './__fixtures__/fake-intent-handler';
import { TestDealer } from './__fixtures__/test-dealer';
import { TestSubscriber } from './__fixtures__/test-subscriber';
import { encodeTestTicks, interleavedTicks } from './__fixtures__/tick-records';
import { type Bridge, createBridge } from './create-bridge';
import { decodeZ85 } from './curve-authenticator';

type KeyPair = ReturnType<typeof zmq.curveKeyPair>;

const loopback = 'tcp://127.0.0.1:*';
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const submit = {
  v: 1,
  type: 'submit',
  client: 'alpha',
  intent: 'i-1',
  order: { symbol: 'X', side: 'buy', type: 'market', quantity: 1 },
};

async function startCurveBridge(allowedClientKeys?: string[]): Promise<{ bridge: Bridge; server: KeyPair }> {
  const server = zmq.curveKeyPair();
  // CURVE on loopback is an explicit opt-in: keys given, so the sockets run CURVE although they need not.
  const bridge = createBridge({
    publishEndpoint: loopback,
    intentEndpoint: loopback,
    intentHandler: new FakeIntentHandler(),
    heartbeatIntervalMs: 20,
    curve: {
      publicKey: server.publicKey,
      secretKey: server.secretKey,
      ...(allowedClientKeys ? { allowedClientKeys } : {}),
    },
  });
  cleanups.push(() => bridge.stop());
  await bridge.start();
  return { bridge, server };
}

function curveClient(server: KeyPair, pair = zmq.curveKeyPair()) {
  return { curveServerKey: server.publicKey, curvePublicKey: pair.publicKey, curveSecretKey: pair.secretKey };
}

describe('bridge over CURVE (on 127.0.0.1)', () => {
  it('serves ticks and intents to a client that holds an allowed key', async () => {
    const allowed = zmq.curveKeyPair();
    const { bridge, server } = await startCurveBridge([allowed.publicKey]);
    const subscriber = new TestSubscriber(bridge.endpoints!.publish, ['t.'], curveClient(server, allowed));
    const client = new TestDealer(bridge.endpoints!.intent!, curveClient(server, allowed));
    cleanups.push(
      () => subscriber.close(),
      () => client.close(),
    );
    await subscriber.ready();
    bridge.publishTicks(encodeTestTicks(interleavedTicks(7, [1], 3)), 3);
    bridge.flush();
    const batches = await subscriber.collect((messages) => messages.length >= 1, 3000);
    expect(batches.map((message) => message.topic)).toEqual(['t.7.00000001']);
    expect(await client.request(submit)).toMatchObject({ type: 'accepted' });
  });

  it('lets in neither a client with an unlisted key nor a plaintext client, and keeps serving the allowed one', async () => {
    const allowed = zmq.curveKeyPair();
    const { bridge, server } = await startCurveBridge([allowed.publicKey]);
    const stranger = new TestDealer(bridge.endpoints!.intent!, curveClient(server));
    const plaintext = new TestDealer(bridge.endpoints!.intent!);
    const strangerSubscriber = new TestSubscriber(bridge.endpoints!.publish, ['t.'], curveClient(server));
    cleanups.push(
      () => stranger.close(),
      () => plaintext.close(),
      () => strangerSubscriber.close(),
    );
    await expect(stranger.request(submit, 300)).rejects.toThrow();
    await expect(plaintext.request(submit, 300)).rejects.toThrow();
    expect(await strangerSubscriber.next(200)).toBeNull();
    const friend = new TestDealer(bridge.endpoints!.intent!, curveClient(server, allowed));
    cleanups.push(() => friend.close());
    expect(await friend.request(submit)).toMatchObject({ type: 'accepted' });
    expect(bridge.stats().messagesReceived).toBe(1);
  });

  it('without an allow-list, admits any client that knows the server key (loopback only)', async () => {
    const { bridge, server } = await startCurveBridge();
    const client = new TestDealer(bridge.endpoints!.intent!, curveClient(server));
    cleanups.push(() => client.close());
    expect(await client.request(submit)).toMatchObject({ type: 'accepted' });
  });

  it('decodes Z85 keys as libzmq does', () => {
    // The test vector of ZeroMQ RFC 32.
    expect(decodeZ85('HelloWorld').equals(Buffer.from([0x86, 0x4f, 0xd2, 0x6f, 0xb5, 0x59, 0xf7, 0x5b]))).toBe(true);
  });
});
