import type { TickStoreEvent } from './store-events';
import type { StoreSource, StoreSymbol, TickStoreWriterOptions } from './store-options';

/** What the store worker starts from (its `workerData`). Plain data only: it crosses the thread boundary. */
export interface TickStoreWorkerData {
  /** The ring's SharedArrayBuffer; the worker is its only consumer. */
  readonly ringBuffer: SharedArrayBuffer;
  /** Float64 counters indexed by `StoreCounter`, written by the worker, read by the owner. */
  readonly counters: SharedArrayBuffer;
  readonly options: TickStoreWriterOptions;
  /** URL of a module whose default export is a `StoreFileSystem` to write through instead of `node:fs`. */
  readonly fileSystemModule: string | undefined;
}

/** Owner -> worker. */
export type TickStoreCommand =
  | { readonly type: 'register-symbol'; readonly requestId: number; readonly symbol: StoreSymbol }
  | { readonly type: 'register-source'; readonly requestId: number; readonly source: StoreSource }
  | { readonly type: 'flush'; readonly requestId: number }
  | { readonly type: 'stop' };

/** Worker -> owner. */
export type TickStoreReply =
  | { readonly type: 'ready' }
  | { readonly type: 'event'; readonly event: TickStoreEvent }
  | { readonly type: 'done'; readonly requestId: number; readonly error?: SerializedStoreError }
  | { readonly type: 'stopped' }
  | { readonly type: 'fatal'; readonly error: SerializedStoreError };

/** An error reduced to what survives `postMessage` with its meaning intact. */
export interface SerializedStoreError {
  readonly name: string;
  readonly message: string;
  readonly code: string | undefined;
}

/** Reduces any thrown value to a {@link SerializedStoreError}. */
export function serializeStoreError(error: unknown): SerializedStoreError {
  const code = (error as { code?: unknown } | null)?.code;
  return {
    name: error instanceof Error ? error.name : 'Error',
    message: error instanceof Error ? error.message : String(error),
    code: typeof code === 'string' ? code : undefined,
  };
}
