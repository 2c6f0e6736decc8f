import type { Worker } from 'node:worker_threads';
import { spawnWorker } from '../../packages/core/src/threads/worker-launcher';
import type { EpochAnchor } from './epoch-anchor';
import type { FeedCommand, FeedEvent, FeedPlacement, FeedWorkerData } from './latency-protocol';
import { type FeedSentReport, PacedQuoteFeed } from './paced-quote-feed';
import { type ClockCalibration, createCalibrationBuffer, measureClockOffset } from './thread-clock';

/** A running feed, wherever it runs. */
export interface FeedHandle {
  readonly port: number;
  /** The feed thread's clock against the main thread's (exactly zero on the main thread itself). */
  readonly clock: ClockCalibration;
  send(messagesPerSecond: number, count: number): Promise<FeedSentReport>;
  close(): Promise<void>;
}

const SAME_THREAD: ClockCalibration = { offsetUs: 0, errorUs: 0, rounds: 0, timeOriginDisagreementUs: 0 };

/** Resolves with the worker's next message of `type`; rejects if the worker fails first. */
export function nextEvent<T extends { type: string }>(worker: Worker, type: T['type']): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number): void => reject(new Error(`the worker exited (code ${code}) before '${type}'`));
    const onMessage = (event: T): void => {
      if (event.type !== type) return;
      worker.off('message', onMessage);
      worker.off('error', reject);
      worker.off('exit', onExit);
      resolve(event);
    };
    worker.on('message', onMessage);
    worker.once('error', reject);
    worker.once('exit', onExit);
  });
}

/** Starts the feed where `placement` says; with a worker, checks its clock on the way. */
export async function startFeed(
  placement: FeedPlacement,
  symbols: readonly string[],
  anchor: EpochAnchor,
): Promise<FeedHandle> {
  if (placement === 'main-thread') {
    const feed = await PacedQuoteFeed.listen(symbols, anchor);
    return {
      port: feed.port,
      clock: SAME_THREAD,
      send: (rate, count) => feed.send(rate, count),
      close: () => feed.close(),
    };
  }
  const calibrationBuffer = createCalibrationBuffer();
  const workerData: FeedWorkerData = { calibrationBuffer, symbols, epochAnchor: anchor };
  const worker = spawnWorker(new URL('./quote-feed-worker.ts', import.meta.url), { workerData });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const listening = nextEvent<FeedEvent & { type: 'listening' }>(worker, 'listening');
  listening.catch(() => {});
  let clock: ClockCalibration;
  let port: number;
  try {
    await nextEvent(worker, 'ready');
    clock = measureClockOffset(calibrationBuffer);
    ({ port } = await listening);
  } catch (error) {
    await worker.terminate();
    throw error;
  }
  const command = (message: FeedCommand): void => worker.postMessage(message);
  return {
    port,
    clock,
    async send(messagesPerSecond, count) {
      const sent = nextEvent<FeedEvent & { type: 'sent' }>(worker, 'sent');
      command({ type: 'start', messagesPerSecond, count });
      const { type: _type, ...report } = await sent;
      return report;
    },
    async close() {
      command({ type: 'stop' });
      const stuck = setTimeout(() => void worker.terminate(), 10_000);
      await exited;
      clearTimeout(stuck);
    },
  };
}
