/**
 * The Skeleton Exchange protocol: one WebSocket, JSON text frames, made up for this example.
 *
 * Client requests carry a numeric `id`; the reply to a request carries the same `id`. Everything else the server
 * sends (quotes, heartbeats, execution reports) has no `id`.
 *
 * | client sends                                                   | server answers                                   |
 * |----------------------------------------------------------------|--------------------------------------------------|
 * | `{op:'auth', id, key, secret}`                                 | `{type:'auth_ok', id}` or an error               |
 * | `{op:'subscribe' / 'unsubscribe', id, symbols}` (quotes only)  | `{type:'subscribed' / 'unsubscribed', id, symbols}` |
 * | `{op:'new_order', id, cid, sym, side, kind, qty, px?, tif}`    | `{type:'order', id, order}` or an error          |
 * | `{op:'cancel', id, cid}`                                       | `{type:'order', id, order}` or an error          |
 * | `{op:'replace', id, cid, new_cid, qty?, px?}`                  | `{type:'order', id, order}` (the new order)      |
 * | `{op:'orders', id}`                                            | `{type:'orders', id, orders}` (open orders)      |
 * | `{op:'history', id, since}`                                    | `{type:'history', id, orders, executions, ts}`   |
 * | `{op:'account', id}`                                           | `{type:'account', id, account, positions}`       |
 *
 * Errors: `{type:'error', id, code, message, retry_after_ms?}` with `code` one of {@link SKELETON_ERROR_CODES}.
 * Unsolicited: `{type:'quote', sym, seq, bid, ask, bsz, asz, ts}` (seq counts per symbol), `{type:'hb', ts}`, and
 * `{type:'exec', order, exec?}` for every order change (`exec` present when it is a fill). Times are epoch ms.
 */

/** Venue order statuses, as the venue spells them. */
export const SKELETON_ORDER_STATUSES = ['accepted', 'partial', 'filled', 'canceled', 'replaced', 'rejected'] as const;
/** One venue order status. */
export type SkeletonOrderStatus = (typeof SKELETON_ORDER_STATUSES)[number];

/** Venue error codes. */
export const SKELETON_ERROR_CODES = [
  'unauthorized',
  'rejected',
  'duplicate',
  'not_found',
  'not_cancelable',
  'rate_limited',
  'bad_request',
] as const;
/** One venue error code. */
export type SkeletonErrorCode = (typeof SKELETON_ERROR_CODES)[number];

/** An order as the venue describes it. `status` is a string: a newer venue may send one this connector lacks. */
export interface SkeletonOrder {
  readonly cid: string;
  readonly oid: string;
  readonly sym: string;
  readonly side: 'buy' | 'sell';
  readonly kind: 'limit' | 'market';
  readonly tif: 'day' | 'gtc';
  readonly qty: number;
  readonly px?: number;
  readonly status: string;
  readonly cum_qty: number;
  readonly avg_px?: number;
  readonly replaced_by?: string;
  readonly created: number;
  readonly updated: number;
}

/** One execution (fill) as the venue describes it. */
export interface SkeletonExecution {
  readonly exec_id: string;
  readonly cid: string;
  readonly oid: string;
  readonly sym: string;
  readonly side: 'buy' | 'sell';
  readonly qty: number;
  readonly px: number;
  readonly ts: number;
}

/** A quote frame. */
export interface SkeletonQuote {
  readonly type: 'quote';
  readonly sym: string;
  readonly seq: number;
  readonly bid: number;
  readonly ask: number;
  readonly bsz: number;
  readonly asz: number;
  readonly ts: number;
}

/** Every frame the server sends. */
export type SkeletonServerMessage =
  | SkeletonQuote
  | { readonly type: 'hb'; readonly ts: number }
  | { readonly type: 'exec'; readonly order: SkeletonOrder; readonly exec?: SkeletonExecution; readonly ts: number }
  | { readonly type: 'auth_ok'; readonly id: number }
  | { readonly type: 'subscribed' | 'unsubscribed'; readonly id: number; readonly symbols: readonly string[] }
  | { readonly type: 'order'; readonly id: number; readonly order: SkeletonOrder }
  | { readonly type: 'orders'; readonly id: number; readonly orders: readonly SkeletonOrder[] }
  | {
      readonly type: 'history';
      readonly id: number;
      readonly orders: readonly SkeletonOrder[];
      readonly executions: readonly SkeletonExecution[];
      readonly ts: number;
    }
  | {
      readonly type: 'account';
      readonly id: number;
      readonly account: { readonly account_id: string; readonly currency: string; readonly cash: number };
      readonly positions: readonly { readonly sym: string; readonly qty: number; readonly avg_px: number }[];
    }
  | {
      readonly type: 'error';
      readonly id: number;
      readonly code: string;
      readonly message: string;
      readonly retry_after_ms?: number;
    };

/** The message types that answer a request (they carry the request's `id`). */
export const SKELETON_REPLY_TYPES: ReadonlySet<string> = new Set([
  'auth_ok',
  'subscribed',
  'unsubscribed',
  'order',
  'orders',
  'history',
  'account',
  'error',
]);

/** Every request the client sends. */
export type SkeletonRequest =
  | { readonly op: 'auth'; readonly key: string; readonly secret: string }
  | { readonly op: 'subscribe' | 'unsubscribe'; readonly symbols: readonly string[] }
  | {
      readonly op: 'new_order';
      readonly cid: string;
      readonly sym: string;
      readonly side: 'buy' | 'sell';
      readonly kind: 'limit' | 'market';
      readonly qty: number;
      readonly px?: number;
      readonly tif: 'day' | 'gtc';
    }
  | { readonly op: 'cancel'; readonly cid: string }
  | {
      readonly op: 'replace';
      readonly cid: string;
      readonly new_cid: string;
      readonly qty?: number;
      readonly px?: number;
    }
  | { readonly op: 'orders' }
  | { readonly op: 'history'; readonly since: number }
  | { readonly op: 'account' };

/** A request with its correlation id, as sent on the wire. */
export type SkeletonWireRequest = SkeletonRequest & { readonly id: number };

/** True when `value` is a quote frame with every field of the right type (checked before any tick is written). */
export function isSkeletonQuote(value: { readonly type?: unknown }): value is SkeletonQuote {
  const quote = value as Partial<Record<keyof SkeletonQuote, unknown>>;
  return (
    typeof quote.sym === 'string' &&
    Number.isInteger(quote.seq) &&
    Number.isFinite(quote.bid) &&
    Number.isFinite(quote.ask) &&
    Number.isFinite(quote.bsz) &&
    Number.isFinite(quote.asz) &&
    Number.isFinite(quote.ts)
  );
}
