import type { OrderEvent } from '@tickwire/core';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../__fixtures__/manual-clock';
import { OrderEventDelivery } from './order-event-delivery';

function event(clientOrderId: string): OrderEvent {
  return { clientOrderId, status: 'new', timestampMs: 0 };
}

function setUp() {
  const clock = new ManualClock();
  const delivered: string[] = [];
  const delivery = new OrderEventDelivery({
    timers: clock,
    nowMs: () => clock.nowMs(),
    deliver: (sent) => delivered.push(sent.clientOrderId),
  });
  return { clock, delivered, delivery };
}

describe('OrderEventDelivery', () => {
  it('delivers after the latency, never letting a later event overtake an earlier one', async () => {
    const { clock, delivered, delivery } = setUp();
    delivery.send(event('slow'), 10);
    delivery.send(event('fast'), 1);
    await clock.advance(9);
    expect(delivered).toEqual([]);
    await clock.advance(1);
    expect(delivered).toEqual(['slow', 'fast']);
    expect(delivery.delivered).toBe(2);
  });

  it('loses events in flight when the link drops and events sent while it is down', async () => {
    const { clock, delivered, delivery } = setUp();
    delivery.send(event('in-flight'), 5);
    delivery.setLinkUp(false);
    delivery.send(event('while-down'), 0);
    delivery.setLinkUp(true);
    delivery.send(event('after'), 1);
    await clock.advance(10);
    expect(delivered).toEqual(['after']);
    expect(delivery.lost).toBe(2);
    expect(clock.pendingTimers).toBe(0);
  });

  it('drops what is in flight on close and leaves no timer', async () => {
    const { clock, delivered, delivery } = setUp();
    delivery.send(event('a'), 5);
    delivery.close();
    await clock.advance(10);
    expect(delivered).toEqual([]);
    expect(clock.pendingTimers).toBe(0);
  });
});
