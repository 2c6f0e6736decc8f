import type { Clock, EpochTimeTarget, TimerHandle, Timers } from '@tickwire/core';

interface ScheduledTimer {
  readonly id: number;
  readonly dueMs: number;
  readonly callback: () => void;
}

/**
 * A clock and timers that move only when a test says so, for deterministic connector tests. Timers fire in due
 * order (then in the order they were set), and promises settle between timers, so `await`-based code under test
 * runs as it would in real time.
 */
export class ManualClock implements Clock, Timers {
  private currentMs: number;
  private nextId = 1;
  private readonly timers = new Map<number, ScheduledTimer>();

  /** @param startMs - the wall-clock time to start at, epoch ms. */
  constructor(startMs = Date.UTC(2025, 0, 6, 14, 30)) {
    this.currentMs = startMs;
  }

  nowMs(): number {
    return this.currentMs;
  }

  monotonicNs(): number {
    return this.currentMs * 1e6;
  }

  writeEpochTime(target: EpochTimeTarget): void {
    target.epochSeconds = Math.floor(this.currentMs / 1000);
    target.nanoseconds = Math.round((this.currentMs - target.epochSeconds * 1000) * 1e6);
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const id = this.nextId++;
    this.timers.set(id, { id, dueMs: this.currentMs + Math.max(0, delayMs), callback });
    return id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers.delete(handle as number);
  }

  /** Timers set and not yet fired or cleared. */
  get pendingTimers(): number {
    return this.timers.size;
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way and settling promises after each. */
  async advance(ms: number): Promise<void> {
    const targetMs = this.currentMs + ms;
    for (;;) {
      await settle();
      const next = this.nextDue();
      if (next === undefined || next.dueMs > targetMs) break;
      this.timers.delete(next.id);
      this.currentMs = Math.max(this.currentMs, next.dueMs);
      next.callback();
    }
    this.currentMs = targetMs;
    await settle();
  }

  private nextDue(): ScheduledTimer | undefined {
    let next: ScheduledTimer | undefined;
    for (const timer of this.timers.values()) {
      if (next === undefined || timer.dueMs < next.dueMs || (timer.dueMs === next.dueMs && timer.id < next.id)) {
        next = timer;
      }
    }
    return next;
  }
}

/** Lets every pending promise callback run. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
