import { afterEach, describe, expect, it } from 'vitest';
import { FAKE_MAX_QUANTITY_REASON, FakeIntentHandler } from './__fixtures__/fake-intent-handler';
import { TestDealer } from './__fixtures__/test-dealer';
import { type Bridge, createBridge } from './create-bridge';
import type { OrderIntentHandler } from './intent-handler';

const loopback = 'tcp://127.0.0.1:*';
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startBridge(handler: OrderIntentHandler, options: Parameters<typeof createBridge>[0] = {}) {
  const bridge = createBridge({
    publishEndpoint: loopback,
    intentEndpoint: loopback,
    intentHandler: handler,
    ...options,
  });
  cleanups.push(() => bridge.stop());
  await bridge.start();
  return bridge;
}

function dealer(bridge: Bridge): TestDealer {
  const client = new TestDealer(bridge.endpoints!.intent!);
  cleanups.push(() => client.close());
  return client;
}

function submit(intent: string, order: Record<string, unknown>, client = 'alpha') {
  return { v: 1, type: 'submit', client, intent, order: { side: 'buy', type: 'market', ...order } };
}

describe('bridge order intents', () => {
  it('answers accepted, denied (with the reason code) and unknown-outcome, and hands the handler the order', async () => {
    const handler = new FakeIntentHandler(100);
    const bridge = await startBridge(handler, { intentTimeoutMs: 150 });
    const client = dealer(bridge);
    const accepted = await client.request(submit('i-1', { symbol: 'AAPL', quantity: 10 }));
    expect(accepted).toMatchObject({
      v: 1,
      type: 'accepted',
      client: 'alpha',
      intent: 'i-1',
      seq: 1,
      action: 'submit',
      clientOrderId: 'alpha-i-1',
      session: bridge.sessionId,
    });
    const denied = await client.request(submit('i-2', { symbol: 'AAPL', quantity: 500, clientOrderId: 'mine-7' }));
    expect(denied).toMatchObject({
      type: 'denied',
      intent: 'i-2',
      seq: 2,
      reasonCode: FAKE_MAX_QUANTITY_REASON.code,
      reasonName: FAKE_MAX_QUANTITY_REASON.name,
    });
    expect(denied.message).toMatch(/500 exceeds the limit of 100/);
    const thrown = await client.request(submit('i-3', { symbol: 'THROW', quantity: 1 }));
    expect(thrown).toMatchObject({ type: 'unknown-outcome', seq: 3 });
    expect(thrown.why).toMatch(/connector exploded/);
    const hung = await client.request(submit('i-4', { symbol: 'HANG', quantity: 1 }));
    expect(hung).toMatchObject({ type: 'unknown-outcome', seq: 4 });
    expect(hung.why).toMatch(/did not answer within 150 ms/);
    expect(handler.submits.map((intent) => intent.order.clientOrderId)).toEqual([
      'alpha-i-1',
      'mine-7',
      'alpha-i-3',
      'alpha-i-4',
    ]);
    expect(handler.submits[0]).toEqual({
      client: 'alpha',
      intentId: 'i-1',
      order: {
        symbol: 'AAPL',
        side: 'buy',
        type: 'market',
        timeInForce: 'day',
        quantity: 10,
        clientOrderId: 'alpha-i-1',
      },
    });
    expect(bridge.stats()).toMatchObject({ intentsAccepted: 1, intentsDenied: 1, intentsUnknownOutcome: 2 });
  });

  it('answers a handler that returns its outcome directly, and one that throws before returning', async () => {
    const seen: string[] = [];
    const handler: OrderIntentHandler = {
      submit: (intent) => {
        seen.push(intent.intentId);
        if (intent.order.symbol === 'THROW') throw new Error('risk state corrupt');
        return { kind: 'accepted', clientOrderId: intent.order.clientOrderId };
      },
      cancel: () => ({ kind: 'denied', reasonCode: 9, reasonName: 'no-such-order', message: 'unknown order' }),
      replace: () => ({ kind: 'accepted', clientOrderId: 'x' }),
    };
    const bridge = await startBridge(handler);
    const client = dealer(bridge);
    expect(await client.request(submit('s-1', { symbol: 'AAPL', quantity: 1 }))).toMatchObject({
      type: 'accepted',
      seq: 1,
      clientOrderId: 'alpha-s-1',
    });
    const thrown = await client.request(submit('s-2', { symbol: 'THROW', quantity: 1 }));
    expect(thrown).toMatchObject({ type: 'unknown-outcome', seq: 2 });
    expect(thrown.why).toMatch(/risk state corrupt/);
    const cancel = await client.request({ v: 1, type: 'cancel', client: 'alpha', intent: 'c', clientOrderId: 'o' });
    expect(cancel).toMatchObject({ type: 'denied', seq: 3, reasonName: 'no-such-order' });
    expect(await client.request(submit('s-1', { symbol: 'AAPL', quantity: 1 }))).toMatchObject({ seq: 1 });
    expect(seen).toEqual(['s-1', 's-2']);
    expect(bridge.stats()).toMatchObject({ intentsPending: 0, intentsAccepted: 1, intentsUnknownOutcome: 1 });
  });

  it('times out each hung intent after the intent timeout, in order, while later intents are answered', async () => {
    const bridge = await startBridge(new FakeIntentHandler(), { intentTimeoutMs: 120 });
    const client = dealer(bridge);
    const started = performance.now();
    await client.send(submit('h-1', { symbol: 'HANG', quantity: 1 }));
    await new Promise((resolve) => setTimeout(resolve, 40));
    await client.send(submit('h-2', { symbol: 'HANG', quantity: 1 }));
    await client.send(submit('ok', { symbol: 'X', quantity: 1 }));
    const replies = [await client.receive(), await client.receive(), await client.receive()];
    expect(replies.map((reply) => [reply.intent, reply.type])).toEqual([
      ['ok', 'accepted'],
      ['h-1', 'unknown-outcome'],
      ['h-2', 'unknown-outcome'],
    ]);
    // The second hung intent waited its own full timeout, not the first one's.
    expect(performance.now() - started).toBeGreaterThanOrEqual(40 + 120 - 5);
    expect(bridge.stats()).toMatchObject({ intentsPending: 0, intentsUnknownOutcome: 2 });
  });

  it('passes cancel and replace on, deriving the new client order id from the intent', async () => {
    const handler = new FakeIntentHandler();
    const bridge = await startBridge(handler);
    const client = dealer(bridge);
    const cancel = await client.request({ v: 1, type: 'cancel', client: 'alpha', intent: 'c-1', clientOrderId: 'o-1' });
    expect(cancel).toMatchObject({ type: 'accepted', action: 'cancel', clientOrderId: 'o-1', seq: 1 });
    const replace = await client.request({
      v: 1,
      type: 'replace',
      client: 'alpha',
      intent: 'r-1',
      clientOrderId: 'o-1',
      changes: { quantity: 5, limitPrice: 101.5 },
    });
    expect(replace).toMatchObject({ type: 'accepted', action: 'replace', clientOrderId: 'alpha-r-1', seq: 2 });
    expect(handler.cancels).toEqual([{ client: 'alpha', intentId: 'c-1', clientOrderId: 'o-1' }]);
    expect(handler.replaces).toEqual([
      {
        client: 'alpha',
        intentId: 'r-1',
        replace: { clientOrderId: 'o-1', newClientOrderId: 'alpha-r-1', quantity: 5, limitPrice: 101.5 },
      },
    ]);
  });

  it('answers a repeated intent id with the same reply and never a second order, also while the first is pending', async () => {
    const handler = new FakeIntentHandler(100, 50);
    const bridge = await startBridge(handler);
    const first = dealer(bridge);
    const second = dealer(bridge);
    const message = submit('dup-1', { symbol: 'MSFT', quantity: 1 });
    await Promise.all([first.send(message), second.send(message)]);
    const [replyA, replyB] = await Promise.all([first.receive(), second.receive()]);
    expect(replyA).toEqual(replyB);
    const again = await first.request(message);
    expect(again).toEqual(replyA);
    // Same intent id with other fields: still the first reply, still one order.
    const altered = await first.request(submit('dup-1', { symbol: 'MSFT', quantity: 99 }));
    expect(altered).toEqual(replyA);
    expect(handler.submits).toHaveLength(1);
    expect(bridge.stats()).toMatchObject({ intentsReceived: 1, duplicateIntents: 3 });
    // The same intent id from another client is another intent.
    const other = await first.request(submit('dup-1', { symbol: 'MSFT', quantity: 1 }, 'beta'));
    expect(other).toMatchObject({ client: 'beta', seq: 1, clientOrderId: 'beta-dup-1' });
    expect(handler.submits).toHaveLength(2);
  });

  it('replays the replies a client missed after it reconnected under a new routing id', async () => {
    const handler = new FakeIntentHandler();
    const bridge = await startBridge(handler);
    const before = dealer(bridge);
    const seen = await before.request(submit('a', { symbol: 'X', quantity: 1 }));
    expect(seen.seq).toBe(1);
    await before.send(submit('b', { symbol: 'X', quantity: 2 }));
    await before.send(submit('c', { symbol: 'X', quantity: 500 }));
    before.close(); // gone before reading the replies to b and c
    const deadline = Date.now() + 2000;
    while (bridge.stats().intentsReceived < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    const after = dealer(bridge);
    const welcome = await after.request({ v: 1, type: 'hello', client: 'alpha', versions: [1] });
    expect(welcome).toMatchObject({ type: 'welcome', version: 1, lastSeq: 3, session: bridge.sessionId });
    await after.send({ v: 1, type: 'replay', client: 'alpha', after: 1 });
    const replayed = [await after.receive(), await after.receive()];
    expect(replayed.map((reply) => [reply.intent, reply.type, reply.seq])).toEqual([
      ['b', 'accepted', 2],
      ['c', 'denied', 3],
    ]);
    expect(await after.receive()).toMatchObject({ type: 'replay-end', count: 2, lastSeq: 3, truncated: false });
    expect(handler.submits).toHaveLength(3);
  });

  it('says when replies were evicted from the bounded cache, and then treats an evicted intent id as new', async () => {
    const handler = new FakeIntentHandler();
    const bridge = await startBridge(handler, { replyCacheCapacity: 2 });
    const client = dealer(bridge);
    for (const intent of ['a', 'b', 'c']) await client.request(submit(intent, { symbol: 'X', quantity: 1 }));
    await client.send({ v: 1, type: 'replay', client: 'alpha', after: 0 });
    expect((await client.receive()).intent).toBe('b');
    expect((await client.receive()).intent).toBe('c');
    expect(await client.receive()).toMatchObject({ type: 'replay-end', count: 2, truncated: true });
    expect(bridge.stats()).toMatchObject({ repliesCached: 2, repliesEvicted: 1 });
  });

  it('negotiates the version in hello and answers pings', async () => {
    const bridge = await startBridge(new FakeIntentHandler(), { heartbeatIntervalMs: 250 });
    const client = dealer(bridge);
    expect(await client.request({ v: 1, type: 'hello', client: 'alpha', versions: [1, 2] })).toMatchObject({
      type: 'welcome',
      version: 1,
      heartbeatMs: 250,
      lastSeq: 0,
    });
    expect(await client.request({ v: 2, type: 'hello', client: 'alpha', versions: [2, 3] })).toMatchObject({
      type: 'error',
      code: 'unsupported-version',
      supported: [1],
    });
    expect(await client.request({ v: 1, type: 'ping', client: 'alpha', nonce: 42 })).toMatchObject({
      type: 'pong',
      nonce: 42,
      session: bridge.sessionId,
    });
    expect(bridge.stats()).toMatchObject({ pingsReceived: 1, liveClients: 1 });
  });

  it('answers intents still with the handler when stopping, and refuses new ones meanwhile', async () => {
    const handler = new FakeIntentHandler(100, 150);
    const bridge = await startBridge(handler);
    const client = dealer(bridge);
    await client.send(submit('slow', { symbol: 'X', quantity: 1 }));
    while (bridge.stats().intentsPending === 0) await new Promise((resolve) => setTimeout(resolve, 2));
    const stopping = bridge.stop();
    expect(await client.receive()).toMatchObject({ type: 'accepted', intent: 'slow' });
    await stopping;
  });
});
