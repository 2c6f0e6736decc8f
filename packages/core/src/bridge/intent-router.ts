import type * as zmq from 'zeromq';
import {
  HEARTBEAT_MISSES_BEFORE_DEAD,
  ORDER_UPDATES_PER_REPLY,
  SUPPORTED_BRIDGE_PROTOCOL_VERSIONS,
} from './bridge-protocol';
import type { BridgeCounters } from './bridge-stats';
import { IntentDeadlines } from './intent-deadlines';
import type { IntentOutcome, OrderIntentHandler } from './intent-handler';
import { type ClientMessage, parseClientMessage, type SubmitMessage } from './intent-messages';
import {
  errorReply,
  type IntentAction,
  renderErrorReply,
  renderOrderUpdates,
  renderOutcomeReply,
  renderPong,
  renderReplayEnd,
  renderWelcome,
} from './intent-replies';
import type { OrderUpdateStreams } from './order-update-streams';
import type { ReplyJournal } from './reply-journal';

/** What an {@link IntentRouter} serves with. */
export interface IntentRouterOptions {
  readonly socket: zmq.Router;
  readonly handler: OrderIntentHandler;
  readonly journal: ReplyJournal;
  readonly updates: OrderUpdateStreams;
  readonly counters: BridgeCounters;
  readonly sessionId: number;
  readonly heartbeatIntervalMs: number;
  readonly maxIntentBytes: number;
  readonly maxPendingIntents: number;
  readonly intentTimeoutMs: number;
  readonly replyCacheCapacity: number;
}

/** The ROUTER frames in front of the body: the routing id, plus an empty delimiter for REQ clients. */
type Envelope = readonly Buffer[];

type IntentMessage = Extract<ClientMessage, { type: IntentAction }>;

/** An intent with the handler: everyone waiting for its reply, and when it times out. */
interface PendingIntent {
  readonly key: string;
  readonly message: IntentMessage;
  readonly envelopes: Envelope[];
  readonly deadlineMs: number;
  /** Set once the reply went out (handler answer or timeout); a later answer is then ignored. */
  answered: boolean;
}

/**
 * Serves the intent socket: parses each message, hands intents to the handler at most once per (client, intent
 * id), and sends exactly one numbered reply per intent, to every copy of it that arrived.
 *
 * Nothing a client sends can stop the loop: every refusal becomes an `error` reply (when a routing id is known)
 * and a counter.
 */
export class IntentRouter {
  private readonly options: IntentRouterOptions;
  /** Intents waiting for the handler, keyed like the journal, with everyone waiting for the reply. */
  private readonly pending = new Map<string, PendingIntent>();
  /** The intents the handler answers later (in a promise), for the intent timeout. */
  private readonly deadlines = new IntentDeadlines<PendingIntent>((intent) =>
    this.answer(intent, {
      kind: 'unknown-outcome',
      why: `the order manager did not answer within ${this.options.intentTimeoutMs} ms`,
    }),
  );
  private readonly lastSeenMs = new Map<string, number>();
  private closing = false;
  private loop: Promise<void> | null = null;
  private settled: (() => void) | null = null;

  constructor(options: IntentRouterOptions) {
    this.options = options;
  }

  /** Intents waiting for the handler right now. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** Client names heard from within the last three heartbeat intervals. */
  liveClients(): number {
    const cutoff = performance.now() - HEARTBEAT_MISSES_BEFORE_DEAD * this.options.heartbeatIntervalMs;
    let live = 0;
    for (const [client, seenMs] of this.lastSeenMs) {
      if (seenMs >= cutoff) live++;
      else this.lastSeenMs.delete(client);
    }
    return live;
  }

  /** Starts the receive loop; it ends when the socket closes. */
  start(): void {
    this.loop ??= this.receiveLoop();
  }

  /**
   * Refuses new intents (`shutting-down`), waits until every pending one is answered (each is bounded by the
   * intent timeout) or `timeoutMs` passes, then returns. The socket stays open for the caller to close.
   */
  async drain(timeoutMs: number): Promise<void> {
    this.closing = true;
    if (this.pending.size === 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.settled = () => {
        if (this.pending.size > 0) return;
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /** Waits for the receive loop to end after the socket was closed. */
  async stopped(): Promise<void> {
    await this.loop;
  }

  private async receiveLoop(): Promise<void> {
    const socket = this.options.socket;
    while (!socket.closed) {
      let frames: Buffer[];
      try {
        frames = await socket.receive();
      } catch {
        // Closing the socket rejects the pending receive; anything else is transient, so keep serving.
        if (socket.closed) break;
        continue;
      }
      try {
        this.handleFrames(frames);
      } catch (error) {
        // A bug here must not stop the bridge: count it, warn, and serve the next message.
        this.options.counters.internalErrors++;
        process.emitWarning(`tickwire bridge: failed to handle an intent message: ${(error as Error).message}`);
      }
    }
  }

  private handleFrames(frames: Buffer[]): void {
    const counters = this.options.counters;
    counters.messagesReceived++;
    const routingId = frames[0]!;
    const isRequestEnvelope = frames.length >= 3 && frames[1]!.byteLength === 0;
    const envelope: Envelope = isRequestEnvelope ? [routingId, frames[1]!] : [routingId];
    if (frames.length !== envelope.length + 1) {
      this.refuse(
        envelope,
        errorReply(
          'bad-frames',
          `expected one body frame after the envelope, got ${frames.length - envelope.length}; send the JSON message as a single frame`,
        ),
        'bad-frames',
      );
      return;
    }
    const body = frames[envelope.length]!;
    if (body.byteLength > this.options.maxIntentBytes) {
      this.refuse(
        envelope,
        errorReply(
          'too-large',
          `a message of ${body.byteLength} bytes exceeds the limit of ${this.options.maxIntentBytes} bytes`,
        ),
        'too-large',
      );
      return;
    }
    const parsed = parseClientMessage(body);
    if (!parsed.ok) {
      this.refuse(envelope, renderErrorReply(parsed.problem), parsed.problem.code);
      return;
    }
    this.dispatch(envelope, parsed.message);
  }

  private dispatch(envelope: Envelope, message: ClientMessage): void {
    const { counters, journal, updates } = this.options;
    if ('client' in message && message.client !== undefined) this.lastSeenMs.set(message.client, performance.now());
    switch (message.type) {
      case 'hello': {
        const offered = message.versions ?? [message.v];
        const version = Math.max(...offered.filter((v) => SUPPORTED_BRIDGE_PROTOCOL_VERSIONS.includes(v)), -1);
        if (version < 0) {
          this.refuse(
            envelope,
            errorReply(
              'unsupported-version',
              `none of the offered protocol versions [${offered.join(', ')}] is supported; this bridge speaks [${SUPPORTED_BRIDGE_PROTOCOL_VERSIONS.join(', ')}]`,
              message.client,
            ),
            'unsupported-version',
          );
          return;
        }
        this.send(
          envelope,
          renderWelcome({
            version,
            sessionId: this.options.sessionId,
            client: message.client,
            lastSequence: journal.lastSequence(message.client),
            lastUpdateSequence: updates.lastSequences()[message.client] ?? 0,
            heartbeatIntervalMs: this.options.heartbeatIntervalMs,
            maxIntentBytes: this.options.maxIntentBytes,
            replyCacheCapacity: this.options.replyCacheCapacity,
          }),
        );
        return;
      }
      case 'ping':
        counters.pingsReceived++;
        this.send(envelope, renderPong(this.options.sessionId, message.nonce));
        return;
      case 'replay': {
        const replayed = journal.repliesAfter(message.client, message.after);
        for (const body of replayed.bodies) this.send(envelope, body);
        counters.repliesReplayed += replayed.bodies.length;
        this.send(
          envelope,
          renderReplayEnd(
            message.client,
            message.after,
            replayed.bodies.length,
            replayed.lastSequence,
            replayed.truncated,
          ),
        );
        return;
      }
      case 'replay-updates': {
        const found = updates.updatesAfter(message.stream, message.after, ORDER_UPDATES_PER_REPLY);
        counters.orderUpdatesReplayed += found.bodies.length;
        this.send(
          envelope,
          renderOrderUpdates(
            message.stream,
            message.after,
            found.bodies,
            found.lastSequence,
            found.more,
            found.truncated,
          ),
        );
        return;
      }
      default:
        this.acceptIntent(envelope, message);
    }
  }

  private acceptIntent(envelope: Envelope, message: IntentMessage): void {
    const { counters, journal } = this.options;
    const cached = journal.lookup(message.client, message.intent);
    if (cached !== undefined) {
      counters.duplicateIntents++;
      this.send(envelope, cached);
      return;
    }
    const key = `${message.client}\n${message.intent}`;
    const waiting = this.pending.get(key);
    if (waiting !== undefined) {
      counters.duplicateIntents++;
      waiting.envelopes.push(envelope);
      return;
    }
    if (this.closing) {
      this.refuse(
        envelope,
        errorReply('shutting-down', 'the bridge is stopping and takes no new intents', message.client, message.intent),
        'shutting-down',
      );
      return;
    }
    if (this.pending.size >= this.options.maxPendingIntents) {
      this.refuse(
        envelope,
        errorReply(
          'overloaded',
          `${this.pending.size} intents are already waiting for the order manager; retry this intent id later`,
          message.client,
          message.intent,
        ),
        'overloaded',
      );
      return;
    }
    counters.intentsReceived++;
    const intent: PendingIntent = {
      key,
      message,
      envelopes: [envelope],
      deadlineMs: performance.now() + this.options.intentTimeoutMs,
      answered: false,
    };
    this.pending.set(key, intent);
    this.decide(intent);
  }

  /**
   * Calls the handler. An outcome returned directly is answered before this returns, one in a promise when it
   * settles; a throw, a rejection, a bad answer or the intent timeout is `unknown-outcome`.
   */
  private decide(intent: PendingIntent): void {
    let result: unknown;
    try {
      result = this.callHandler(intent.message);
    } catch (error) {
      this.answer(intent, failure(error));
      return;
    }
    if (isThenable(result)) {
      this.deadlines.watch(intent);
      result.then(
        (outcome) => this.answer(intent, this.checked(intent.message, outcome)),
        (error: unknown) => this.answer(intent, failure(error)),
      );
    } else this.answer(intent, this.checked(intent.message, result));
  }

  private callHandler(message: IntentMessage): unknown {
    const handler = this.options.handler;
    const defaultId = `${message.client}-${message.intent}`;
    const context = { client: message.client, intentId: message.intent };
    switch (message.type) {
      case 'submit': {
        const clientOrderId = message.order.clientOrderId ?? defaultId;
        // Known before the handler runs: a broker may fill the order (and its updates go out) before it answers.
        this.rememberSubmitted(message, clientOrderId);
        return handler.submit({ ...context, order: { ...message.order, clientOrderId } });
      }
      case 'cancel':
        return handler.cancel({ ...context, clientOrderId: message.clientOrderId });
      case 'replace':
        return handler.replace({
          ...context,
          replace: {
            ...message.changes,
            clientOrderId: message.clientOrderId,
            newClientOrderId: message.newClientOrderId ?? defaultId,
          },
        });
    }
  }

  /** The handler's answer as an outcome; also after a timeout, an accepted order's updates must reach its owner. */
  private checked(message: IntentMessage, outcome: unknown): IntentOutcome {
    if (!isOutcome(outcome)) return { kind: 'unknown-outcome', why: 'the order manager returned no valid outcome' };
    if (message.type === 'submit' && outcome.kind === 'accepted') {
      // The handler may have used another id than the one remembered before it ran.
      const remembered = message.order.clientOrderId ?? `${message.client}-${message.intent}`;
      if (outcome.clientOrderId !== remembered) this.rememberSubmitted(message, outcome.clientOrderId);
    }
    return outcome;
  }

  private rememberSubmitted(message: SubmitMessage, clientOrderId: string): void {
    this.options.updates.rememberOrder(clientOrderId, {
      client: message.client,
      intentId: message.intent,
      symbol: message.order.symbol,
      side: message.order.side,
    });
  }

  private answer(intent: PendingIntent, outcome: IntentOutcome): void {
    if (intent.answered) return;
    intent.answered = true;
    const { counters, journal, updates } = this.options;
    const message = intent.message;
    if (outcome.kind === 'accepted') {
      counters.intentsAccepted++;
      if (message.type === 'replace') {
        updates.rememberOrder(outcome.clientOrderId, { client: message.client, intentId: message.intent });
      }
    } else if (outcome.kind === 'denied') counters.intentsDenied++;
    else counters.intentsUnknownOutcome++;
    const address = {
      client: message.client,
      intentId: message.intent,
      action: message.type,
      sessionId: this.options.sessionId,
    };
    const body = journal.record(message.client, message.intent, (sequence) =>
      renderOutcomeReply(address, sequence, outcome),
    );
    this.pending.delete(intent.key);
    for (const envelope of intent.envelopes) this.send(envelope, body);
    this.settled?.();
  }

  private refuse(envelope: Envelope, body: string, code: Parameters<BridgeCounters['countError']>[0]): void {
    this.options.counters.countError(code);
    this.send(envelope, body);
  }

  private send(envelope: Envelope, body: string): void {
    const socket = this.options.socket;
    if (socket.closed) return;
    // A non-mandatory ROUTER never blocks: a reply to a vanished peer is discarded, which `replay` recovers.
    socket.send([...envelope, body]).catch(() => {});
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as PromiseLike<unknown>).then === 'function';
}

function failure(error: unknown): IntentOutcome {
  return {
    kind: 'unknown-outcome',
    why: `the order manager failed: ${error instanceof Error ? error.message : String(error)}`,
  };
}

function isOutcome(value: unknown): value is IntentOutcome {
  if (typeof value !== 'object' || value === null) return false;
  const outcome = value as Record<string, unknown>;
  switch (outcome.kind) {
    case 'accepted':
      return typeof outcome.clientOrderId === 'string';
    case 'denied':
      return typeof outcome.reasonCode === 'number' && typeof outcome.reasonName === 'string';
    case 'unknown-outcome':
      return typeof outcome.why === 'string';
    default:
      return false;
  }
}
