/**
 * The order manager's states. Connectors map every broker status onto one of these; a status the connector does
 * not recognise maps to `unknown` and is reported, never guessed.
 */
export type OrderStatus =
  | 'pending-new'
  | 'new'
  | 'partially-filled'
  | 'filled'
  | 'pending-cancel'
  | 'canceled'
  | 'pending-replace'
  | 'replaced'
  | 'rejected'
  | 'expired'
  | 'unknown';

/** Every status, in lifecycle order. */
export const ORDER_STATUSES: readonly OrderStatus[] = [
  'pending-new',
  'new',
  'partially-filled',
  'filled',
  'pending-cancel',
  'canceled',
  'pending-replace',
  'replaced',
  'rejected',
  'expired',
  'unknown',
];

const TERMINAL: ReadonlySet<OrderStatus> = new Set(['filled', 'canceled', 'replaced', 'rejected', 'expired']);

/** True when no further broker event can change the order. */
export function isTerminalStatus(status: OrderStatus): boolean {
  return TERMINAL.has(status);
}
