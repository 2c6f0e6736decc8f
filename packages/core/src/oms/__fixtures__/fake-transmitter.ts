import type { OrderRequest, ReplaceRequest } from '../../domain/order-request';
import type { OrderTransmitter, TransmitAcknowledgement } from '../order-manager-types';

type Answer = TransmitAcknowledgement | undefined | Error | 'hang';

/**
 * A transmitter that records every call and answers from a script: an acknowledgement, an error to throw, or
 * `'hang'` (a promise settled later through `settle`). Unscripted calls acknowledge with a broker id.
 */
export class FakeTransmitter implements OrderTransmitter {
  readonly submitted: OrderRequest[] = [];
  readonly canceled: string[] = [];
  readonly cancelRequests: Array<{ readonly clientOrderId: string; readonly brokerOrderId?: string }> = [];
  readonly replaced: ReplaceRequest[] = [];
  readonly submitAnswers: Answer[] = [];
  readonly cancelAnswers: Answer[] = [];
  readonly replaceAnswers: Answer[] = [];
  private readonly hanging: Array<{
    resolve: (value: TransmitAcknowledgement) => void;
    reject: (error: Error) => void;
  }> = [];

  submitOrder(request: OrderRequest): Promise<unknown> {
    this.submitted.push(request);
    return this.answer(this.submitAnswers.shift(), { brokerOrderId: `B-${request.clientOrderId}` });
  }

  cancelOrder(request: { readonly clientOrderId: string; readonly brokerOrderId?: string }): Promise<unknown> {
    this.canceled.push(request.clientOrderId);
    this.cancelRequests.push(request);
    return this.answer(this.cancelAnswers.shift(), undefined);
  }

  replaceOrder(request: ReplaceRequest): Promise<unknown> {
    this.replaced.push(request);
    return this.answer(this.replaceAnswers.shift(), { brokerOrderId: `B-${request.newClientOrderId}` });
  }

  /** Settles the oldest hanging call with an acknowledgement or an error. */
  settle(outcome: TransmitAcknowledgement | Error): void {
    const call = this.hanging.shift();
    if (call === undefined) throw new Error('FakeTransmitter.settle: no call is hanging');
    if (outcome instanceof Error) call.reject(outcome);
    else call.resolve(outcome);
  }

  private answer(
    scripted: Answer | undefined,
    fallback: TransmitAcknowledgement | undefined,
  ): Promise<TransmitAcknowledgement | undefined> {
    if (scripted === 'hang') return new Promise((resolve, reject) => this.hanging.push({ resolve, reject }));
    if (scripted instanceof Error) return Promise.reject(scripted);
    return Promise.resolve(scripted ?? fallback);
  }
}
