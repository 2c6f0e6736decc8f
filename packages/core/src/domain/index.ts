export type { AccountSnapshot, Position } from './account';
export type { AssetClass, Instrument } from './instrument';
export type { Fill, OrderEvent } from './order-event';
export type { OrderClass, OrderRequest, OrderSide, OrderType, ReplaceRequest, TimeInForce } from './order-request';
export type { OrderSnapshot } from './order-snapshot';
export { isTerminalStatus, ORDER_STATUSES, type OrderStatus } from './order-status';
