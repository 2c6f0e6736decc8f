import type { Worker } from 'node:worker_threads';
import { SpscRing } from '../../packages/core/src/ring/index';
import { spawnWorker } from '../../packages/core/src/threads/worker-launcher';
import { symbolIdOf } from '../../packages/core/src/tick/index';
import { GcCounter } from '../ring/gc-counter';
import { BareJsonClient } from './bare-json-client';
import { anchorMonotonicClock } from './epoch-anchor';
import { type FeedHandle, nextEvent, startFeed } from './feed-placement';
import type { LatencySummary } from './latency-histogram';
import type {
  ConsumerEvent,
  ConsumerMode,
  ConsumerWorkerData,
  ConsumerWorkerResult,
  FeedPlacement,
} from './latency-protocol';
import type { FeedSentReport } from './paced-quote-feed';
import { type ClockCalibration, createCalibrationBuffer, measureClockOffset } from './thread-clock';
import { TickwireQuoteClient } from './tickwire-quote-client';
import { waitUntil } from './wait-until';

// The runtime's default ring: 65,536 slots, newest dropped (and counted) when full.
const RING_CAPACITY = 65_536;
// Twice the ring, so the producer's next receipt stamp never lands on a slot the consumer is still reading.
const RECEIPT_SLOTS = 2 * RING_CAPACITY;
const FEED_SYMBOLS = ['AAPL', 'MSFT', 'NVDA', 'SPY'] as const;
// Beyond the case's own length: how long the feed may lag before the case is called incomplete.
const DELIVERY_GRACE_MS = 15_000;

/** One latency case: a rate, a length, a consumer loop and where the feed runs. */
export interface LatencyCaseOptions {
  readonly messagesPerSecond: number;
  /** Measured seconds, after the warm-up. */
  readonly seconds: number;
  readonly warmupSeconds: number;
  readonly mode: ConsumerMode;
  readonly feedPlacement: FeedPlacement;
  /** False runs the consumer without its clock, to count the GC events of the ring path alone. */
  readonly measureLatency: boolean;
  /** Whether the bare ws + JSON.parse peer consumes the feed too (it doubles the main thread's socket work). */
  readonly withPeer: boolean;
  /** The blocking consumer's busy-poll window in microseconds; undefined keeps consumeBlocking's default. */
  readonly busyPollUs?: number;
}

/** Everything one case measured. */
export interface LatencyCaseResult {
  readonly options: LatencyCaseOptions;
  readonly consumer: ConsumerWorkerResult;
  /** The bare ws + JSON.parse client, receipt to handler end, after the same warm-up (when it ran). */
  readonly peer: LatencySummary | undefined;
  readonly feed: FeedSentReport | undefined;
  /** Frames the case sends, warm-up included. */
  readonly frames: number;
  readonly tickwireReceived: number;
  /**
   * Frames the tickwire client received whose tick never reached the consumer (ring drops or anything else between
   * receipt and consumer): must be 0. Sequence gaps seen by the consumer are part of it.
   */
  readonly lostInPath: number;
  /** Frames the feed did not get to the tickwire client before the deadline: the case is then incomplete. */
  readonly undelivered: number;
  /** Ticks the ring's drop-newest policy dropped, as the writer counted them. */
  readonly ringDropped: number;
  readonly protocolErrors: number;
  readonly refused: number;
  readonly consumerClock: ClockCalibration;
  readonly feedClock: ClockCalibration;
  /** GC events on the main thread (ws, JSON.parse, parser, writer) from the feed's start to its last frame. */
  readonly mainGcEvents: number;
  /** The main thread's event-loop utilisation over the same span (0..1). */
  readonly mainUtilization: number;
  /** Set when the feed did not deliver everything in time (see `undelivered`). */
  readonly deliveryProblem?: string;
}

// Created as soon as the worker exists, so an exit that happens early is not missed.
function exitOf(worker: Worker): Promise<void> {
  return new Promise((resolve) => worker.once('exit', () => resolve()));
}

/** Runs one case from scratch: fresh ring, consumer worker, feed and clients. */
export async function runLatencyCase(options: LatencyCaseOptions): Promise<LatencyCaseResult> {
  const count = Math.round(options.messagesPerSecond * (options.warmupSeconds + options.seconds));
  const warmupTicks = Math.round(options.messagesPerSecond * options.warmupSeconds);
  const ring = SpscRing.create({ capacity: RING_CAPACITY, overflow: 'drop-newest' });
  const receiptTimesBuffer = new SharedArrayBuffer(RECEIPT_SLOTS * Float64Array.BYTES_PER_ELEMENT);
  const epochAnchor = anchorMonotonicClock();
  const consumerCalibration = createCalibrationBuffer();
  const consumerData: ConsumerWorkerData = {
    mode: options.mode,
    measureLatency: options.measureLatency,
    ringBuffer: ring.buffer,
    receiptTimesBuffer,
    calibrationBuffer: consumerCalibration,
    symbolIds: FEED_SYMBOLS.map((symbol) => symbolIdOf(symbol)),
    warmupTicks,
    epochAnchor,
    busyPollUs: options.busyPollUs,
  };
  const consumer = spawnWorker(new URL('./latency-consumer-worker.ts', import.meta.url), { workerData: consumerData });
  const consumerExit = exitOf(consumer);
  const consumerResult = nextEvent<ConsumerEvent & { type: 'result' }>(consumer, 'result');
  consumerResult.catch(() => {});
  const tickwire = new TickwireQuoteClient(ring, new Float64Array(receiptTimesBuffer));
  const peer = options.withPeer ? new BareJsonClient(warmupTicks) : undefined;
  let feed: FeedHandle | undefined;
  try {
    await nextEvent(consumer, 'ready');
    const consumerClock = measureClockOffset(consumerCalibration);
    feed = await startFeed(options.feedPlacement, FEED_SYMBOLS, epochAnchor);
    const url = `ws://127.0.0.1:${feed.port}`;
    await tickwire.connect(url);
    await peer?.connect(url);

    const mainGc = new GcCounter();
    const feedStartMs = performance.now();
    const utilizationAtStart = performance.eventLoopUtilization();
    const sent = feed.send(options.messagesPerSecond, count);
    sent.catch(() => {});
    let deliveryProblem: string | undefined;
    try {
      await waitUntil(
        () => tickwire.received >= count && (peer === undefined || peer.received >= count),
        (options.warmupSeconds + options.seconds) * 1000 + DELIVERY_GRACE_MS,
        () => `${count} frames at each client (tickwire has ${tickwire.received}, the peer ${peer?.received ?? '-'})`,
      );
    } catch (error) {
      deliveryProblem = (error as Error).message;
    }
    const feedEndMs = performance.now();
    const mainUtilization = performance.eventLoopUtilization(utilizationAtStart).utilization;
    // No frame may be handled after this point: the producer side closes the ring after its last commit, and the
    // consumer drains what is left and reports.
    tickwire.close();
    const tickwireReceived = tickwire.received;
    ring.close();
    const consumerReport = await consumerResult;
    const feedReport = deliveryProblem === undefined ? await sent : undefined;
    return {
      options,
      consumer: consumerReport,
      peer: peer?.latency.summary(),
      feed: feedReport,
      frames: count,
      tickwireReceived,
      lostInPath: tickwireReceived - consumerReport.consumed,
      undelivered: count - tickwireReceived,
      ringDropped: tickwire.writer.counters.dropped,
      protocolErrors: tickwire.protocolErrors,
      refused: tickwire.refused,
      consumerClock,
      feedClock: feed.clock,
      mainGcEvents: await mainGc.countIn(feedStartMs, feedEndMs),
      mainUtilization,
      ...(deliveryProblem === undefined ? {} : { deliveryProblem }),
    };
  } finally {
    tickwire.close();
    peer?.close();
    ring.close();
    await feed?.close();
    // A consumer stuck before its loop (say, a failed calibration) is ended rather than left running.
    const stuck = setTimeout(() => void consumer.terminate(), 10_000);
    await consumerExit;
    clearTimeout(stuck);
  }
}
