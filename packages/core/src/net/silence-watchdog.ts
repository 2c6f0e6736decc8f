import type { TimerHandle, Timers } from '../connector/clock';
import type { Logger } from '../connector/logger';
import { systemTimers } from '../connector/system-clock';
import { TickwireError } from '../errors/tickwire-error';

/** What went silent. */
export type SilenceKind = 'data' | 'heartbeat';

/** Passed to `onSilence` once per silence (it fires again only after traffic resumed). */
export interface SilenceEvent {
  readonly kind: SilenceKind;
  /** How long it has been silent, ms (at least the threshold; up to one check interval more). */
  readonly silentForMs: number;
  /**
   * For `data` silence: true when heartbeats kept arriving during the silence, i.e. the connection is alive but the
   * feed is not (the classic stale-feed case, where reconnecting or resubscribing is the cure).
   */
  readonly heartbeatsContinue: boolean;
}

/** Passed to `onResume` when traffic of a kind that had gone silent arrives again. */
export interface ResumeEvent {
  readonly kind: SilenceKind;
  /** How long the silence lasted, ms (to check-interval precision). */
  readonly silentForMs: number;
}

/** Options for {@link SilenceWatchdog}. */
export interface SilenceWatchdogOptions {
  /** No data message for this long counts as silence, ms. */
  readonly dataSilenceMs: number;
  /** No heartbeat for this long counts as silence, ms. Leave out when the venue sends no heartbeats. */
  readonly heartbeatSilenceMs?: number;
  /** How often to check, ms. Default a quarter of the smallest threshold (at least 10 ms). */
  readonly checkIntervalMs?: number;
  readonly onSilence: (event: SilenceEvent) => void;
  readonly onResume?: (event: ResumeEvent) => void;
  /** Time source (`context.clock.nowMs`). Default `Date.now`. */
  readonly nowMs?: () => number;
  readonly timers?: Timers;
  /** Told when `onSilence` or `onResume` throws; the watchdog keeps running either way. */
  readonly logger?: Logger;
}

/**
 * Notices a feed gone silent while its socket still looks connected. Data and heartbeats are counted separately,
 * so "heartbeats continue but no data" is told apart from "everything stopped".
 *
 * The hot path is one counter increment: {@link SilenceWatchdog.noteData} reads no clock and allocates nothing.
 * A periodic check turns counter changes into times, so detection lands within one check interval of the threshold.
 *
 * @example
 * ```ts
 * const watchdog = new SilenceWatchdog({
 *   dataSilenceMs: 5_000, heartbeatSilenceMs: 15_000, nowMs: context.clock.nowMs, timers: context.timers,
 *   onSilence: (event) => { context.health.reportFeedStale(ALL_SYMBOLS, event.silentForMs); socket.reconnect('feed silent'); },
 *   onResume: () => context.health.reportResynced(ALL_SYMBOLS),
 * });
 * // in onMessage: isHeartbeat ? watchdog.noteHeartbeat() : watchdog.noteData();
 * ```
 */
export class SilenceWatchdog {
  readonly #options: SilenceWatchdogOptions;
  readonly #timers: Timers;
  readonly #nowMs: () => number;
  readonly #checkIntervalMs: number;
  #timer: TimerHandle | undefined;
  #dataCount = 0;
  #heartbeatCount = 0;
  readonly #data = { seenCount: 0, lastAtMs: 0, silent: false };
  readonly #heartbeat = { seenCount: 0, lastAtMs: 0, silent: false };

  constructor(options: SilenceWatchdogOptions) {
    if (
      !(options.dataSilenceMs > 0) ||
      (options.heartbeatSilenceMs !== undefined && !(options.heartbeatSilenceMs > 0))
    ) {
      throw new TickwireError({
        code: 'INVALID_ARGUMENT',
        message: `SilenceWatchdog thresholds must be positive milliseconds; got dataSilenceMs ${options.dataSilenceMs}, heartbeatSilenceMs ${options.heartbeatSilenceMs}. Pass the venue's expected quiet time, e.g. 5000.`,
      });
    }
    this.#options = options;
    this.#timers = options.timers ?? systemTimers;
    this.#nowMs = options.nowMs ?? (() => Date.now());
    const smallest = Math.min(options.dataSilenceMs, options.heartbeatSilenceMs ?? Number.POSITIVE_INFINITY);
    this.#checkIntervalMs = options.checkIntervalMs ?? Math.max(10, Math.floor(smallest / 4));
  }

  /** True between `start()` and `stop()`. */
  get running(): boolean {
    return this.#timer !== undefined;
  }

  /** Records a data message (quote, trade, book update). */
  noteData(): void {
    this.#dataCount++;
  }

  /** Records a heartbeat (or any keepalive: a pong, a 0x01 frame, a heartbeats channel message). */
  noteHeartbeat(): void {
    this.#heartbeatCount++;
  }

  /** Starts (or restarts) watching; silence is measured from now. Call it when the connection becomes ready. */
  start(): void {
    this.stop();
    const now = this.#nowMs();
    Object.assign(this.#data, { seenCount: this.#dataCount, lastAtMs: now, silent: false });
    Object.assign(this.#heartbeat, { seenCount: this.#heartbeatCount, lastAtMs: now, silent: false });
    this.#schedule();
  }

  /** Stops watching (on disconnect, so a closed socket is not reported as a silent feed). */
  stop(): void {
    if (this.#timer === undefined) return;
    this.#timers.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #schedule(): void {
    this.#timer = this.#timers.setTimeout(() => {
      try {
        this.#check();
      } catch (error) {
        this.#options.logger?.error('SilenceWatchdog callback threw', { error });
      }
      if (this.#timer !== undefined) this.#schedule();
    }, this.#checkIntervalMs);
  }

  #check(): void {
    const now = this.#nowMs();
    this.#track('heartbeat', this.#heartbeat, this.#heartbeatCount, this.#options.heartbeatSilenceMs, now, false);
    // Heartbeats "continue" when one arrived within the data threshold, i.e. during the data silence.
    const heartbeatsContinue = now - this.#heartbeat.lastAtMs < this.#options.dataSilenceMs;
    this.#track('data', this.#data, this.#dataCount, this.#options.dataSilenceMs, now, heartbeatsContinue);
  }

  #track(
    kind: SilenceKind,
    stream: { seenCount: number; lastAtMs: number; silent: boolean },
    count: number,
    thresholdMs: number | undefined,
    now: number,
    heartbeatsContinue: boolean,
  ): void {
    if (count !== stream.seenCount) {
      const silentForMs = now - stream.lastAtMs;
      const wasSilent = stream.silent;
      stream.seenCount = count;
      stream.lastAtMs = now;
      stream.silent = false;
      if (wasSilent) this.#options.onResume?.({ kind, silentForMs });
      return;
    }
    if (thresholdMs === undefined || stream.silent) return;
    const silentForMs = now - stream.lastAtMs;
    if (silentForMs < thresholdMs) return;
    stream.silent = true;
    this.#options.onSilence({ kind, silentForMs, heartbeatsContinue: kind === 'data' ? heartbeatsContinue : false });
  }
}
