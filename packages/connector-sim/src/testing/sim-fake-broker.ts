import type { ITradingConnector, OrderRequest, QuoteEvent, ReplaceRequest } from '@tickwire/core';
import type {
  FakeAuthAttempt,
  FakeBrokerFaults,
  FakeBrokerHandle,
  FakeBrokerReceived,
  FakeCancelRecord,
  FakeExecution,
  FakeOrderRequestRecord,
  FakeOrderState,
  FakeQuote,
  FakeReplaceRecord,
  FakeSubscriptionRecord,
} from '@tickwire/testkit';
import { SUBSCRIBE_QUOTES, SUBSCRIBE_TRADES } from '../market/synthetic-market';
import { SimConnector } from '../sim-connector';

/** The symbols the fake broker's config simulates. */
export const SIM_FAKE_BROKER_SYMBOLS = ['SIM-AAPL', 'SIM-MSFT'] as const;
const KIND_BITS = [
  [SUBSCRIBE_QUOTES, 'quotes'],
  [SUBSCRIBE_TRADES, 'trades'],
] as const;

/**
 * The sim's venue seen from the venue's side, for the test kit's `runConnectorConformance`. The sim has no wire:
 * its venue lives inside the connector, so this handle reaches it through `attach()` and logs what reaches the
 * matching engine and the feed (requests, subscriptions, published quotes), and drives fills with a print at the
 * venue.
 */
export class SimFakeBroker implements FakeBrokerHandle {
  #connector: SimConnector | undefined;
  #connectionId = 0;
  #acceptedConnects = 0;
  #scheduledAuthFailures = 0;
  readonly #quotes = new Map<string, FakeQuote[]>();
  readonly #log = {
    authAttempts: [] as FakeAuthAttempt[],
    orders: [] as FakeOrderRequestRecord[],
    cancels: [] as FakeCancelRecord[],
    replaces: [] as FakeReplaceRecord[],
    subscriptions: [] as FakeSubscriptionRecord[],
  };

  readonly received: FakeBrokerReceived = ((broker: SimFakeBroker) => ({
    get authAttempts(): readonly FakeAuthAttempt[] {
      return broker.#authAttempts();
    },
    orders: broker.#log.orders,
    cancels: broker.#log.cancels,
    replaces: broker.#log.replaces,
    subscriptions: broker.#log.subscriptions,
    get openConnections(): number {
      const venue = broker.#connector?.venue;
      return venue?.isRunning === true && venue.linkUp ? 1 : 0;
    },
  }))(this);

  readonly faults: FakeBrokerFaults = {
    rejectAuth: () => {
      // "Refuse every authentication from now on": more refusals than any connector could try in a case.
      this.#scheduledAuthFailures += 1_000;
      this.#sim().faults.failNextConnects({ count: 1_000, kind: 'auth' });
    },
    disconnect: { drop: () => this.#sim().faults.disconnect(), restore: () => this.#sim().faults.reconnect() },
    silenceData: { begin: () => this.#sim().faults.silence(), end: () => this.#sim().faults.endSilence() },
    sequenceGap: (symbol, missing) => this.#sim().faults.sequenceGap({ symbol, count: missing }),
    clockSkew: (offsetMs) => this.#sim().faults.skewClock({ offsetMs }),
  };

  /** Nothing to start: the venue lives inside the connector. */
  async start(): Promise<void> {}

  /** Nothing to stop. */
  async stop(): Promise<void> {}

  /** A small, fast sim: two symbols, 1 ms latencies, quick stale detection. */
  connectorConfig(): unknown {
    return {
      seed: 7,
      symbols: [...SIM_FAKE_BROKER_SYMBOLS],
      latency: { ackMs: 1, fillMs: 1 },
      staleAfterMs: 300,
      heartbeatIntervalMs: 50,
    };
  }

  contextOverrides() {
    // The feed emits the full-precision quote of every tick it publishes: the venue's log of what it sent.
    return {
      marketData: {
        wants: (kind: string) => kind === 'quotes',
        quote: (event: QuoteEvent) => this.#quoteLog(event.symbol).push(toFakeQuote(event)),
        trade: () => {},
        bar: () => {},
        book: () => {},
      },
    };
  }

  /** Wraps the venue of the connector under test so every request that reaches it is logged. */
  attach(connector: ITradingConnector): void {
    if (!SimConnector.isInstance(connector)) throw new Error('SimFakeBroker drives the sim connector only.');
    this.#connector = connector;
    const { venue } = connector;
    const { engine } = venue;
    const start = venue.start.bind(venue);
    venue.start = () => {
      this.#acceptedConnects++;
      this.#connectionId++;
      start();
    };
    const restoreLink = venue.restoreLink.bind(venue);
    venue.restoreLink = () => {
      this.#connectionId++;
      restoreLink();
      // The venue keeps subscriptions across the outage and answers the re-made link with snapshots: a resubscription.
      for (const [bit, kind] of KIND_BITS) this.#logSubscription('subscribe', this.#symbolsWith(bit), kind);
    };
    const subscribe = venue.subscribe.bind(venue);
    venue.subscribe = (indexes, kinds) => this.#trackMasks('subscribe', () => subscribe(indexes, kinds));
    const unsubscribe = venue.unsubscribe.bind(venue);
    venue.unsubscribe = (indexes, kinds) => this.#trackMasks('unsubscribe', () => unsubscribe(indexes, kinds));
    const submit = engine.submit.bind(engine);
    engine.submit = (request: OrderRequest, nowMs: number, rejectAfterAccepting?: string) => {
      const outcome = submit(request, nowMs, rejectAfterAccepting);
      this.#log.orders.push({
        clientOrderId: request.clientOrderId,
        symbol: request.symbol,
        side: request.side,
        type: request.type,
        timeInForce: request.timeInForce,
        ...(request.quantity === undefined ? {} : { quantity: request.quantity }),
        ...(request.limitPrice === undefined ? {} : { limitPrice: request.limitPrice }),
        ...(request.stopPrice === undefined ? {} : { stopPrice: request.stopPrice }),
        outcome: outcome.outcome,
        ...(outcome.outcome === 'rejected' ? {} : { brokerOrderId: outcome.order.brokerOrderId }),
        atMs: nowMs,
      });
      return outcome;
    };
    const cancel = engine.cancel.bind(engine);
    engine.cancel = (clientOrderId: string, nowMs: number) => {
      const outcome = cancel(clientOrderId, nowMs);
      const result = { canceled: 'accepted', unknown: 'not-found', closed: 'not-cancelable' } as const;
      this.#log.cancels.push({ clientOrderId, outcome: result[outcome.outcome], atMs: nowMs });
      return outcome;
    };
    const replace = engine.replace.bind(engine);
    engine.replace = (request: ReplaceRequest, nowMs: number) => {
      const outcome = replace(request, nowMs);
      const result = {
        replaced: 'accepted',
        unknown: 'not-found',
        closed: 'not-cancelable',
        duplicate: 'rejected',
        rejected: 'rejected',
      } as const;
      this.#log.replaces.push({
        clientOrderId: request.clientOrderId,
        newClientOrderId: request.newClientOrderId,
        ...(request.quantity === undefined ? {} : { quantity: request.quantity }),
        ...(request.limitPrice === undefined ? {} : { limitPrice: request.limitPrice }),
        outcome: result[outcome.outcome],
        atMs: nowMs,
      });
      return outcome;
    };
  }

  /** Every quote the venue published for `symbol`, in order. */
  quotesSent(symbol: string): readonly FakeQuote[] {
    return this.#quotes.get(symbol) ?? [];
  }

  /** The venue's own record of an order. */
  order(clientOrderId: string): FakeOrderState | undefined {
    const snapshot = this.#connector?.venue.engine.getOrder(clientOrderId)?.toSnapshot();
    if (snapshot === undefined) return undefined;
    const { brokerOrderId, symbol, side, status, quantity, filledQuantity, limitPrice } = snapshot;
    return {
      clientOrderId,
      brokerOrderId,
      symbol,
      side,
      status,
      quantity,
      filledQuantity,
      ...(limitPrice === undefined ? {} : { limitPrice }),
    };
  }

  /** A print of `quantity` at `price` on the other side: the venue fills resting orders through it, at their limit. */
  fill(clientOrderId: string, quantity: number, price: number): FakeExecution {
    const { venue } = this.#sim();
    const order = venue.engine.getOrder(clientOrderId);
    if (order === undefined) throw new Error(`SimFakeBroker.fill: the venue holds no order ${clientOrderId}.`);
    const { book } = venue.feed;
    const nowMs = venue.nowMs();
    book.lastTrade[order.symbolIndex] = price;
    book.lastTradeSize[order.symbolIndex] = quantity;
    book.lastTradeTimeMs[order.symbolIndex] = nowMs;
    venue.engine.onTrade(order.symbolIndex, order.side === 'buy' ? -1 : 1);
    const execution = venue.engine.fills
      .since(nowMs)
      .filter((fill) => fill.clientOrderId === clientOrderId)
      .at(-1);
    if (execution === undefined)
      throw new Error(`SimFakeBroker.fill: the print at ${price} did not fill ${clientOrderId}.`);
    return {
      clientOrderId,
      executionId: execution.executionId,
      quantity: execution.quantity,
      price: execution.price,
      cumulativeQuantity: order.toSnapshot().filledQuantity,
      timestampMs: execution.timestampMs,
    };
  }

  #sim(): SimConnector {
    if (this.#connector === undefined) throw new Error('SimFakeBroker: no sim connector attached yet.');
    return this.#connector;
  }

  #authAttempts(): FakeAuthAttempt[] {
    const pending = this.#connector?.faults.status.pendingConnectFailures ?? 0;
    const refused = this.#scheduledAuthFailures - pending;
    return [
      ...Array.from({ length: this.#acceptedConnects }, () => ({ accepted: true, atMs: 0 })),
      ...Array.from({ length: refused }, () => ({ accepted: false, atMs: 0 })),
    ];
  }

  #quoteLog(symbol: string): FakeQuote[] {
    let log = this.#quotes.get(symbol);
    if (log === undefined) {
      log = [];
      this.#quotes.set(symbol, log);
    }
    return log;
  }

  #symbolsWith(bit: number): string[] {
    const { venue } = this.#sim();
    return venue.instruments.symbols().filter((_, index) => (venue.feed.subscribedKinds(index) & bit) !== 0);
  }

  /** Logs the (symbol, kind) pairs a venue call really changed: the venue leaves held pairs alone. */
  #trackMasks(action: 'subscribe' | 'unsubscribe', change: () => void): void {
    const before = KIND_BITS.map(([bit]) => new Set(this.#symbolsWith(bit)));
    change();
    KIND_BITS.forEach(([bit, kind], index) => {
      const after = new Set(this.#symbolsWith(bit));
      const held = before[index]!;
      const changed =
        action === 'subscribe' ? [...after].filter((s) => !held.has(s)) : [...held].filter((s) => !after.has(s));
      this.#logSubscription(action, changed, kind);
    });
  }

  #logSubscription(action: 'subscribe' | 'unsubscribe', symbols: readonly string[], kind: 'quotes' | 'trades'): void {
    if (symbols.length === 0) return;
    this.#log.subscriptions.push({
      action,
      symbols,
      kinds: [kind],
      connectionId: this.#connectionId,
      atMs: Date.now(),
    });
  }
}

function toFakeQuote(event: QuoteEvent): FakeQuote {
  return {
    symbol: event.symbol,
    bid: event.bidPrice,
    ask: event.askPrice,
    bidSize: event.bidSize,
    askSize: event.askSize,
    venueTimeMs: event.timestampMs,
  };
}
