import type { DataKind, OrderSide, OrderStatus, OrderType, TimeInForce } from '@tickwire/core';

/**
 * One authentication attempt as the fake broker saw it (a WebSocket auth message, a login on a socket protocol,
 * a REST call's credentials checked for the first time on a connection).
 */
export interface FakeAuthAttempt {
  /** True when the fake accepted the credentials. */
  readonly accepted: boolean;
  /** The fake's local time of the attempt, epoch milliseconds. */
  readonly atMs: number;
  /** Which client connection it came on (see {@link FakeSubscriptionRecord.connectionId}). */
  readonly connectionId?: number;
}

/**
 * What the fake broker did with one order request. `accepted` created an order; `duplicate` matched an order it
 * already holds under that client order id (an idempotent resend: no second order); the others created nothing.
 */
export type FakeRequestOutcome = 'accepted' | 'duplicate' | 'rejected' | 'rate-limited' | 'refused';

/** One order submission that reached the fake broker, one entry per request (a resend is a second entry). */
export interface FakeOrderRequestRecord {
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly timeInForce: TimeInForce;
  readonly quantity?: number;
  readonly limitPrice?: number;
  readonly stopPrice?: number;
  readonly outcome: FakeRequestOutcome;
  /** The broker's id of the order the request created or matched. */
  readonly brokerOrderId?: string;
  readonly atMs: number;
}

/** What the fake broker did with a cancel or replace request. */
export type FakeChangeOutcome = 'accepted' | 'not-found' | 'not-cancelable' | 'rejected' | 'rate-limited' | 'refused';

/** One cancel request that reached the fake broker. Either id may be missing, as the venue's protocol allows. */
export interface FakeCancelRecord {
  readonly clientOrderId?: string;
  readonly brokerOrderId?: string;
  readonly outcome: FakeChangeOutcome;
  readonly atMs: number;
}

/** One replace (cancel/replace, amend) request that reached the fake broker. */
export interface FakeReplaceRecord {
  readonly clientOrderId: string;
  readonly newClientOrderId: string;
  readonly quantity?: number;
  readonly limitPrice?: number;
  readonly stopPrice?: number;
  readonly outcome: FakeChangeOutcome;
  readonly atMs: number;
}

/** One subscribe or unsubscribe message that reached the fake broker, in tickwire's data-kind terms. */
export interface FakeSubscriptionRecord {
  readonly action: 'subscribe' | 'unsubscribe';
  readonly symbols: readonly string[];
  readonly kinds: readonly DataKind[];
  /** Numbers the client connections 1, 2, 3...: a resubscription after a reconnect comes on a new one. */
  readonly connectionId: number;
  readonly atMs: number;
}

/**
 * Everything that reached the fake broker, read from the fake's side. The test kit asserts on these, never on
 * what the connector says it did. The arrays only grow; the kit reads them at any time.
 */
export interface FakeBrokerReceived {
  readonly authAttempts: readonly FakeAuthAttempt[];
  readonly orders: readonly FakeOrderRequestRecord[];
  readonly cancels: readonly FakeCancelRecord[];
  readonly replaces: readonly FakeReplaceRecord[];
  readonly subscriptions: readonly FakeSubscriptionRecord[];
  /** Client connections open right now (WebSocket, socket, or in-process sessions). */
  readonly openConnections: number;
}

/** One quote the fake broker actually wrote to a client, in the order it wrote them. */
export interface FakeQuote {
  readonly symbol: string;
  /** `NaN` for a missing side. */
  readonly bid: number;
  readonly ask: number;
  /** Sizes, when the venue publishes them (the tick's volume is their sum, per docs/tick-format.md). */
  readonly bidSize?: number;
  readonly askSize?: number;
  /**
   * The venue's time stamped in the message, epoch milliseconds (a fraction for sub-millisecond precision).
   * Leave out when the venue's quotes carry no time: the tick must then carry the receive time.
   */
  readonly venueTimeMs?: number;
  /**
   * True for a snapshot (the state sent on subscribe): the tick must carry `SNAPSHOT`; false: it must not. Leave it
   * out only when the fake cannot tell (an in-process venue that logs what it emits): the flag is then not checked.
   */
  readonly snapshot?: boolean;
  /**
   * True when the venue's sequence skipped right before this quote (a gap fault): the tick must carry `GAP_BEFORE`;
   * false: it must not. Leave it out only when the fake cannot tell; the flag is then not checked against it.
   */
  readonly gapBefore?: boolean;
}

/** The broker's own view of an order, mapped to tickwire's statuses by the fake. */
export interface FakeOrderState {
  readonly clientOrderId: string;
  readonly brokerOrderId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly status: OrderStatus;
  readonly quantity: number;
  /** Cumulative filled quantity: the broker's truth that every accumulation of fills must reach. */
  readonly filledQuantity: number;
  readonly limitPrice?: number;
  /** Set once the order was replaced: the client order id of its replacement. */
  readonly replacedByClientOrderId?: string;
}

/** One execution the fake broker made (see {@link FakeBrokerHandle.fill}). */
export interface FakeExecution {
  readonly clientOrderId: string;
  /** The venue's execution id, when its protocol has one. */
  readonly executionId?: string;
  readonly quantity: number;
  readonly price: number;
  /** The order's cumulative filled quantity after this execution. */
  readonly cumulativeQuantity: number;
  /** Venue time of the execution, epoch milliseconds. */
  readonly timestampMs: number;
}
