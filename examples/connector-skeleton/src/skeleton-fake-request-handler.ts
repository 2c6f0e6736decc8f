import type {
  FakeAuthAttempt,
  FakeCancelRecord,
  FakeChangeOutcome,
  FakeOrderRequestRecord,
  FakeReplaceRecord,
  FakeSubscriptionRecord,
} from '@tickwire/testkit';
import type { SkeletonFakeVenue, VenueAnswer } from './skeleton-fake-venue';
import type { SkeletonServerMessage } from './skeleton-protocol';

/** One client connection as the fake sees it. */
export interface SkeletonFakeSession {
  readonly id: number;
  authed: boolean;
  readonly symbols: Set<string>;
}

/** A request frame as parsed JSON: nothing about it is trusted. */
export type SkeletonFakeRequest = Readonly<Record<string, unknown>>;

/** The fake's record of what reached it. */
export interface SkeletonFakeLog {
  readonly authAttempts: FakeAuthAttempt[];
  readonly orders: FakeOrderRequestRecord[];
  readonly cancels: FakeCancelRecord[];
  readonly replaces: FakeReplaceRecord[];
  readonly subscriptions: FakeSubscriptionRecord[];
}

/** What to do after a request: the reply (its id is added by the caller) and messages for every client. */
export interface SkeletonFakeOutcome {
  readonly reply: Readonly<Record<string, unknown>>;
  readonly broadcasts: readonly SkeletonServerMessage[];
}

/** Settings of {@link SkeletonFakeRequestHandler}. */
export interface SkeletonFakeRequestSettings {
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly venueNowMs: () => number;
}

/**
 * Answers Skeleton requests as the venue would, logging each one with its outcome: the ground truth the test kit
 * reads. Order changes also produce `exec` reports for every connected client.
 */
export class SkeletonFakeRequestHandler {
  constructor(
    private readonly venue: SkeletonFakeVenue,
    private readonly log: SkeletonFakeLog,
    private readonly settings: SkeletonFakeRequestSettings,
  ) {}

  /**
   * @param refuseAuth - the rejectAuth fault is on.
   * @param stormUntilMs - order entry answers `rate_limited` until then (local ms).
   */
  handle(
    session: SkeletonFakeSession,
    request: SkeletonFakeRequest,
    refuseAuth: boolean,
    stormUntilMs: number,
  ): SkeletonFakeOutcome {
    const atMs = Date.now();
    if (request.op === 'auth') {
      const accepted =
        !refuseAuth && request.key === this.settings.apiKey && request.secret === this.settings.apiSecret;
      this.log.authAttempts.push({ accepted, atMs, connectionId: session.id });
      session.authed = accepted;
      return only(accepted ? { type: 'auth_ok' } : error('unauthorized', 'invalid key or secret'));
    }
    if (!session.authed) return only(error('unauthorized', 'authenticate first'));
    const rateLimited =
      stormUntilMs > atMs ? error('rate_limited', 'too many requests', Math.ceil(stormUntilMs - atMs)) : undefined;
    switch (request.op) {
      case 'subscribe':
      case 'unsubscribe':
        return this.#subscription(session, request.op, request, atMs);
      case 'new_order':
        return this.#newOrder(request, atMs, rateLimited);
      case 'cancel':
        return this.#cancel(request, atMs, rateLimited);
      case 'replace':
        return this.#replace(request, atMs, rateLimited);
      case 'orders':
        return only({ type: 'orders', orders: this.venue.openOrders() });
      case 'history': {
        const since = Number(request.since);
        const history = { orders: this.venue.closedSince(since), executions: this.venue.executionsSince(since) };
        return only({ type: 'history', ...history, ts: this.settings.venueNowMs() });
      }
      case 'account':
        return only({
          type: 'account',
          account: { account_id: 'SK-PAPER-1', currency: 'USD', cash: this.venue.cashAfter(100_000) },
          positions: this.venue.positions(),
        });
      default:
        return only(error('bad_request', `unknown op ${JSON.stringify(request.op)}`));
    }
  }

  #subscription(
    session: SkeletonFakeSession,
    action: 'subscribe' | 'unsubscribe',
    request: SkeletonFakeRequest,
    atMs: number,
  ): SkeletonFakeOutcome {
    const symbols = Array.isArray(request.symbols) ? request.symbols.map(String) : [];
    for (const symbol of symbols) {
      if (action === 'subscribe') session.symbols.add(symbol);
      else session.symbols.delete(symbol);
    }
    this.log.subscriptions.push({ action, symbols, kinds: ['quotes'], connectionId: session.id, atMs });
    return only({ type: `${action}d`, symbols });
  }

  #newOrder(request: SkeletonFakeRequest, atMs: number, rateLimited: object | undefined): SkeletonFakeOutcome {
    const price = typeof request.px === 'number' ? request.px : undefined;
    const terms = {
      cid: String(request.cid ?? ''),
      sym: String(request.sym ?? ''),
      side: request.side === 'sell' ? ('sell' as const) : ('buy' as const),
      kind: request.kind === 'market' ? ('market' as const) : ('limit' as const),
      tif: request.tif === 'gtc' ? ('gtc' as const) : ('day' as const),
      qty: Number(request.qty),
      ...(price === undefined ? {} : { px: price }),
    };
    const record = {
      clientOrderId: terms.cid,
      symbol: terms.sym,
      side: terms.side,
      type: terms.kind,
      timeInForce: terms.tif,
      quantity: terms.qty,
      ...(price === undefined ? {} : { limitPrice: price }),
      atMs,
    };
    if (rateLimited !== undefined) {
      this.log.orders.push({ ...record, outcome: 'rate-limited' });
      return only(rateLimited);
    }
    const answer = this.venue.submit(terms);
    if (!answer.ok) {
      this.log.orders.push({ ...record, outcome: 'rejected' });
      return only(error(answer.code, answer.message));
    }
    const duplicate = answer.duplicate === true;
    this.log.orders.push({ ...record, outcome: duplicate ? 'duplicate' : 'accepted', brokerOrderId: answer.order.oid });
    return {
      reply: { type: 'order', order: answer.order },
      broadcasts: duplicate ? [] : [{ type: 'exec', order: answer.order, ts: this.settings.venueNowMs() }],
    };
  }

  #cancel(request: SkeletonFakeRequest, atMs: number, rateLimited: object | undefined): SkeletonFakeOutcome {
    const clientOrderId = String(request.cid ?? '');
    if (rateLimited !== undefined) {
      this.log.cancels.push({ clientOrderId, outcome: 'rate-limited', atMs });
      return only(rateLimited);
    }
    const answer = this.venue.cancel(clientOrderId);
    this.log.cancels.push({ clientOrderId, outcome: changeOutcome(answer), atMs });
    return this.#orderChange(answer, []);
  }

  #replace(request: SkeletonFakeRequest, atMs: number, rateLimited: object | undefined): SkeletonFakeOutcome {
    const clientOrderId = String(request.cid ?? '');
    const newClientOrderId = String(request.new_cid ?? '');
    const quantity = typeof request.qty === 'number' ? request.qty : undefined;
    const price = typeof request.px === 'number' ? request.px : undefined;
    const record = {
      clientOrderId,
      newClientOrderId,
      ...(quantity === undefined ? {} : { quantity }),
      ...(price === undefined ? {} : { limitPrice: price }),
      atMs,
    };
    if (rateLimited !== undefined) {
      this.log.replaces.push({ ...record, outcome: 'rate-limited' });
      return only(rateLimited);
    }
    const answer = this.venue.replace(clientOrderId, newClientOrderId, quantity, price);
    this.log.replaces.push({ ...record, outcome: changeOutcome(answer) });
    const old = answer.ok ? this.venue.find(clientOrderId) : undefined;
    return this.#orderChange(
      answer,
      old === undefined ? [] : [{ type: 'exec', order: old, ts: this.settings.venueNowMs() }],
    );
  }

  /** Answers with the order and reports the change to every client, after the `before` reports. */
  #orderChange(answer: VenueAnswer, before: readonly SkeletonServerMessage[]): SkeletonFakeOutcome {
    if (!answer.ok) return only(error(answer.code, answer.message));
    return {
      reply: { type: 'order', order: answer.order },
      broadcasts: [...before, { type: 'exec', order: answer.order, ts: this.settings.venueNowMs() }],
    };
  }
}

function only(reply: object): SkeletonFakeOutcome {
  return { reply: reply as Readonly<Record<string, unknown>>, broadcasts: [] };
}

function error(code: string, message: string, retryAfterMs?: number): object {
  return { type: 'error', code, message, ...(retryAfterMs === undefined ? {} : { retry_after_ms: retryAfterMs }) };
}

function changeOutcome(answer: VenueAnswer): FakeChangeOutcome {
  if (answer.ok) return 'accepted';
  if (answer.code === 'not_found') return 'not-found';
  return answer.code === 'not_cancelable' ? 'not-cancelable' : 'rejected';
}
