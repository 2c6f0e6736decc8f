import type { OrderStatus } from '@tickwire/core';
import type { FakeOrderState } from '@tickwire/testkit';
import type { SkeletonExecution, SkeletonOrder, SkeletonOrderStatus } from './skeleton-protocol';

/** A venue order as the fake holds it (the wire form plus mutable state). */
interface VenueOrder {
  cid: string;
  oid: string;
  sym: string;
  side: 'buy' | 'sell';
  kind: 'limit' | 'market';
  tif: 'day' | 'gtc';
  qty: number;
  px?: number;
  status: SkeletonOrderStatus;
  cum_qty: number;
  notional: number;
  replaced_by?: string;
  created: number;
  updated: number;
}

/** The fields of a `new_order` request the venue checks. */
export interface VenueOrderTerms {
  readonly cid: string;
  readonly sym: string;
  readonly side: 'buy' | 'sell';
  readonly kind: 'limit' | 'market';
  readonly tif: 'day' | 'gtc';
  readonly qty: number;
  readonly px?: number;
}

/** What the venue did with a request: the order to answer with, or an error code and words. */
export type VenueAnswer =
  | { readonly ok: true; readonly order: SkeletonOrder; readonly duplicate?: boolean }
  | {
      readonly ok: false;
      readonly code: 'rejected' | 'duplicate' | 'not_found' | 'not_cancelable';
      readonly message: string;
    };

const FINAL: ReadonlySet<SkeletonOrderStatus> = new Set(['filled', 'canceled', 'replaced', 'rejected']);

// The fake's own translation to tickwire's statuses: the ground truth the kit compares against, kept apart from
// the connector's mapping on purpose.
const NEUTRAL_STATUS: Readonly<Record<SkeletonOrderStatus, OrderStatus>> = {
  accepted: 'new',
  partial: 'partially-filled',
  filled: 'filled',
  canceled: 'canceled',
  replaced: 'replaced',
  rejected: 'rejected',
};

/**
 * The order side of the fake Skeleton Exchange: orders by client order id (idempotent on it), cancels, replaces,
 * fills made on request, the execution journal and the account. Synchronous and socket-free; the fake broker
 * puts the protocol around it.
 */
export class SkeletonFakeVenue {
  readonly #orders = new Map<string, VenueOrder>();
  readonly #executions: SkeletonExecution[] = [];
  #nextOrderNumber = 1;
  #nextExecutionNumber = 1;

  constructor(private readonly nowMs: () => number) {}

  /** Creates an order, or answers a resend of the same client order id with the order it already holds. */
  submit(terms: VenueOrderTerms): VenueAnswer {
    const existing = this.#orders.get(terms.cid);
    if (existing !== undefined) {
      const same =
        existing.sym === terms.sym &&
        existing.side === terms.side &&
        existing.qty === terms.qty &&
        existing.px === terms.px;
      return same
        ? { ok: true, order: wire(existing), duplicate: true }
        : { ok: false, code: 'duplicate', message: `client order id ${terms.cid} is taken by another order` };
    }
    if (!(terms.qty > 0) || !Number.isInteger(terms.qty)) {
      return { ok: false, code: 'rejected', message: `quantity ${terms.qty} must be a positive whole number` };
    }
    if (terms.kind === 'limit' && !(typeof terms.px === 'number' && terms.px > 0)) {
      return { ok: false, code: 'rejected', message: 'a limit order needs a positive px' };
    }
    const now = this.nowMs();
    const order: VenueOrder = {
      ...terms,
      oid: `SK${this.#nextOrderNumber++}`,
      status: 'accepted',
      cum_qty: 0,
      notional: 0,
      created: now,
      updated: now,
    };
    this.#orders.set(order.cid, order);
    return { ok: true, order: wire(order) };
  }

  /** Cancels a working order; a final one is refused as not cancelable. */
  cancel(cid: string): VenueAnswer {
    const order = this.#orders.get(cid);
    if (order === undefined) return { ok: false, code: 'not_found', message: `no order ${cid}` };
    if (FINAL.has(order.status))
      return { ok: false, code: 'not_cancelable', message: `order ${cid} is ${order.status}` };
    order.status = 'canceled';
    order.updated = this.nowMs();
    return { ok: true, order: wire(order) };
  }

  /** Replaces a working order; answers with the new order. The old one becomes `replaced`. */
  replace(cid: string, newCid: string, qty: number | undefined, px: number | undefined): VenueAnswer {
    const old = this.#orders.get(cid);
    if (old === undefined) return { ok: false, code: 'not_found', message: `no order ${cid}` };
    if (FINAL.has(old.status)) return { ok: false, code: 'not_cancelable', message: `order ${cid} is ${old.status}` };
    if (this.#orders.has(newCid))
      return { ok: false, code: 'duplicate', message: `client order id ${newCid} is taken` };
    const newPrice = px ?? old.px;
    const created = this.submit({
      cid: newCid,
      sym: old.sym,
      side: old.side,
      kind: old.kind,
      tif: old.tif,
      qty: qty ?? old.qty - old.cum_qty,
      ...(newPrice === undefined ? {} : { px: newPrice }),
    });
    if (!created.ok) return created;
    old.status = 'replaced';
    old.replaced_by = newCid;
    old.updated = this.nowMs();
    return created;
  }

  /** Executes `qty` of a working order at `px`; returns the order after it and the execution. */
  fill(cid: string, qty: number, px: number): { readonly order: SkeletonOrder; readonly execution: SkeletonExecution } {
    const order = this.#orders.get(cid);
    if (order === undefined || FINAL.has(order.status)) {
      throw new Error(`Skeleton fake venue: cannot fill ${cid}, it is ${order?.status ?? 'unknown'}.`);
    }
    if (!(qty > 0) || order.cum_qty + qty > order.qty) {
      throw new Error(`Skeleton fake venue: cannot fill ${qty} of ${cid}, ${order.qty - order.cum_qty} is open.`);
    }
    const now = this.nowMs();
    order.cum_qty += qty;
    order.notional += qty * px;
    order.status = order.cum_qty === order.qty ? 'filled' : 'partial';
    order.updated = now;
    const execution: SkeletonExecution = {
      exec_id: `SKX${this.#nextExecutionNumber++}`,
      cid,
      oid: order.oid,
      sym: order.sym,
      side: order.side,
      qty,
      px,
      ts: now,
    };
    this.#executions.push(execution);
    return { order: wire(order), execution };
  }

  /** The wire form of an order, or undefined. */
  find(cid: string): SkeletonOrder | undefined {
    const order = this.#orders.get(cid);
    return order === undefined ? undefined : wire(order);
  }

  /** The order mapped to tickwire's status and the fields the kit compares. */
  neutral(cid: string): FakeOrderState | undefined {
    const order = this.#orders.get(cid);
    if (order === undefined) return undefined;
    return {
      clientOrderId: order.cid,
      brokerOrderId: order.oid,
      symbol: order.sym,
      side: order.side,
      status: NEUTRAL_STATUS[order.status],
      quantity: order.qty,
      filledQuantity: order.cum_qty,
      ...(order.px === undefined ? {} : { limitPrice: order.px }),
      ...(order.replaced_by === undefined ? {} : { replacedByClientOrderId: order.replaced_by }),
    };
  }

  /** Orders still working, in the order they were created. */
  openOrders(): SkeletonOrder[] {
    return [...this.#orders.values()].filter((order) => !FINAL.has(order.status)).map(wire);
  }

  /** Orders that reached a final state at or after `sinceMs` (venue ms). */
  closedSince(sinceMs: number): SkeletonOrder[] {
    return [...this.#orders.values()].filter((order) => FINAL.has(order.status) && order.updated >= sinceMs).map(wire);
  }

  /** Executions at or after `sinceMs` (venue ms), oldest first. */
  executionsSince(sinceMs: number): SkeletonExecution[] {
    return this.#executions.filter((execution) => execution.ts >= sinceMs);
  }

  /** Net position per symbol from every execution. */
  positions(): { sym: string; qty: number; avg_px: number }[] {
    const bySymbol = new Map<string, { qty: number; cost: number }>();
    for (const execution of this.#executions) {
      const signed = execution.side === 'buy' ? execution.qty : -execution.qty;
      const position = bySymbol.get(execution.sym) ?? { qty: 0, cost: 0 };
      position.qty += signed;
      position.cost += signed * execution.px;
      bySymbol.set(execution.sym, position);
    }
    return [...bySymbol].map(([sym, { qty, cost }]) => ({ sym, qty, avg_px: qty === 0 ? 0 : cost / qty }));
  }

  /** The account's cash after every execution, from `startingCash`. */
  cashAfter(startingCash: number): number {
    return this.#executions.reduce(
      (cash, each) => cash + (each.side === 'buy' ? -1 : 1) * each.qty * each.px,
      startingCash,
    );
  }
}

function wire(order: VenueOrder): SkeletonOrder {
  const { notional, ...fields } = order;
  return { ...fields, ...(order.cum_qty > 0 ? { avg_px: notional / order.cum_qty } : {}) };
}
