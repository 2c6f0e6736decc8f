import type { OrderRequest, ReplaceRequest } from '../domain/order-request';
import { isTerminalStatus } from '../domain/order-status';
import {
  type CancelOutcome,
  type OrderTransmitter,
  type PreTransmitGate,
  readAcknowledgement,
  type SubmitOutcome,
  type TransmitAcknowledgement,
  type TransmitErrorClassifier,
} from './order-manager-types';
import type { OrderRecord } from './order-record';
import type { OrderTracker } from './order-tracker';

interface HeldRequest {
  readonly clientOrderId: string;
  readonly send: () => SubmitOutcome | Promise<SubmitOutcome>;
  readonly resolve: (outcome: SubmitOutcome | Promise<SubmitOutcome>) => void;
}

/** What {@link TransmissionHandler} works with. */
export interface TransmissionHandlerOptions {
  readonly tracker: OrderTracker;
  readonly transmitter: OrderTransmitter;
  readonly gate: PreTransmitGate | undefined;
  readonly clock: () => number;
  readonly classify: TransmitErrorClassifier;
  readonly maxHeldOrders: number;
}

/**
 * The order manager's wire side: idempotent submit and replace, cancel, the gate check immediately before each
 * transmission, the reading of transmit results, and the queue of orders held during reconciliation.
 */
export class TransmissionHandler {
  reconciliationState: 'idle' | 'reconciling' | 'required' = 'idle';
  private readonly submissions = new Map<string, Promise<SubmitOutcome>>();
  private readonly cancels = new Map<string, Promise<CancelOutcome>>();
  private held: HeldRequest[] = [];
  private readonly tracker: OrderTracker;

  constructor(private readonly options: TransmissionHandlerOptions) {
    this.tracker = options.tracker;
  }

  submit(request: OrderRequest): Promise<SubmitOutcome> {
    const refusal = this.refuseId(request.clientOrderId);
    if (refusal !== undefined) return refusal;
    return this.route(request.clientOrderId, () => this.sendSubmit(request));
  }

  replace(request: ReplaceRequest): Promise<SubmitOutcome> {
    const refusal = this.refuseId(request.newClientOrderId);
    if (refusal !== undefined) return refusal;
    const notReplaceable = this.replaceRefusal(request);
    if (notReplaceable !== undefined) return Promise.resolve(notReplaceable);
    return this.route(request.newClientOrderId, () => this.sendReplace(request));
  }

  cancel(clientOrderId: string, emergency: boolean): Promise<CancelOutcome> {
    const heldIndex = this.held.findIndex((entry) => entry.clientOrderId === clientOrderId);
    if (heldIndex >= 0) {
      const [entry] = this.held.splice(heldIndex, 1) as [HeldRequest];
      this.submissions.delete(clientOrderId);
      entry.resolve(refused(clientOrderId, 'canceled while held for reconciliation, before it was sent', false));
      return Promise.resolve({ kind: 'not-open', clientOrderId, status: undefined });
    }
    const record = this.tracker.orders.get(clientOrderId);
    if (record === undefined || isTerminalStatus(record.status)) {
      return Promise.resolve({ kind: 'not-open', clientOrderId, status: record?.status });
    }
    const inFlight = this.cancels.get(clientOrderId);
    if (inFlight !== undefined) return inFlight;
    const gate = this.options.gate;
    if (gate !== undefined) {
      const code = gate.checkCancel(clientOrderId, record.symbol, this.options.clock(), emergency);
      if (code !== 0)
        return Promise.resolve({ kind: 'denied', clientOrderId, reasonCode: code, reason: gate.reasonName(code) });
    }
    this.tracker.transition(record, 'pending-cancel', 'cancel');
    const brokerOrderId = record.brokerOrderId;
    const request = brokerOrderId === undefined ? { clientOrderId } : { clientOrderId, brokerOrderId };
    const pending = this.call(() => this.options.transmitter.cancelOrder(request)).then(
      (): CancelOutcome => ({ kind: 'sent', clientOrderId }),
      (error: unknown): CancelOutcome => this.cancelFailed(record, error),
    );
    this.cancels.set(clientOrderId, pending);
    void pending.then(() => this.cancels.delete(clientOrderId));
    return pending;
  }

  /** Drops the remembered outcome of a client order id (its order was pruned). */
  forgetOutcome(clientOrderId: string): void {
    this.submissions.delete(clientOrderId);
  }

  /** Sends every held request in arrival order; returns how many there were. */
  releaseHeld(): number {
    const queue = this.held;
    this.held = [];
    for (const entry of queue) {
      const result = entry.send();
      if (!(result instanceof Promise)) this.submissions.delete(entry.clientOrderId);
      entry.resolve(result);
    }
    return queue.length;
  }

  /** Refuses every held request with `reason`; returns how many there were. */
  dropHeld(reason: string, retryable: boolean): number {
    const queue = this.held;
    this.held = [];
    for (const entry of queue) {
      this.submissions.delete(entry.clientOrderId);
      entry.resolve(refused(entry.clientOrderId, reason, retryable));
    }
    return queue.length;
  }

  private refuseId(clientOrderId: string): Promise<SubmitOutcome> | undefined {
    if (typeof clientOrderId !== 'string' || clientOrderId.length === 0) {
      return Promise.resolve(
        refused(String(clientOrderId), 'the client order id is empty; give every order a unique, non-empty id', false),
      );
    }
    const existing = this.submissions.get(clientOrderId);
    if (existing !== undefined) return existing;
    const known = this.tracker.orders.get(clientOrderId);
    if (known !== undefined) {
      return Promise.resolve(
        refused(
          clientOrderId,
          `client order id ${clientOrderId} already belongs to a ${known.status} ${known.symbol} order not ` +
            'submitted through this call path; use a new id',
          false,
        ),
      );
    }
    if (this.reconciliationState === 'required') {
      return Promise.resolve(
        refused(clientOrderId, 'the last reconciliation failed; retry once the connection is reconciled', true),
      );
    }
    return undefined;
  }

  // Sends now, or holds while reconciling; remembers anything that may reach the broker.
  private route(clientOrderId: string, send: () => SubmitOutcome | Promise<SubmitOutcome>): Promise<SubmitOutcome> {
    if (this.reconciliationState === 'reconciling') {
      if (this.held.length >= this.options.maxHeldOrders) {
        return Promise.resolve(
          refused(
            clientOrderId,
            `${this.held.length} orders are already held while the connection is reconciled; retry shortly`,
            true,
          ),
        );
      }
      const promise = new Promise<SubmitOutcome>((resolve) => this.held.push({ clientOrderId, send, resolve }));
      this.submissions.set(clientOrderId, promise);
      return promise;
    }
    const result = send();
    if (!(result instanceof Promise)) return Promise.resolve(result);
    this.submissions.set(clientOrderId, result);
    return result;
  }

  private sendSubmit(request: OrderRequest): SubmitOutcome | Promise<SubmitOutcome> {
    const now = this.options.clock();
    const denial = this.deny(request.clientOrderId, this.options.gate?.checkSubmit(request, now) ?? 0);
    if (denial !== undefined) return denial;
    const record = this.tracker.addFromRequest(request, 'pending-new', now, 'submit');
    return this.transmit(record, () => this.options.transmitter.submitOrder(request), undefined);
  }

  private sendReplace(request: ReplaceRequest): SubmitOutcome | Promise<SubmitOutcome> {
    const notReplaceable = this.replaceRefusal(request);
    if (notReplaceable !== undefined) return notReplaceable;
    const original = this.tracker.orders.get(request.clientOrderId) as OrderRecord;
    const replacement: OrderRequest = {
      ...(original.request ?? { symbol: original.symbol, side: original.side, type: original.type }),
      clientOrderId: request.newClientOrderId,
      symbol: original.symbol,
      side: original.side,
      type: original.type,
      timeInForce: request.timeInForce ?? original.timeInForce,
      quantity: request.quantity ?? original.quantity,
      ...(original.limitPrice === undefined && request.limitPrice === undefined
        ? {}
        : { limitPrice: request.limitPrice ?? original.limitPrice }),
      ...(original.stopPrice === undefined && request.stopPrice === undefined
        ? {}
        : { stopPrice: request.stopPrice ?? original.stopPrice }),
      ...(request.trailPrice === undefined ? {} : { trailPrice: request.trailPrice }),
      account: original.account,
    };
    const remaining = Math.max(0, original.quantity - original.fills.filledQuantity);
    const now = this.options.clock();
    const denial = this.deny(
      request.newClientOrderId,
      this.options.gate?.checkReplace(replacement, remaining, now) ?? 0,
    );
    if (denial !== undefined) return denial;
    const record = this.tracker.addFromRequest(replacement, 'pending-new', now, 'replace');
    record.replacesClientOrderId = original.clientOrderId;
    this.tracker.transition(original, 'pending-replace', 'replace');
    return this.transmit(record, () => this.options.transmitter.replaceOrder(request), original);
  }

  private replaceRefusal(request: ReplaceRequest): SubmitOutcome | undefined {
    const original = this.tracker.orders.get(request.clientOrderId);
    if (original !== undefined && (original.status === 'new' || original.status === 'partially-filled'))
      return undefined;
    return refused(
      request.newClientOrderId,
      `order ${request.clientOrderId} is ${original?.status ?? 'not known here'}; only new or partially filled ` +
        'orders can be replaced',
      false,
    );
  }

  private deny(clientOrderId: string, code: number): SubmitOutcome | undefined {
    if (code === 0) return undefined;
    this.tracker.stats.denied++;
    const reason = this.options.gate?.reasonName(code) ?? String(code);
    return { kind: 'denied', clientOrderId, reasonCode: code, reason };
  }

  private transmit(
    record: OrderRecord,
    send: () => Promise<unknown>,
    replaced: OrderRecord | undefined,
  ): Promise<SubmitOutcome> {
    record.transmitting = true;
    this.tracker.stats.transmitted++;
    return this.call(send).then(
      (answer) => this.acknowledged(record, readAcknowledgement(answer)),
      (error: unknown) => this.transmitFailed(record, error, replaced),
    );
  }

  private acknowledged(record: OrderRecord, acknowledgement: TransmitAcknowledgement | undefined): SubmitOutcome {
    record.transmitting = false;
    const brokerOrderId = acknowledgement?.brokerOrderId;
    if (brokerOrderId !== undefined && record.brokerOrderId === undefined) record.brokerOrderId = brokerOrderId;
    if (acknowledgement?.status !== undefined) {
      this.tracker.applyEvent(
        {
          clientOrderId: record.clientOrderId,
          status: acknowledgement.status,
          ...(brokerOrderId === undefined ? {} : { brokerOrderId }),
          timestampMs: this.options.clock(),
        },
        'submit',
        record.account,
      );
    }
    if (record.status === 'rejected') {
      return { kind: 'rejected', clientOrderId: record.clientOrderId, reason: record.lastReason ?? 'rejected' };
    }
    return { kind: 'accepted', clientOrderId: record.clientOrderId, brokerOrderId: record.brokerOrderId };
  }

  private transmitFailed(record: OrderRecord, error: unknown, replaced: OrderRecord | undefined): SubmitOutcome {
    record.transmitting = false;
    const id = record.clientOrderId;
    const errorClass = this.options.classify(error);
    const message = describeError(error);
    if (record.status !== 'pending-new') {
      // Broker events overtook the answer: they are the better truth.
      this.tracker.reportAnomaly(
        'late-transmit-result',
        id,
        `transmit failed (${errorClass}: ${message}) after the order became ${record.status}`,
      );
      return record.status === 'rejected'
        ? { kind: 'rejected', clientOrderId: id, reason: record.lastReason ?? message }
        : { kind: 'accepted', clientOrderId: id, brokerOrderId: record.brokerOrderId };
    }
    if (errorClass === 'unknown') {
      this.tracker.transition(record, 'unknown', 'submit', undefined, message);
      return { kind: 'unknown', clientOrderId: id, reason: message };
    }
    if (replaced !== undefined && replaced.status === 'pending-replace') {
      this.tracker.transition(replaced, replaced.statusBeforePending ?? 'new', 'replace', undefined, message);
    }
    this.tracker.transition(record, 'rejected', 'submit', undefined, message);
    if (errorClass === 'rejected') return { kind: 'rejected', clientOrderId: id, reason: message };
    // Never left: forget it entirely so the same id can be sent again.
    this.tracker.remove(record);
    this.submissions.delete(id);
    this.options.gate?.forgetClientOrderId(id);
    return refused(id, `not sent: ${message}`, true);
  }

  private cancelFailed(record: OrderRecord, error: unknown): CancelOutcome {
    const errorClass = this.options.classify(error);
    const message = describeError(error);
    if (errorClass === 'unknown') return { kind: 'unknown', clientOrderId: record.clientOrderId, reason: message };
    if (record.status === 'pending-cancel') {
      this.tracker.transition(record, record.statusBeforePending ?? 'new', 'cancel', undefined, message);
    }
    return {
      kind: 'failed',
      clientOrderId: record.clientOrderId,
      reason: message,
      retryable: errorClass === 'not-sent',
    };
  }

  // A transmitter that throws synchronously is treated like one that rejects.
  private call<T>(send: () => Promise<T>): Promise<T> {
    try {
      return Promise.resolve(send());
    } catch (error) {
      return Promise.reject(error);
    }
  }
}

function refused(clientOrderId: string, reason: string, retryable: boolean): SubmitOutcome {
  return { kind: 'refused', clientOrderId, reason, retryable };
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
