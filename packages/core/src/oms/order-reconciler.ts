import type { OrderSnapshot } from '../domain/order-snapshot';
import { isTerminalStatus } from '../domain/order-status';
import { DEFAULT_ACCOUNT } from '../risk/portfolio-view';
import type { ReconciliationResolution, ReconciliationSummary } from './order-manager-events';
import type { BrokerReconciliationState, MissingOrderPolicy } from './order-manager-types';
import type { OrderRecord } from './order-record';
import type { OrderTracker } from './order-tracker';

/**
 * Applies what the broker reported after a reconnect to the tracked orders, in an order that loses nothing:
 * 1. open orders the manager does not know are adopted (as external), so their fills have somewhere to go;
 * 2. fills are applied as executions, deduplicated by execution id: each missed fill is recovered exactly once;
 * 3. each reported order (open, then closed) is applied like a broker event: its status, and its filled quantity as
 *    a cumulative total (which only adds what the fills did not already cover);
 * 4. local open orders the broker neither lists as open nor reports as closed are settled by the policy.
 *
 * Orders with a transmission still in flight are left alone: their answer is still to come.
 * Returns the summary without `releasedOrders`, which the caller fills in after releasing held orders.
 */
export function applyBrokerState(
  tracker: OrderTracker,
  state: BrokerReconciliationState,
  policy: MissingOrderPolicy,
  accountOf: (clientOrderId: string) => string | undefined,
): Omit<ReconciliationSummary, 'releasedOrders'> {
  const touched = new Set<string>();
  const openIds = new Set<string>();
  let adoptedOrders = 0;
  let recoveredFills = 0;

  for (const snapshot of state.openOrders) {
    openIds.add(snapshot.clientOrderId);
    if (tracker.orders.has(snapshot.clientOrderId)) continue;
    tracker.adoptSnapshot(snapshot, accountOf(snapshot.clientOrderId) ?? DEFAULT_ACCOUNT);
    adoptedOrders++;
  }

  for (const fill of state.fills) {
    const record =
      tracker.orders.get(fill.clientOrderId) ??
      tracker.adoptFill(fill, accountOf(fill.clientOrderId) ?? DEFAULT_ACCOUNT);
    if (!tracker.applyExecution(record, fill, 'reconciliation')) continue;
    recoveredFills++;
    touched.add(record.clientOrderId);
    tracker.progressFromFills(record, 'reconciliation');
  }

  const closed = state.closedOrders ?? [];
  const closedIds = new Set(closed.map((snapshot) => snapshot.clientOrderId));
  for (const snapshot of [...state.openOrders, ...closed]) {
    const record = tracker.orders.get(snapshot.clientOrderId);
    if (record === undefined) continue; // a closed order never seen here: its fills (if any) were handled above
    if (applySnapshot(tracker, record, snapshot)) touched.add(record.clientOrderId);
  }

  const resolved: ReconciliationResolution[] = [];
  const unresolved: string[] = [];
  for (const record of tracker.orders.values()) {
    if (isTerminalStatus(record.status) || record.transmitting) continue;
    const listed = openIds.has(record.clientOrderId) || closedIds.has(record.clientOrderId);
    if (listed) {
      if (record.status === 'unknown') unresolved.push(record.clientOrderId);
      continue;
    }
    settleMissing(tracker, record, policy, resolved, unresolved);
  }
  return { recoveredFills, adoptedOrders, updatedOrders: touched.size, resolved, unresolved };
}

function applySnapshot(tracker: OrderTracker, record: OrderRecord, snapshot: OrderSnapshot): boolean {
  const statusBefore = record.status;
  const filledBefore = record.fills.filledQuantity;
  tracker.applyEvent(
    {
      clientOrderId: snapshot.clientOrderId,
      brokerOrderId: snapshot.brokerOrderId,
      status: snapshot.status,
      ...(snapshot.brokerStatus === undefined ? {} : { brokerStatus: snapshot.brokerStatus }),
      cumulativeQuantity: snapshot.filledQuantity,
      ...(snapshot.averageFillPrice === undefined ? {} : { averageFillPrice: snapshot.averageFillPrice }),
      timestampMs: snapshot.updatedAtMs,
    },
    'reconciliation',
  );
  return record.status !== statusBefore || record.fills.filledQuantity !== filledBefore;
}

function settleMissing(
  tracker: OrderTracker,
  record: OrderRecord,
  policy: MissingOrderPolicy,
  resolved: ReconciliationResolution[],
  unresolved: string[],
): void {
  const from = record.status;
  if (policy === 'keep-unknown') {
    tracker.transition(record, 'unknown', 'reconciliation', undefined, 'missing from the broker at reconciliation');
    unresolved.push(record.clientOrderId);
    return;
  }
  const knownToBroker =
    record.acknowledged ||
    record.brokerOrderId !== undefined ||
    record.fills.filledQuantity > 0 ||
    from === 'pending-cancel';
  const to = knownToBroker ? 'canceled' : 'rejected';
  const reason = knownToBroker
    ? 'not among the broker open orders at reconciliation, and not filled: treated as canceled'
    : 'never acknowledged and unknown to the broker at reconciliation: treated as rejected';
  if (tracker.transition(record, to, 'reconciliation', undefined, reason)) {
    resolved.push({ clientOrderId: record.clientOrderId, from, to, reason });
  } else {
    unresolved.push(record.clientOrderId);
  }
}
