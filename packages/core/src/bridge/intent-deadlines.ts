/** Something waiting with a deadline, which may be answered before it. */
export interface Deadlined {
  /** On the `performance.now()` clock. */
  readonly deadlineMs: number;
  /** Set once answered; an answered item is skipped when its deadline comes. */
  readonly answered: boolean;
}

/**
 * The deadlines of intents waiting for the handler. Every intent gets the same timeout, so deadlines come in arrival
 * order and one timer for the oldest serves them all: no timer and no promise race per intent.
 */
export class IntentDeadlines<T extends Deadlined> {
  private items: T[] = [];
  private head = 0;
  private timer: NodeJS.Timeout | null = null;

  /** @param onExpired - called once for each item still unanswered at its deadline, oldest first. */
  constructor(private readonly onExpired: (item: T) => void) {}

  /** Watches `item`, whose deadline is no earlier than that of any item watched before it. */
  watch(item: T): void {
    this.items.push(item);
    if (this.timer === null) this.arm();
  }

  private arm(): void {
    while (this.head < this.items.length && this.items[this.head]!.answered) this.head++;
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
      return;
    }
    // Drop the answered prefix now and then, so the array does not grow with every intent ever watched.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    const waitMs = Math.max(1, Math.ceil(this.items[this.head]!.deadlineMs - performance.now()));
    this.timer = setTimeout(() => this.expire(), waitMs);
  }

  private expire(): void {
    this.timer = null;
    const now = performance.now();
    while (this.head < this.items.length) {
      const oldest = this.items[this.head]!;
      if (!oldest.answered && oldest.deadlineMs > now) break;
      this.head++;
      if (!oldest.answered) this.onExpired(oldest);
    }
    this.arm();
  }
}
