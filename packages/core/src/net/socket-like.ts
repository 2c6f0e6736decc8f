/**
 * The part of Node's `net.Socket` that socket-based connectors (IB's TWS protocol) use. A `net.Socket` satisfies it;
 * a test can hand in any other duplex that does.
 */
export interface SocketLike {
  readonly destroyed: boolean;
  /** Queues bytes; returns false when the kernel buffer is full (wait for `drain`). */
  write(data: Uint8Array | string, callback?: (error?: Error | null) => void): boolean;
  /** Half-closes: sends FIN after queued data. */
  end(callback?: () => void): this;
  /** Closes at once. */
  destroy(error?: Error): this;
  on(event: 'data', listener: (data: Buffer) => void): this;
  on(event: 'end' | 'drain', listener: () => void): this;
  on(event: 'close', listener: (hadError: boolean) => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
  removeAllListeners(event?: 'data' | 'end' | 'drain' | 'close' | 'error'): this;
}

/** Options for opening a TCP socket. */
export interface SocketOpenOptions {
  /** Give up connecting after this long, in milliseconds. Default 10 000. */
  readonly connectTimeoutMs?: number;
  /** Disable Nagle's algorithm. Default true: small messages go out at once. */
  readonly noDelay?: boolean;
  /** Abandons the attempt when aborted. */
  readonly signal?: AbortSignal;
}

/**
 * Opens a TCP connection. Resolves once connected; rejects with a `CONNECTION_FAILED` or `TIMEOUT` tickwire error
 * naming the host and port.
 */
export type SocketFactory = (host: string, port: number, options?: SocketOpenOptions) => Promise<SocketLike>;
