import { randomBytes } from 'node:crypto';
import * as zmq from 'zeromq';
import type { OrderEvent } from '../domain';
import { TickwireError } from '../errors';
import { type BridgeOptions, type ResolvedBridgeOptions, resolveBridgeOptions } from './bridge-options';
import { BRIDGE_PROTOCOL_VERSION, HEARTBEAT_TOPIC } from './bridge-protocol';
import { BridgeCounters, type BridgeStats } from './bridge-stats';
import { BRIDGE_ZAP_DOMAIN, CurveAuthenticator } from './curve-authenticator';
import { IntentRouter } from './intent-router';
import { OrderUpdateStreams } from './order-update-streams';
import { ReplyJournal } from './reply-journal';
import { TickBatcher } from './tick-batcher';

/** Floor of the ZMTP (libzmq) heartbeat interval; the dead-peer timeout is three of them. See `bind`. */
const minZmtpHeartbeatIntervalMs = 1000;

/** The endpoints a started bridge is bound to, with wildcard ports resolved. */
export interface BridgeEndpoints {
  readonly publish: string;
  /** Null when the bridge takes no intents. */
  readonly intent: string | null;
}

/** Options of {@link Bridge.publishOrderUpdate}. */
export interface PublishOrderUpdateOptions {
  /** The stream (client name) to publish on; by default the client that submitted the order, else `_`. */
  readonly stream?: string;
}

/**
 * The ZeroMQ bridge between the execution core and out-of-process strategies. See docs/bridge-protocol.md.
 *
 * @example
 * ```ts
 * const bridge = createBridge({ intentHandler });
 * await bridge.start();
 * bridge.publishTicks(records, count); // from the ring consumer
 * bridge.flush();                      // when the ring is empty
 * bridge.publishOrderUpdate(event);    // from the order manager
 * await bridge.stop();
 * ```
 */
export interface Bridge {
  /** Random id of this run; carried in batch headers, heartbeats and replies. */
  readonly sessionId: number;
  /** Bound endpoints once started, else null. */
  readonly endpoints: BridgeEndpoints | null;
  /** Binds the sockets and starts heartbeats and the intent loop. */
  start(): Promise<BridgeEndpoints>;
  /**
   * Queues `count` 32-byte tick records (v1 format) for publishing, batched per (source, symbol). Never blocks: the
   * PUB socket drops for a subscriber at its high-water mark, which the subscriber sees as a sequence gap. Throws
   * before `start()`; after `stop()` the ticks are dropped and counted in `ticksDropped`.
   */
  publishTicks(records: Uint8Array, count: number): void;
  /**
   * Queues the one 32-byte record at `byteOffset` of `bytes`. For a ring consumer handing over one slot at a time:
   * it allocates nothing while `bytes` is the same array (no `subarray` per tick needed).
   */
  publishTickAt(bytes: Uint8Array, byteOffset: number): void;
  /** Sends every partial tick batch now; call when the tick source ran dry to cut latency. */
  flush(): void;
  /**
   * Publishes one order event as a numbered order update on the owner's stream. Throws before `start()`; after
   * `stop()` the update is dropped and counted in `orderUpdatesDropped`.
   */
  publishOrderUpdate(event: OrderEvent, options?: PublishOrderUpdateOptions): void;
  /** A snapshot of the counters. */
  stats(): BridgeStats;
  /**
   * Answers the intents still with the handler (bounded by `stopDrainTimeoutMs`), sends pending tick batches,
   * closes the sockets (giving libzmq `lingerMs` to deliver what is queued). Idempotent.
   */
  stop(): Promise<void>;
}

/**
 * Creates a bridge. Options are checked now: an endpoint off loopback without CURVE keys, or any out-of-range
 * value, throws a `ConfigError` before any socket exists.
 */
export function createBridge(options: BridgeOptions = {}): Bridge {
  return new ZeroMqBridge(resolveBridgeOptions(options));
}

class ZeroMqBridge implements Bridge {
  readonly sessionId = randomBytes(4).readUInt32LE(0) || 1;
  endpoints: BridgeEndpoints | null = null;
  private readonly options: ResolvedBridgeOptions;
  private readonly counters = new BridgeCounters();
  private readonly journal: ReplyJournal;
  private readonly updates: OrderUpdateStreams;
  private readonly context = new zmq.Context();
  private publisher: zmq.Publisher | null = null;
  private router: IntentRouter | null = null;
  private routerSocket: zmq.Router | null = null;
  private authenticator: CurveAuthenticator | null = null;
  private batcher: TickBatcher | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private heartbeatSequence = 0;
  private state: 'new' | 'starting' | 'running' | 'stopped' = 'new';

  constructor(options: ResolvedBridgeOptions) {
    this.options = options;
    this.journal = new ReplyJournal(options.replyCacheCapacity);
    this.updates = new OrderUpdateStreams(
      this.sessionId,
      options.orderUpdateReplayCapacity,
      options.replyCacheCapacity,
    );
  }

  async start(): Promise<BridgeEndpoints> {
    if (this.state !== 'new') {
      throw new TickwireError({
        code: 'INVALID_STATE',
        message: `start() was called on a bridge that is ${this.state}; a bridge starts once. Create a new one with createBridge().`,
      });
    }
    this.state = 'starting';
    try {
      this.endpoints = await this.bind();
    } catch (error) {
      this.state = 'stopped';
      await this.closeSockets();
      throw error;
    }
    const publisher = this.publisher!;
    this.batcher = new TickBatcher({
      maxBatchRecords: this.options.maxBatchRecords,
      maxBatchDelayMicros: this.options.maxBatchDelayMicros,
      sessionId: this.sessionId,
      sink: (topic, payload, count) => this.sendTickBatch(publisher, topic, payload, count),
    });
    this.router?.start();
    // Kept referenced, like a listening server: a running bridge keeps the process alive until stop().
    this.heartbeatTimer = setInterval(() => this.publishHeartbeat(), this.options.heartbeatIntervalMs);
    this.state = 'running';
    this.publishHeartbeat();
    return this.endpoints;
  }

  publishTicks(records: Uint8Array, count: number): void {
    if (this.state !== 'running') {
      this.refuseAfterStop('publishTicks', count);
      return;
    }
    this.batcher!.add(records, count);
  }

  publishTickAt(bytes: Uint8Array, byteOffset: number): void {
    if (this.state !== 'running') {
      this.refuseAfterStop('publishTickAt', 1);
      return;
    }
    this.batcher!.addOne(bytes, byteOffset);
  }

  flush(): void {
    this.batcher?.flush();
  }

  publishOrderUpdate(event: OrderEvent, options: PublishOrderUpdateOptions = {}): void {
    const publisher = this.publisher;
    if (publisher === null || this.state !== 'running') {
      if (this.state !== 'stopped') throw this.notRunning('publishOrderUpdate');
      this.counters.orderUpdatesDropped++;
      return;
    }
    const nowUs = Math.round((performance.timeOrigin + performance.now()) * 1000);
    const update = this.updates.render(event, options.stream, nowUs);
    this.counters.orderUpdatesPublished++;
    publisher.send([update.topic, update.body]).catch(() => {
      this.counters.orderUpdatesPublished--;
      this.counters.orderUpdatesDropped++;
    });
  }

  stats(): BridgeStats {
    const counters = this.counters;
    return {
      sessionId: this.sessionId,
      ticksPublished: counters.ticksPublished,
      tickBatchesPublished: counters.tickBatchesPublished,
      tickBatchesDropped: counters.tickBatchesDropped,
      ticksDropped: counters.ticksDropped,
      ticksPending: this.batcher?.pendingRecords ?? 0,
      payloadSlabsAllocated: this.batcher?.slabCounts.allocated ?? 0,
      payloadSlabsRecycled: this.batcher?.slabCounts.recycled ?? 0,
      orderUpdatesPublished: counters.orderUpdatesPublished,
      orderUpdatesDropped: counters.orderUpdatesDropped,
      heartbeatsPublished: counters.heartbeatsPublished,
      messagesReceived: counters.messagesReceived,
      intentsReceived: counters.intentsReceived,
      intentsAccepted: counters.intentsAccepted,
      intentsDenied: counters.intentsDenied,
      intentsUnknownOutcome: counters.intentsUnknownOutcome,
      duplicateIntents: counters.duplicateIntents,
      intentsPending: this.router?.pendingCount ?? 0,
      repliesReplayed: counters.repliesReplayed,
      orderUpdatesReplayed: counters.orderUpdatesReplayed,
      pingsReceived: counters.pingsReceived,
      errors: { ...counters.errors },
      internalErrors: counters.internalErrors,
      repliesCached: this.journal.size,
      repliesEvicted: this.journal.evicted,
      liveClients: this.router?.liveClients() ?? 0,
    };
  }

  async stop(): Promise<void> {
    if (this.state === 'stopped') return;
    const wasRunning = this.state === 'running';
    this.state = 'stopped';
    if (this.heartbeatTimer !== null) clearInterval(this.heartbeatTimer);
    if (wasRunning) {
      await this.router?.drain(this.options.stopDrainTimeoutMs);
      this.batcher?.close();
    }
    await this.closeSockets();
  }

  private async bind(): Promise<BridgeEndpoints> {
    const { curve, heartbeatIntervalMs } = this.options;
    const security: Partial<zmq.SocketOptions<zmq.Publisher>> =
      curve === undefined
        ? {}
        : {
            curveServer: true,
            curvePublicKey: curve.publicKey,
            curveSecretKey: curve.secretKey,
            zapDomain: BRIDGE_ZAP_DOMAIN,
          };
    if (curve?.allowedClientKeys !== undefined && curve.allowedClientKeys.length > 0) {
      this.authenticator = new CurveAuthenticator(this.context, curve.allowedClientKeys);
      await this.authenticator.start();
    }
    // ZMTP heartbeats let libzmq notice a dead TCP peer; the protocol's own heartbeats serve the applications.
    // libzmq drops a connection whose peer does not answer a PING within heartbeatTimeout, and a dropped PUB
    // connection loses everything queued for it. A 60 ms timeout (20 ms protocol heartbeats) is within reach of an
    // I/O thread starved on a busy machine, so a dead peer is declared after seconds, never after a few intervals.
    const zmtpInterval = Math.max(heartbeatIntervalMs, minZmtpHeartbeatIntervalMs);
    const liveness = { heartbeatInterval: zmtpInterval, heartbeatTimeout: 3 * zmtpInterval };
    // sendTimeout 0: zeromq.js then sends synchronously every time. Otherwise it defers every 513th send to spare
    // the event loop and throws EBUSY at the next one. PUB and non-mandatory ROUTER never block anyway.
    const immediate = { sendTimeout: 0 };
    this.publisher = new zmq.Publisher({
      context: this.context,
      linger: this.options.lingerMs,
      sendHighWaterMark: this.options.publishHighWaterMark,
      ...immediate,
      ...liveness,
      ...security,
    });
    const publish = await bindOrExplain(this.publisher, 'publishEndpoint', this.options.publishEndpoint);
    let intent: string | null = null;
    if (this.options.intentEndpoint !== null && this.options.intentHandler !== undefined) {
      this.routerSocket = new zmq.Router({
        context: this.context,
        linger: this.options.lingerMs,
        maxMessageSize: this.options.hardMaxMessageBytes,
        // A client that reconnects under the routing id it had takes over its old connection.
        handover: true,
        ...immediate,
        ...liveness,
        ...security,
      });
      intent = await bindOrExplain(this.routerSocket, 'intentEndpoint', this.options.intentEndpoint);
      this.router = new IntentRouter({
        socket: this.routerSocket,
        handler: this.options.intentHandler,
        journal: this.journal,
        updates: this.updates,
        counters: this.counters,
        sessionId: this.sessionId,
        heartbeatIntervalMs,
        maxIntentBytes: this.options.maxIntentBytes,
        maxPendingIntents: this.options.maxPendingIntents,
        intentTimeoutMs: this.options.intentTimeoutMs,
        replyCacheCapacity: this.options.replyCacheCapacity,
      });
    }
    return { publish, intent };
  }

  private sendTickBatch(publisher: zmq.Publisher, topic: Buffer, payload: Uint8Array, count: number): void {
    const counters = this.counters;
    counters.ticksPublished += count;
    counters.tickBatchesPublished++;
    // A PUB send does not block; it is rejected only when the socket cannot take the message at all.
    publisher.send([topic, payload]).catch(() => {
      counters.ticksPublished -= count;
      counters.tickBatchesPublished--;
      counters.ticksDropped += count;
      counters.tickBatchesDropped++;
    });
  }

  private publishHeartbeat(): void {
    const publisher = this.publisher;
    if (publisher === null || publisher.closed) return;
    this.heartbeatSequence++;
    const heartbeat = {
      v: BRIDGE_PROTOCOL_VERSION,
      type: 'heartbeat',
      session: this.sessionId,
      seq: this.heartbeatSequence,
      timeUs: Math.round((performance.timeOrigin + performance.now()) * 1000),
      intervalMs: this.options.heartbeatIntervalMs,
      ticksPublished: this.counters.ticksPublished,
      orderStreams: this.updates.lastSequences(),
    };
    this.counters.heartbeatsPublished++;
    publisher.send([HEARTBEAT_TOPIC, JSON.stringify(heartbeat)]).catch(() => {});
  }

  private async closeSockets(): Promise<void> {
    this.routerSocket?.close();
    await this.router?.stopped();
    this.publisher?.close();
    await this.authenticator?.stop();
  }

  /** Before start a publish is a wiring mistake; after stop (events still draining at shutdown) it is a counted drop. */
  private refuseAfterStop(operation: string, ticks: number): void {
    if (this.state !== 'stopped') throw this.notRunning(operation);
    this.counters.ticksDropped += ticks;
  }

  private notRunning(operation: string): TickwireError {
    return new TickwireError({
      code: 'INVALID_STATE',
      message: `${operation} was called on a bridge that is ${this.state}; call it between start() and stop().`,
    });
  }
}

async function bindOrExplain(socket: zmq.Socket, field: string, endpoint: string): Promise<string> {
  try {
    await socket.bind(endpoint);
  } catch (error) {
    throw new TickwireError({
      code: 'CONNECTION_FAILED',
      message: `The bridge could not bind ${field} ${endpoint}: ${(error as Error).message}. If another process holds the port, stop it or choose another ${field} (tcp://127.0.0.1:* picks a free port).`,
      cause: error,
      retryable: false,
    });
  }
  return socket.lastEndpoint ?? endpoint;
}
