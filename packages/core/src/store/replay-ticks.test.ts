import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SpscRing } from '../ring/spsc-ring';
import { SAMPLE_DAY_START_NS, type SampleStream, sampleTicks } from './__fixtures__/sample-ticks';
import { type ReplayProgress, replayTicks } from './replay-ticks';
import type { TickBatch } from './tick-batch';
import { TickStoreWriter } from './tick-store-writer';

const euro: SampleStream = {
  symbol: 'EUR/USD',
  sourceId: 1,
  startNs: SAMPLE_DAY_START_NS,
  stepNs: 2_000_000n,
  basePrice: 1.08,
  priceIncrement: 0.00001,
};
const apple: SampleStream = {
  symbol: 'AAPL',
  sourceId: 4,
  startNs: SAMPLE_DAY_START_NS + 1_000_000n,
  stepNs: 2_000_000n,
  basePrice: 172,
  priceIncrement: 0.01,
};

let directory: string;
beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'tickwire-replay-'));
  const writer = new TickStoreWriter({ directory });
  writer.appendRecords(sampleTicks(euro, 0, 20_000), 0, 20_000);
  writer.appendRecords(sampleTicks(apple, 0, 20_000), 0, 20_000);
  writer.close();
});
afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

/** (source, sequence) of each record of a batch, in order. */
function keysOf(batch: TickBatch): string[] {
  return Array.from(
    { length: batch.count },
    (_, index) => `${batch.words[index * 8 + 6]! & 0xff}:${batch.sequenceAt(index)}`,
  );
}

describe('replayTicks', () => {
  it('replays as fast as possible into a ring, in time order, losing nothing', async () => {
    const ring = SpscRing.create({ capacity: 1 << 17 });
    const report = await replayTicks(directory, ring);
    expect(report).toMatchObject({ ticks: 40_000, totalTicks: 40_000, dropped: 0, aborted: false });
    expect(ring.stats().published).toBe(40_000);
    const received: string[] = [];
    ring.poll(
      (view, offset) => received.push(`${view.getUint8(offset + 24)}:${view.getUint32(offset + 28, true)}`),
      40_000,
    );
    // 1 ms apart, alternating: EUR/USD 0, AAPL 0, EUR/USD 1, ...
    expect(received.slice(0, 4)).toEqual(['1:0', '4:0', '1:1', '4:1']);
    expect(received).toHaveLength(40_000);
    expect(report.lastTimestampNs).toBe(apple.startNs + 19_999n * apple.stepNs);
  });

  it('counts what a drop-newest ring refuses', async () => {
    const ring = SpscRing.create({ capacity: 1024, overflow: 'drop-newest' });
    const report = await replayTicks(directory, ring);
    expect(report.dropped).toBe(40_000 - 1024);
    expect(ring.stats().dropped).toBe(40_000 - 1024);
  });

  it('keeps the recorded gaps, scaled by speed: no tick is delivered before its time', async () => {
    const fromNs = SAMPLE_DAY_START_NS;
    const toNs = SAMPLE_DAY_START_NS + 400_000_000n; // the first 0.4 s of recording: 400 ticks
    const speed = 4;
    const deliveries: string[][] = [];
    const early: string[] = [];
    const startedAt = performance.now();
    const report = await replayTicks(
      directory,
      (batch) => {
        const elapsedMs = performance.now() - startedAt;
        const lastOffsetMs = Number(batch.timestampAt(batch.count - 1) - fromNs) / 1e6;
        if (lastOffsetMs / speed > elapsedMs) early.push(`${lastOffsetMs} ms delivered at ${elapsedMs} ms`);
        deliveries.push(keysOf(batch));
      },
      { pace: 'recorded', speed, fromNs, toNs },
    );
    expect(report.ticks).toBe(400);
    expect(deliveries.flat()).toEqual(
      Array.from({ length: 400 }, (_, index) => `${index % 2 === 0 ? 1 : 4}:${index >> 1}`),
    );
    expect(early).toEqual([]);
    // 399 ms of recording at 4x: the last tick is due 99.75 ms in.
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(99);
  });

  it('reports progress and stops when aborted', async () => {
    const controller = new AbortController();
    const progress: ReplayProgress[] = [];
    let calls = 0;
    const report = await replayTicks(
      directory,
      () => {
        calls++;
        if (calls === 3) controller.abort();
      },
      { batchRecords: 1000, signal: controller.signal, onProgress: (update) => progress.push(update) },
    );
    expect(report).toMatchObject({ ticks: 3000, aborted: true, totalTicks: 40_000 });
    expect(progress.at(-1)).toMatchObject({ ticks: 3000, aborted: true });
  });
});
