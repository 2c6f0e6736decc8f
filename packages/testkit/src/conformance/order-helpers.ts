import { isTickwireError, type OrderRequest, type TickwireErrorCode, type TimeInForce } from '@tickwire/core';
import { expect } from 'vitest';
import type { FakeOrderRequestRecord } from '../fake-broker/fake-broker-records';
import type { ConformanceSession } from './conformance-session';

let orderCounter = 0;

/** A client order id unique within the process and short enough for any venue (at most 20 characters). */
export function newClientOrderId(label: string): string {
  orderCounter++;
  return `tk${label.slice(0, 4)}${Date.now().toString(36).slice(-6)}${orderCounter.toString(36)}`.slice(0, 20);
}

/**
 * A limit buy that rests at the fake broker: the kit's order options, the first time in force the connector
 * supports out of `day`, `gtc` (or whatever it lists first), and a fresh client order id.
 */
export function restingBuyOrder(session: ConformanceSession, label: string, quantity?: number): OrderRequest {
  const order = session.options.resolvedOrder;
  if (order === undefined) {
    throw new Error('runConnectorConformance: the order cases need the `order` option (restingBuyPrice at least).');
  }
  const supported = session.options.plugin.manifest.capabilities.timeInForce;
  const timeInForce: TimeInForce =
    (['day', 'gtc'] as const).find((each) => supported.includes(each)) ?? supported[0] ?? 'day';
  return {
    clientOrderId: newClientOrderId(label),
    symbol: order.symbol,
    side: 'buy',
    type: 'limit',
    timeInForce,
    quantity: quantity ?? order.quantity,
    limitPrice: order.restingBuyPrice,
  };
}

/** The order requests the fake broker received for one client order id. */
export function requestsFor(session: ConformanceSession, clientOrderId: string): FakeOrderRequestRecord[] {
  return session.broker.received.orders.filter((record) => record.clientOrderId === clientOrderId);
}

/** Runs `action` and expects it to reject with a tickwire error carrying one of `codes`; returns the error. */
export async function expectTickwireRejection(
  action: Promise<unknown>,
  codes: readonly TickwireErrorCode[],
  what: string,
): Promise<unknown> {
  let outcome: { resolved: unknown } | { rejected: unknown };
  try {
    outcome = { resolved: await action };
  } catch (error) {
    outcome = { rejected: error };
  }
  if ('resolved' in outcome) {
    throw new Error(`${what}: expected a rejection with ${codes.join(' or ')}, but it resolved.`);
  }
  const error = outcome.rejected;
  const code = isTickwireError(error) ? error.code : `a non-tickwire ${describeError(error)}`;
  expect(codes, `${what}: rejected with ${code}`).toContain(code);
  return error;
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Splits `total` into three positive parts for partial fills (integers when `total` is one). */
export function threeFillParts(total: number): [number, number, number] {
  if (Number.isInteger(total)) {
    if (total < 3) {
      throw new Error(`runConnectorConformance: order.quantity must be at least 3 to split into fills; got ${total}.`);
    }
    const first = Math.floor(total * 0.3);
    const second = Math.floor(total * 0.3);
    return [first, second, total - first - second];
  }
  const first = total * 0.3;
  return [first, first, total - 2 * first];
}
