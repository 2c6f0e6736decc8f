import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OrderEvent } from '../../packages/core/src/domain/order-event';
import type { OrderRequest } from '../../packages/core/src/domain/order-request';
import { OrderManager } from '../../packages/core/src/oms/order-manager';
import { AuditLog } from '../../packages/core/src/risk/audit-log';
import { reasonName } from '../../packages/core/src/risk/risk-reasons';
import type { GcWindowCounter } from './gc-window-counter';
import { performance } from './gc-window-counter';

const ORDERS = 50_000;

/** Broker events a filled order produces, with the faults the OMS must absorb (a repeated fill, a late status). */
function eventsFor(clientOrderId: string, symbol: string): OrderEvent[] {
  const fill = (executionId: string, quantity: number, price: number) => ({
    executionId,
    clientOrderId,
    symbol,
    side: 'buy' as const,
    quantity,
    price,
    timestampMs: 2,
  });
  const first = fill(`${clientOrderId}-1`, 40, 100.01);
  return [
    { clientOrderId, status: 'new', brokerOrderId: `B-${clientOrderId}`, timestampMs: 1 },
    { clientOrderId, status: 'partially-filled', fill: first, timestampMs: 2 },
    { clientOrderId, status: 'partially-filled', fill: first, timestampMs: 2 },
    { clientOrderId, status: 'partially-filled', cumulativeQuantity: 70, averageFillPrice: 100.02, timestampMs: 3 },
    { clientOrderId, status: 'filled', fill: fill(`${clientOrderId}-2`, 60, 100.03), timestampMs: 4 },
    { clientOrderId, status: 'partially-filled', timestampMs: 3 },
  ];
}

/** Order events applied per second by the order manager (state machine, fill ledger, positions, listeners). */
export async function measureOmsEvents(
  gc: GcWindowCounter,
): Promise<{ eventsPerSecond: number; events: number; gcEvents: number }> {
  const transmitter = {
    submitOrder: () => Promise.resolve({}),
    cancelOrder: () => Promise.resolve(),
    replaceOrder: () => Promise.resolve({}),
  };
  const oms = new OrderManager({ transmitter, clock: () => 1 });
  let updates = 0;
  oms.on('order', () => updates++);
  const events: OrderEvent[] = [];
  for (let index = 0; index < ORDERS; index++) {
    const request: OrderRequest = {
      clientOrderId: `oms-${index}`,
      symbol: `SYM${index % 8}`,
      side: 'buy',
      type: 'limit',
      timeInForce: 'day',
      quantity: 100,
      limitPrice: 100.05,
    };
    await oms.submit(request);
    events.push(...eventsFor(request.clientOrderId, request.symbol));
  }
  const start = performance.now();
  for (const event of events) oms.onOrderEvent(event);
  const end = performance.now();
  if (oms.stats.finalStates.filled !== ORDERS || updates === 0) {
    throw new Error(`OMS bench: expected ${ORDERS} filled orders, got ${oms.stats.finalStates.filled}`);
  }
  const gcEvents = await gc.countIn(start, end);
  return { eventsPerSecond: events.length / ((end - start) / 1_000), events: events.length, gcEvents };
}

/** Audit lines per second to a real file: tickwire's buffered AuditLog against appendFileSync per decision. */
export async function measureAuditSerialization(
  pool: readonly OrderRequest[],
  decisions: number,
  gc: GcWindowCounter,
): Promise<{ tickwire: number; naive: number; tickwireGc: number }> {
  const directory = mkdtempSync(join(tmpdir(), 'tickwire-audit-bench-'));
  try {
    const audit = AuditLog.open(join(directory, 'audit.jsonl'), { flushIntervalMs: 0, bufferCapacity: 8_192 });
    const start = performance.now();
    for (let index = 0; index < decisions; index++) {
      const request = pool[index % pool.length] as OrderRequest;
      audit.recordDecision(1_700_000_000_000 + index, 0, index % 5 === 0 ? 15 : 0, request, request.symbol, 0);
      if ((index & 4_095) === 4_095) audit.flush();
    }
    audit.close();
    const end = performance.now();
    const tickwireGc = await gc.countIn(start, end);
    const naivePath = join(directory, 'naive.jsonl');
    const naiveStart = performance.now();
    for (let index = 0; index < decisions; index++) {
      const request = pool[index % pool.length] as OrderRequest;
      const code = index % 5 === 0 ? 15 : 0;
      const timeMs = 1_700_000_000_000 + index;
      appendFileSync(
        naivePath,
        `${JSON.stringify({ timeMs, time: new Date(timeMs).toISOString(), kind: 'submit', code, reason: reasonName(code), order: request })}\n`,
      );
    }
    const naiveEnd = performance.now();
    return {
      tickwire: decisions / ((end - start) / 1_000),
      naive: decisions / ((naiveEnd - naiveStart) / 1_000),
      tickwireGc,
    };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
