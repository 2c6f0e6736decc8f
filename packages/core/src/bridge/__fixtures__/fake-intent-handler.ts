import type { CancelIntent, IntentOutcome, OrderIntentHandler, ReplaceIntent, SubmitIntent } from '../intent-handler';

/** Reason code the fake uses for a quantity above its limit, as a risk gate would. */
export const FAKE_MAX_QUANTITY_REASON = { code: 3, name: 'max-order-quantity' } as const;

/**
 * A stand-in for the order manager and risk gate: accepts orders up to `maxQuantity`, denies bigger ones with a
 * reason code, never answers for symbol `HANG`, throws for symbol `THROW`, and records every call so tests check
 * what reached it (not what the bridge says).
 */
export class FakeIntentHandler implements OrderIntentHandler {
  readonly submits: SubmitIntent[] = [];
  readonly cancels: CancelIntent[] = [];
  readonly replaces: ReplaceIntent[] = [];
  private readonly maxQuantity: number;
  private readonly delayMs: number;

  constructor(maxQuantity = 100, delayMs = 0) {
    this.maxQuantity = maxQuantity;
    this.delayMs = delayMs;
  }

  async submit(intent: SubmitIntent): Promise<IntentOutcome> {
    this.submits.push(intent);
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    if (intent.order.symbol === 'HANG') return new Promise(() => {});
    if (intent.order.symbol === 'THROW') throw new Error('connector exploded');
    const quantity = intent.order.quantity ?? 0;
    if (quantity > this.maxQuantity) {
      return {
        kind: 'denied',
        reasonCode: FAKE_MAX_QUANTITY_REASON.code,
        reasonName: FAKE_MAX_QUANTITY_REASON.name,
        message: `quantity ${quantity} exceeds the limit of ${this.maxQuantity}`,
      };
    }
    return { kind: 'accepted', clientOrderId: intent.order.clientOrderId };
  }

  async cancel(intent: CancelIntent): Promise<IntentOutcome> {
    this.cancels.push(intent);
    return { kind: 'accepted', clientOrderId: intent.clientOrderId };
  }

  async replace(intent: ReplaceIntent): Promise<IntentOutcome> {
    this.replaces.push(intent);
    return { kind: 'accepted', clientOrderId: intent.replace.newClientOrderId };
  }
}
