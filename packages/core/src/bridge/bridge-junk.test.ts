import { afterEach, describe, expect, it } from 'vitest';
import * as zmq from 'zeromq';
import { FakeIntentHandler } from './__fixtures__/fake-intent-handler';
import { TestDealer } from './__fixtures__/test-dealer';
import { type Bridge, createBridge } from './create-bridge';

const loopback = 'tcp://127.0.0.1:*';
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startBridge(handler: FakeIntentHandler): Promise<Bridge> {
  const bridge = createBridge({
    publishEndpoint: loopback,
    intentEndpoint: loopback,
    intentHandler: handler,
    maxIntentBytes: 4096,
    hardMaxMessageBytes: 65536,
  });
  cleanups.push(() => bridge.stop());
  await bridge.start();
  return bridge;
}

const validSubmit = (intent: string) => ({
  v: 1,
  type: 'submit',
  client: 'alpha',
  intent,
  order: { symbol: 'AAPL', side: 'buy', type: 'limit', quantity: 1, limitPrice: 10 },
});

describe('bridge robustness against bad input', () => {
  it('answers each kind of junk with a coded error, counts it, and keeps serving', async () => {
    const handler = new FakeIntentHandler();
    const bridge = await startBridge(handler);
    const client = new TestDealer(bridge.endpoints!.intent!);
    cleanups.push(() => client.close());
    const cases: [frames: (string | Buffer)[], code: string, detail: RegExp][] = [
      [['not json at all'], 'malformed-json', /not JSON/],
      [[Buffer.from([0xff, 0x00, 0xfe, 0x7b])], 'malformed-json', /not JSON/],
      [[''], 'malformed-json', /not JSON/],
      [['[1,2,3]'], 'invalid-message', /JSON object/],
      [['{"type":"submit"}'], 'invalid-message', /"v"/],
      [['{"v":1}'], 'invalid-message', /"type"/],
      [[JSON.stringify({ ...validSubmit('x'), v: 7 })], 'unsupported-version', /version 7/],
      [['{"v":1,"type":"launch-rockets"}'], 'unknown-type', /launch-rockets/],
      [[JSON.stringify({ ...validSubmit('x'), colour: 'red' })], 'unknown-field', /"colour"/],
      [
        [JSON.stringify({ ...validSubmit('x'), order: { ...validSubmit('x').order, limit_price: 9 } })],
        'unknown-field',
        /order\.limit_price/,
      ],
      [
        [JSON.stringify({ ...validSubmit('x'), order: { ...validSubmit('x').order, quantity: -1 } })],
        'invalid-field',
        /order\.quantity/,
      ],
      [
        [JSON.stringify({ ...validSubmit('x'), order: { ...validSubmit('x').order, limitPrice: undefined } })],
        'invalid-field',
        /limit order needs limitPrice/,
      ],
      [[JSON.stringify({ ...validSubmit('x'), client: 'has.dot' })], 'invalid-field', /client/],
      [[JSON.stringify({ ...validSubmit('x'), intent: 'x'.repeat(65) })], 'invalid-field', /intent/],
      [['{"v":1,"type":"ping"}', 'extra frame'], 'bad-frames', /single frame/],
      [[`{"pad":"${'x'.repeat(5000)}"}`], 'too-large', /exceeds the limit of 4096/],
    ];
    for (const [frames, code, detail] of cases) {
      await client.sendFrames(frames);
      const reply = await client.receive();
      expect(reply, `reply to ${String(frames[0]).slice(0, 60)}`).toMatchObject({ v: 1, type: 'error', code });
      expect(String(reply.message)).toMatch(detail);
    }
    expect(handler.submits).toHaveLength(0);
    const stats = bridge.stats();
    expect(stats.errors).toEqual({
      'malformed-json': 3,
      'invalid-message': 3,
      'unsupported-version': 1,
      'unknown-type': 1,
      'unknown-field': 2,
      'invalid-field': 4,
      'bad-frames': 1,
      'too-large': 1,
    });
    expect(stats.messagesReceived).toBe(cases.length);
    expect(await client.request(validSubmit('after-junk'))).toMatchObject({ type: 'accepted', intent: 'after-junk' });
  });

  it('echoes the client and intent of a refused intent so the client can match the error', async () => {
    const bridge = await startBridge(new FakeIntentHandler());
    const client = new TestDealer(bridge.endpoints!.intent!);
    cleanups.push(() => client.close());
    const reply = await client.request({ ...validSubmit('i-9'), order: { symbol: 'AAPL' } });
    expect(reply).toMatchObject({ type: 'error', code: 'invalid-field', client: 'alpha', intent: 'i-9' });
  });

  it('drops a peer that sends beyond the hard size limit and goes on serving others', async () => {
    const bridge = await startBridge(new FakeIntentHandler());
    const abuser = new TestDealer(bridge.endpoints!.intent!);
    cleanups.push(() => abuser.close());
    await abuser.sendFrames([Buffer.alloc(200_000, 0x41)]);
    await expect(abuser.receive(300)).rejects.toThrow();
    const client = new TestDealer(bridge.endpoints!.intent!);
    cleanups.push(() => client.close());
    expect(await client.request(validSubmit('still-up'))).toMatchObject({ type: 'accepted' });
  });

  it('serves REQ clients too, keeping their envelope', async () => {
    const bridge = await startBridge(new FakeIntentHandler());
    const request = new zmq.Request({ linger: 0, receiveTimeout: 2000 });
    cleanups.push(() => request.close());
    request.connect(bridge.endpoints!.intent!);
    await request.send('garbage');
    const [errorBody] = await request.receive();
    expect(JSON.parse(String(errorBody))).toMatchObject({ type: 'error', code: 'malformed-json' });
    await request.send(JSON.stringify(validSubmit('via-req')));
    const [body] = await request.receive();
    expect(JSON.parse(String(body))).toMatchObject({ type: 'accepted', intent: 'via-req' });
  });

  it('keeps serving while a flood of junk arrives from several raw sockets at once', async () => {
    const handler = new FakeIntentHandler();
    const bridge = await startBridge(handler);
    const floods = Array.from({ length: 3 }, () => {
      const socket = new zmq.Dealer({ linger: 0 });
      socket.connect(bridge.endpoints!.intent!);
      cleanups.push(() => socket.close());
      return socket;
    });
    const junk = [Buffer.from([0]), Buffer.from('{'), Buffer.from('{"v":1,"type":"submit","client":"x"}')];
    for (let round = 0; round < 200; round++) {
      for (const socket of floods) await socket.send(junk[round % junk.length]!);
    }
    const client = new TestDealer(bridge.endpoints!.intent!);
    cleanups.push(() => client.close());
    expect(await client.request(validSubmit('through-the-flood'), 5000)).toMatchObject({ type: 'accepted' });
    const deadline = Date.now() + 5000;
    while (bridge.stats().messagesReceived < 601 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    const errors = Object.values(bridge.stats().errors).reduce((sum, count) => sum + (count ?? 0), 0);
    expect(errors).toBe(600);
    expect(bridge.stats().internalErrors).toBe(0);
  });
});
