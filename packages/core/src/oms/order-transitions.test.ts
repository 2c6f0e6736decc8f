import { describe, expect, it } from 'vitest';
import { isTerminalStatus, ORDER_STATUSES } from '../domain/order-status';
import { canTransition, ORDER_TRANSITIONS, transitionRefusal } from './order-transitions';

describe('order transitions', () => {
  it('lists every status, and terminal statuses lead nowhere', () => {
    expect(Object.keys(ORDER_TRANSITIONS).sort()).toEqual([...ORDER_STATUSES].sort());
    for (const status of ORDER_STATUSES) {
      if (isTerminalStatus(status)) expect(ORDER_TRANSITIONS[status]).toEqual([]);
      else expect(ORDER_TRANSITIONS[status].length).toBeGreaterThan(0);
    }
  });

  it('lets unknown resolve to any other status', () => {
    for (const status of ORDER_STATUSES) expect(canTransition('unknown', status)).toBe(true);
  });

  it('lets every open status become unknown, canceled or expired', () => {
    for (const status of ORDER_STATUSES) {
      if (isTerminalStatus(status)) continue;
      expect(canTransition(status, 'unknown')).toBe(true);
      expect(canTransition(status, 'canceled')).toBe(true);
      expect(canTransition(status, 'expired')).toBe(true);
    }
  });

  it('treats staying in a status as allowed (a repeat, not a transition)', () => {
    for (const status of ORDER_STATUSES) expect(transitionRefusal(status, status)).toBeUndefined();
  });

  it('names why a transition is refused', () => {
    expect(transitionRefusal('filled', 'new')).toBe('after-terminal');
    expect(transitionRefusal('canceled', 'filled')).toBe('after-terminal');
    expect(transitionRefusal('partially-filled', 'new')).toBe('stale');
    expect(transitionRefusal('new', 'pending-new')).toBe('stale');
    expect(transitionRefusal('pending-new', 'replaced')).toBe('invalid');
    expect(transitionRefusal('pending-new', 'pending-replace')).toBe('invalid');
    expect(transitionRefusal('partially-filled', 'rejected')).toBe('invalid');
  });

  it('allows a refused cancel or replace to return to the status it left', () => {
    for (const previous of ['new', 'partially-filled'] as const) {
      expect(canTransition('pending-cancel', previous)).toBe(true);
      expect(canTransition('pending-replace', previous)).toBe(true);
    }
    expect(canTransition('pending-cancel', 'pending-new')).toBe(true);
  });
});
