/** Payload of a `message` event: a Buffer by default; an ArrayBuffer or fragments under other `binaryType`s. */
export type WebSocketMessageData = Buffer | ArrayBuffer | Buffer[];

/** `readyState` values, as in the WHATWG and `ws` APIs. */
export const WEBSOCKET_READY_STATE = { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 } as const;

/**
 * The part of the `ws` client API that connectors and {@link ReconnectingWebSocket} use. A `ws` `WebSocket` satisfies
 * it as is; a test or fault injector can hand in anything else that does.
 */
export interface WebSocketLike {
  /** 0 connecting, 1 open, 2 closing, 3 closed (see {@link WEBSOCKET_READY_STATE}). */
  readonly readyState: number;
  /** The subprotocol the server chose, or `''`. */
  readonly protocol: string;
  /** Bytes queued but not yet handed to the OS; a growing figure means the peer reads slower than we send. */
  readonly bufferedAmount: number;
  /** Sends a text frame (string) or a binary frame (bytes). */
  send(data: string | Uint8Array, callback?: (error?: Error) => void): void;
  /** Sends a protocol-level ping; the peer answers with a `pong` event. */
  ping(data?: string | Uint8Array): void;
  /** Starts the closing handshake. */
  close(code?: number, reason?: string): void;
  /** Destroys the connection at once, without a closing handshake. */
  terminate(): void;
  on(event: 'open', listener: () => void): this;
  /** `isBinary` tells a text frame (false) from a binary one (true); the data is bytes either way. */
  on(event: 'message', listener: (data: WebSocketMessageData, isBinary: boolean) => void): this;
  on(event: 'close', listener: (code: number, reason: Buffer) => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
  on(event: 'ping' | 'pong', listener: (data: Buffer) => void): this;
  /** Removes every listener (of one event, or all); used to detach from an abandoned socket. */
  removeAllListeners(event?: 'open' | 'message' | 'close' | 'error' | 'ping' | 'pong'): this;
}

/** Options for opening a WebSocket. */
export interface WebSocketOpenOptions {
  /** Extra HTTP headers on the upgrade request (Alpaca accepts its API keys here). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Abort the opening handshake after this long, in milliseconds. */
  readonly handshakeTimeoutMs?: number;
  /** Largest message accepted, in bytes. */
  readonly maxPayloadBytes?: number;
  /** Negotiate permessage-deflate compression. Default false: it costs latency and CPU. */
  readonly perMessageDeflate?: boolean;
}

/**
 * Opens a WebSocket. Returns at once with a socket in `CONNECTING` state; `open`, `error` and `close` events follow.
 * The host's default is built on the `ws` package; tests inject their own to reach a fake broker or inject faults.
 */
export type WebSocketFactory = (
  url: string,
  protocols?: string | readonly string[],
  options?: WebSocketOpenOptions,
) => WebSocketLike;

/** Turns any {@link WebSocketMessageData} into one Buffer (no copy for the default Buffer form). */
export function messageDataToBuffer(data: WebSocketMessageData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
