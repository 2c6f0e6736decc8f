import { isTerminalStatus, type OrderStatus } from '../domain/order-status';

/**
 * Every status change the order manager accepts, from each status. Staying in the same status is not a transition
 * (a repeated event, or more fills on a partially filled order) and is always allowed.
 *
 * Why some entries exist:
 * - `pending-cancel` and `pending-replace` can return to the status they left (`pending-new`, `new`,
 *   `partially-filled`): the broker refused the cancel or replace, or its request never left.
 * - `new -> rejected`: some venues reject after the broker acknowledged (IB "Inactive", exchange rejects).
 * - `new`/`partially-filled -> replaced`: a replace made elsewhere (broker UI) with no pending-replace seen here.
 * - `unknown` may become anything: it is the "outcome not known" state that the next broker event or the
 *   reconciliation resolves.
 * - Terminal statuses (filled, canceled, replaced, rejected, expired) lead nowhere.
 */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = Object.freeze({
  'pending-new': ['new', 'partially-filled', 'filled', 'pending-cancel', 'canceled', 'rejected', 'expired', 'unknown'],
  new: [
    'partially-filled',
    'filled',
    'pending-cancel',
    'pending-replace',
    'canceled',
    'replaced',
    'rejected',
    'expired',
    'unknown',
  ],
  'partially-filled': ['filled', 'pending-cancel', 'pending-replace', 'canceled', 'replaced', 'expired', 'unknown'],
  'pending-cancel': ['pending-new', 'new', 'partially-filled', 'filled', 'canceled', 'rejected', 'expired', 'unknown'],
  'pending-replace': [
    'new',
    'partially-filled',
    'filled',
    'pending-cancel',
    'canceled',
    'replaced',
    'expired',
    'unknown',
  ],
  filled: [],
  canceled: [],
  replaced: [],
  rejected: [],
  expired: [],
  unknown: [
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
  ],
} satisfies Record<OrderStatus, readonly OrderStatus[]>);

/** Why a status change was refused. */
export type TransitionRefusalReason =
  /** The order already reached a terminal status; a late event cannot reopen it. */
  | 'after-terminal'
  /** The event moves the order back in its lifecycle (e.g. `new` after `partially-filled`): it arrived late. */
  | 'stale'
  /** The change makes no sense for the order (e.g. `pending-new -> replaced`). */
  | 'invalid';

// Position in the normal life of an order, for telling a late event from a nonsensical one.
const LIFECYCLE_RANK: Readonly<Record<OrderStatus, number>> = {
  'pending-new': 0,
  new: 1,
  'partially-filled': 2,
  'pending-cancel': 3,
  'pending-replace': 3,
  filled: 4,
  canceled: 4,
  replaced: 4,
  rejected: 4,
  expired: 4,
  unknown: -1,
};

/** True when the table allows `from -> to`, or when they are the same status. */
export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return from === to || ORDER_TRANSITIONS[from].includes(to);
}

/** Why `from -> to` is refused, or `undefined` when it is allowed. */
export function transitionRefusal(from: OrderStatus, to: OrderStatus): TransitionRefusalReason | undefined {
  if (canTransition(from, to)) return undefined;
  if (isTerminalStatus(from)) return 'after-terminal';
  if (LIFECYCLE_RANK[to] >= 0 && LIFECYCLE_RANK[to] < LIFECYCLE_RANK[from]) return 'stale';
  return 'invalid';
}

/** True for statuses in which the order may still trade: counted as open by positions, limits and the kill switch. */
export function isOpenStatus(status: OrderStatus): boolean {
  return !isTerminalStatus(status);
}
