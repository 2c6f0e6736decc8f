import {
  type Logger,
  type ReconnectingWebSocket,
  SilenceWatchdog,
  type TimerHandle,
  type Timers,
} from '@tickwire/core';

/** Options for {@link AlpacaStreamWatch}. */
export interface AlpacaStreamWatchOptions {
  readonly socket: ReconnectingWebSocket;
  /** Which stream, for logs. */
  readonly name: string;
  readonly timers: Timers;
  readonly nowMs: () => number;
  readonly pingIntervalMs: number;
  readonly heartbeatSilenceMs: number;
  /** Market data silence threshold; leave out for streams without a steady flow (`trade_updates`). */
  readonly dataSilenceMs?: number;
  /** No data for `silentForMs` while heartbeats went on (only while {@link AlpacaStreamWatch.dataExpected}). */
  readonly onDataSilence?: (silentForMs: number) => void;
  /** Data again after a reported silence. */
  readonly onDataResume?: () => void;
  readonly logger: Logger;
}

/**
 * Keeps one Alpaca stream honest: pings it every `pingIntervalMs` and counts pongs, server pings and `0x01` frames as
 * heartbeats; when none arrives for `heartbeatSilenceMs` the connection is dead whatever TCP says, so it is
 * reconnected through the shared {@link ReconnectingWebSocket}. Market-data silence with heartbeats going on is
 * only reported (a quiet symbol is normal at Alpaca, and reconnecting would not make it trade).
 *
 * The ping timer is a small piece the core's net tools do not have yet; the silence detection is core's
 * {@link SilenceWatchdog}.
 */
export class AlpacaStreamWatch {
  readonly #options: AlpacaStreamWatchOptions;
  readonly #watchdog: SilenceWatchdog;
  #pingTimer: TimerHandle | undefined;
  #reportedStale = false;
  /** True while subscriptions exist: only then is data silence worth a report. */
  dataExpected = false;

  constructor(options: AlpacaStreamWatchOptions) {
    this.#options = options;
    this.#watchdog = new SilenceWatchdog({
      // A stream without a data flow gets a threshold it can never reach.
      dataSilenceMs: options.dataSilenceMs ?? Number.MAX_SAFE_INTEGER,
      heartbeatSilenceMs: options.heartbeatSilenceMs,
      nowMs: options.nowMs,
      timers: options.timers,
      logger: options.logger,
      onSilence: (event) => {
        if (event.kind === 'heartbeat') {
          options.logger.warn('Alpaca stream silent, reconnecting', {
            stream: options.name,
            silentForMs: event.silentForMs,
          });
          options.socket.reconnect(`no heartbeat on the ${options.name} stream for ${event.silentForMs} ms`);
        } else if (this.dataExpected && event.heartbeatsContinue) {
          this.#reportedStale = true;
          options.onDataSilence?.(event.silentForMs);
        }
      },
      onResume: (event) => {
        if (event.kind === 'data' && this.#reportedStale) {
          this.#reportedStale = false;
          options.onDataResume?.();
        }
      },
    });
  }

  /** Starts watching the socket that just opened (call from `onOpen`, once authenticated). */
  attach(): void {
    const raw = this.#options.socket.socket;
    raw?.on('pong', () => this.#watchdog.noteHeartbeat());
    raw?.on('ping', () => this.#watchdog.noteHeartbeat());
    this.#reportedStale = false;
    this.#watchdog.start();
    this.#schedulePing();
  }

  /** A data message arrived (one counter increment: safe on the hot path). */
  noteData(): void {
    this.#watchdog.noteData();
  }

  /** A heartbeat frame arrived. */
  noteHeartbeat(): void {
    this.#watchdog.noteHeartbeat();
  }

  /** Stops the timers (on disconnect, and when a connection drops until the next `attach`). */
  stop(): void {
    this.#watchdog.stop();
    this.#options.timers.clearTimeout(this.#pingTimer);
    this.#pingTimer = undefined;
  }

  #schedulePing(): void {
    this.#options.timers.clearTimeout(this.#pingTimer);
    this.#pingTimer = this.#options.timers.setTimeout(() => {
      const raw = this.#options.socket.socket;
      try {
        if (this.#options.socket.isOpen) raw?.ping();
      } catch (error) {
        this.#options.logger.debug('Alpaca ping failed', { stream: this.#options.name, error });
      }
      this.#schedulePing();
    }, this.#options.pingIntervalMs);
  }
}
