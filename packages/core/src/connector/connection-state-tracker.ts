import { TickwireError } from '../errors/tickwire-error';
import {
  CONNECTION_STATE_TRANSITIONS,
  type ConnectionState,
  type ConnectionStateChange,
  type ConnectionStateListener,
} from './connection-state';

/** What a {@link ConnectionStateTracker} needs. */
export interface ConnectionStateTrackerOptions {
  /** Time source for `atMs`. */
  readonly nowMs: () => number;
  /** Told about listeners that throw, so one bad listener cannot break the connector. */
  readonly onListenerError?: (error: unknown) => void;
}

/**
 * Holds a connection's state, enforces the allowed transitions and notifies listeners. Connectors use it to
 * implement {@link ITradingConnector.state} and {@link ITradingConnector.onStateChange}; the reconnecting WebSocket
 * uses it too.
 */
export class ConnectionStateTracker {
  #state: ConnectionState = 'disconnected';
  readonly #listeners = new Set<ConnectionStateListener>();
  readonly #options: ConnectionStateTrackerOptions;

  constructor(options: ConnectionStateTrackerOptions) {
    this.#options = options;
  }

  /** The current state. */
  get state(): ConnectionState {
    return this.#state;
  }

  /** Adds a listener; returns the function that removes it. */
  onChange(listener: ConnectionStateListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Moves to `next` and notifies listeners. Moving to the current state is a no-op (returns false), except
   * `reconnecting` to `reconnecting`, which reports each new attempt's reason. An illegal move throws `INVALID_STATE`.
   */
  transition(next: ConnectionState, reason?: string, error?: TickwireError): boolean {
    const previous = this.#state;
    if (previous === next && next !== 'reconnecting') return false;
    if (previous !== next && !CONNECTION_STATE_TRANSITIONS[previous].includes(next)) {
      throw new TickwireError({
        code: 'INVALID_STATE',
        message:
          `Connection state cannot move from "${previous}" to "${next}"` +
          `${reason === undefined ? '' : ` (${reason})`}; allowed next states: ` +
          `${CONNECTION_STATE_TRANSITIONS[previous].join(', ')}. This is a bug in the connector.`,
      });
    }
    this.#state = next;
    const change: ConnectionStateChange = {
      previous,
      current: next,
      atMs: this.#options.nowMs(),
      ...(reason === undefined ? {} : { reason }),
      ...(error === undefined ? {} : { error }),
    };
    for (const listener of [...this.#listeners]) {
      try {
        listener(change);
      } catch (listenerError) {
        this.#options.onListenerError?.(listenerError);
      }
    }
    return true;
  }
}
