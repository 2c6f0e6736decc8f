// The tick store's worker thread: the ring's consumer, writing ticks to files in batches. Started by `TickStore`.
import { PerformanceObserver } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { SpscRing } from '../ring/spsc-ring';
import type { StoreFileSystem } from './store-file-system';
import { StoreCounter } from './store-stats';
import type { TickStoreCommand, TickStoreReply, TickStoreWorkerData } from './tick-store-protocol';
import { serializeStoreError } from './tick-store-protocol';
import { TickStoreWriter } from './tick-store-writer';

const RECORD_SHIFT = 5;
/** Records routed per release: capacity / 2^SLICE_SHIFT, the ring's own release run (capacity / 16). */
const SLICE_SHIFT = 4;
/** Longest sleep on an empty ring: how late a `stop` command can be noticed. */
const IDLE_WAIT_MS = 50;

const port = parentPort;
if (port === null) throw new Error('tick-store-worker must run as a worker thread; start it with TickStore.start().');
const data = workerData as TickStoreWorkerData;

function reply(message: TickStoreReply): void {
  port?.postMessage(message);
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function loadFileSystem(moduleUrl: string | undefined): Promise<StoreFileSystem | undefined> {
  if (moduleUrl === undefined) return undefined;
  const loaded = (await import(moduleUrl)) as { default?: StoreFileSystem };
  if (loaded.default === undefined) throw new Error(`file system module ${moduleUrl} has no default export`);
  return loaded.default;
}

async function run(): Promise<void> {
  const ring = SpscRing.attach(data.ringBuffer);
  const writer = new TickStoreWriter(data.options, {
    fileSystem: await loadFileSystem(data.fileSystemModule),
    counters: new Float64Array(data.counters),
    onEvent: (event) => reply({ type: 'event', event }),
  });
  let stopRequested = false;
  // Flush requests wait for the loop: it drains what the ring holds first, so a flush covers every tick published
  // before it was asked for.
  const flushRequests: number[] = [];
  port?.on('message', (command: TickStoreCommand) => {
    if (command.type === 'stop') {
      stopRequested = true;
      return;
    }
    if (command.type === 'flush') {
      flushRequests.push(command.requestId);
      return;
    }
    try {
      if (command.type === 'register-symbol') writer.registerSymbol(command.symbol);
      else writer.registerSource(command.source);
      reply({ type: 'done', requestId: command.requestId });
    } catch (error) {
      reply({ type: 'done', requestId: command.requestId, error: serializeStoreError(error) });
    }
  });
  // Counted, not logged: the write path is meant to allocate nothing per tick, and this shows whether it does.
  const counters = writer.counters;
  const gcObserver = new PerformanceObserver((list) => {
    counters[StoreCounter.gcEvents]! += list.getEntries().length;
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  reply({ type: 'ready' });

  const flushIntervalMs = writer.options.flushIntervalMs;
  const slotCount = ring.capacity;
  const sliceRecords = Math.max(1, slotCount >> SLICE_SHIFT);
  const bytes = ring.bytes;
  // When the oldest unwritten tick arrived (performance.now()), or -1 when nothing waits for a flush.
  let oldestPendingAt = -1;
  for (;;) {
    let available = ring.available();
    while (available > 0) {
      const firstOffset = ring.readOffset(0);
      // Slices of at most a release run: each release lets a waiting producer refill while this thread routes
      // and writes the next slice, instead of both taking turns over the whole ring.
      const contiguous = Math.min(available, slotCount - (firstOffset >> RECORD_SHIFT), sliceRecords);
      writer.appendRecords(bytes, firstOffset, contiguous);
      ring.release(contiguous);
      const now = performance.now();
      if (oldestPendingAt < 0) oldestPendingAt = now;
      else if (now - oldestPendingAt >= flushIntervalMs) {
        writer.flush();
        oldestPendingAt = -1;
        // Let register/flush/stop commands in while ticks keep coming.
        await yieldToEventLoop();
      }
      available = ring.available();
    }
    if (flushRequests.length > 0) {
      writer.flush();
      oldestPendingAt = -1;
      for (const requestId of flushRequests.splice(0)) reply({ type: 'done', requestId });
    }
    if (stopRequested || ring.isDrained()) break;
    let timeoutMs = IDLE_WAIT_MS;
    if (oldestPendingAt >= 0) {
      const dueIn = oldestPendingAt + flushIntervalMs - performance.now();
      if (dueIn <= 0) {
        writer.flush();
        oldestPendingAt = -1;
        continue;
      }
      timeoutMs = Math.min(timeoutMs, dueIn);
    }
    await ring.waitForDataAsync(timeoutMs);
  }
  writer.close();
  gcObserver.disconnect();
  for (const requestId of flushRequests.splice(0)) reply({ type: 'done', requestId });
  reply({ type: 'stopped' });
  port?.close();
}

run().catch((error: unknown) => {
  reply({ type: 'fatal', error: serializeStoreError(error) });
  port?.close();
});
