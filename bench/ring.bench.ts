// tickwire's SPSC ring against ringbuf.js, in one run, across two worker threads.
//
// How the comparison is kept fair:
// - Same records: 32 bytes, written as the same eight 32-bit stores per record (see writeRecord), with a
//   sequence number the consumer checks, so both consumers really read every record.
// - Same capacity (RING_SLOTS records), same batch size on both sides (records per publish call and at most that
//   many per consume call), same thread arrangement: producer in one worker, consumer in another, main thread
//   idle. Both consumers busy-poll an empty ring. On a full ring the ringbuf.js producer spins (it has no
//   blocking mode); tickwire's producer uses its 'wait' policy, which sleeps until a quarter of the ring is free
//   and so leaves the CPU to the consumer. Each ring runs in its own best mode for this arrangement.
// - ringbuf.js gets the best of its API for fixed records: a Uint32Array ring, a staging array of exactly one
//   batch so `push` uses its TypedArray.set fast path, `pop` of a whole batch (see bench/ring/ringbuf-worker.ts).
//   tickwire uses its own zero-copy API: fields written straight into claimed slots, read in place by poll().
// - Warm-up records pass before the measured window opens in each thread; throughput is the records the
//   consumer received over its MEASURE_MS window, then it tells the producer to stop. The implementations
//   alternate within each round, and the median of ROUNDS runs is reported.
import { once } from 'node:events';
import { availableParallelism, loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Worker } from 'node:worker_threads';
import { RingBuffer } from 'ringbuf.js';
import { SpscRing } from '../packages/core/src/ring/index';
import { spawnWorker } from '../packages/core/src/threads/worker-launcher';
import { benchCase } from './lib/bench-case';
import type { BenchCase, Benchmark } from './lib/bench-types';
import {
  CONTROL_WORDS,
  ControlWord,
  RECORD_WORDS,
  type RingBenchWorkerData,
  type RingBenchWorkerResult,
  type RingImplementation,
} from './ring/ring-bench-protocol';

// 65,536 slots (2 MiB): room for a burst of a couple of milliseconds at tens of millions of ticks per second, so
// a 'wait' producer that gets ahead sleeps rarely. ringbuf.js gets the same capacity.
const RING_SLOTS = 65_536;
const ROUNDS = 3;
const BATCH_SIZES = [1, 16, 256] as const;
const WARMUP_RECORDS = 2_000_000;
const MEASURE_MS = 1_000;
const BUDGET_ONE_AT_A_TIME = 25e6;
const BUDGET_BATCHED = 60e6;
const BUDGET_RATIO_ONE_AT_A_TIME = 5;

const loaderUrl = new URL('./ring/load-ts-worker.mjs', import.meta.url);
const workerModule: Record<RingImplementation, string> = {
  tickwire: new URL('./ring/tickwire-ring-worker.ts', import.meta.url).href,
  'ringbuf.js': new URL('./ring/ringbuf-worker.ts', import.meta.url).href,
};

interface RunResult {
  readonly ticksPerSecond: number;
  readonly gcEvents: number;
}

async function resultOf(worker: Worker): Promise<RingBenchWorkerResult> {
  const [[message]] = (await Promise.all([once(worker, 'message'), once(worker, 'exit')])) as [
    [RingBenchWorkerResult],
    unknown,
  ];
  return message;
}

function ringBufferFor(implementation: RingImplementation): SharedArrayBuffer {
  if (implementation === 'tickwire') {
    return SpscRing.create({ capacity: RING_SLOTS, overflow: 'wait', waitTimeoutMs: 60_000 }).buffer;
  }
  return RingBuffer.getStorageForCapacity(RING_SLOTS * RECORD_WORDS, Uint32Array as never);
}

async function runOnce(implementation: RingImplementation, batchSize: number): Promise<RunResult> {
  const controlBuffer = new SharedArrayBuffer(CONTROL_WORDS * 4);
  const control = new Int32Array(controlBuffer);
  const ringBuffer = ringBufferFor(implementation);
  const start = (role: RingBenchWorkerData['role']): Promise<RingBenchWorkerResult> => {
    const workerData: RingBenchWorkerData = {
      role,
      ringBuffer,
      controlBuffer,
      batchSize,
      warmupRecords: WARMUP_RECORDS,
      measureMs: MEASURE_MS,
      fixtureUrl: workerModule[implementation],
    };
    return resultOf(spawnWorker(loaderUrl, { workerData }));
  };
  const results = Promise.all([start('producer'), start('consumer')]);
  while (Atomics.load(control, ControlWord.ready) < 2) await sleep(5);
  Atomics.store(control, ControlWord.go, 1);
  Atomics.notify(control, ControlWord.go);
  const [producer, consumer] = await results;
  const errors = producer.sequenceErrors + consumer.sequenceErrors;
  if (errors > 0) throw new Error(`${implementation} batch ${batchSize}: ${errors} records out of sequence`);
  return {
    ticksPerSecond: consumer.records / (consumer.elapsedMs / 1000),
    gcEvents: producer.gcEvents + consumer.gcEvents,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function budgetNote(batchSize: number, tickwire: number, peer: number): string {
  const budget = batchSize === 1 ? BUDGET_ONE_AT_A_TIME : BUDGET_BATCHED;
  const parts = [`budget >= ${budget / 1e6}M/s: ${tickwire >= budget ? 'met' : 'MISSED'}`];
  if (batchSize === 1) {
    const ratioMet = tickwire / peer >= BUDGET_RATIO_ONE_AT_A_TIME;
    parts.push(`>= ${BUDGET_RATIO_ONE_AT_A_TIME}x ringbuf.js: ${ratioMet ? 'met' : 'MISSED'}`);
  }
  return parts.join('; ');
}

const ringBenchmark: Benchmark = {
  name: 'ring',
  description: `SPSC ring, 32-byte records, producer and consumer on two worker threads, median of ${ROUNDS} runs of ${MEASURE_MS} ms`,
  async run(): Promise<BenchCase[]> {
    const cases: BenchCase[] = [];
    for (const batchSize of BATCH_SIZES) {
      const runs: Record<RingImplementation, RunResult[]> = { tickwire: [], 'ringbuf.js': [] };
      for (let round = 0; round < ROUNDS; round++) {
        for (const implementation of ['tickwire', 'ringbuf.js'] as const) {
          runs[implementation].push(await runOnce(implementation, batchSize));
        }
      }
      const tickwire = median(runs.tickwire.map((run) => run.ticksPerSecond));
      const peer = median(runs['ringbuf.js'].map((run) => run.ticksPerSecond));
      const gcTickwire = runs.tickwire.map((run) => run.gcEvents).join('/');
      const gcPeer = runs['ringbuf.js'].map((run) => run.gcEvents).join('/');
      const label = batchSize === 1 ? 'one at a time' : `batch ${batchSize}`;
      cases.push(
        benchCase(
          `${label}, two threads`,
          'ticks/s',
          tickwire,
          peer,
          'ringbuf.js',
          `${budgetNote(batchSize, tickwire, peer)}; steady-state GC events per run, both threads: tickwire ` +
            `${gcTickwire}, ringbuf.js ${gcPeer}; load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`,
        ),
      );
    }
    return cases;
  },
};

export default ringBenchmark;
