import type { OrderRequest, ReplaceRequest } from '../domain';

/** What every intent carries besides its order fields. */
export interface IntentContext {
  /** The stable client name the intent came from (not the ZeroMQ routing id, which changes on reconnect). */
  readonly client: string;
  /** The client's id for this intent; unique per client. */
  readonly intentId: string;
}

/**
 * A new order from a bridge client. `order.clientOrderId` is the one the client chose, or `<client>-<intentId>`
 * when it chose none, so the order manager's own idempotency also holds if the bridge's reply cache forgot the intent.
 */
export interface SubmitIntent extends IntentContext {
  readonly order: OrderRequest;
}

/** A request to cancel an order the client submitted. */
export interface CancelIntent extends IntentContext {
  readonly clientOrderId: string;
}

/**
 * A request to change an order. `replace.newClientOrderId` is the client's choice or `<client>-<intentId>`.
 */
export interface ReplaceIntent extends IntentContext {
  readonly replace: ReplaceRequest;
}

/** The intent was taken: the order exists (submit), or the cancel / replace request went ahead. */
export interface AcceptedOutcome {
  readonly kind: 'accepted';
  /** The client order id the order manager uses for the order (for replace: the new order's id). */
  readonly clientOrderId: string;
}

/** The intent was refused before anything reached a broker, e.g. by the risk gate. */
export interface DeniedOutcome {
  readonly kind: 'denied';
  /** Stable numeric code of the reason (the risk gate's reason code). */
  readonly reasonCode: number;
  /** Stable name of the reason, e.g. `max-order-quantity`. */
  readonly reasonName: string;
  /** What happened, with the values involved, for people. */
  readonly message: string;
}

/**
 * Nobody can tell whether the intent took effect (the broker did not answer, the connection dropped mid-request).
 * The client must not assume either way; order updates and reconciliation settle it.
 */
export interface UnknownOutcome {
  readonly kind: 'unknown-outcome';
  readonly why: string;
}

/** The one outcome of an intent. */
export type IntentOutcome = AcceptedOutcome | DeniedOutcome | UnknownOutcome;

/**
 * Where the bridge hands the intents it received. The runtime wires this to the order manager and the risk gate.
 *
 * Each method is called at most once per (client, intent id): the bridge answers repeats from its reply cache. A
 * method that throws or rejects gives the client `unknown-outcome`, because the bridge cannot know how far it got;
 * return `denied` when you know nothing was sent.
 */
export interface OrderIntentHandler {
  submit(intent: SubmitIntent): IntentOutcomeOrPromise;
  cancel(intent: CancelIntent): IntentOutcomeOrPromise;
  replace(intent: ReplaceIntent): IntentOutcomeOrPromise;
}

/**
 * An outcome now, or later. A handler that knows the outcome at once (a risk denial, an order manager that accepts
 * synchronously) may return it directly: the bridge then sends the reply before it reads the next message, without
 * waiting for a microtask.
 */
export type IntentOutcomeOrPromise = IntentOutcome | PromiseLike<IntentOutcome>;
