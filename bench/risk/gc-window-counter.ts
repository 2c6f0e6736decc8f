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

let collect: (() => void) | undefined;

/**
 * Runs two full collections so garbage from setup and warm-up (and any incremental marking it started) is gone
 * before a steady-state window opens; otherwise a GC the setup caused can land inside the measurement.
 */
export async function settleHeap(): Promise<void> {
  if (collect === undefined) {
    const { setFlagsFromString } = await import('node:v8');
    const { runInNewContext } = await import('node:vm');
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  collect();
  collect();
  await sleep(20);
}
