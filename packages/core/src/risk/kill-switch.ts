import { type ListenerErrorHandler, ListenerRegistry } from '../feed/listener-registry';
import type { LossLimitBreach, RiskGate } from './risk-gate';
import { RiskReason, reasonName } from './risk-reasons';
import type { TradingState } from './trading-state';

/** Something whose open orders the kill switch cancels: one per connector (an `OrderManager` qualifies). */
export interface KillSwitchTarget {
  /** For reports and the audit log, e.g. the connector's name. Defaults to `target-<n>`. */
  readonly name?: string;
  cancelAllOpenOrders(): Promise<unknown>;
}

/** How one target's sweep went. */
export interface KillSwitchTargetResult {
  readonly target: string;
  readonly ok: boolean;
  /** What the target returned (e.g. a `CancelAllReport`), when it succeeded. */
  readonly result?: unknown;
  /** Why it failed, when it did. */
  readonly error?: string;
}

/** What a trip (or a re-sweep while tripped) did. */
export interface KillSwitchTripReport {
  readonly reason: string;
  readonly operator: string;
  readonly trippedAtMs: number;
  readonly results: readonly KillSwitchTargetResult[];
}

/** Kill-switch events, by type. */
export interface KillSwitchEvents {
  /** The switch latched (emitted once per trip, before any cancel is sent). */
  tripped: { readonly reason: string; readonly operator: string; readonly timeMs: number };
  /** A sweep of every target finished. */
  swept: KillSwitchTripReport;
  reset: { readonly operator: string; readonly resumeState: TradingState; readonly timeMs: number };
}

/** Kill-switch settings. */
export interface KillSwitchOptions {
  readonly gate: RiskGate;
  readonly targets?: readonly KillSwitchTarget[];
  /** Epoch milliseconds. Default `Date.now`. */
  readonly clock?: () => number;
  readonly onListenerError?: ListenerErrorHandler;
}

/**
 * A latching kill switch. Tripping it (by {@link KillSwitch.trip}, or automatically by {@link KillSwitch.evaluate}
 * when an account reaches its daily-loss or drawdown limit):
 * 1. latches the gate at once, synchronously: every new order and replace is denied `KILL_SWITCH_TRIPPED` and the
 *    trading state becomes halted;
 * 2. cancels every open order on every registered target, all targets at once (one failing target does not stop
 *    the others), as emergency cancels that the gate records but never refuses.
 *
 * It stays tripped, whatever the trading state is set to, until an operator calls {@link KillSwitch.reset}.
 * Tripping again while tripped sweeps the targets again. Trips and resets are written to the gate's audit log.
 *
 * @example
 * ```ts
 * const killSwitch = new KillSwitch({ gate, targets: [omsAlpaca, omsCoinbase] });
 * oms.on('fill', () => void killSwitch.evaluate());      // auto-trip on a loss breach
 * process.on('SIGUSR2', () => void killSwitch.trip('SIGUSR2', 'signal'));
 * ```
 */
export class KillSwitch {
  private readonly gate: RiskGate;
  private readonly targets: KillSwitchTarget[];
  private readonly clock: () => number;
  private readonly listeners: ListenerRegistry<KillSwitchEvents>;
  private trippedBy: { reason: string; operator: string; timeMs: number } | undefined;

  constructor(options: KillSwitchOptions) {
    this.gate = options.gate;
    this.targets = [...(options.targets ?? [])];
    this.clock = options.clock ?? Date.now;
    this.listeners = new ListenerRegistry<KillSwitchEvents>(options.onListenerError);
  }

  /** True from a trip until an operator reset. */
  get tripped(): boolean {
    return this.trippedBy !== undefined;
  }

  /** Why and by whom the switch was tripped, while it is. */
  get tripCause(): { readonly reason: string; readonly operator: string; readonly timeMs: number } | undefined {
    return this.trippedBy;
  }

  /** Subscribes to trips, sweeps and resets; returns the unsubscribe function. */
  on<Type extends keyof KillSwitchEvents>(type: Type, listener: (event: KillSwitchEvents[Type]) => void): () => void {
    return this.listeners.on(type, listener);
  }

  /** Adds a target (a connector's order manager); returns a function that removes it. */
  addTarget(target: KillSwitchTarget): () => void {
    this.targets.push(target);
    return () => {
      const index = this.targets.indexOf(target);
      if (index >= 0) this.targets.splice(index, 1);
    };
  }

  /**
   * Trips the switch and cancels every open order on every target. The gate is shut before this returns its
   * promise; the promise settles when every target has answered.
   */
  trip(reason: string, operator: string): Promise<KillSwitchTripReport> {
    const timeMs = this.clock();
    if (this.trippedBy === undefined) {
      this.trippedBy = { reason, operator, timeMs };
      this.gate.latchKillSwitch(reason, operator, timeMs);
      this.listeners.emit('tripped', { reason, operator, timeMs });
    }
    return this.sweep(this.trippedBy);
  }

  /**
   * Trips the switch if any account reached its daily-loss or drawdown limit. Call it after fills and on a timer.
   * Returns the breach (and starts the trip) or undefined. Does nothing more while already tripped.
   */
  evaluate(nowMs: number = this.clock()): LossLimitBreach | undefined {
    if (this.trippedBy !== undefined) return undefined;
    const breach = this.gate.findLossLimitBreach(nowMs);
    if (breach === undefined) return undefined;
    const figure =
      breach.code === RiskReason.MAX_DAILY_LOSS
        ? `daily PnL ${breach.dailyPnl.toFixed(2)}`
        : `drawdown ${breach.drawdown.toFixed(2)}`;
    void this.trip(`${reasonName(breach.code)}: account ${breach.account} ${figure} (limit ${breach.limit})`, 'auto');
    return breach;
  }

  /**
   * Reopens the gate in `resumeState` (default `active`). Only an operator does this, by name, and it is audited.
   * Returns false when the switch was not tripped.
   */
  reset(operator: string, resumeState: TradingState = 'active'): boolean {
    if (this.trippedBy === undefined) return false;
    const timeMs = this.clock();
    this.trippedBy = undefined;
    this.gate.releaseKillSwitch(operator, resumeState, timeMs);
    this.listeners.emit('reset', { operator, resumeState, timeMs });
    return true;
  }

  private async sweep(cause: { reason: string; operator: string; timeMs: number }): Promise<KillSwitchTripReport> {
    const targets = [...this.targets];
    const settled = await Promise.allSettled(targets.map((target) => startSweep(target)));
    const results = settled.map((outcome, index): KillSwitchTargetResult => {
      const target = targets[index]?.name ?? `target-${index}`;
      return outcome.status === 'fulfilled'
        ? { target, ok: true, result: outcome.value }
        : {
            target,
            ok: false,
            error: outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason),
          };
    });
    const report: KillSwitchTripReport = {
      reason: cause.reason,
      operator: cause.operator,
      trippedAtMs: cause.timeMs,
      results,
    };
    this.listeners.emit('swept', report);
    return report;
  }
}

// A target that throws synchronously must not stop the other targets' sweeps.
function startSweep(target: KillSwitchTarget): Promise<unknown> {
  try {
    return target.cancelAllOpenOrders();
  } catch (error) {
    return Promise.reject(error);
  }
}
