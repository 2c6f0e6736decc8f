import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { spawnWorker } from '../threads/worker-launcher';
import {
  type ConsumerResult,
  type ConsumerWorkerData,
  createRecordChecker,
  type ProducerResult,
  type ProducerWorkerData,
  publishSequencedRecord,
} from './__fixtures__/sequenced-records';
import { consumeAsync } from './ring-consumer-loops';
import { HeaderWord, RING_HEADER_BYTES, type RingOverflowPolicy } from './ring-layout';
import type { RingStats } from './ring-stats';
import { SpscRing } from './spsc-ring';

const RECORDS = 10_000_000;
const CAPACITY = 4096;
const loaderUrl = new URL('./__fixtures__/load-ts-worker.mjs', import.meta.url);
const producerUrl = new URL('./__fixtures__/ring-producer-worker.ts', import.meta.url).href;
const consumerUrl = new URL('./__fixtures__/ring-consumer-worker.ts', import.meta.url).href;

type ConsumerMode = 'spin' | 'block' | 'async';

interface TransferOutcome {
  readonly producer: ProducerResult;
  readonly consumer: ConsumerResult;
  readonly stats: RingStats;
  readonly seen: Uint8Array;
  readonly dropped: Uint8Array;
}

async function resultOf<T>(worker: Worker): Promise<T> {
  // Both listeners from the start: a busy thread may see 'message' and 'exit' in one turn of its event loop.
  const [[message]] = (await Promise.all([once(worker, 'message'), once(worker, 'exit')])) as [[T], unknown];
  return message;
}

/** A producer worker publishes RECORDS sequence-numbered records; a worker or this thread consumes them. */
async function transfer(
  overflow: RingOverflowPolicy,
  batchSize: number,
  mode: ConsumerMode,
  workPerRecord: number,
): Promise<TransferOutcome> {
  // A long wait timeout: a 'wait' run must lose nothing even when the shared 2-core machine stalls a thread.
  const ring = SpscRing.create({ capacity: CAPACITY, overflow, waitTimeoutMs: 20_000 });
  const controlBuffer = new SharedArrayBuffer(4);
  const seenBuffer = new SharedArrayBuffer(Math.ceil(RECORDS / 8));
  const droppedBuffer = new SharedArrayBuffer(Math.ceil(RECORDS / 8));
  const producerData: ProducerWorkerData = {
    ringBuffer: ring.buffer,
    controlBuffer,
    records: RECORDS,
    batchSize,
    droppedBitmap: droppedBuffer,
  };
  const producer = resultOf<ProducerResult>(
    spawnWorker(loaderUrl, { workerData: { ...producerData, fixtureUrl: producerUrl } }),
  );
  let consumer: Promise<ConsumerResult>;
  if (mode === 'async') {
    const checker = createRecordChecker(ring.uint32, new Uint8Array(seenBuffer), workPerRecord);
    const control = new Int32Array(controlBuffer);
    Atomics.store(control, 0, 1);
    Atomics.notify(control, 0);
    consumer = consumeAsync(ring, checker.handler).then(() => checker.result());
  } else {
    const consumerData: ConsumerWorkerData = {
      ringBuffer: ring.buffer,
      controlBuffer,
      mode,
      workPerRecord,
      seenBitmap: seenBuffer,
    };
    consumer = resultOf<ConsumerResult>(
      spawnWorker(loaderUrl, { workerData: { ...consumerData, fixtureUrl: consumerUrl } }),
    );
  }
  const [producerResult, consumerResult] = await Promise.all([producer, consumer]);
  return {
    producer: producerResult,
    consumer: consumerResult,
    stats: ring.stats(),
    seen: new Uint8Array(seenBuffer),
    dropped: new Uint8Array(droppedBuffer),
  };
}

/** Counts sequence numbers that are in neither or both of the consumed and dropped bitmaps. */
function accountingErrors(seen: Uint8Array, dropped: Uint8Array): { missing: number; both: number } {
  let missing = 0;
  let both = 0;
  for (let sequence = 0; sequence < RECORDS; sequence++) {
    const byte = sequence >> 3;
    const mask = 1 << (sequence & 7);
    const wasSeen = (seen[byte]! & mask) !== 0;
    const wasDropped = (dropped[byte]! & mask) !== 0;
    if (wasSeen && wasDropped) both++;
    else if (!wasSeen && !wasDropped) missing++;
  }
  return { missing, both };
}

const consumerModes: ConsumerMode[] = ['spin', 'block', 'async'];
const batchSizes = [1, 64];

describe('SpscRing across real worker threads, 10M records per case', () => {
  describe("overflow 'wait': nothing is lost", () => {
    for (const batchSize of batchSizes) {
      for (const mode of consumerModes) {
        it(`batch ${batchSize}, ${mode} consumer: every sequence number arrives exactly once, in order`, async () => {
          const { producer, consumer, stats, seen, dropped } = await transfer('wait', batchSize, mode, 0);
          expect(producer).toEqual({ published: RECORDS, refused: 0 });
          expect(consumer.torn).toBe(0);
          expect(consumer.outOfOrder).toBe(0);
          expect(consumer.duplicates).toBe(0);
          expect(consumer.consumed).toBe(RECORDS);
          expect(consumer.lastSequence).toBe(RECORDS - 1);
          expect(accountingErrors(seen, dropped)).toEqual({ missing: 0, both: 0 });
          expect(stats).toMatchObject({
            published: RECORDS,
            consumed: RECORDS,
            dropped: 0,
            occupancy: 0,
            closed: true,
          });
        });
      }
    }
  });

  describe("overflow 'drop-newest' with a slow consumer: every drop is counted", () => {
    for (const batchSize of batchSizes) {
      for (const mode of consumerModes) {
        it(`batch ${batchSize}, ${mode} consumer: consumed + dropped == produced, consumed strictly increasing`, async () => {
          const { producer, consumer, stats, seen, dropped } = await transfer('drop-newest', batchSize, mode, 400);
          // The consumer really was too slow, so the policy really dropped: otherwise this case proves nothing.
          expect(producer.refused).toBeGreaterThan(0);
          expect(producer.published + producer.refused).toBe(RECORDS);
          expect(consumer.torn).toBe(0);
          expect(consumer.notIncreasing).toBe(0);
          expect(consumer.duplicates).toBe(0);
          expect(consumer.consumed).toBe(producer.published);
          expect(stats.published).toBe(producer.published);
          expect(stats.consumed).toBe(consumer.consumed);
          expect(stats.dropped).toBe(producer.refused);
          expect(stats.consumed + stats.dropped).toBe(RECORDS);
          expect(stats.highWaterMark).toBe(CAPACITY);
          expect(accountingErrors(seen, dropped)).toEqual({ missing: 0, both: 0 });
        });
      }
    }
  });
});

// Resolves once the consumer has announced a sleep: the waiting flag holds the sleeper's token (non-zero) from just
// before Atomics.wait until it wakes.
async function untilConsumerAsleep(header: Int32Array): Promise<void> {
  for (let attempt = 0; attempt < 2000 && Atomics.load(header, HeaderWord.consumerWaiting) === 0; attempt++) {
    await sleep(5);
  }
  expect(Atomics.load(header, HeaderWord.consumerWaiting)).not.toBe(0);
}

describe('SpscRing blocking consumer in a worker', () => {
  it('sleeps in Atomics.wait, wakes on each commit and on close, and drains before it stops', async () => {
    const ring = SpscRing.create({ capacity: 8 });
    const header = new Int32Array(ring.buffer, 0, RING_HEADER_BYTES / 4);
    const controlBuffer = new SharedArrayBuffer(4);
    const consumerData: ConsumerWorkerData = {
      ringBuffer: ring.buffer,
      controlBuffer,
      mode: 'block',
      workPerRecord: 0,
      seenBitmap: new SharedArrayBuffer(1),
      // No caller timeout to fall back on (the ring itself still re-checks every 100 ms; the doorbell count below
      // shows the producer's commits rang it).
      idleCheckMs: Number.POSITIVE_INFINITY,
    };
    const consumer = resultOf<ConsumerResult>(
      spawnWorker(loaderUrl, { workerData: { ...consumerData, fixtureUrl: consumerUrl } }),
    );
    const publish = (sequence: number): void => publishSequencedRecord(ring, sequence);
    const untilAsleep = (): Promise<void> => untilConsumerAsleep(header);
    const doorbell = (): number => Atomics.load(header, HeaderWord.consumerDoorbell);
    await untilAsleep();
    const rungBeforeCommits = doorbell();
    publish(0);
    publish(1);
    await untilAsleep();
    expect(ring.stats().consumed).toBe(2);
    expect(doorbell()).toBeGreaterThan(rungBeforeCommits);
    publish(2);
    ring.close();
    expect(await consumer).toMatchObject({ consumed: 3, torn: 0, outOfOrder: 0, duplicates: 0, lastSequence: 2 });
  });

  it('busy-polls through gaps shorter than its window without sleeping, and sleeps once the feed goes quiet', async () => {
    const ring = SpscRing.create({ capacity: 8 });
    const header = new Int32Array(ring.buffer, 0, RING_HEADER_BYTES / 4);
    const consumerData: ConsumerWorkerData = {
      ringBuffer: ring.buffer,
      controlBuffer: new SharedArrayBuffer(4),
      mode: 'block',
      workPerRecord: 0,
      seenBitmap: new SharedArrayBuffer(4),
      // Half a second: far longer than the 2 ms gaps below, even on a loaded CI machine.
      busyPollUs: 500_000,
    };
    const consumer = resultOf<ConsumerResult>(
      spawnWorker(loaderUrl, { workerData: { ...consumerData, fixtureUrl: consumerUrl } }),
    );
    const publish = (sequence: number): void => publishSequencedRecord(ring, sequence);
    const doorbell = (): number => Atomics.load(header, HeaderWord.consumerDoorbell);
    publish(0);
    for (let attempt = 0; attempt < 2000 && ring.stats().consumed === 0; attempt++) await sleep(1);
    const rungBeforeGaps = doorbell();
    for (let sequence = 1; sequence <= 10; sequence++) {
      await sleep(2);
      publish(sequence);
    }
    // A commit rings the doorbell only when the consumer had announced a sleep: it never did between the ticks.
    expect(doorbell()).toBe(rungBeforeGaps);
    await untilConsumerAsleep(header);
    // The raised flag comes before a last re-check and the wait itself: a commit in between is seen without a
    // sleep. A quiet spell longer than the longest sleep (100 ms) leaves the consumer at least one sleep.
    await sleep(250);
    publish(11);
    ring.close();
    const result = await consumer;
    expect(result).toMatchObject({ consumed: 12, torn: 0, outOfOrder: 0, duplicates: 0, lastSequence: 11 });
    expect(result.sleeps).toBeGreaterThanOrEqual(1);
  });
});
