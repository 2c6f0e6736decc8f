import type { StoreOperation } from './tick-file-appender';

/** Why the store opened a file. */
export type FileOpenReason = 'first-tick' | 'new-day' | 'size-limit' | 'retry' | 'registered';

/**
 * What the tick store reports while it runs. Every event is a plain object, so it crosses the worker boundary
 * unchanged. Failures never stop the store: they arrive as `write-failed` events, and every tick that could not
 * be stored is counted in `ticksLost`.
 */
export type TickStoreEvent =
  | {
      readonly type: 'file-opened';
      readonly path: string;
      readonly reason: FileOpenReason;
      /** False when an existing file of the same day was reopened to append to. */
      readonly created: boolean;
      /** Records already in the file. */
      readonly recordCount: number;
    }
  | {
      /** A file reopened after a crash ended in a partial record (or zeroed records); they were cut off. */
      readonly type: 'tail-repaired';
      readonly path: string;
      readonly tornBytes: number;
      readonly zeroRecordsRemoved: number;
      /** Whole records kept. */
      readonly recordCount: number;
    }
  | {
      /** An existing file could not be appended to (damaged header, other symbol); the next part is used. */
      readonly type: 'file-skipped';
      readonly path: string;
      readonly reason: string;
    }
  | {
      /** The file system refused an operation. The store keeps running and retries after `retryInMs`. */
      readonly type: 'write-failed';
      readonly path: string;
      readonly operation: StoreOperation;
      /** Node's error code: `EACCES`, `ENOSPC`, `EROFS`, `EIO`... */
      readonly code: string;
      /** Node's (negative) errno, 0 when unknown. */
      readonly errno: number;
      readonly message: string;
      /** Ticks lost by this failure (more are counted in the stats while the file stays unwritable). */
      readonly ticksLost: number;
      readonly retryInMs: number;
    }
  | {
      /** Writes to a file that failed work again. */
      readonly type: 'write-recovered';
      readonly path: string;
      /** Ticks lost between the first failure and the recovery. */
      readonly ticksLostWhileFailing: number;
    }
  | {
      /** The directory's lock was left by a process that no longer exists; this store took it over. */
      readonly type: 'lock-recovered';
      readonly path: string;
      readonly stalePid: number;
    }
  | {
      /** Ticks arrived for a symbol id never registered; they go to `<source>/id-<hex>/` with an empty symbol. */
      readonly type: 'unknown-symbol';
      readonly sourceId: number;
      readonly symbolId: number;
    };

/** Human-readable one-line form of an event, for logs. */
export function describeTickStoreEvent(event: TickStoreEvent): string {
  switch (event.type) {
    case 'file-opened':
      return `tick store: ${event.created ? 'created' : 'reopened'} ${event.path} (${event.reason}, ${event.recordCount} records)`;
    case 'tail-repaired':
      return `tick store: repaired ${event.path}: cut a torn tail of ${event.tornBytes} bytes and ${event.zeroRecordsRemoved} zeroed records; ${event.recordCount} whole records kept`;
    case 'file-skipped':
      return `tick store: not appending to ${event.path}: ${event.reason}; writing the next part instead`;
    case 'write-failed':
      return `tick store: ${event.operation} ${event.path} failed with ${event.code} (errno ${event.errno}): ${event.message}. ${event.ticksLost} ticks lost; retrying in ${event.retryInMs} ms. Free disk space or fix the directory's permissions.`;
    case 'write-recovered':
      return `tick store: writing ${event.path} works again; ${event.ticksLostWhileFailing} ticks were lost meanwhile`;
    case 'lock-recovered':
      return `tick store: took over the lock ${event.path} left by dead pid ${event.stalePid}`;
    case 'unknown-symbol':
      return `tick store: ticks for unregistered symbol id ${event.symbolId} (0x${event.symbolId.toString(16).padStart(8, '0')}) of source ${event.sourceId}; register the symbol so its files carry its name`;
  }
}
