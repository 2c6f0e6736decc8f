import type { OrderRequest } from '../../domain/order-request';
import { OrderManager } from '../order-manager';
import type { OrderManagerEvents } from '../order-manager-events';
import type { PreTransmitGate } from '../order-manager-types';
import { FakeTransmitter } from './fake-transmitter';

/** A limit buy of AAPL. */
export function limitBuy(clientOrderId: string, quantity = 10, limitPrice = 100): OrderRequest {
  return { clientOrderId, symbol: 'AAPL', side: 'buy', type: 'limit', timeInForce: 'day', quantity, limitPrice };
}

/** A gate that answers `nextCode` and records what it was asked. */
export class StubGate implements PreTransmitGate {
  nextCode = 0;
  readonly calls: string[] = [];
  readonly forgotten: string[] = [];
  checkSubmit(request: OrderRequest): number {
    this.calls.push(`submit ${request.clientOrderId}`);
    return this.nextCode;
  }
  checkReplace(replacement: OrderRequest, replacedOpenQuantity: number): number {
    this.calls.push(`replace ${replacement.clientOrderId} ${replacement.quantity} open ${replacedOpenQuantity}`);
    return this.nextCode;
  }
  checkCancel(clientOrderId: string, _symbol: string, _nowMs: number, emergency: boolean): number {
    this.calls.push(`cancel ${clientOrderId}${emergency ? ' emergency' : ''}`);
    return this.nextCode;
  }
  reasonName(code: number): string {
    return `REASON_${code}`;
  }
  forgetClientOrderId(clientOrderId: string): void {
    this.forgotten.push(clientOrderId);
  }
}

/** An order manager over a fake broker and a stub gate, with every event recorded by type. */
export function setup() {
  const transmitter = new FakeTransmitter();
  const gate = new StubGate();
  const oms = new OrderManager({ transmitter, gate, clock: () => 1_000 });
  const events: { [Type in keyof OrderManagerEvents]: OrderManagerEvents[Type][] } = {
    order: [],
    fill: [],
    'transition-refused': [],
    anomaly: [],
    reconciliation: [],
  };
  for (const type of Object.keys(events) as Array<keyof OrderManagerEvents>) {
    oms.on(type, (event) => (events[type] as unknown[]).push(event));
  }
  return { transmitter, gate, oms, events };
}
