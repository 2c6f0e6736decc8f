import type { OrderEvent } from '../domain';
import { BRIDGE_PROTOCOL_VERSION, ORDER_UPDATE_TOPIC_PREFIX, UNOWNED_ORDER_STREAM } from './bridge-protocol';

/** What the bridge learnt about an order when its intent was accepted. */
export interface KnownOrder {
  readonly client: string;
  readonly intentId: string;
  readonly symbol?: string;
  readonly side?: 'buy' | 'sell';
}

/** One rendered order update, ready for the PUB socket. */
export interface RenderedOrderUpdate {
  readonly topic: string;
  readonly body: string;
  readonly stream: string;
  readonly sequence: number;
}

/** What {@link OrderUpdateStreams.updatesAfter} found. */
export interface ReplayedOrderUpdates {
  readonly bodies: readonly string[];
  readonly lastSequence: number;
  /** More updates follow the ones returned: ask again after the last one. */
  readonly more: boolean;
  /** Some updates after the one asked for were evicted and cannot be sent again. */
  readonly truncated: boolean;
}

/**
 * Turns order events into numbered order updates, one stream per owning client, so a strategy subscribes to
 * `o.<its name>.` and sees every update of its own orders with contiguous sequence numbers. Keeps the most recent
 * updates so a client that saw a gap can ask for them again.
 */
export class OrderUpdateStreams {
  private readonly sessionId: number;
  private readonly replayCapacity: number;
  private readonly ordersCapacity: number;
  private readonly orders = new Map<string, KnownOrder>();
  private readonly sequences = new Map<string, number>();
  private recentStreams: string[] = [];
  private recentSequences: number[] = [];
  private recentBodies: string[] = [];
  private recentHead = 0;

  constructor(sessionId: number, replayCapacity: number, ordersCapacity: number) {
    this.sessionId = sessionId;
    this.replayCapacity = Math.max(0, Math.floor(replayCapacity));
    this.ordersCapacity = Math.max(1, Math.floor(ordersCapacity));
  }

  /** Remembers who owns an order, so its updates go to the owner's stream; the oldest is forgotten beyond capacity. */
  rememberOrder(clientOrderId: string, order: KnownOrder): void {
    this.orders.delete(clientOrderId);
    this.orders.set(clientOrderId, order);
    if (this.orders.size > this.ordersCapacity) {
      const oldest = this.orders.keys().next();
      if (oldest.done !== true) this.orders.delete(oldest.value);
    }
  }

  /** The last sequence number of every stream, for the heartbeat (so a subscriber notices a missed last update). */
  lastSequences(): Record<string, number> {
    return Object.fromEntries(this.sequences);
  }

  /**
   * Numbers and renders one event. The stream is `streamOverride` when given, else the client that submitted the
   * order, else `_` (orders the bridge did not see submitted).
   */
  render(event: OrderEvent, streamOverride: string | undefined, publishedAtUs: number): RenderedOrderUpdate {
    const known = this.orders.get(event.clientOrderId);
    const stream = streamOverride ?? known?.client ?? UNOWNED_ORDER_STREAM;
    const sequence = (this.sequences.get(stream) ?? 0) + 1;
    this.sequences.set(stream, sequence);
    const symbol = event.fill?.symbol ?? known?.symbol;
    const side = event.fill?.side ?? known?.side;
    const update = {
      v: BRIDGE_PROTOCOL_VERSION,
      type: 'order-update',
      stream,
      seq: sequence,
      session: this.sessionId,
      clientOrderId: event.clientOrderId,
      intent: known?.intentId,
      symbol,
      side,
      status: event.status,
      brokerOrderId: event.brokerOrderId,
      brokerStatus: event.brokerStatus,
      fill:
        event.fill === undefined
          ? undefined
          : {
              executionId: event.fill.executionId,
              quantity: event.fill.quantity,
              price: event.fill.price,
              fee: event.fill.fee,
              timestampMs: event.fill.timestampMs,
            },
      cumulativeQuantity: event.cumulativeQuantity,
      leavesQuantity: event.leavesQuantity,
      averageFillPrice: event.averageFillPrice,
      replacedByClientOrderId: event.replacedByClientOrderId,
      reason: event.reason,
      eventTimeMs: event.timestampMs,
      publishedAtUs,
    };
    // JSON.stringify leaves out undefined fields: absent means "not known", never null.
    const body = JSON.stringify(update);
    this.keep(stream, sequence, body);
    return { topic: `${ORDER_UPDATE_TOPIC_PREFIX}${stream}.`, body, stream, sequence };
  }

  /** Kept updates of `stream` numbered above `after`, oldest first, at most `limit`. */
  updatesAfter(stream: string, after: number, limit: number): ReplayedOrderUpdates {
    const lastSequence = this.sequences.get(stream) ?? 0;
    const bodies: string[] = [];
    let oldestKept = lastSequence + 1;
    let more = false;
    for (let index = this.recentHead; index < this.recentStreams.length; index++) {
      if (this.recentStreams[index] !== stream) continue;
      const sequence = this.recentSequences[index]!;
      if (sequence < oldestKept) oldestKept = sequence;
      if (sequence <= after) continue;
      if (bodies.length === limit) {
        more = true;
        break;
      }
      bodies.push(this.recentBodies[index]!);
    }
    return { bodies, lastSequence, more, truncated: after < lastSequence && after + 1 < oldestKept };
  }

  private keep(stream: string, sequence: number, body: string): void {
    if (this.replayCapacity === 0) return;
    this.recentStreams.push(stream);
    this.recentSequences.push(sequence);
    this.recentBodies.push(body);
    if (this.recentStreams.length - this.recentHead > this.replayCapacity) this.recentHead++;
    if (this.recentHead > 1024 && this.recentHead * 2 > this.recentStreams.length) {
      this.recentStreams = this.recentStreams.slice(this.recentHead);
      this.recentSequences = this.recentSequences.slice(this.recentHead);
      this.recentBodies = this.recentBodies.slice(this.recentHead);
      this.recentHead = 0;
    }
  }
}
