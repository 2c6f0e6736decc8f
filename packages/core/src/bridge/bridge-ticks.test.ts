import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { TestSubscriber } from './__fixtures__/test-subscriber';
import { decodeTestTicks, encodeTestTicks, interleavedTicks } from './__fixtures__/tick-records';
import { type Bridge, createBridge } from './create-bridge';
import { readTickBatchHeader, tickBatchRecords, tickTopic } from './tick-batch-header';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
const loopback = 'tcp://127.0.0.1:*';
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function countTicks(messages: readonly { payload: Buffer }[]): number {
  return messages.reduce((sum, message) => sum + readTickBatchHeader(message.payload).count, 0);
}

async function startBridge(options: Parameters<typeof createBridge>[0] = {}): Promise<Bridge> {
  const bridge = createBridge({ publishEndpoint: loopback, heartbeatIntervalMs: 20, ...options });
  cleanups.push(() => bridge.stop());
  await bridge.start();
  return bridge;
}

function subscribe(bridge: Bridge, topics: string[]): TestSubscriber {
  const subscriber = new TestSubscriber(bridge.endpoints!.publish, topics);
  cleanups.push(() => subscriber.close());
  return subscriber;
}

describe('bridge tick publishing', () => {
  it('delivers every tick to a subscriber, per symbol in contiguous sequence, across the 2^32 wrap', async () => {
    const bridge = await startBridge({ maxBatchRecords: 64, maxBatchDelayMicros: 200 });
    const subscriber = subscribe(bridge, ['t.']);
    await subscriber.ready();
    const symbols = [0x11111111, 0x22222222, 0xfedcba98];
    const perSymbol = 2000;
    const ticks = interleavedTicks(7, symbols, perSymbol, 0xffffff00);
    const records = encodeTestTicks(ticks);
    for (let first = 0; first < ticks.length; first += 100) {
      const count = Math.min(100, ticks.length - first);
      bridge.publishTicks(records.subarray(first * 32, (first + count) * 32), count);
    }
    bridge.flush();
    const messages = await subscriber.collect((sofar) => countTicks(sofar) >= ticks.length, 10_000);
    let received = 0;
    const sequences = new Map<number, number[]>();
    for (const message of messages) {
      const header = readTickBatchHeader(message.payload);
      expect(header.sessionId).toBe(bridge.sessionId);
      expect(header.count).toBeLessThanOrEqual(64);
      for (const tick of decodeTestTicks(tickBatchRecords(message.payload, header))) {
        expect(message.topic).toBe(tickTopic(tick.source, tick.symbolId));
        sequences.set(tick.symbolId, [...(sequences.get(tick.symbolId) ?? []), tick.sequence]);
        received++;
      }
    }
    expect(received).toBe(ticks.length);
    for (const symbolId of symbols) {
      const expected = Array.from({ length: perSymbol }, (_, index) => (0xffffff00 + index) >>> 0);
      expect(sequences.get(symbolId)).toEqual(expected);
    }
    expect(bridge.stats()).toMatchObject({ ticksPublished: ticks.length, ticksDropped: 0, ticksPending: 0 });
  });

  it('hands thousands of batches to the socket in one synchronous burst without dropping any', async () => {
    const bridge = await startBridge({ maxBatchRecords: 1, maxBatchDelayMicros: 0 });
    const subscriber = subscribe(bridge, ['t.']);
    await subscriber.ready();
    const ticks = interleavedTicks(7, [1, 2, 3, 4], 1000);
    bridge.publishTicks(encodeTestTicks(ticks), ticks.length);
    expect(bridge.stats()).toMatchObject({ tickBatchesPublished: 4000, tickBatchesDropped: 0 });
    const messages = await subscriber.collect((sofar) => sofar.length >= 4000, 10_000);
    expect(messages).toHaveLength(4000);
  });

  it('never reuses payload memory that the socket still queues, even as the garbage collector runs', async () => {
    const bridge = await startBridge({ maxBatchRecords: 256, maxBatchDelayMicros: 0, publishHighWaterMark: 0 });
    const subscriber = subscribe(bridge, ['t.']);
    await subscriber.ready();
    const symbols = [1, 2, 3, 4];
    const perSymbol = 25_000;
    const ticks = interleavedTicks(7, symbols, perSymbol);
    const records = encodeTestTicks(ticks);
    // The subscriber reads nothing meanwhile, so every batch sits in libzmq's queues while slabs churn.
    for (let first = 0; first < ticks.length; first += 5000) {
      bridge.publishTicks(records.subarray(first * 32, (first + 5000) * 32), 5000);
      collectGarbage();
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    const messages = await subscriber.collect((sofar) => countTicks(sofar) >= ticks.length, 20_000);
    const sequences = new Map<number, number[]>(symbols.map((symbol) => [symbol, []]));
    for (const message of messages) {
      const header = readTickBatchHeader(message.payload);
      for (const tick of decodeTestTicks(tickBatchRecords(message.payload, header)))
        sequences.get(tick.symbolId)!.push(tick.sequence);
    }
    const expected = Array.from({ length: perSymbol }, (_, index) => index + 1);
    for (const symbol of symbols) expect(sequences.get(symbol)).toEqual(expected);
    expect(bridge.stats().payloadSlabsRecycled).toBeGreaterThan(0);
  });

  it('lets a subscriber select one symbol, or one source, by topic prefix', async () => {
    const bridge = await startBridge({ maxBatchRecords: 8, maxBatchDelayMicros: 0 });
    const oneSymbol = subscribe(bridge, [tickTopic(7, 0xabc)]);
    const oneSource = subscribe(bridge, ['t.9.']);
    await Promise.all([oneSymbol.ready(), oneSource.ready()]);
    const ticks = [
      ...interleavedTicks(7, [0xabc, 0xdef], 5),
      ...interleavedTicks(9, [0xabc], 3),
      ...interleavedTicks(70, [0xabc], 4),
    ];
    bridge.publishTicks(encodeTestTicks(ticks), ticks.length);
    const symbolMessages = await oneSymbol.collect((messages) => countTicks(messages) >= 5, 3000);
    const sourceMessages = await oneSource.collect((messages) => countTicks(messages) >= 3, 3000);
    // Anything else would have arrived by now; give it one more heartbeat interval to show up if it were coming.
    symbolMessages.push(...(await oneSymbol.collect(() => false, 100)));
    sourceMessages.push(...(await oneSource.collect(() => false, 100)));
    expect(new Set(symbolMessages.map((message) => message.topic))).toEqual(new Set([tickTopic(7, 0xabc)]));
    expect(countTicks(symbolMessages)).toBe(5);
    expect(new Set(sourceMessages.map((message) => message.topic))).toEqual(new Set([tickTopic(9, 0xabc)]));
    expect(countTicks(sourceMessages)).toBe(3);
  });

  it('publishes heartbeats carrying the session id, at the configured interval', async () => {
    const bridge = await startBridge({ heartbeatIntervalMs: 25 });
    const subscriber = subscribe(bridge, []);
    await subscriber.ready();
    const beats = await subscriber.collect((messages) => messages.length >= 3, 2000, true);
    const parsed = beats.map((message) => JSON.parse(String(message.payload)) as Record<string, unknown>);
    expect(parsed.every((beat) => beat.type === 'heartbeat' && beat.session === bridge.sessionId)).toBe(true);
    expect(parsed.every((beat) => beat.intervalMs === 25 && beat.v === 1)).toBe(true);
    const sequences = parsed.map((beat) => beat.seq as number);
    expect(sequences[1]! - sequences[0]!).toBe(1);
  });

  it('sends pending partial batches on stop, then drops and counts what still comes', async () => {
    const bridge = createBridge({ publishEndpoint: loopback, heartbeatIntervalMs: 20, maxBatchDelayMicros: 5_000_000 });
    await bridge.start();
    const subscriber = subscribe(bridge, ['t.']);
    await subscriber.ready();
    bridge.publishTicks(encodeTestTicks(interleavedTicks(7, [1, 2], 3)), 6);
    expect(bridge.stats().ticksPending).toBe(6);
    await bridge.stop();
    const messages = await subscriber.collect((received) => received.length >= 2, 3000);
    expect(messages.map((message) => readTickBatchHeader(message.payload).count)).toEqual([3, 3]);
    bridge.publishTicks(encodeTestTicks(interleavedTicks(7, [1], 2)), 2);
    bridge.publishOrderUpdate({ clientOrderId: 'late', status: 'canceled', timestampMs: 1 });
    expect(bridge.stats()).toMatchObject({ ticksDropped: 2, orderUpdatesDropped: 1, ticksPublished: 6 });
  });

  it('refuses to start twice and to publish before start', async () => {
    const bridge = createBridge({ publishEndpoint: loopback });
    expect(() => bridge.publishTicks(new Uint8Array(32), 1)).toThrow(/between start\(\) and stop\(\)/);
    cleanups.push(() => bridge.stop());
    await bridge.start();
    await expect(bridge.start()).rejects.toThrow(/a bridge starts once/);
  });

  it('explains a port that is already taken', async () => {
    const first = await startBridge();
    const second = createBridge({ publishEndpoint: first.endpoints!.publish });
    await expect(second.start()).rejects.toThrow(
      /could not bind publishEndpoint tcp:\/\/127\.0\.0\.1:\d+: .*choose another/,
    );
  });
});
