import type { TimerHandle, Timers } from '../connector/clock';
import type { ConnectionState, ConnectionStateListener } from '../connector/connection-state';
import { ConnectionStateTracker } from '../connector/connection-state-tracker';
import { systemTimers } from '../connector/system-clock';
import { redactUrl } from '../errors/redact';
import { TickwireError, toTickwireError } from '../errors/tickwire-error';
import { type BackoffPolicy, backoffDelayMs, resolveBackoffPolicy } from './backoff';
import type { ReconnectingWebSocketOptions } from './reconnecting-websocket-options';
import { classifySocketClose, classifySocketError } from './websocket-errors';
import { messageDataToBuffer, WEBSOCKET_READY_STATE, type WebSocketLike } from './websocket-like';

interface MessageWaiter {
  readonly predicate: (data: Buffer, isBinary: boolean) => boolean;
  readonly resolve: (data: Buffer) => void;
  readonly reject: (error: TickwireError) => void;
  readonly timer: TimerHandle;
}

/**
 * A WebSocket that stays connected: on close or error it reconnects with exponential backoff and full jitter,
 * runs `onOpen` (auth + resubscribe) on every new socket, and reports its state. `close()` stops it for good.
 *
 * @example
 * ```ts
 * const wanted = new SubscriptionSet();
 * const socket = new ReconnectingWebSocket({
 *   url: 'wss://stream.example/v2/iex',
 *   openWebSocket: context.openWebSocket, timers: context.timers, random: context.random, signal: context.signal,
 *   onOpen: async ({ signal }) => {
 *     socket.send(JSON.stringify({ action: 'auth', key, secret }));
 *     await socket.nextMessage((data) => data.includes('authenticated'), 5_000);
 *     for (const [kind, symbols] of wanted.byChannel()) socket.send(subscribeMessage(kind, symbols));
 *   },
 *   onMessage: (data) => parser.parse(data),
 * });
 * await socket.connect();
 * ```
 */
export class ReconnectingWebSocket {
  readonly #options: ReconnectingWebSocketOptions;
  readonly #policy: BackoffPolicy;
  readonly #timers: Timers;
  readonly #tracker: ConnectionStateTracker;
  #socket: WebSocketLike | undefined;
  #generation = 0;
  #failedAttempts = 0;
  #everConnected = false;
  #stopped = true;
  #retryTimer: TimerHandle | undefined;
  #openTimer: TimerHandle | undefined;
  #connectionAbort: AbortController | undefined;
  #connectWaiters: { resolve: () => void; reject: (error: TickwireError) => void }[] = [];
  readonly #messageWaiters = new Set<MessageWaiter>();

  constructor(options: ReconnectingWebSocketOptions) {
    this.#options = options;
    this.#policy = resolveBackoffPolicy(options.backoff);
    this.#timers = options.timers ?? systemTimers;
    this.#tracker = new ConnectionStateTracker({
      nowMs: options.nowMs ?? (() => Date.now()),
      onListenerError: (error) => options.logger?.error('connection state listener threw', { error }),
    });
    options.signal?.addEventListener('abort', () => void this.close(1001, 'host shutting down'), { once: true });
  }

  /** The current state. */
  get state(): ConnectionState {
    return this.#tracker.state;
  }

  /** True when a socket is open (also during `onOpen`, before the state is `connected`). */
  get isOpen(): boolean {
    return this.#socket?.readyState === WEBSOCKET_READY_STATE.OPEN;
  }

  /** The underlying socket of the current connection, if any (for pings or `bufferedAmount`). */
  get socket(): WebSocketLike | undefined {
    return this.#socket;
  }

  /** Adds a state listener; returns the function that removes it. */
  onStateChange(listener: ConnectionStateListener): () => void {
    return this.#tracker.onChange(listener);
  }

  /**
   * Starts connecting (if not already) and resolves once `connected`. Rejects with the error that made it give
   * up (`maxAttempts` reached, or a non-retryable error such as `AUTH_FAILED`), or `ABORTED` if closed first.
   */
  connect(): Promise<void> {
    if (this.#options.signal?.aborted) {
      return Promise.reject(this.#abortedError('connect() after the shutdown signal'));
    }
    if (this.state === 'connected') return Promise.resolve();
    const connected = new Promise<void>((resolve, reject) => this.#connectWaiters.push({ resolve, reject }));
    if (this.#stopped) {
      this.#stopped = false;
      this.#failedAttempts = 0;
      this.#tracker.transition('connecting');
      void this.#attempt();
    }
    return connected;
  }

  /** Sends a text (string) or binary (bytes) frame. Throws `NOT_CONNECTED` when no socket is open. */
  send(data: string | Uint8Array): void {
    const socket = this.#socket;
    if (socket === undefined || socket.readyState !== WEBSOCKET_READY_STATE.OPEN) {
      throw new TickwireError({
        code: 'NOT_CONNECTED',
        message: `Cannot send on WebSocket ${this.#describeUrl()}: it is ${this.state} and no socket is open. Wait for connect(), or record the request (e.g. in a SubscriptionSet) and send it from onOpen.`,
      });
    }
    socket.send(data);
  }

  /**
   * Resolves with the next frame that satisfies `predicate` (frames still go to `onMessage` as well). Rejects with
   * `TIMEOUT` after `timeoutMs`, or `CONNECTION_FAILED` if the connection drops first.
   */
  nextMessage(predicate: (data: Buffer, isBinary: boolean) => boolean, timeoutMs: number): Promise<Buffer> {
    return new Promise<Buffer>((resolve, reject) => {
      const waiter: MessageWaiter = {
        predicate,
        resolve,
        reject,
        timer: this.#timers.setTimeout(() => {
          this.#messageWaiters.delete(waiter);
          reject(
            new TickwireError({
              code: 'TIMEOUT',
              message: `No expected reply on WebSocket ${this.#describeUrl()} within ${timeoutMs} ms. Check the credentials and request, or raise the timeout if the venue is slow.`,
            }),
          );
        }, timeoutMs),
      };
      this.#messageWaiters.add(waiter);
    });
  }

  /**
   * Drops the current connection and reconnects (after the first backoff delay), e.g. when a watchdog finds the
   * feed silent. Does nothing unless connected.
   */
  reconnect(reason: string): void {
    if (this.state !== 'connected') return;
    this.#endConnection(
      this.#generation,
      new TickwireError({ code: 'FEED_STALE', message: `Reconnecting WebSocket ${this.#describeUrl()}: ${reason}.` }),
    );
  }

  /**
   * Stops reconnecting and closes the socket with `code` and `reason`; resolves once it is closed (terminating it
   * after `closeTimeoutMs`). Pending `connect()` calls reject with `ABORTED`. Idempotent.
   */
  async close(code = 1000, reason = 'client closing'): Promise<void> {
    this.#stopped = true;
    this.#generation++;
    this.#clearTimers();
    const socket = this.#socket;
    this.#detachCurrent(this.#abortedError('close()'));
    this.#rejectConnectWaiters(this.#abortedError('close()'));
    if (this.state !== 'disconnected') this.#tracker.transition('disconnected', 'closed by client');
    if (socket === undefined || socket.readyState === WEBSOCKET_READY_STATE.CLOSED) return;
    await new Promise<void>((resolve) => {
      const timer = this.#timers.setTimeout(() => {
        socket.terminate();
        resolve();
      }, this.#options.closeTimeoutMs ?? 2_000);
      socket.on('close', () => {
        this.#timers.clearTimeout(timer);
        resolve();
      });
      if (socket.readyState === WEBSOCKET_READY_STATE.CONNECTING) socket.terminate();
      else socket.close(code, reason);
    });
  }

  async #attempt(): Promise<void> {
    const generation = ++this.#generation;
    let url: string;
    try {
      url = typeof this.#options.url === 'function' ? await this.#options.url() : this.#options.url;
    } catch (error) {
      this.#failAttempt(generation, error, 'resolving the URL failed');
      return;
    }
    if (generation !== this.#generation || this.#stopped) return;
    let socket: WebSocketLike;
    try {
      socket = this.#options.openWebSocket(url, this.#options.protocols, this.#options.socketOptions);
    } catch (error) {
      this.#failAttempt(generation, error, 'the WebSocket factory threw');
      return;
    }
    this.#socket = socket;
    this.#connectionAbort = new AbortController();
    const connectionSignal = this.#connectionAbort.signal;
    const openTimeoutMs = this.#options.openTimeoutMs ?? 10_000;
    this.#openTimer = this.#timers.setTimeout(() => {
      this.#endConnection(
        generation,
        new TickwireError({
          code: 'TIMEOUT',
          message: `WebSocket ${redactUrl(url)} did not open within ${openTimeoutMs} ms. Check the URL and network; raise openTimeoutMs for slow links.`,
        }),
      );
    }, openTimeoutMs);
    socket.on('open', () => {
      if (generation !== this.#generation) return;
      this.#timers.clearTimeout(this.#openTimer);
      void this.#prepare(generation, url, connectionSignal);
    });
    socket.on('message', (data, isBinary) => {
      if (generation === this.#generation) this.#deliver(messageDataToBuffer(data), isBinary);
    });
    socket.on('error', (error) => {
      if (generation === this.#generation) this.#endConnection(generation, classifySocketError(error, url));
    });
    socket.on('close', (code, reasonBytes) => {
      if (generation !== this.#generation) return;
      const reason = reasonBytes.toString();
      this.#safely('onClose', () => this.#options.onClose?.(code, reason));
      this.#endConnection(generation, classifySocketClose(code, reason, url));
    });
  }

  async #prepare(generation: number, url: string, signal: AbortSignal): Promise<void> {
    const readyTimeoutMs = this.#options.readyTimeoutMs ?? 15_000;
    let timer: TimerHandle | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = this.#timers.setTimeout(
          () =>
            reject(
              new TickwireError({
                code: 'TIMEOUT',
                message: `onOpen for WebSocket ${redactUrl(url)} did not finish within ${readyTimeoutMs} ms (authentication or resubscription stalled). Check the credentials; raise readyTimeoutMs if the venue is slow.`,
              }),
            ),
          readyTimeoutMs,
        );
      });
      const hook = this.#options.onOpen?.({ isReconnect: this.#everConnected, url, signal });
      await Promise.race([hook, timeout]);
    } catch (error) {
      if (generation === this.#generation) this.#failAttempt(generation, error, 'onOpen failed');
      return;
    } finally {
      this.#timers.clearTimeout(timer);
    }
    if (generation !== this.#generation || this.#stopped) return;
    this.#failedAttempts = 0;
    this.#everConnected = true;
    this.#tracker.transition('connected');
    const waiters = this.#connectWaiters;
    this.#connectWaiters = [];
    for (const waiter of waiters) waiter.resolve();
  }

  #failAttempt(generation: number, error: unknown, what: string): void {
    this.#endConnection(
      generation,
      toTickwireError(error, {
        code: 'CONNECTION_FAILED',
        message: `WebSocket ${this.#describeUrl()}: ${what}: ${String((error as Error)?.message ?? error)}.`,
      }),
    );
  }

  /** Ends the connection of `generation` (once) and decides between reconnecting and giving up. */
  #endConnection(generation: number, error: TickwireError): void {
    if (generation !== this.#generation || this.#stopped) return;
    const wasConnected = this.state === 'connected';
    this.#clearTimers();
    this.#detachCurrent(error);
    this.#generation++;
    if (!wasConnected) this.#failedAttempts++;
    const maxAttempts = this.#options.maxAttempts ?? Number.POSITIVE_INFINITY;
    if (!error.retryable || this.#failedAttempts >= maxAttempts) {
      this.#stopped = true;
      this.#tracker.transition('failed', error.message, error);
      this.#rejectConnectWaiters(error);
      return;
    }
    this.#tracker.transition('reconnecting', error.message, error);
    const retryIndex = this.#failedAttempts;
    const delayMs = backoffDelayMs(retryIndex, this.#policy, this.#options.random);
    this.#safely('onReconnectScheduled', () => this.#options.onReconnectScheduled?.({ retryIndex, delayMs, error }));
    this.#options.logger?.warn('WebSocket reconnecting', { url: this.#describeUrl(), delayMs, reason: error.message });
    this.#retryTimer = this.#timers.setTimeout(() => {
      this.#retryTimer = undefined;
      void this.#attempt();
    }, delayMs);
  }

  #detachCurrent(error: TickwireError): void {
    const socket = this.#socket;
    this.#socket = undefined;
    this.#connectionAbort?.abort(error);
    this.#connectionAbort = undefined;
    for (const waiter of this.#messageWaiters) {
      this.#timers.clearTimeout(waiter.timer);
      waiter.reject(error);
    }
    this.#messageWaiters.clear();
    if (socket === undefined) return;
    socket.removeAllListeners();
    // An abandoned socket may still emit 'error'; without a listener that would crash the process.
    socket.on('error', () => {});
    if (!this.#stopped && socket.readyState !== WEBSOCKET_READY_STATE.CLOSED) socket.terminate();
  }

  #deliver(data: Buffer, isBinary: boolean): void {
    for (const waiter of this.#messageWaiters) {
      if (!waiter.predicate(data, isBinary)) continue;
      this.#messageWaiters.delete(waiter);
      this.#timers.clearTimeout(waiter.timer);
      waiter.resolve(data);
    }
    this.#safely('onMessage', () => this.#options.onMessage(data, isBinary));
  }

  #rejectConnectWaiters(error: TickwireError): void {
    const waiters = this.#connectWaiters;
    this.#connectWaiters = [];
    for (const waiter of waiters) waiter.reject(error);
  }

  #clearTimers(): void {
    this.#timers.clearTimeout(this.#retryTimer);
    this.#timers.clearTimeout(this.#openTimer);
    this.#retryTimer = undefined;
    this.#openTimer = undefined;
  }

  #safely(what: string, run: () => void): void {
    try {
      run();
    } catch (error) {
      this.#options.logger?.error(`ReconnectingWebSocket ${what} handler threw`, { error });
    }
  }

  #abortedError(what: string): TickwireError {
    return new TickwireError({
      code: 'ABORTED',
      message: `WebSocket ${this.#describeUrl()} was closed (${what}); connect() again to reopen it.`,
    });
  }

  #describeUrl(): string {
    return typeof this.#options.url === 'string' ? redactUrl(this.#options.url) : '(dynamic URL)';
  }
}
