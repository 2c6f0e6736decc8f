import { setTimeout as sleep } from 'node:timers/promises';
import type { SpscRing } from '../ring/spsc-ring';
import { type ReadTicksOptions, readTickBatches, selectTickStreams } from './read-tick-batches';
import { TickBatch } from './tick-batch';
import { TickStoreError } from './tick-store-error';

const RECORD_SIZE = 32;
const TWO_TO_32 = 0x1_0000_0000;
const PROGRESS_INTERVAL_MS = 100;

/** How far a replay has got. */
export interface ReplayProgress {
  /** Ticks delivered so far. */
  readonly ticks: number;
  /** Ticks in the selected files (an upper bound when a time window is set). */
  readonly totalTicks: number;
  /** Ticks a ring target refused (its overflow policy counted them too). */
  readonly dropped: number;
  /** Timestamp of the last tick delivered, ns since the epoch (0n before the first). */
  readonly lastTimestampNs: bigint;
  readonly elapsedMs: number;
}

/** What {@link replayTicks} did. */
export interface ReplayReport extends ReplayProgress {
  /** True when the signal stopped the replay before the end. */
  readonly aborted: boolean;
}

/** How to replay. Files are always read merged in time order. */
export interface ReplayOptions extends Omit<ReadTicksOptions, 'order'> {
  /** `'fast'` (default): as fast as the target takes them. `'recorded'`: with the gaps between timestamps. */
  readonly pace?: 'recorded' | 'fast';
  /** For `'recorded'`: 2 replays twice as fast, 0.5 half as fast. Default 1. */
  readonly speed?: number;
  /** Called about every 100 ms and once at the end. */
  readonly onProgress?: (progress: ReplayProgress) => void;
  /** Stops the replay early; the promise then resolves with `aborted: true`. */
  readonly signal?: AbortSignal;
}

/**
 * Where replayed ticks go: a ring (published in batches, as a connector would) or a function that gets each
 * run of due ticks as a reused {@link TickBatch} and may return a promise to slow the replay down.
 */
export type ReplayTarget = SpscRing | ((batch: TickBatch) => void | Promise<void>);

/** Publishes records `start..end-1` of `batch`; returns how many the ring refused. */
function publishToRing(ring: SpscRing, batch: TickBatch, start: number, end: number): number {
  let refused = 0;
  let next = start;
  while (next < end) {
    const wanted = Math.min(end - next, ring.contiguousClaimable(), ring.capacity);
    const granted = ring.claimBatch(wanted);
    if (granted > 0) {
      ring.bytes.set(batch.bytes.subarray(next * RECORD_SIZE, (next + granted) * RECORD_SIZE), ring.claimedOffset(0));
      ring.commitBatch(granted);
    }
    refused += wanted - granted;
    next += wanted;
  }
  return refused;
}

/**
 * Replays the ticks of a file or directory, merged in time order, into a ring or a function: as fast as
 * possible, or at the recorded pace (scaled by `speed`). Records are delivered verbatim.
 *
 * A ring with overflow `'wait'` makes the replay lossless: a full ring blocks this thread (`Atomics.wait`) until
 * the consumer frees room, so on a thread with other work, replay into a function or run it in a worker.
 * With `'drop-newest'`, refused ticks are counted in `dropped`.
 *
 * @example
 * ```ts
 * const report = await replayTicks('./ticks/sim', ring, { pace: 'recorded', speed: 10 });
 * ```
 */
export async function replayTicks(
  path: string,
  target: ReplayTarget,
  options: ReplayOptions = {},
): Promise<ReplayReport> {
  const speed = options.speed ?? 1;
  if (!(speed > 0) || !Number.isFinite(speed)) {
    throw new TickStoreError(
      'STORE_INVALID_OPTION',
      `replay speed ${speed} is not usable: give a finite number > 0 (1 = recorded pace).`,
    );
  }
  const recordedPace = options.pace === 'recorded';
  const totalTicks = selectTickStreams(path, options).reduce(
    (sum, stream) => sum + stream.files.reduce((fileSum, file) => fileSum + file.recordCount, 0),
    0,
  );
  const output = typeof target === 'function' ? TickBatch.allocate(options.batchRecords ?? 4096) : undefined;
  const startedAt = performance.now();
  let ticks = 0;
  let dropped = 0;
  let lastHigh = 0;
  let lastLow = 0;
  let lastProgressAt = startedAt;
  let firstHigh = -1;
  let firstLow = 0;
  const progress = (): ReplayProgress => ({
    ticks,
    totalTicks,
    dropped,
    lastTimestampNs: (BigInt(lastHigh) << 32n) | BigInt(lastLow),
    elapsedMs: performance.now() - startedAt,
  });

  const deliver = async (batch: TickBatch, start: number, end: number): Promise<void> => {
    if (typeof target !== 'function') {
      dropped += publishToRing(target, batch, start, end);
    } else if (start === 0 && end === batch.count) {
      await target(batch);
    } else {
      output!.bytes.set(batch.bytes.subarray(start * RECORD_SIZE, end * RECORD_SIZE));
      output!.count = end - start;
      await target(output!);
    }
    ticks += end - start;
    lastHigh = batch.words[(end - 1) * 8 + 1]!;
    lastLow = batch.words[(end - 1) * 8]!;
    const now = performance.now();
    if (options.onProgress !== undefined && now - lastProgressAt >= PROGRESS_INTERVAL_MS) {
      lastProgressAt = now;
      options.onProgress(progress());
    }
  };

  let aborted = false;
  replay: for (const batch of readTickBatches(path, { ...options, order: 'time' })) {
    if (!recordedPace) {
      await deliver(batch, 0, batch.count);
      if (options.signal?.aborted === true) {
        aborted = true;
        break;
      }
      continue;
    }
    const words = batch.words;
    if (firstHigh < 0) {
      firstHigh = words[1]!;
      firstLow = words[0]!;
    }
    // ns since the first tick, exact while below 2^53 ns (104 days).
    const offsetOf = (index: number): number =>
      (words[index * 8 + 1]! - firstHigh) * TWO_TO_32 + (words[index * 8]! - firstLow);
    let index = 0;
    while (index < batch.count) {
      if (options.signal?.aborted === true) {
        aborted = true;
        break replay;
      }
      const elapsedNs = (performance.now() - startedAt) * 1e6 * speed;
      let due = index;
      while (due < batch.count && offsetOf(due) <= elapsedNs) due++;
      if (due > index) {
        await deliver(batch, index, due);
        index = due;
        continue;
      }
      const waitMs = (offsetOf(index) - elapsedNs) / 1e6 / speed;
      // Timers are coarse (about 1 ms); shorter gaps wait a turn of the event loop instead.
      if (waitMs >= 2) await sleep(waitMs - 1);
      else await new Promise((resolve) => setImmediate(resolve));
    }
  }
  const report = { ...progress(), aborted };
  options.onProgress?.(report);
  return report;
}
