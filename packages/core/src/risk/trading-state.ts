/**
 * What the gate lets through:
 * - `active`: everything the limits allow;
 * - `reducing`: only orders that reduce the position (and can never flip it, even if every open order fills);
 * - `halted`: no submits or replaces. Cancels are always allowed, in every state.
 */
export type TradingState = 'active' | 'reducing' | 'halted';

/** Every trading state. */
export const TRADING_STATES: readonly TradingState[] = ['active', 'reducing', 'halted'];

/** @internal Numeric form, so the hot path compares numbers. */
export const TradingStateCode = { active: 0, reducing: 1, halted: 2 } as const;
