import type { TickwireError } from '../errors/tickwire-error';

/**
 * Where a connection is in its life.
 *
 * - `disconnected`: not connected and not trying (before `connect()`, after `disconnect()`).
 * - `connecting`: the first attempt after `connect()`.
 * - `connected`: authenticated and ready; subscriptions are live.
 * - `reconnecting`: the connection was lost and is being re-established with backoff.
 * - `failed`: given up; only a new `connect()` leaves this state.
 */
export type ConnectionState = 'disconnected' | 'connecting' | 'connected' | 'reconnecting' | 'failed';

/** One transition, as delivered to state listeners. */
export interface ConnectionStateChange {
  readonly previous: ConnectionState;
  readonly current: ConnectionState;
  /** Wall-clock time of the change, epoch milliseconds. */
  readonly atMs: number;
  /** Why, in a few words (e.g. `socket closed 1006`, `auth refused`). */
  readonly reason?: string;
  /** The error behind a move to `reconnecting` or `failed`. */
  readonly error?: TickwireError;
}

/** Called on every state change. Exceptions it throws are caught and logged, never passed to the connector. */
export type ConnectionStateListener = (change: ConnectionStateChange) => void;

/** Which states may follow each state. Anything else is a bug in the connector and is refused. */
export const CONNECTION_STATE_TRANSITIONS: Readonly<Record<ConnectionState, readonly ConnectionState[]>> = {
  disconnected: ['connecting'],
  connecting: ['connected', 'reconnecting', 'failed', 'disconnected'],
  connected: ['reconnecting', 'failed', 'disconnected'],
  reconnecting: ['connected', 'failed', 'disconnected'],
  failed: ['connecting', 'disconnected'],
};
