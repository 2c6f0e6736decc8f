import type { Timers } from '../connector/clock';
import type { Logger } from '../connector/logger';
import type { TickwireError } from '../errors/tickwire-error';
import type { BackoffPolicy } from './backoff';
import type { WebSocketFactory, WebSocketOpenOptions } from './websocket-like';

/** What the `onOpen` hook learns about the connection it is preparing. */
export interface WebSocketOpenContext {
  /** False for the first connection after `connect()`, true after a drop. */
  readonly isReconnect: boolean;
  /** The URL connected to (credentials in it are the caller's to keep out of logs). */
  readonly url: string;
  /** Aborts when this connection drops or is closed; pass it to waits inside the hook. */
  readonly signal: AbortSignal;
}

/** A reconnect about to be scheduled: for logs, metrics and tests. */
export interface ReconnectScheduled {
  /** 0-based retry index the delay was drawn for. */
  readonly retryIndex: number;
  readonly delayMs: number;
  readonly error: TickwireError;
}

/** Options for {@link ReconnectingWebSocket}. */
export interface ReconnectingWebSocketOptions {
  /** Where to connect; a function is called before every attempt (Tradier needs a fresh session URL each time). */
  readonly url: string | (() => string | Promise<string>);
  /** Usually `context.openWebSocket`. */
  readonly openWebSocket: WebSocketFactory;
  readonly protocols?: string | readonly string[];
  readonly socketOptions?: WebSocketOpenOptions;
  /** Every frame, text or binary, as bytes; the connector decodes. Must not throw (exceptions are logged). */
  readonly onMessage: (data: Buffer, isBinary: boolean) => void;
  /**
   * Runs after each socket opens and before the state becomes `connected`: authenticate and resubscribe here
   * (frames keep flowing to `onMessage`; {@link ReconnectingWebSocket.nextMessage} waits for a reply). Throwing
   * fails the attempt: a non-retryable tickwire error (e.g. `AUTH_FAILED`) stops reconnecting, anything else retries.
   */
  readonly onOpen?: (context: WebSocketOpenContext) => void | Promise<void>;
  /** Every underlying close, with the close code and reason. */
  readonly onClose?: (code: number, reason: string) => void;
  /** Called before each reconnect delay. */
  readonly onReconnectScheduled?: (info: ReconnectScheduled) => void;
  readonly backoff?: Partial<BackoffPolicy>;
  /** Consecutive failed attempts before giving up in state `failed`. Default: never give up. */
  readonly maxAttempts?: number;
  /** Time for the socket to open (TCP + TLS + upgrade), ms. Default 10 000. */
  readonly openTimeoutMs?: number;
  /** Time for `onOpen` to finish, ms. Default 15 000. */
  readonly readyTimeoutMs?: number;
  /** Time `close()` waits for the closing handshake before terminating, ms. Default 2 000. */
  readonly closeTimeoutMs?: number;
  /** Uniform in [0, 1), for jitter. Default `Math.random`. */
  readonly random?: () => number;
  readonly timers?: Timers;
  /** Time source for state changes. Default `Date.now`. */
  readonly nowMs?: () => number;
  readonly logger?: Logger;
  /** Aborting it closes the socket for good (host shutdown). */
  readonly signal?: AbortSignal;
}
