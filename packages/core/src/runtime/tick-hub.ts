import type { SpscRing } from '../ring/spsc-ring';

/** Something that receives every tick the runtime takes off the connector rings. */
export interface TickConsumer {
  /** A short name for logs when it throws. */
  readonly name: string;
  /**
   * One 32-byte v1 record at `byteOffset` of `view` (and of `bytes`, the same memory). Valid only during the call.
   * Must not throw; a consumer that throws is counted and, after {@link MAX_CONSUMER_FAILURES}, taken out.
   */
  onTick(bytes: Uint8Array, view: DataView, byteOffset: number): void;
  /** Called after each drain pass that moved at least one tick, e.g. so the bridge can flush partial batches. */
  afterDrain?(): void;
}

/** A consumer that threw this many times is disconnected from the hub, so one bug cannot stall the others. */
export const MAX_CONSUMER_FAILURES = 100;

const MAX_RECORDS_PER_POLL = 4096;
// Empty passes before the hub stops spinning on setImmediate and sleeps 1 ms between looks.
const BUSY_IDLE_PASSES = 16;

/**
 * Drains every connector ring on the main thread and hands each tick to the in-process consumers: feed health and
 * last quotes, the tick store's ring, the ZeroMQ bridge, strategies. Ring order is preserved per connector.
 */
export class TickHub {
  /** Ticks taken off the rings. */
  consumed = 0;
  /** Throws caught from consumers, by consumer name. */
  readonly consumerFailures = new Map<string, number>();
  private readonly handlers: ((view: DataView, byteOffset: number) => void)[];
  private readonly active: TickConsumer[];
  private running = false;
  private idlePasses = 0;
  private loopDone: Promise<void> = Promise.resolve();
  private wakeLoop: (() => void) | undefined;

  constructor(
    private readonly rings: readonly SpscRing[],
    consumers: readonly TickConsumer[],
    private readonly onConsumerError: (consumer: TickConsumer, error: unknown, removed: boolean) => void,
  ) {
    this.active = [...consumers];
    // One handler per ring, made once: poll() calls it per record without allocating.
    this.handlers = rings.map((ring) => {
      const bytes = ring.bytes;
      return (view: DataView, byteOffset: number) => {
        const consumers = this.active;
        for (let index = 0; index < consumers.length; index++) {
          const consumer = consumers[index]!;
          try {
            consumer.onTick(bytes, view, byteOffset);
          } catch (error) {
            this.consumerFailed(consumer, error);
          }
        }
      };
    });
  }

  /** Takes what is in the rings now and hands it out. Returns how many ticks moved. */
  drainOnce(): number {
    let moved = 0;
    for (let index = 0; index < this.rings.length; index++) {
      moved += this.rings[index]!.poll(this.handlers[index]!, MAX_RECORDS_PER_POLL);
    }
    if (moved > 0) {
      this.consumed += moved;
      for (const consumer of this.active) {
        try {
          consumer.afterDrain?.();
        } catch (error) {
          this.consumerFailed(consumer, error);
        }
      }
    }
    return moved;
  }

  /** Starts draining in the background of the event loop. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loopDone = new Promise<void>((resolve) => {
      const pass = () => {
        if (!this.running) {
          resolve();
          return;
        }
        const moved = this.drainOnce();
        this.idlePasses = moved > 0 ? 0 : this.idlePasses + 1;
        if (this.idlePasses < BUSY_IDLE_PASSES) setImmediate(pass);
        else {
          const timer = setTimeout(pass, 1);
          this.wakeLoop = () => {
            clearTimeout(timer);
            pass();
          };
        }
      };
      setImmediate(pass);
    });
  }

  /**
   * Stops the background loop, then drains until every ring is empty: call after the producers stopped, so
   * that everything published reaches the consumers.
   */
  async stop(): Promise<void> {
    this.running = false;
    this.wakeLoop?.();
    await this.loopDone;
    while (this.drainOnce() > 0) {
      // Drain to empty: the producers have stopped, so this ends.
    }
  }

  private consumerFailed(consumer: TickConsumer, error: unknown): void {
    const failures = (this.consumerFailures.get(consumer.name) ?? 0) + 1;
    this.consumerFailures.set(consumer.name, failures);
    const removed = failures >= MAX_CONSUMER_FAILURES;
    if (removed) {
      const position = this.active.indexOf(consumer);
      if (position >= 0) this.active.splice(position, 1);
    }
    this.onConsumerError(consumer, error, removed);
  }
}
