import { describe, expect, it } from 'vitest';
import { isTickwireError, TickwireError } from '../errors/tickwire-error';
import type { ConnectionStateChange } from './connection-state';
import { ConnectionStateTracker } from './connection-state-tracker';

describe('ConnectionStateTracker', () => {
  it('moves through allowed states and tells listeners with time, reason and error', () => {
    const tracker = new ConnectionStateTracker({ nowMs: () => 42 });
    const changes: ConnectionStateChange[] = [];
    const stop = tracker.onChange((change) => changes.push(change));
    const dropped = new TickwireError({ code: 'CONNECTION_FAILED', message: 'closed 1006' });
    tracker.transition('connecting');
    tracker.transition('connected');
    tracker.transition('reconnecting', 'closed 1006', dropped);
    tracker.transition('reconnecting', 'attempt 2');
    expect(tracker.transition('reconnecting', 'attempt 2') && tracker.state).toBe('reconnecting');
    stop();
    tracker.transition('connected');
    expect(changes.map((change) => `${change.previous}->${change.current}`)).toEqual([
      'disconnected->connecting',
      'connecting->connected',
      'connected->reconnecting',
      'reconnecting->reconnecting',
      'reconnecting->reconnecting',
    ]);
    expect(changes[2]).toEqual({
      previous: 'connected',
      current: 'reconnecting',
      atMs: 42,
      reason: 'closed 1006',
      error: dropped,
    });
  });

  it('ignores a move to the same state and refuses an illegal one, naming the allowed ones', () => {
    const tracker = new ConnectionStateTracker({ nowMs: () => 0 });
    expect(tracker.transition('disconnected')).toBe(false);
    const failure = (() => {
      try {
        tracker.transition('connected', 'skipped connecting');
      } catch (error) {
        return error;
      }
    })();
    expect(isTickwireError(failure, 'INVALID_STATE')).toBe(true);
    expect((failure as Error).message).toContain('from "disconnected" to "connected" (skipped connecting)');
    expect((failure as Error).message).toContain('allowed next states: connecting');
  });

  it('keeps notifying the other listeners when one throws', () => {
    const thrown: unknown[] = [];
    const tracker = new ConnectionStateTracker({ nowMs: () => 0, onListenerError: (error) => thrown.push(error) });
    const seen: string[] = [];
    tracker.onChange(() => {
      throw new Error('bad listener');
    });
    tracker.onChange((change) => seen.push(change.current));
    tracker.transition('connecting');
    expect(seen).toEqual(['connecting']);
    expect(thrown).toHaveLength(1);
  });
});
