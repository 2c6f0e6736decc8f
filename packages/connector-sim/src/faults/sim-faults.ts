import { type Logger, TickwireError, type TimerHandle, type Timers } from '@tickwire/core';
import type { FaultStep } from './fault-step-schema';

/** What the faults act on: the simulated venue. */
export interface SimFaultTarget {
  /** Takes the link down: no ticks, no order events, requests fail; the venue keeps matching. */
  dropLink(reason: string): void;
  /** Brings the link back (reconnected): snapshots are sent and the client should reconcile. */
  restoreLink(): void;
  /** Stops (or resumes) market data while heartbeats and orders carry on. */
  setSilenced(silenced: boolean): void;
  /** Makes the feed skip `count` ticks of `symbol` (every symbol when undefined). */
  dropTicks(symbol: string | undefined, count: number): void;
  /** Shifts the venue's market-data timestamps by `offsetMs`. */
  setClockOffset(offsetMs: number): void;
}

/** How a scripted order rejection shows: the submit call fails, or the order is acknowledged then rejected. */
export type RejectionTiming = 'on-submit' | 'after-ack';

/** A pending scripted rejection, as the connector consumes it. */
export interface ScriptedRejection {
  readonly reason: string;
  readonly when: RejectionTiming;
}

/** Which faults are in force, for tests and logs. */
export interface SimFaultStatus {
  readonly disconnected: boolean;
  readonly silenced: boolean;
  readonly pendingRejections: number;
  readonly pendingAckDelays: number;
  readonly pendingConnectFailures: number;
  readonly clockOffsetMs: number;
}

/**
 * Scripted faults of the simulated venue, for the test kit, demos and the config's `faults` script.
 *
 * @example
 * ```ts
 * const sim = plugin.create(config, context) as SimConnector;
 * await sim.connect();
 * sim.faults.disconnect({ forMs: 500 });      // link drops; matching goes on; events are lost
 * sim.faults.silence({ forMs: 3_000 });       // no data, heartbeats continue: a stale feed
 * sim.faults.sequenceGap({ symbol: 'SIM-AAPL', count: 5 });
 * sim.faults.rejectNextOrders({ count: 2, reason: 'halted' });
 * sim.faults.delayAcks({ extraMs: 200 });
 * sim.faults.failNextConnects({ kind: 'auth' });
 * ```
 */
export class SimFaults {
  private disconnected = false;
  private silenced = false;
  private clockOffsetMs = 0;
  private readonly rejections: ScriptedRejection[] = [];
  private readonly ackDelays: number[] = [];
  private readonly connectFailures: ('auth' | 'network')[] = [];
  private readonly timersInFlight = new Set<TimerHandle>();

  /**
   * @param target - the venue the faults act on.
   * @param timers - for faults that end by themselves and for scripts.
   * @param logger - each fault is logged at `warn`, so a run's log explains its odd moments.
   */
  constructor(
    private readonly target: SimFaultTarget,
    private readonly timers: Timers,
    private readonly logger: Logger,
  ) {}

  /** The faults in force now. */
  get status(): SimFaultStatus {
    return {
      disconnected: this.disconnected,
      silenced: this.silenced,
      pendingRejections: this.rejections.length,
      pendingAckDelays: this.ackDelays.length,
      pendingConnectFailures: this.connectFailures.length,
      clockOffsetMs: this.clockOffsetMs,
    };
  }

  /**
   * Drops the connection. The venue keeps matching, so fills happen while the client hears nothing; order events
   * are lost, not queued, and requests fail with `NOT_CONNECTED`. The connector reports `reconnecting`, then
   * `connected` when the link returns, after which the order manager must reconcile.
   *
   * @param options.forMs - how long the link stays down; left out, until {@link SimFaults.reconnect}.
   * @param options.reason - quoted in the state change.
   */
  disconnect(options: { readonly forMs?: number; readonly reason?: string } = {}): void {
    const forMs = checkDuration('disconnect', 'forMs', options.forMs);
    if (this.disconnected) return;
    this.disconnected = true;
    const reason = options.reason ?? `sim fault: link dropped${forMs === undefined ? '' : ` for ${forMs} ms`}`;
    this.logger.warn('sim fault: disconnect', { forMs, reason });
    this.target.dropLink(reason);
    if (forMs !== undefined) this.after(forMs, () => this.reconnect());
  }

  /** Ends a {@link SimFaults.disconnect}: the link comes back. */
  reconnect(): void {
    if (!this.disconnected) return;
    this.disconnected = false;
    this.logger.warn('sim fault: reconnect');
    this.target.restoreLink();
  }

  /**
   * Stops market data while heartbeats continue and orders still work: the classic stale feed. The connector's
   * watchdog reports the feed stale after `staleAfterMs`, and resynced when data returns.
   *
   * @param options.forMs - how long; left out, until {@link SimFaults.endSilence}.
   */
  silence(options: { readonly forMs?: number } = {}): void {
    const forMs = checkDuration('silence', 'forMs', options.forMs);
    if (this.silenced) return;
    this.silenced = true;
    this.logger.warn('sim fault: silence', { forMs });
    this.target.setSilenced(true);
    if (forMs !== undefined) this.after(forMs, () => this.endSilence());
  }

  /** Ends a {@link SimFaults.silence}. */
  endSilence(): void {
    if (!this.silenced) return;
    this.silenced = false;
    this.logger.warn('sim fault: silence ends');
    this.target.setSilenced(false);
  }

  /**
   * The venue loses `count` ticks of a symbol (of every symbol when `symbol` is left out): the next tick that gets
   * through carries `GAP_BEFORE`, the gap is reported to feed health, and a recovery snapshot follows.
   */
  sequenceGap(options: { readonly symbol?: string; readonly count?: number } = {}): void {
    const count = checkCount('sequenceGap', options.count ?? 10);
    this.logger.warn('sim fault: sequence gap', { symbol: options.symbol ?? '*', count });
    this.target.dropTicks(options.symbol, count);
  }

  /**
   * Rejects the next `count` orders (default 1). `on-submit` (default) fails the submit call with an
   * `ORDER_REJECTED` order error; `after-ack` acknowledges the order `pending-new`, then reports it `rejected`.
   */
  rejectNextOrders(
    options: { readonly count?: number; readonly reason?: string; readonly when?: RejectionTiming } = {},
  ): void {
    const count = checkCount('rejectNextOrders', options.count ?? 1);
    const rejection: ScriptedRejection = {
      reason: options.reason ?? 'rejected by a scripted sim fault',
      when: options.when ?? 'on-submit',
    };
    this.logger.warn('sim fault: reject next orders', { count, ...rejection });
    for (let index = 0; index < count; index++) this.rejections.push(rejection);
  }

  /** Adds `extraMs` to the acknowledgement latency of the next `count` requests (submit, cancel, replace). */
  delayAcks(options: { readonly extraMs: number; readonly count?: number }): void {
    const extraMs = checkDuration('delayAcks', 'extraMs', options.extraMs);
    if (extraMs === undefined) throw invalid('delayAcks', 'extraMs', options.extraMs, 'a duration in ms above 0');
    const count = checkCount('delayAcks', options.count ?? 1);
    this.logger.warn('sim fault: delay acks', { extraMs, count });
    for (let index = 0; index < count; index++) this.ackDelays.push(extraMs);
  }

  /**
   * Makes the next `count` calls of `connect()` fail: `auth` with `AUTH_FAILED` (not retryable), `network` with
   * `CONNECTION_FAILED` (retryable).
   */
  failNextConnects(options: { readonly count?: number; readonly kind?: 'auth' | 'network' } = {}): void {
    const count = checkCount('failNextConnects', options.count ?? 1);
    for (let index = 0; index < count; index++) this.connectFailures.push(options.kind ?? 'network');
  }

  /** Makes the venue's market-data timestamps run `offsetMs` ahead of the local clock (negative: behind). */
  skewClock(options: { readonly offsetMs: number }): void {
    if (!Number.isFinite(options.offsetMs)) {
      throw invalid('skewClock', 'offsetMs', options.offsetMs, 'a finite number of ms, e.g. 250 or -250');
    }
    this.clockOffsetMs = options.offsetMs;
    this.logger.warn('sim fault: clock skew', { offsetMs: options.offsetMs });
    this.target.setClockOffset(options.offsetMs);
  }

  /** Schedules a script of faults, each `atMs` from now (the config's `faults` run from `connect()`). */
  run(script: readonly FaultStep[]): void {
    for (const step of script) this.after(step.atMs, () => this.apply(step));
  }

  /** Ends every fault, forgets pending ones and cancels scheduled ones. */
  clear(): void {
    for (const handle of this.timersInFlight) this.timers.clearTimeout(handle);
    this.timersInFlight.clear();
    this.rejections.length = 0;
    this.ackDelays.length = 0;
    this.connectFailures.length = 0;
    this.reconnect();
    this.endSilence();
    if (this.clockOffsetMs !== 0) this.skewClock({ offsetMs: 0 });
  }

  /** Cancels scheduled faults and timed endings without changing the faults in force (the connector stops). */
  cancelTimers(): void {
    for (const handle of this.timersInFlight) this.timers.clearTimeout(handle);
    this.timersInFlight.clear();
  }

  /** For the connector: the scripted rejection for the order being submitted, if any. */
  takeOrderRejection(): ScriptedRejection | undefined {
    return this.rejections.shift();
  }

  /** For the connector: extra acknowledgement latency for the request being sent, ms. */
  takeAckDelayMs(): number {
    return this.ackDelays.shift() ?? 0;
  }

  /** For the connector: how the `connect()` in progress must fail, if it must. */
  takeConnectFailure(): 'auth' | 'network' | undefined {
    return this.connectFailures.shift();
  }

  private apply(step: FaultStep): void {
    switch (step.fault) {
      case 'disconnect':
        this.disconnect({
          ...(step.forMs === undefined ? {} : { forMs: step.forMs }),
          ...(step.reason === undefined ? {} : { reason: step.reason }),
        });
        return;
      case 'silence':
        this.silence(step.forMs === undefined ? {} : { forMs: step.forMs });
        return;
      case 'sequence-gap':
        this.sequenceGap({ count: step.count, ...(step.symbol === undefined ? {} : { symbol: step.symbol }) });
        return;
      case 'reject-orders':
        this.rejectNextOrders({
          count: step.count,
          when: step.when,
          ...(step.reason === undefined ? {} : { reason: step.reason }),
        });
        return;
      case 'delay-acks':
        this.delayAcks({ extraMs: step.extraMs, count: step.count });
        return;
      case 'clock-skew':
        this.skewClock({ offsetMs: step.offsetMs });
        return;
    }
  }

  private after(delayMs: number, action: () => void): void {
    const handle = this.timers.setTimeout(() => {
      this.timersInFlight.delete(handle);
      try {
        action();
      } catch (error) {
        this.logger.error('sim fault could not be applied', { error: String(error) });
      }
    }, delayMs);
    this.timersInFlight.add(handle);
  }
}

function invalid(method: string, field: string, value: unknown, expected: string): TickwireError {
  return new TickwireError({
    code: 'INVALID_ARGUMENT',
    message: `faults.${method}: ${field} ${JSON.stringify(value)} is not usable; pass ${expected}.`,
  });
}

function checkDuration(method: string, field: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!(value > 0) || !Number.isFinite(value)) throw invalid(method, field, value, 'a duration in ms above 0');
  return value;
}

function checkCount(method: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw invalid(method, 'count', value, 'a whole number, 1 or more');
  return value;
}
