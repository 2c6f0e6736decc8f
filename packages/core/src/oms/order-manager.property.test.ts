import { describe, expect, it } from 'vitest';
import type { Fill, OrderEvent } from '../domain/order-event';
import { isTerminalStatus, ORDER_STATUSES, type OrderStatus } from '../domain/order-status';
import { LastQuoteBook } from '../feed/last-quote-book';
import { FakeTransmitter } from './__fixtures__/fake-transmitter';
import { brokerTruth, deliverWithFaults, generateScenario, type TrueOrder } from './__fixtures__/order-scenario';
import { SeededRandom } from './__fixtures__/seeded-random';
import { OrderManager } from './order-manager';
import { canTransition } from './order-transitions';

const RUNS = 3_000;
const EPSILON = 1e-7;

/** Watches every event the manager emits and records what an invariant needs. */
function watch(oms: OrderManager) {
  const badTransitions: string[] = [];
  const fillSums = new Map<string, number>();
  const terminalSeen = new Map<string, OrderStatus>();
  oms.on('order', ({ order, previousStatus }) => {
    if (previousStatus !== order.status && !canTransition(previousStatus, order.status)) {
      badTransitions.push(`${order.clientOrderId}: ${previousStatus} -> ${order.status}`);
    }
    const terminal = terminalSeen.get(order.clientOrderId);
    if (terminal !== undefined && terminal !== order.status) {
      badTransitions.push(`${order.clientOrderId}: left terminal ${terminal} for ${order.status}`);
    }
    if (isTerminalStatus(order.status)) terminalSeen.set(order.clientOrderId, order.status);
  });
  oms.on('fill', ({ order, quantity }) => {
    fillSums.set(order.clientOrderId, (fillSums.get(order.clientOrderId) ?? 0) + quantity);
  });
  return { badTransitions, fillSums };
}

function signed(order: TrueOrder, quantity: number): number {
  return order.request.side === 'buy' ? quantity : -quantity;
}

/** Throws with `message` when `condition` fails: plain checks keep thousands of runs fast. */
function check(condition: boolean, message: () => string): void {
  if (!condition) throw new Error(message());
}

function close(actual: number | undefined, expected: number): boolean {
  return actual !== undefined && Math.abs(actual - expected) <= EPSILON * Math.max(1, Math.abs(expected));
}

/** Checks every invariant that must hold after any event, whatever was delivered so far. */
function checkInvariants(
  oms: OrderManager,
  orders: readonly TrueOrder[],
  watched: ReturnType<typeof watch>,
  seenExecutions: Map<string, number>,
  seenTotals: Map<string, number>,
  context: string,
): void {
  check(watched.badTransitions.length === 0, () => `${context}: invalid transitions ${watched.badTransitions}`);
  const positionBySymbol = new Map<string, number>();
  let openCount = 0;
  for (const truth of orders) {
    const id = truth.request.clientOrderId;
    const order = oms.order(id);
    if (order === undefined) throw new Error(`${context}: order ${id} vanished`);
    check(ORDER_STATUSES.includes(order.status), () => `${context}: ${id} has status ${order.status}`);
    const filled = order.filledQuantity;
    // Never double counted: at most what truly filled.
    check(
      filled <= truth.filledQuantity + EPSILON,
      () => `${context}: ${id} filled ${filled} > true ${truth.filledQuantity}`,
    );
    // Never lost: at least every distinct execution and every total delivered so far.
    const known = Math.max(seenExecutions.get(id) ?? 0, seenTotals.get(id) ?? 0);
    check(filled >= known - EPSILON, () => `${context}: ${id} filled ${filled} < delivered ${known}`);
    // Listeners summing fill events see exactly the booked quantity.
    const summed = watched.fillSums.get(id) ?? 0;
    check(close(summed, filled), () => `${context}: ${id} fill events sum ${summed}, filled ${filled}`);
    if (!isTerminalStatus(order.status)) openCount++;
    positionBySymbol.set(order.symbol, (positionBySymbol.get(order.symbol) ?? 0) + signed(truth, filled));
  }
  for (const [symbol, quantity] of positionBySymbol) {
    const held = oms.positions.symbolExposure('default', symbol).quantity;
    check(close(held, quantity), () => `${context}: ${symbol} position ${held}, orders say ${quantity}`);
  }
  const counted = oms.positions.accountExposure('default').openOrderCount;
  check(counted === openCount, () => `${context}: open order count ${counted}, orders say ${openCount}`);
}

/** Checks that the manager now agrees with the truth on every order and on total PnL at a mark. */
function checkAgreesWithTruth(oms: OrderManager, orders: readonly TrueOrder[], quotes: LastQuoteBook, context: string) {
  let truthPnl = 0;
  const mark = 100;
  for (const truth of orders) {
    const order = oms.order(truth.request.clientOrderId);
    expect(order?.filledQuantity, `${context} quantity`).toBeCloseTo(truth.filledQuantity, 6);
    if (truth.filledQuantity > 0) {
      expect(order?.averageFillPrice, `${context} average`).toBeCloseTo(truth.filledNotional / truth.filledQuantity, 6);
    }
    for (const execution of truth.executions) truthPnl += signed(truth, execution.quantity) * (mark - execution.price);
  }
  quotes.update('AAA', mark, mark, 1e12);
  quotes.update('BBB', mark, mark, 1e12);
  oms.markToMarket(1e12);
  const account = oms.positions.accountExposure('default');
  expect(account.realizedPnl + account.unrealizedPnl, `${context} total PnL`).toBeCloseTo(truthPnl, 5);
}

async function submitAll(oms: OrderManager, orders: readonly TrueOrder[]): Promise<void> {
  for (const truth of orders) expect((await oms.submit(truth.request)).kind).toBe('accepted');
}

describe('OrderManager under random broker event sequences (seeded)', () => {
  it(`never leaves an invalid state, never loses or double-counts a fill (${RUNS} runs, then reconciled)`, async () => {
    for (let seed = 1; seed <= RUNS; seed++) {
      const random = new SeededRandom(seed);
      const scenario = generateScenario(random);
      const quotes = new LastQuoteBook();
      const oms = new OrderManager({ transmitter: new FakeTransmitter(), quotes });
      const watched = watch(oms);
      await submitAll(oms, scenario.orders);
      const seenExecutionIds = new Set<string>();
      const seenExecutions = new Map<string, number>();
      const seenTotals = new Map<string, number>();
      const totalsWithAverage = new Map<string, number>();
      const delivered = deliverWithFaults(random, scenario.events);
      for (const [step, item] of delivered.entries()) {
        oms.onOrderEvent(item.event);
        const id = item.event.clientOrderId;
        const fill = item.event.fill;
        if (fill !== undefined && !seenExecutionIds.has(fill.executionId)) {
          seenExecutionIds.add(fill.executionId);
          seenExecutions.set(id, (seenExecutions.get(id) ?? 0) + fill.quantity);
        }
        seenTotals.set(id, Math.max(seenTotals.get(id) ?? 0, item.impliedTotal));
        if (item.carriesAverage) totalsWithAverage.set(id, Math.max(totalsWithAverage.get(id) ?? 0, item.impliedTotal));
        checkInvariants(oms, scenario.orders, watched, seenExecutions, seenTotals, `seed ${seed} step ${step}`);
      }
      // Where the delivered events already tell the whole story, the manager must know it exactly, before any
      // reconciliation: every execution arrived, or the final total with its average did.
      for (const truth of scenario.orders) {
        const id = truth.request.clientOrderId;
        const allExecutions = truth.executions.every((execution) => seenExecutionIds.has(execution.executionId));
        const finalAveraged = Math.abs((totalsWithAverage.get(id) ?? -1) - truth.filledQuantity) < EPSILON;
        if (!allExecutions && !finalAveraged) continue;
        const order = oms.order(id);
        expect(order?.filledQuantity, `seed ${seed} ${id} complete quantity`).toBeCloseTo(truth.filledQuantity, 6);
        if (truth.filledQuantity > 0) {
          expect(order?.averageFillPrice, `seed ${seed} ${id} complete average`).toBeCloseTo(
            truth.filledNotional / truth.filledQuantity,
            6,
          );
        }
      }
      // Reconnect: the broker's complete report settles everything.
      oms.applyReconciliation(brokerTruth(scenario.orders));
      checkInvariants(oms, scenario.orders, watched, seenExecutions, seenTotals, `seed ${seed} reconciled`);
      for (const truth of scenario.orders) {
        expect(oms.order(truth.request.clientOrderId)?.status, `seed ${seed} final status`).toBe(truth.finalStatus);
      }
      checkAgreesWithTruth(oms, scenario.orders, quotes, `seed ${seed}`);
    }
  });

  it('keeps its rules under arbitrary, even contradictory, events (fuzz, 2000 runs)', async () => {
    let refusedTotal = 0;
    for (let seed = 1; seed <= 2_000; seed++) {
      const random = new SeededRandom(seed * 7919);
      const oms = new OrderManager({ transmitter: new FakeTransmitter() });
      const watched = watch(oms);
      const ids = ['f0', 'f1', 'f2'];
      for (const id of ids) {
        await oms.submit({
          clientOrderId: id,
          symbol: 'AAA',
          side: 'buy',
          type: 'limit',
          timeInForce: 'day',
          quantity: 20,
          limitPrice: 10,
        });
      }
      // The rule the ledger promises: filled = max(highest total, sum of first-seen executions).
      const firstSeen = new Map<string, number>();
      const realSums = new Map<string, number>();
      const maxTotals = new Map<string, number>();
      for (let step = 0; step < 40; step++) {
        const id = random.pick(ids);
        const event: { -readonly [Key in keyof OrderEvent]: OrderEvent[Key] } = {
          clientOrderId: id,
          status: random.pick(ORDER_STATUSES),
          timestampMs: step,
        };
        if (random.chance(0.4)) {
          const executionId = `${id}-e${random.int(0, 5)}`;
          const fill: Fill = {
            executionId,
            clientOrderId: id,
            symbol: 'AAA',
            side: 'buy',
            quantity: random.int(1, 6),
            price: 10,
            timestampMs: step,
          };
          event.fill = fill;
          if (!firstSeen.has(executionId)) {
            firstSeen.set(executionId, fill.quantity);
            realSums.set(id, (realSums.get(id) ?? 0) + fill.quantity);
          }
        }
        if (random.chance(0.3)) {
          event.cumulativeQuantity = random.int(0, 25);
          maxTotals.set(id, Math.max(maxTotals.get(id) ?? 0, event.cumulativeQuantity));
        }
        if (event.status === 'filled' && event.cumulativeQuantity === undefined) {
          maxTotals.set(id, Math.max(maxTotals.get(id) ?? 0, 20));
        }
        oms.onOrderEvent(event);
        const context = `fuzz seed ${seed} step ${step}`;
        check(watched.badTransitions.length === 0, () => `${context}: ${watched.badTransitions}`);
        let position = 0;
        for (const other of ids) {
          const order = oms.order(other);
          const expected = Math.max(realSums.get(other) ?? 0, maxTotals.get(other) ?? 0);
          check(
            order?.filledQuantity === expected,
            () => `${context}: ${other} filled ${order?.filledQuantity}, rule says ${expected}`,
          );
          check((watched.fillSums.get(other) ?? 0) === expected, () => `${context}: ${other} fill events disagree`);
          position += expected;
        }
        const held = oms.positions.symbolExposure('default', 'AAA').quantity;
        check(held === position, () => `${context}: position ${held}, orders say ${position}`);
      }
      const refused = oms.stats.refusedTransitions;
      refusedTotal += refused['after-terminal'] + refused.stale + refused.invalid;
    }
    // The fuzz must actually have exercised refusals, or it proved nothing about them.
    expect(refusedTotal).toBeGreaterThan(1_000);
  });
});
