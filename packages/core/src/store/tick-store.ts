import type { Worker } from 'node:worker_threads';
import { SpscRing } from '../ring/spsc-ring';
import { siblingWorkerUrl, spawnWorker } from '../threads/worker-launcher';
import { describeTickStoreEvent, type TickStoreEvent } from './store-events';
import { acquireStoreLock, type StoreLock } from './store-lock';
import { resolveStoreOptions, type StoreSource, type StoreSymbol, type TickStoreWriterOptions } from './store-options';
import { readStoreStats, STORE_COUNTER_COUNT, type TickStoreStats } from './store-stats';
import { StoreSymbolCatalog } from './store-symbol-catalog';
import { TickStoreError } from './tick-store-error';
import type {
  SerializedStoreError,
  TickStoreCommand,
  TickStoreReply,
  TickStoreWorkerData,
} from './tick-store-protocol';

/** Options of {@link TickStore.start}: where and how to write, and which ring to drain. */
export interface TickStoreOptions extends TickStoreWriterOptions {
  /** The ring to consume (the store becomes its only consumer), or its SharedArrayBuffer. */
  readonly ring: SpscRing | SharedArrayBuffer;
  /**
   * Hears every {@link TickStoreEvent}. Without it, failures (`write-failed`, `file-skipped`, `unknown-symbol`)
   * are written to stderr, so they are never silent; the rest is dropped.
   */
  readonly onEvent?: (event: TickStoreEvent) => void;
  /**
   * For tests and special set-ups: URL of a module whose default export is a `StoreFileSystem`; the worker writes
   * through it instead of `node:fs` (fault injection, a slow device). The directory lock always uses `node:fs`.
   */
  readonly fileSystemModule?: string | URL;
}

interface StoreParts {
  readonly worker: Worker;
  readonly counters: Float64Array;
  readonly lock: StoreLock;
  readonly catalog: StoreSymbolCatalog;
  readonly directory: string;
  readonly onEvent: (event: TickStoreEvent) => void;
}

const loudEvents: ReadonlySet<TickStoreEvent['type']> = new Set(['write-failed', 'file-skipped', 'unknown-symbol']);

function defaultEventHandler(event: TickStoreEvent): void {
  if (loudEvents.has(event.type)) console.error(describeTickStoreEvent(event));
}

/** Starts the worker: the built `.js` sibling from the package, the `.ts` sibling (through tsx) from source. */
function spawnStoreWorker(workerData: TickStoreWorkerData): Worker {
  return spawnWorker(siblingWorkerUrl(import.meta.url, 'tick-store-worker'), { workerData });
}

function toError(error: SerializedStoreError): Error {
  if (error.code?.startsWith('STORE_') === true) {
    return new TickStoreError(error.code as TickStoreError['code'], error.message);
  }
  const rebuilt = new Error(error.message);
  rebuilt.name = error.name;
  return rebuilt;
}

/**
 * The tick store: a worker thread that drains a ring into per-source, per-symbol, per-day tick files.
 *
 * Durability (docs/tick-format.md, "Tick files"):
 * - graceful stop (close the ring, or {@link TickStore.stop}): every tick published before is in its file when
 *   {@link TickStore.closed} resolves, and fdatasynced unless `fsync` is `'none'`;
 * - process crash: ticks received up to the last flush (at most `flushIntervalMs` old) are in the files;
 *   a torn last record is cut off and reported when the file is reopened;
 * - power loss: what the last fdatasync covered (see {@link FsyncPolicy}).
 *
 * @example
 * ```ts
 * const ring = SpscRing.create({ capacity: 1 << 16 });
 * const store = await TickStore.start({ ring, directory: './ticks', symbols: [{ symbol: 'EUR/USD', priceIncrement: 0.00001 }] });
 * // ... producers publish into the ring ...
 * ring.close();
 * const stats = await store.closed; // every tick is on disk
 * ```
 */
export class TickStore {
  /** Resolves with the final counters once the worker has written, synced and closed every file. */
  readonly closed: Promise<TickStoreStats>;
  readonly directory: string;
  private readonly worker: Worker;
  private readonly counters: Float64Array;
  private readonly lock: StoreLock;
  // A mirror of the worker's catalog, so a bad registration throws its own error class here, synchronously.
  private readonly catalog: StoreSymbolCatalog;
  private readonly pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  private nextRequestId = 1;
  private finished = false;

  private constructor(parts: StoreParts, ready: () => void, failedToStart: (error: Error) => void) {
    const { worker, onEvent } = parts;
    this.worker = worker;
    this.counters = parts.counters;
    this.lock = parts.lock;
    this.catalog = parts.catalog;
    this.directory = parts.directory;
    let started = false;
    let fatal: Error | undefined;
    this.closed = new Promise<TickStoreStats>((resolve, reject) => {
      worker.on('message', (reply: TickStoreReply) => {
        if (reply.type === 'ready') {
          started = true;
          ready();
        } else if (reply.type === 'event') onEvent(reply.event);
        else if (reply.type === 'done') this.settle(reply.requestId, reply.error);
        else if (reply.type === 'fatal') fatal = toError(reply.error);
      });
      worker.on('error', (error) => {
        fatal = error;
      });
      worker.on('exit', (exitCode) => {
        this.finished = true;
        this.lock.release();
        const failure =
          fatal ??
          (exitCode === 0
            ? undefined
            : new TickStoreError('STORE_CLOSED', `tick store worker exited with code ${exitCode}`));
        for (const request of this.pending.values()) {
          request.reject(failure ?? new TickStoreError('STORE_CLOSED', 'the tick store stopped before answering'));
        }
        this.pending.clear();
        if (!started)
          failedToStart(
            failure ?? new TickStoreError('STORE_CLOSED', 'the tick store worker exited before it started'),
          );
        if (failure === undefined) resolve(readStoreStats(this.counters));
        else reject(failure);
      });
    });
    // Before start() resolves, failures surface there; afterwards through `closed`. Either way, never unhandled twice.
    this.closed.catch(() => {});
  }

  /**
   * Takes the directory lock and starts the worker; resolves once it consumes the ring.
   *
   * @throws TickStoreError `STORE_LOCKED` when another live writer holds the directory, `STORE_INVALID_OPTION`
   *   for a bad option, `STORE_IO_FAILED` when the directory cannot be created.
   */
  static async start(options: TickStoreOptions): Promise<TickStore> {
    const resolved = resolveStoreOptions(options);
    const catalog = new StoreSymbolCatalog(resolved.symbols, resolved.sources); // refuses bad symbols here, not in the worker
    const ringBuffer = options.ring instanceof SharedArrayBuffer ? options.ring : options.ring.buffer;
    SpscRing.attach(ringBuffer); // refuses a buffer that is not a ring, here rather than in the worker
    const lock = acquireStoreLock(resolved.directory);
    const onEvent = options.onEvent ?? defaultEventHandler;
    if (lock.recoveredFrom !== undefined)
      onEvent({ type: 'lock-recovered', path: lock.path, stalePid: lock.recoveredFrom.pid });
    const countersBuffer = new SharedArrayBuffer(STORE_COUNTER_COUNT * Float64Array.BYTES_PER_ELEMENT);
    const workerData: TickStoreWorkerData = {
      ringBuffer,
      counters: countersBuffer,
      options: resolved,
      fileSystemModule: options.fileSystemModule === undefined ? undefined : String(options.fileSystemModule),
    };
    let worker: Worker;
    try {
      worker = spawnStoreWorker(workerData);
    } catch (error) {
      lock.release();
      throw error;
    }
    return new Promise<TickStore>((resolve, reject) => {
      const store: TickStore = new TickStore(
        { worker, counters: new Float64Array(countersBuffer), lock, catalog, directory: resolved.directory, onEvent },
        () => resolve(store),
        reject,
      );
    });
  }

  /** A snapshot of the live counters (shared memory: no round trip to the worker). */
  stats(): TickStoreStats {
    return readStoreStats(this.counters);
  }

  /** Names files of a symbol added after start. Resolves once the worker applied it; the next tick uses it. */
  registerSymbol(symbol: StoreSymbol): Promise<void> {
    this.catalog.add(symbol);
    return this.request((requestId) => ({ type: 'register-symbol', requestId, symbol }));
  }

  /** Names the directory of a source id beyond the built-in ones. */
  registerSource(source: StoreSource): Promise<void> {
    this.catalog.addSource(source);
    return this.request((requestId) => ({ type: 'register-source', requestId, source }));
  }

  /** Writes every tick received so far now, without waiting for the flush interval. */
  async flush(): Promise<TickStoreStats> {
    await this.request((requestId) => ({ type: 'flush', requestId }));
    return this.stats();
  }

  /**
   * Stops without waiting for the ring to close: the worker stores what the ring holds when it notices (within
   * 50 ms), closes its files and exits. Ticks published later stay in the ring. To store every tick a producer
   * publishes, close the ring instead and await {@link TickStore.closed}.
   */
  stop(): Promise<TickStoreStats> {
    if (!this.finished) this.worker.postMessage({ type: 'stop' } satisfies TickStoreCommand);
    return this.closed;
  }

  private request(build: (requestId: number) => TickStoreCommand): Promise<void> {
    if (this.finished)
      return Promise.reject(
        new TickStoreError('STORE_CLOSED', `the tick store of ${this.directory} is closed; start a new one.`),
      );
    const requestId = this.nextRequestId++;
    return new Promise<void>((resolve, reject) => {
      this.pending.set(requestId, { resolve, reject });
      this.worker.postMessage(build(requestId));
    });
  }

  private settle(requestId: number, error: SerializedStoreError | undefined): void {
    const request = this.pending.get(requestId);
    if (request === undefined) return;
    this.pending.delete(requestId);
    if (error === undefined) request.resolve();
    else request.reject(toError(error));
  }
}
