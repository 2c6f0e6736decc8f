import type { OrderEvent, TimerHandle, Timers } from '@tickwire/core';

/** What {@link OrderEventDelivery} needs. */
export interface OrderEventDeliveryOptions {
  readonly timers: Timers;
  /** Current time, ms (the connector's clock). */
  readonly nowMs: () => number;
  /** Where delivered events go: the context's order-event sink. */
  readonly deliver: (event: OrderEvent) => void;
}

interface InFlight {
  readonly event: OrderEvent;
  readonly dueMs: number;
}

/**
 * Carries order events from the simulated venue to the client with a latency, in the order the venue produced
 * them (a later event never overtakes an earlier one, even if the latency changes), over a link that can drop.
 *
 * While the link is down, events are lost, not queued: that is what a dropped connection does, and why the order
 * manager reconciles after a reconnect. Events already in flight when the link drops are lost too.
 */
export class OrderEventDelivery {
  /** Events handed to the client. */
  delivered = 0;
  /** Events lost because the link was down when they were sent or when they arrived. */
  lost = 0;
  private readonly queue: InFlight[] = [];
  private head = 0;
  private timer: TimerHandle | undefined;
  private lastDueMs = Number.NEGATIVE_INFINITY;
  private linkUp = true;

  /** @param options - timers, clock and the sink. */
  constructor(private readonly options: OrderEventDeliveryOptions) {}

  /** Sends an event that arrives `latencyMs` from now (or right after the one sent before it, if later). */
  send(event: OrderEvent, latencyMs: number): void {
    if (!this.linkUp) {
      this.lost++;
      return;
    }
    const dueMs = Math.max(this.options.nowMs() + latencyMs, this.lastDueMs);
    this.lastDueMs = dueMs;
    this.queue.push({ event, dueMs });
    if (this.timer === undefined) this.arm();
  }

  /** Takes the link down (in-flight events are lost) or brings it back up. */
  setLinkUp(up: boolean): void {
    this.linkUp = up;
    if (!up) this.dropInFlight();
  }

  /** Events sent but not yet delivered. */
  get inFlight(): number {
    return this.queue.length - this.head;
  }

  /** Stops delivering and forgets everything in flight (the connector is shutting down). */
  close(): void {
    this.dropInFlight();
  }

  private dropInFlight(): void {
    this.lost += this.inFlight;
    this.queue.length = 0;
    this.head = 0;
    if (this.timer !== undefined) {
      this.options.timers.clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  private arm(): void {
    const next = this.queue[this.head];
    if (next === undefined) return;
    this.timer = this.options.timers.setTimeout(() => this.flush(), Math.max(0, next.dueMs - this.options.nowMs()));
  }

  private flush(): void {
    this.timer = undefined;
    const now = this.options.nowMs();
    while (this.head < this.queue.length && this.queue[this.head]!.dueMs <= now) {
      const { event } = this.queue[this.head++]!;
      this.delivered++;
      this.options.deliver(event);
    }
    if (this.head === this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
    }
    this.arm();
  }
}
