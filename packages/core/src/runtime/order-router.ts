import type {
  CancelIntent,
  IntentOutcome,
  OrderIntentHandler,
  ReplaceIntent,
  SubmitIntent,
} from '../bridge/intent-handler';
import type { OrderRequest } from '../domain/order-request';
import type { CancelOutcome, SubmitOutcome } from '../oms/order-manager-types';
import { RiskReason } from '../risk/risk-reasons';
import type { ConnectorHost } from './connector-host';

/**
 * Reason codes for denials that do not come from the risk gate. They sit above the gate's range so a client can
 * tell "the gate said no" from "the broker or the order manager said no".
 */
export const RouterReason = {
  /** The broker refused the order in its answer. */
  BROKER_REJECTED: 1001,
  /** The order manager refused the request as invalid (nothing was sent). */
  ORDER_INVALID: 1002,
  /** Reconnecting and reconciling: nothing new is sent until that ends; retry with the same intent id. */
  RECONCILING: 1003,
  /** Cancel or replace of an order that is not open (already final, or never known). */
  ORDER_NOT_OPEN: 1004,
  /** The cancel request failed before reaching the broker. */
  CANCEL_FAILED: 1005,
} as const;

const routerReasonNames: Record<number, string> = {
  [RouterReason.BROKER_REJECTED]: 'broker-rejected',
  [RouterReason.ORDER_INVALID]: 'order-invalid',
  [RouterReason.RECONCILING]: 'reconciling',
  [RouterReason.ORDER_NOT_OPEN]: 'order-not-open',
  [RouterReason.CANCEL_FAILED]: 'cancel-failed',
};

function denied(reasonCode: number, reasonName: string, message: string): IntentOutcome {
  return { kind: 'denied', reasonCode, reasonName, message };
}

function fromSubmitOutcome(outcome: SubmitOutcome): IntentOutcome {
  switch (outcome.kind) {
    case 'accepted':
      return { kind: 'accepted', clientOrderId: outcome.clientOrderId };
    case 'denied':
      return denied(outcome.reasonCode, outcome.reason, `risk gate denied ${outcome.clientOrderId}: ${outcome.reason}`);
    case 'rejected':
      return denied(RouterReason.BROKER_REJECTED, 'broker-rejected', outcome.reason);
    case 'unknown':
      return { kind: 'unknown-outcome', why: outcome.reason };
    case 'refused': {
      const code = outcome.retryable ? RouterReason.RECONCILING : RouterReason.ORDER_INVALID;
      return denied(code, routerReasonNames[code]!, outcome.reason);
    }
  }
}

function fromCancelOutcome(outcome: CancelOutcome): IntentOutcome {
  switch (outcome.kind) {
    case 'sent':
      return { kind: 'accepted', clientOrderId: outcome.clientOrderId };
    case 'denied':
      return denied(outcome.reasonCode, outcome.reason, `risk gate denied the cancel: ${outcome.reason}`);
    case 'not-open':
      return denied(
        RouterReason.ORDER_NOT_OPEN,
        'order-not-open',
        `order ${outcome.clientOrderId} is ${outcome.status ?? 'not known'}; there is nothing to cancel`,
      );
    case 'failed':
      return denied(RouterReason.CANCEL_FAILED, 'cancel-failed', outcome.reason);
    case 'unknown':
      return { kind: 'unknown-outcome', why: outcome.reason };
  }
}

/**
 * Sends order intents (from the ZeroMQ bridge or an in-process strategy) to the right connector's order manager.
 * An order goes to the connector named by its `account`, else to the connector that trades its symbol; the
 * account is then set to the connector id, so positions and limits are kept per connector.
 */
export class OrderRouter implements OrderIntentHandler {
  private readonly symbolOwners = new Map<string, ConnectorHost>();

  constructor(private readonly hosts: ReadonlyMap<string, ConnectorHost>) {
    for (const host of hosts.values()) {
      for (const symbol of host.symbols) if (!this.symbolOwners.has(symbol)) this.symbolOwners.set(symbol, host);
    }
  }

  /** The connector an order for `symbol` (optionally in `account`) goes to. */
  route(symbol: string, account?: string): ConnectorHost | undefined {
    if (account !== undefined && this.hosts.has(account)) return this.hosts.get(account);
    return this.symbolOwners.get(symbol);
  }

  /** Submits an order. Resolves with one outcome; never rejects. */
  async submitOrder(order: OrderRequest): Promise<IntentOutcome> {
    const host = this.route(order.symbol, order.account);
    if (host === undefined) {
      return denied(
        RiskReason.INSTRUMENT_UNKNOWN,
        'INSTRUMENT_UNKNOWN',
        `no configured connector trades ${JSON.stringify(order.symbol)}; add it to a connector's "instruments"`,
      );
    }
    return fromSubmitOutcome(await host.orderManager.submit({ ...order, account: host.connectorId }));
  }

  /** Cancels an order by client order id, on whichever connector holds it. */
  async cancelOrder(clientOrderId: string): Promise<IntentOutcome> {
    for (const host of this.hosts.values()) {
      if (host.orderManager.order(clientOrderId) !== undefined) {
        return fromCancelOutcome(await host.orderManager.cancel(clientOrderId));
      }
    }
    return denied(RouterReason.ORDER_NOT_OPEN, 'order-not-open', `order ${clientOrderId} is not known`);
  }

  submit(intent: SubmitIntent): Promise<IntentOutcome> {
    return this.submitOrder(intent.order);
  }

  cancel(intent: CancelIntent): Promise<IntentOutcome> {
    return this.cancelOrder(intent.clientOrderId);
  }

  async replace(intent: ReplaceIntent): Promise<IntentOutcome> {
    const { replace } = intent;
    for (const host of this.hosts.values()) {
      if (host.orderManager.order(replace.clientOrderId) !== undefined) {
        return fromSubmitOutcome(await host.orderManager.replace(replace));
      }
    }
    return denied(RouterReason.ORDER_NOT_OPEN, 'order-not-open', `order ${replace.clientOrderId} is not known`);
  }
}
