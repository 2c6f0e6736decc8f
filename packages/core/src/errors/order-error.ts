import { hasMarker, TickwireError } from './tickwire-error';

const orderMarker = Symbol.for('tickwire.error.OrderError');

/** The codes an {@link OrderError} can carry. */
export type OrderErrorCode =
  | 'ORDER_REJECTED'
  | 'ORDER_NOT_FOUND'
  | 'ORDER_NOT_CANCELABLE'
  | 'DUPLICATE_CLIENT_ORDER_ID'
  | 'ORDER_OUTCOME_UNKNOWN'
  | 'INSUFFICIENT_FUNDS';

/** What an {@link OrderError} is built from. */
export interface OrderErrorOptions {
  readonly code: OrderErrorCode;
  readonly clientOrderId: string;
  readonly brokerOrderId?: string;
  /** The broker's own error code (`40310000`, `INSUFFICIENT_FUND`, IB `201`), kept for audit. */
  readonly brokerCode?: string | number;
  /** The broker's own words. */
  readonly brokerMessage?: string;
  /** The full message: what, the order, the broker's reason, and what to do next. */
  readonly message: string;
  readonly retryable?: boolean;
  readonly cause?: unknown;
}

/**
 * The broker refused or could not find an order, or the outcome of a request is unknown. Names the client order id
 * and keeps the broker's code and words so the audit log shows exactly what the venue said.
 */
export class OrderError extends TickwireError<OrderErrorCode> {
  // Read through hasMarker(), by this copy of core or any other.
  protected readonly [orderMarker] = true;
  override readonly name: string = 'OrderError';
  readonly clientOrderId: string;
  readonly brokerOrderId: string | undefined;
  readonly brokerCode: string | number | undefined;
  readonly brokerMessage: string | undefined;

  constructor(options: OrderErrorOptions) {
    super({
      code: options.code,
      message: options.message,
      cause: options.cause,
      ...(options.retryable === undefined ? {} : { retryable: options.retryable }),
      details: {
        clientOrderId: options.clientOrderId,
        brokerOrderId: options.brokerOrderId,
        brokerCode: options.brokerCode,
        brokerMessage: options.brokerMessage,
      },
    });
    this.clientOrderId = options.clientOrderId;
    this.brokerOrderId = options.brokerOrderId;
    this.brokerCode = options.brokerCode;
    this.brokerMessage = options.brokerMessage;
  }

  /** True for an `OrderError` from any installed copy of core. */
  static override isInstance(value: unknown): value is OrderError {
    return TickwireError.isInstance(value) && hasMarker(value, orderMarker);
  }
}
