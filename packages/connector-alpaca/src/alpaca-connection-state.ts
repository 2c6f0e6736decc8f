import {
  type ConnectionState,
  type ConnectionStateChange,
  ConnectionStateTracker,
  type Logger,
  type ReconnectingWebSocket,
  type TickwireError,
} from '@tickwire/core';

/** Options for {@link AlpacaConnectionState}. */
export interface AlpacaConnectionStateOptions {
  readonly nowMs: () => number;
  readonly logger: Logger;
  /** The connector went from `connected` to `reconnecting`. */
  readonly onLost: () => void;
  /** A stream gave up: the connector is `failed` and should close the rest. */
  readonly onFailed: (error: TickwireError | undefined) => void;
}

/**
 * One connection state for the connector, made of its streams' states: `connected` when every stream in use is,
 * `reconnecting` as soon as one of them drops (and back to `connected` when all are up again), `failed` when one
 * gives up. The streams reconnect themselves (shared {@link ReconnectingWebSocket}); this only adds them up, so the
 * host sees one drop and one recovery, and reconciles once.
 */
export class AlpacaConnectionState {
  readonly tracker: ConnectionStateTracker;
  readonly #options: AlpacaConnectionStateOptions;
  readonly #members = new Map<ReconnectingWebSocket, () => void>();

  constructor(options: AlpacaConnectionStateOptions) {
    this.#options = options;
    this.tracker = new ConnectionStateTracker({
      nowMs: options.nowMs,
      onListenerError: (error) => options.logger.error('connection state listener threw', { error }),
    });
  }

  get state(): ConnectionState {
    return this.tracker.state;
  }

  /** Counts a stream that is connected now; its later drops and recoveries move the connector's state. */
  addMember(socket: ReconnectingWebSocket): void {
    if (this.#members.has(socket)) return;
    this.#members.set(
      socket,
      socket.onStateChange((change) => this.#onMemberChange(change)),
    );
  }

  /** Forgets every stream (on disconnect and failure). */
  clearMembers(): void {
    for (const stopListening of this.#members.values()) stopListening();
    this.#members.clear();
  }

  #onMemberChange(change: ConnectionStateChange): void {
    const current = this.tracker.state;
    if (current !== 'connected' && current !== 'reconnecting') return;
    if (change.current === 'reconnecting' && current === 'connected') {
      this.tracker.transition('reconnecting', change.reason, change.error);
      this.#safely(() => this.#options.onLost());
    } else if (change.current === 'failed') {
      this.tracker.transition('failed', change.reason, change.error);
      this.#safely(() => this.#options.onFailed(change.error));
    } else if (change.current === 'connected' && current === 'reconnecting') {
      const allUp = [...this.#members.keys()].every((socket) => socket.state === 'connected');
      if (allUp) this.tracker.transition('connected', 'every Alpaca stream reconnected');
    }
  }

  #safely(run: () => void): void {
    try {
      run();
    } catch (error) {
      this.#options.logger.error('Alpaca connection state handler threw', { error });
    }
  }
}
