import type { OrderStatus } from '../domain/order-status';
import type { ManagedOrder } from './order-record';
import type { TransitionRefusalReason } from './order-transitions';

/** What caused a change: a local request, a broker event, or the reconciliation after a reconnect. */
export type OrderUpdateCause = 'submit' | 'cancel' | 'replace' | 'broker' | 'reconciliation' | 'operator';

/** An order changed status or filled more. `previousStatus === order.status` for a fill-only change. */
export interface OrderUpdateEvent {
  readonly order: ManagedOrder;
  readonly previousStatus: OrderStatus;
  readonly cause: OrderUpdateCause;
}

/**
 * An order's filled quantity grew, or a real execution confirmed quantity already booked synthetically.
 * Sum `quantity` over these events to count fills: it never double counts.
 */
export interface OrderFillEvent {
  readonly order: ManagedOrder;
  /** The execution's id; undefined for a synthetic fill (inferred from a cumulative total). */
  readonly executionId: string | undefined;
  /** Quantity added to the order's filled total (0 when the execution only confirmed synthetic quantity). */
  readonly quantity: number;
  /** Price of the added quantity (the execution price, or the synthetic estimate). */
  readonly price: number;
  /** Cash the order's fills gained, including any price correction of synthetic quantity. */
  readonly notionalDelta: number;
  /** Quantity of a real execution that replaced synthetic quantity booked earlier. */
  readonly confirmedQuantity: number;
  readonly synthetic: boolean;
  readonly fee: number;
  readonly cause: OrderUpdateCause;
}

/** A status change was refused and not applied. */
export interface TransitionRefusedEvent {
  readonly order: ManagedOrder;
  readonly from: OrderStatus;
  readonly to: OrderStatus;
  readonly reason: TransitionRefusalReason;
  readonly cause: OrderUpdateCause;
  readonly brokerStatus: string | undefined;
}

/** Something a human should look at; the manager kept going. */
export interface OrderAnomalyEvent {
  readonly kind:
    | 'orphan-event' /* an event for an order this manager does not know, without a fill to adopt it by */
    | 'overfill' /* fills above the ordered quantity (still counted: they are real) */
    | 'fill-mismatch' /* a fill whose symbol or side differs from its order's */
    | 'invalid-fill' /* a fill or total with a non-positive or non-finite quantity or price (ignored) */
    | 'external-order' /* an order found at the broker that this manager did not submit (adopted) */
    | 'unresolved' /* reconciliation could not settle an order; it stays unknown */
    | 'late-transmit-result' /* a transmit answered after broker events had moved the order on */;
  readonly clientOrderId: string;
  readonly detail: string;
}

/** An order that reconciliation moved to a status the broker did not report directly. */
export interface ReconciliationResolution {
  readonly clientOrderId: string;
  readonly from: OrderStatus;
  readonly to: OrderStatus;
  readonly reason: string;
}

/** What a reconciliation did. */
export interface ReconciliationSummary {
  /** Fills the manager had not seen before (distinct execution ids). */
  readonly recoveredFills: number;
  /** Open orders the broker reported that the manager did not know (adopted as external). */
  readonly adoptedOrders: number;
  /** Orders whose status or filled quantity changed from the broker's report. */
  readonly updatedOrders: number;
  /** Orders missing from the broker's open list that were settled by the policy. */
  readonly resolved: readonly ReconciliationResolution[];
  /** Client order ids left `unknown`. */
  readonly unresolved: readonly string[];
  /** Orders held during reconciliation and then sent on (or refused) in order. */
  readonly releasedOrders: number;
}

/** A reconciliation started, ended, or was aborted. */
export interface ReconciliationEvent {
  readonly phase: 'begin' | 'end' | 'abort';
  readonly summary: ReconciliationSummary | undefined;
  readonly reason: string | undefined;
}

/** Every order-manager event, by type: the map {@link OrderManager.on} takes. */
export interface OrderManagerEvents {
  order: OrderUpdateEvent;
  fill: OrderFillEvent;
  'transition-refused': TransitionRefusedEvent;
  anomaly: OrderAnomalyEvent;
  reconciliation: ReconciliationEvent;
}

/** Running counts of what the order manager saw. */
export interface OrderManagerStats {
  /** Broker events handled (including reconciliation reports). */
  brokerEvents: number;
  /** Events that changed nothing: repeats of the current status and fills, and refused late events. */
  duplicateEvents: number;
  /** Executions seen before (same execution id), ignored. */
  duplicateFills: number;
  /** Fills booked from cumulative totals ahead of their executions. */
  syntheticFills: number;
  /** Refused status changes by reason. */
  refusedTransitions: Record<'after-terminal' | 'stale' | 'invalid', number>;
  orphanEvents: number;
  /** Orders sent to the transmitter. */
  transmitted: number;
  /** Orders the pre-transmit gate refused. */
  denied: number;
  /** Orders that reached each terminal status. */
  finalStates: Record<'filled' | 'canceled' | 'replaced' | 'rejected' | 'expired', number>;
}

/** Fresh, zeroed stats. */
export function createOrderManagerStats(): OrderManagerStats {
  return {
    brokerEvents: 0,
    duplicateEvents: 0,
    duplicateFills: 0,
    syntheticFills: 0,
    refusedTransitions: { 'after-terminal': 0, stale: 0, invalid: 0 },
    orphanEvents: 0,
    transmitted: 0,
    denied: 0,
    finalStates: { filled: 0, canceled: 0, replaced: 0, rejected: 0, expired: 0 },
  };
}
