import type { BridgeErrorCode } from './bridge-protocol';

/**
 * Counters of one bridge since it started. Drops that happen inside libzmq (a subscriber at its high-water mark)
 * are invisible to the bridge and are not in here: subscribers see them as tick-sequence gaps.
 */
export interface BridgeStats {
  /** Random id of this bridge run, carried in every batch header, heartbeat and reply. */
  readonly sessionId: number;
  readonly ticksPublished: number;
  readonly tickBatchesPublished: number;
  /** Batches the bridge itself failed to hand to the socket (a rejected send); their ticks are in `ticksDropped`. */
  readonly tickBatchesDropped: number;
  readonly ticksDropped: number;
  /** Ticks waiting in partial batches right now. */
  readonly ticksPending: number;
  /** 1 MiB payload slabs allocated, and reused once every payload in them was collected. */
  readonly payloadSlabsAllocated: number;
  readonly payloadSlabsRecycled: number;
  readonly orderUpdatesPublished: number;
  readonly orderUpdatesDropped: number;
  readonly heartbeatsPublished: number;
  /** Messages received on the intent socket, valid or not. */
  readonly messagesReceived: number;
  readonly intentsReceived: number;
  readonly intentsAccepted: number;
  readonly intentsDenied: number;
  readonly intentsUnknownOutcome: number;
  /** Repeated intent ids answered from the reply cache (or joined to the still-pending original). */
  readonly duplicateIntents: number;
  readonly intentsPending: number;
  readonly repliesReplayed: number;
  readonly orderUpdatesReplayed: number;
  readonly pingsReceived: number;
  /** `error` replies sent, by code. Every refused message counts here, also when no reply could be routed. */
  readonly errors: Readonly<Partial<Record<BridgeErrorCode, number>>>;
  /** Messages the bridge failed to handle because of a fault of its own (logged as process warnings). */
  readonly internalErrors: number;
  /** Replies kept for duplicates and replay, and how many were evicted (see `replyCacheCapacity`). */
  readonly repliesCached: number;
  readonly repliesEvicted: number;
  /** Client names heard from within the last three heartbeat intervals. */
  readonly liveClients: number;
}

/** The mutable counters behind {@link BridgeStats}; one instance per bridge, shared by its parts. */
export class BridgeCounters {
  ticksPublished = 0;
  tickBatchesPublished = 0;
  tickBatchesDropped = 0;
  ticksDropped = 0;
  orderUpdatesPublished = 0;
  orderUpdatesDropped = 0;
  heartbeatsPublished = 0;
  messagesReceived = 0;
  intentsReceived = 0;
  intentsAccepted = 0;
  intentsDenied = 0;
  intentsUnknownOutcome = 0;
  duplicateIntents = 0;
  repliesReplayed = 0;
  orderUpdatesReplayed = 0;
  pingsReceived = 0;
  internalErrors = 0;
  readonly errors: Partial<Record<BridgeErrorCode, number>> = {};

  /** Counts one refused message. */
  countError(code: BridgeErrorCode): void {
    this.errors[code] = (this.errors[code] ?? 0) + 1;
  }
}
