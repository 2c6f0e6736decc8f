import type { Fill, OrderEvent } from '../../domain/order-event';
import type { OrderRequest, OrderSide } from '../../domain/order-request';
import type { OrderSnapshot } from '../../domain/order-snapshot';
import type { OrderStatus } from '../../domain/order-status';
import type { SeededRandom } from './seeded-random';

/** The truth about one order: what really happened at the broker. */
export interface TrueOrder {
  readonly request: OrderRequest;
  readonly executions: readonly Fill[];
  /** Sum of the executions' quantities. */
  readonly filledQuantity: number;
  readonly filledNotional: number;
  /** Where the order really ended (a terminal status, or `new`/`partially-filled` if still open). */
  readonly finalStatus: OrderStatus;
}

/** A delivered event with what it tells, for checking "nothing lost" after each step. */
export interface DeliveredEvent {
  readonly event: OrderEvent;
  /** The true cumulative total the event carries or implies (0 when none). */
  readonly impliedTotal: number;
  /** True when the event carries the true average with its total. */
  readonly carriesAverage: boolean;
}

/** A random scenario: true orders and the events a broker sent about them, before delivery faults. */
export interface OrderScenario {
  readonly orders: readonly TrueOrder[];
  readonly events: readonly DeliveredEvent[];
}

const SYMBOLS = ['AAA', 'BBB'];

function price(random: SeededRandom): number {
  return Math.round((95 + random.next() * 10) * 100) / 100;
}

/** Generates one order's truth and the broker's true event stream for it, in the broker's order. */
function generateOrder(random: SeededRandom, index: number, fractional: boolean): OrderScenario {
  const unit = fractional ? 0.01 : 1;
  const quantity = random.int(1, 40) * unit;
  const side: OrderSide = random.chance(0.5) ? 'buy' : 'sell';
  const clientOrderId = `o${index}`;
  const symbol = random.pick(SYMBOLS);
  const request: OrderRequest = {
    clientOrderId,
    symbol,
    side,
    type: 'limit',
    timeInForce: 'day',
    quantity,
    limitPrice: price(random),
  };
  const ending = random.next();
  const fillsAll = ending < 0.55;
  const steps = Math.round(quantity / unit);
  const totalSteps = fillsAll ? steps : ending < 0.9 ? random.int(0, steps - 1) : 0;
  const executions: Fill[] = [];
  let remaining = totalSteps;
  while (remaining > 0) {
    const size = Math.min(remaining, random.int(1, Math.max(1, Math.ceil(steps / 3))));
    remaining -= size;
    executions.push({
      executionId: `${clientOrderId}-x${executions.length}`,
      clientOrderId,
      symbol,
      side,
      quantity: Math.round(size * unit * 1e8) / 1e8,
      price: price(random),
      timestampMs: 10 + executions.length,
    });
  }
  const finalStatus: OrderStatus = fillsAll
    ? 'filled'
    : ending < 0.75
      ? 'canceled'
      : ending < 0.8
        ? 'expired'
        : totalSteps === 0 && ending > 0.95
          ? 'rejected'
          : totalSteps > 0
            ? 'partially-filled'
            : 'new';

  const events: DeliveredEvent[] = [];
  if (finalStatus !== 'rejected') {
    events.push({
      event: { clientOrderId, status: 'new', brokerOrderId: `B-${clientOrderId}`, timestampMs: 5 },
      impliedTotal: 0,
      carriesAverage: false,
    });
  }
  let total = 0;
  let notional = 0;
  for (const [position, execution] of executions.entries()) {
    total = Math.round((total + execution.quantity) * 1e8) / 1e8;
    notional += execution.quantity * execution.price;
    const last = position === executions.length - 1;
    const status: OrderStatus = last && finalStatus === 'filled' ? 'filled' : 'partially-filled';
    const withAverage = random.chance(0.7);
    const cumulative = {
      cumulativeQuantity: total,
      ...(withAverage ? { averageFillPrice: notional / total } : {}),
    };
    const style = random.pick(['incremental', 'cumulative', 'both', 'combined'] as const);
    const base = { clientOrderId, status, timestampMs: execution.timestampMs };
    if (style === 'incremental' || style === 'both') {
      events.push({ event: { ...base, fill: execution }, impliedTotal: 0, carriesAverage: false });
    }
    if (style === 'cumulative' || style === 'both') {
      events.push({ event: { ...base, ...cumulative }, impliedTotal: total, carriesAverage: withAverage });
    }
    if (style === 'combined') {
      events.push({
        event: { ...base, fill: execution, ...cumulative },
        impliedTotal: total,
        carriesAverage: withAverage,
      });
    }
  }
  if (finalStatus !== 'new' && finalStatus !== 'partially-filled') {
    const reportsTotal = random.chance(0.5);
    const withAverage = total > 0 && random.chance(0.5);
    events.push({
      event: {
        clientOrderId,
        status: finalStatus,
        ...(reportsTotal ? { cumulativeQuantity: total } : {}),
        ...(withAverage ? { averageFillPrice: notional / total } : {}),
        timestampMs: 30,
      },
      // A `filled` status with no total implies the whole quantity, which is the true total here.
      impliedTotal: reportsTotal || finalStatus === 'filled' ? total : 0,
      carriesAverage: withAverage && (reportsTotal || finalStatus === 'filled'),
    });
  }
  return {
    orders: [{ request, executions, filledQuantity: total, filledNotional: notional, finalStatus }],
    events,
  };
}

/** A scenario of 1 to 4 orders with their events interleaved in broker order. */
export function generateScenario(random: SeededRandom): OrderScenario {
  const fractional = random.chance(0.25);
  const parts = Array.from({ length: random.int(1, 4) }, (_, index) => generateOrder(random, index, fractional));
  // Interleave the orders' streams, keeping each order's own order (faults reorder later).
  const queues = parts.map((part) => [...part.events]);
  const events: DeliveredEvent[] = [];
  while (queues.some((queue) => queue.length > 0)) {
    const queue = random.pick(queues.filter((candidate) => candidate.length > 0));
    events.push(queue.shift() as DeliveredEvent);
  }
  return { orders: parts.flatMap((part) => part.orders), events };
}

/** Delivery faults: drops, duplicates, and local reordering. Returns the events as the manager will see them. */
export function deliverWithFaults(random: SeededRandom, events: readonly DeliveredEvent[]): DeliveredEvent[] {
  const delivered: DeliveredEvent[] = [];
  for (const event of events) {
    if (random.chance(0.15)) continue;
    delivered.push(event);
    if (random.chance(0.2)) delivered.splice(random.int(0, delivered.length), 0, event);
  }
  // Swap neighbours a few times: late and out-of-order delivery.
  for (let swaps = delivered.length < 2 ? 0 : random.int(0, delivered.length); swaps > 0; swaps--) {
    const at = random.int(0, Math.max(0, delivered.length - 2));
    const held = delivered[at] as DeliveredEvent;
    delivered[at] = delivered[at + 1] as DeliveredEvent;
    delivered[at + 1] = held;
  }
  return delivered;
}

/** What a broker would answer to a reconciliation call: the truth, complete. */
export function brokerTruth(orders: readonly TrueOrder[]): {
  openOrders: OrderSnapshot[];
  closedOrders: OrderSnapshot[];
  fills: Fill[];
} {
  const snapshot = (order: TrueOrder): OrderSnapshot => ({
    clientOrderId: order.request.clientOrderId,
    brokerOrderId: `B-${order.request.clientOrderId}`,
    symbol: order.request.symbol,
    side: order.request.side,
    type: order.request.type,
    timeInForce: order.request.timeInForce,
    status: order.finalStatus,
    quantity: order.request.quantity ?? 0,
    filledQuantity: order.filledQuantity,
    ...(order.filledQuantity > 0 ? { averageFillPrice: order.filledNotional / order.filledQuantity } : {}),
    createdAtMs: 1,
    updatedAtMs: 40,
  });
  const open = orders.filter((order) => order.finalStatus === 'new' || order.finalStatus === 'partially-filled');
  const closed = orders.filter((order) => !open.includes(order));
  return {
    openOrders: open.map(snapshot),
    closedOrders: closed.map(snapshot),
    fills: orders.flatMap((order) => order.executions),
  };
}
