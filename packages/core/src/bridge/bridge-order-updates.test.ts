import { afterEach, describe, expect, it } from 'vitest';
import type { OrderEvent } from '../domain';
import { FakeIntentHandler } from './__fixtures__/fake-intent-handler';
import { TestDealer } from './__fixtures__/test-dealer';
import { TestSubscriber } from './__fixtures__/test-subscriber';
import { type Bridge, createBridge } from './create-bridge';

const loopback = 'tcp://127.0.0.1:*';
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startBridge(options: Parameters<typeof createBridge>[0] = {}): Promise<Bridge> {
  const bridge = createBridge({
    publishEndpoint: loopback,
    intentEndpoint: loopback,
    intentHandler: new FakeIntentHandler(),
    heartbeatIntervalMs: 20,
    ...options,
  });
  cleanups.push(() => bridge.stop());
  await bridge.start();
  return bridge;
}

function parse(payload: Buffer): Record<string, unknown> {
  return JSON.parse(String(payload)) as Record<string, unknown>;
}

const fillEvent = (clientOrderId: string, quantity: number, cumulative: number): OrderEvent => ({
  clientOrderId,
  brokerOrderId: 'B-1',
  status: cumulative >= 10 ? 'filled' : 'partially-filled',
  fill: {
    executionId: `E-${cumulative}`,
    clientOrderId,
    symbol: 'AAPL',
    side: 'buy',
    quantity,
    price: 101.25,
    timestampMs: 1_700_000_000_000,
  },
  cumulativeQuantity: cumulative,
  leavesQuantity: 10 - cumulative,
  averageFillPrice: 101.25,
  timestampMs: 1_700_000_000_000,
});

describe('bridge order updates', () => {
  it("publishes an order's updates on its owner's stream, numbered, with the fields a strategy needs", async () => {
    const bridge = await startBridge();
    const client = new TestDealer(bridge.endpoints!.intent!);
    cleanups.push(() => client.close());
    const alphaUpdates = new TestSubscriber(bridge.endpoints!.publish, ['o.alpha.']);
    const allUpdates = new TestSubscriber(bridge.endpoints!.publish, ['o.']);
    cleanups.push(
      () => alphaUpdates.close(),
      () => allUpdates.close(),
    );
    await Promise.all([alphaUpdates.ready(), allUpdates.ready()]);
    const accepted = await client.request({
      v: 1,
      type: 'submit',
      client: 'alpha',
      intent: 'buy-1',
      order: { symbol: 'AAPL', side: 'buy', type: 'limit', quantity: 10, limitPrice: 102 },
    });
    const clientOrderId = String(accepted.clientOrderId);
    bridge.publishOrderUpdate({ clientOrderId, status: 'new', brokerOrderId: 'B-1', timestampMs: 1 });
    bridge.publishOrderUpdate(fillEvent(clientOrderId, 4, 4));
    bridge.publishOrderUpdate(fillEvent(clientOrderId, 6, 10));
    bridge.publishOrderUpdate({
      clientOrderId: 'in-process-1',
      status: 'canceled',
      reason: 'kill switch',
      timestampMs: 2,
    });
    const mine = await alphaUpdates.collect((messages) => messages.length >= 3, 3000);
    const everything = await allUpdates.collect((messages) => messages.length >= 4, 3000);
    expect(mine.map((message) => message.topic)).toEqual(['o.alpha.', 'o.alpha.', 'o.alpha.']);
    const updates = mine.map((message) => parse(message.payload));
    expect(updates.map((update) => update.seq)).toEqual([1, 2, 3]);
    expect(updates[0]).toMatchObject({
      v: 1,
      type: 'order-update',
      stream: 'alpha',
      session: bridge.sessionId,
      clientOrderId,
      intent: 'buy-1',
      symbol: 'AAPL',
      side: 'buy',
      status: 'new',
      brokerOrderId: 'B-1',
    });
    expect(updates[2]).toMatchObject({
      status: 'filled',
      fill: { executionId: 'E-10', quantity: 6, price: 101.25 },
      cumulativeQuantity: 10,
      leavesQuantity: 0,
      averageFillPrice: 101.25,
      eventTimeMs: 1_700_000_000_000,
    });
    expect(typeof updates[2]!.publishedAtUs).toBe('number');
    expect('reason' in updates[2]!).toBe(false);
    const unowned = parse(everything[3]!.payload);
    expect(everything[3]!.topic).toBe('o._.');
    expect(unowned).toMatchObject({ stream: '_', seq: 1, status: 'canceled', reason: 'kill switch' });
  });

  it('announces the last update number of every stream in the heartbeat, so a missed last update shows', async () => {
    const bridge = await startBridge();
    const subscriber = new TestSubscriber(bridge.endpoints!.publish, []);
    cleanups.push(() => subscriber.close());
    await subscriber.ready();
    bridge.publishOrderUpdate({ clientOrderId: 'x', status: 'new', timestampMs: 1 }, { stream: 'beta' });
    bridge.publishOrderUpdate({ clientOrderId: 'x', status: 'canceled', timestampMs: 2 }, { stream: 'beta' });
    const beats = await subscriber.collect(
      (messages) =>
        messages.some((message) => (parse(message.payload).orderStreams as Record<string, number>).beta === 2),
      2000,
      true,
    );
    expect(parse(beats.at(-1)!.payload).orderStreams).toEqual({ beta: 2 });
  });

  it('resends the updates a client missed on request, in pages, saying when old ones were evicted', async () => {
    const bridge = await startBridge({ orderUpdateReplayCapacity: 600 });
    for (let index = 0; index < 700; index++) {
      bridge.publishOrderUpdate(
        { clientOrderId: `o-${index}`, status: 'new', timestampMs: index },
        { stream: 'gamma' },
      );
    }
    bridge.publishOrderUpdate({ clientOrderId: 'other', status: 'new', timestampMs: 0 }, { stream: 'delta' });
    const client = new TestDealer(bridge.endpoints!.intent!);
    cleanups.push(() => client.close());
    // 701 updates, 600 kept: gamma 1..101 are gone.
    const firstPage = await client.request({ v: 1, type: 'replay-updates', stream: 'gamma', after: 50 });
    expect(firstPage).toMatchObject({
      type: 'order-updates',
      stream: 'gamma',
      lastSeq: 700,
      more: true,
      truncated: true,
    });
    const firstUpdates = firstPage.updates as Record<string, unknown>[];
    expect(firstUpdates[0]).toMatchObject({ seq: 102, clientOrderId: 'o-101' });
    expect(firstUpdates).toHaveLength(500);
    const secondPage = await client.request({ v: 1, type: 'replay-updates', stream: 'gamma', after: 601 });
    expect(secondPage).toMatchObject({ more: false, truncated: false });
    expect((secondPage.updates as Record<string, unknown>[]).map((update) => update.seq)).toEqual(
      Array.from({ length: 99 }, (_, index) => 602 + index),
    );
    const caughtUp = await client.request({ v: 1, type: 'replay-updates', stream: 'gamma', after: 700 });
    expect(caughtUp).toMatchObject({ updates: [], more: false, truncated: false });
    expect(bridge.stats().orderUpdatesReplayed).toBe(599);
  });
});
