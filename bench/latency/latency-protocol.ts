// What the latency benchmark's main thread, its consumer worker and its feed worker agree on.
import type { EpochAnchor } from './epoch-anchor';
import type { LatencySummary } from './latency-histogram';
import type { FeedSentReport } from './paced-quote-feed';

/** Which of the ring's consumer loops the consumer worker runs. */
export type ConsumerMode = 'spinning' | 'blocking';

/**
 * Where the feed's server runs: on the main thread beside the measured clients (two busy threads in all, which two
 * cores can hold), or in a worker of its own (three, as with a separate feed process on the same machine).
 */
export type FeedPlacement = 'main-thread' | 'worker-thread';

/** Sent to the consumer worker. */
export interface ConsumerWorkerData {
  readonly mode: ConsumerMode;
  /** False: no clock reads, only sequence checks (the histograms stay empty), to count the ring path's own GC. */
  readonly measureLatency: boolean;
  /** The tickwire ring the main thread produces into. */
  readonly ringBuffer: SharedArrayBuffer;
  /** Float64 receipt times (monotonicMs), indexed by ring position & (slots - 1). */
  readonly receiptTimesBuffer: SharedArrayBuffer;
  /** See thread-clock.ts. */
  readonly calibrationBuffer: SharedArrayBuffer;
  /** Symbol ids of the feed, in the feed's round-robin order. */
  readonly symbolIds: readonly number[];
  /** Ticks consumed before the histograms start (JIT warm-up). */
  readonly warmupTicks: number;
  readonly epochAnchor: EpochAnchor;
  /** The blocking consumer's busy-poll window (consumeBlocking's `busyPollUs`); undefined keeps its default. */
  readonly busyPollUs: number | undefined;
}

/** What the consumer worker posts when the ring is closed and drained. */
export interface ConsumerWorkerResult {
  /** Receipt (ws 'message' event on the main thread) to consumer handler, after the warm-up. */
  readonly receiptToConsumer: LatencySummary;
  /** The feed's send stamp (the quote's `t`, carried in the tick) to consumer handler, after the warm-up. */
  readonly sendToConsumer: LatencySummary;
  readonly consumed: number;
  /** Per-symbol sequence numbers skipped between ticks that did arrive (a drop anywhere before the consumer). */
  readonly sequenceGaps: number;
  /** Ticks with a sequence number lower than expected or an unknown symbol (must be 0). */
  readonly outOfOrder: number;
  /** GC events on the consumer thread between the first measured tick and the end of draining. */
  readonly gcEvents: number;
  /** Length of that window on the consumer's clock. */
  readonly windowMs: number;
  /** Times the consumer slept in Atomics.wait over the whole run (the ring's `consumerSleeps`). */
  readonly sleeps: number;
}

/** Sent to the feed worker. */
export interface FeedWorkerData {
  readonly calibrationBuffer: SharedArrayBuffer;
  /** Alpaca symbols, sent round-robin. */
  readonly symbols: readonly string[];
  readonly epochAnchor: EpochAnchor;
}

/** Main thread to feed worker. */
export type FeedCommand =
  | { readonly type: 'start'; readonly messagesPerSecond: number; readonly count: number }
  | { readonly type: 'stop' };

/** Feed worker to main thread. */
export type FeedEvent =
  | { readonly type: 'ready' }
  | { readonly type: 'listening'; readonly port: number }
  | ({ readonly type: 'sent' } & FeedSentReport);

/** Consumer worker to main thread. */
export type ConsumerEvent = { readonly type: 'ready' } | ({ readonly type: 'result' } & ConsumerWorkerResult);
