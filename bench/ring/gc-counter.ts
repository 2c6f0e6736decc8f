import { PerformanceObserver, performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Counts this thread's GC events inside a time window. PerformanceObserver delivers entries asynchronously, so
 * a busy-looping benchmark only sees them once it yields: call {@link GcCounter.countIn} after the loop.
 */
export class GcCounter {
  private readonly startTimes: number[] = [];
  private readonly observer: PerformanceObserver;

  constructor() {
    this.observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) this.startTimes.push(entry.startTime);
    });
    this.observer.observe({ entryTypes: ['gc'] });
  }

  /** GC events that started between `fromMs` and `toMs` (performance.now() of this thread). */
  async countIn(fromMs: number, toMs: number): Promise<number> {
    await sleep(50);
    this.observer.disconnect();
    return this.startTimes.filter((start) => start >= fromMs && start <= toMs).length;
  }
}

export { performance };
