import { PerformanceObserver, performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Counts GC events (PerformanceObserver 'gc') inside several time windows of one run. Entries arrive
 * asynchronously, so call {@link GcWindowCounter.countIn} after the measured loop has yielded.
 */
export class GcWindowCounter {
  private readonly startTimes: number[] = [];
  private readonly observer: PerformanceObserver;

  constructor() {
    this.observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) this.startTimes.push(entry.startTime);
    });
    this.observer.observe({ entryTypes: ['gc'] });
  }

  /** GC events that started between `fromMs` and `toMs` (performance.now() timeline). */
  async countIn(fromMs: number, toMs: number): Promise<number> {
    await sleep(50);
    return this.startTimes.filter((start) => start >= fromMs && start <= toMs).length;
  }

  stop(): void {
    this.observer.disconnect();
  }
}

export { performance };
