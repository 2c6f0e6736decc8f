import { TickFlags } from '@tickwire/core';
import { describe, expect, it } from 'vitest';
import { appleMarket, createSimHarness, rejection } from './__fixtures__/sim-harness';

describe('SimConnector faults: disconnect', () => {
  it('keeps matching while the link is down; reconcile returns the fills the client missed', async () => {
    // At most 10 shares per quote: a 1,000-share order fills over ~100 quotes (~125 ms at 800 quotes/s).
    const { sim, clock, events, writer } = createSimHarness({ symbols: [{ symbol: 'SIM-AAPL', maxFillQuantity: 10 }] });
    await sim.connect();
    await sim.subscribe({ symbols: ['SIM-AAPL'], kinds: ['quotes'] });
    const states: string[] = [];
    sim.onStateChange((change) => states.push(change.current));
    const ack = sim.submitOrder(appleMarket('big', 1_000));
    await clock.advance(20);
    expect((await ack).status).toBe('partially-filled');
    const fillsBeforeDrop = events.filter((event) => event.fill !== undefined).length;
    expect(fillsBeforeDrop).toBeGreaterThan(0);

    // Events in flight when the link drops are lost too, and they carry venue times from before the drop: a
    // client reconciles from the venue time of the last event it received, not from the moment it noticed.
    const lastSeenMs = events.at(-1)!.timestampMs;
    sim.faults.disconnect({ forMs: 60 });
    expect(sim.state).toBe('reconnecting');
    const ticksAtDrop = writer.count;
    await rejection(sim.getOpenOrders(), 'NOT_CONNECTED');
    await clock.advance(59);
    expect(writer.count).toBe(ticksAtDrop);
    expect(events.filter((event) => event.fill !== undefined).length).toBe(fillsBeforeDrop);
    await clock.advance(1);
    expect(sim.state).toBe('connected');
    expect(states).toEqual(['reconnecting', 'connected']);
    // The venue answers the resubscription with a snapshot flagged as following a gap.
    expect(writer.flags[ticksAtDrop]).toBe(TickFlags.SNAPSHOT | TickFlags.GAP_BEFORE);

    const report = await sim.reconcile(lastSeenMs);
    const received = new Set(events.filter((event) => event.fill).map((event) => event.fill!.executionId));
    const missed = report.fills.filter((fill) => !received.has(fill.executionId));
    expect(missed.length).toBeGreaterThan(20);
    expect(missed.every((fill) => fill.timestampMs >= lastSeenMs && fill.clientOrderId === 'big')).toBe(true);
    expect(report.openOrders).toEqual([expect.objectContaining({ clientOrderId: 'big', status: 'partially-filled' })]);

    // Once everything is filled, the events received plus the fills reconciled account for every share once.
    await clock.advance(300);
    const final = await sim.reconcile(lastSeenMs);
    expect(final.closedOrders).toEqual([expect.objectContaining({ clientOrderId: 'big', status: 'filled' })]);
    const all = new Map<string, number>();
    for (const event of events) if (event.fill) all.set(event.fill.executionId, event.fill.quantity);
    for (const fill of final.fills) all.set(fill.executionId, fill.quantity);
    expect([...all.values()].reduce((sum, quantity) => sum + quantity, 0)).toBe(1_000);
    expect(sim.stats.orderEventsLost).toBeGreaterThan(0);
    await sim.disconnect();
  });

  it('fails a request whose link dropped on the way with ORDER_OUTCOME_UNKNOWN', async () => {
    const { sim, clock } = createSimHarness({ latency: { ackMs: 10 } });
    await sim.connect();
    const lost = rejection(sim.submitOrder(appleMarket('in-flight', 1)), 'ORDER_OUTCOME_UNKNOWN');
    await clock.advance(5);
    sim.faults.disconnect();
    await clock.advance(5);
    expect((await lost).message).toMatch(/"in-flight".*Reconcile after the reconnect/);
    sim.faults.reconnect();
    expect(sim.state).toBe('connected');
    const report = await sim.reconcile(0);
    expect(report.openOrders).toEqual([]);
    expect(report.fills).toEqual([]);
    await sim.disconnect();
  });

  it('runs a fault script from the config, timed from connect()', async () => {
    const { sim, clock, writer } = createSimHarness({
      faults: [
        { atMs: 100, fault: 'disconnect', forMs: 50 },
        { atMs: 300, fault: 'clock-skew', offsetMs: 5_000 },
      ],
    });
    const changes: [string, number][] = [];
    sim.onStateChange((change) => changes.push([change.current, change.atMs]));
    const connectedAtMs = clock.nowMs();
    await sim.connect();
    await sim.subscribe({ symbols: ['SIM-MSFT'], kinds: ['quotes'] });
    await clock.advance(400);
    expect(changes).toEqual([
      ['connecting', connectedAtMs],
      ['connected', connectedAtMs],
      ['reconnecting', connectedAtMs + 100],
      ['connected', connectedAtMs + 150],
    ]);
    const lastTick = writer.count - 1;
    expect(writer.timestampMs(lastTick)).toBeGreaterThan(clock.nowMs() + 4_900);
    expect(sim.faults.status.clockOffsetMs).toBe(5_000);
    await sim.disconnect();
    expect(clock.pendingTimers).toBe(0);
  });
});

describe('SimConnector faults: feed', () => {
  it('goes silent while heartbeats continue: stale reported, orders still work, resynced when data returns', async () => {
    const { sim, clock, writer, health } = createSimHarness({ staleAfterMs: 300 });
    await sim.connect();
    await sim.subscribe({ symbols: ['SIM-AAPL'], kinds: ['quotes', 'trades'] });
    await clock.advance(100);
    sim.faults.silence({ forMs: 1_000 });
    const ticksAtSilence = writer.count;
    await clock.advance(500);
    expect(writer.count).toBe(ticksAtSilence);
    expect(sim.state).toBe('connected');
    expect(health).toEqual([expect.objectContaining({ kind: 'stale', symbol: '*' })]);
    const stale = health[0] as { silentForMs: number };
    expect(stale.silentForMs).toBeGreaterThanOrEqual(300);
    const ack = sim.submitOrder(appleMarket('during-silence', 1));
    await clock.advance(2);
    expect((await ack).status).toBe('filled');
    await clock.advance(600);
    expect(writer.count).toBeGreaterThan(ticksAtSilence);
    expect(health.map((record) => record.kind)).toEqual(['stale', 'resynced']);
    await sim.disconnect();
  });

  it('skips venue sequence numbers: gap reported, next tick flagged, recovery snapshot, resynced', async () => {
    const { sim, clock, writer, health } = createSimHarness();
    await sim.connect();
    await sim.subscribe({ symbols: ['SIM-AAPL', 'SIM-MSFT'], kinds: ['quotes'] });
    await clock.advance(100);
    const before = writer.count;
    sim.faults.sequenceGap({ symbol: 'SIM-AAPL', count: 3 });
    await clock.advance(100);
    const gap = health.find((record) => record.kind === 'gap') as {
      symbol: string;
      expected: number;
      received: number;
    };
    expect(gap.symbol).toBe('SIM-AAPL');
    expect(gap.received - gap.expected).toBe(3);
    const flagged: number[] = [];
    for (let index = before; index < writer.count; index++) {
      if ((writer.flags[index]! & TickFlags.GAP_BEFORE) !== 0) flagged.push(index);
    }
    expect(flagged).toHaveLength(1);
    expect(writer.flags.slice(flagged[0]! + 1, writer.count).some((flags) => flags === TickFlags.SNAPSHOT)).toBe(true);
    expect(health.filter((record) => record.kind === 'resynced')).toEqual([
      expect.objectContaining({ symbol: 'SIM-AAPL' }),
    ]);
    expect(sim.stats.ticksWithheld).toBe(3);
    expect(() => sim.faults.sequenceGap({ symbol: 'NOPE' })).toThrow(/unknown symbol "NOPE"/);
    await sim.disconnect();
  });
});

describe('SimConnector faults: orders and connections', () => {
  it('rejects the next orders on submit, or after acknowledging them', async () => {
    const { sim, clock, events } = createSimHarness();
    await sim.connect();
    sim.faults.rejectNextOrders({ count: 1, reason: 'symbol halted' });
    const refused = rejection(sim.submitOrder(appleMarket('r1', 1)), 'ORDER_REJECTED');
    await clock.advance(2);
    expect((await refused).message).toMatch(/symbol halted/);
    sim.faults.rejectNextOrders({ when: 'after-ack', reason: 'risk check at venue' });
    const acknowledged = sim.submitOrder(appleMarket('r2', 1));
    await clock.advance(2);
    expect((await acknowledged).status).toBe('pending-new');
    await clock.advance(1);
    expect(events).toEqual([
      expect.objectContaining({ clientOrderId: 'r2', status: 'rejected', reason: 'risk check at venue' }),
    ]);
    const normal = sim.submitOrder(appleMarket('r3', 1));
    await clock.advance(2);
    expect((await normal).status).toBe('filled');
    expect(sim.faults.status.pendingRejections).toBe(0);
    await sim.disconnect();
  });

  it('delays the next acknowledgements', async () => {
    const { sim, clock } = createSimHarness();
    await sim.connect();
    sim.faults.delayAcks({ extraMs: 100 });
    let done = false;
    const ack = sim.submitOrder(appleMarket('slow', 1)).then(() => {
      done = true;
    });
    await clock.advance(101);
    expect(done).toBe(false);
    await clock.advance(1);
    await ack;
    expect(done).toBe(true);
    await sim.disconnect();
  });

  it('fails connect() with AUTH_FAILED or CONNECTION_FAILED when scripted, then connects', async () => {
    const { sim } = createSimHarness();
    const changes: { current: string; code?: string }[] = [];
    sim.onStateChange((change) => changes.push({ current: change.current, code: change.error?.code }));
    sim.faults.failNextConnects({ kind: 'auth' });
    sim.faults.failNextConnects({ kind: 'network' });
    const auth = await rejection(sim.connect(), 'AUTH_FAILED');
    expect(auth.retryable).toBe(false);
    expect(sim.state).toBe('failed');
    const network = await rejection(sim.connect(), 'CONNECTION_FAILED');
    expect(network.retryable).toBe(true);
    await sim.connect();
    expect(sim.state).toBe('connected');
    expect(changes).toEqual([
      { current: 'connecting', code: undefined },
      { current: 'failed', code: 'AUTH_FAILED' },
      { current: 'connecting', code: undefined },
      { current: 'failed', code: 'CONNECTION_FAILED' },
      { current: 'connecting', code: undefined },
      { current: 'connected', code: undefined },
    ]);
    await sim.disconnect();
  });

  it('refuses unusable fault arguments, naming them', () => {
    const { sim } = createSimHarness();
    expect(() => sim.faults.disconnect({ forMs: -5 })).toThrow(/faults\.disconnect: forMs -5 is not usable/);
    expect(() => sim.faults.rejectNextOrders({ count: 0 })).toThrow(/count 0 is not usable; pass a whole number/);
    expect(() => sim.faults.delayAcks({ extraMs: Number.NaN })).toThrow(/extraMs null is not usable/);
  });

  it('clear() ends every fault in force', async () => {
    const { sim, clock } = createSimHarness();
    await sim.connect();
    sim.faults.disconnect();
    sim.faults.silence();
    sim.faults.rejectNextOrders({ count: 3 });
    expect(sim.faults.status).toMatchObject({ disconnected: true, silenced: true, pendingRejections: 3 });
    sim.faults.clear();
    expect(sim.faults.status).toMatchObject({ disconnected: false, silenced: false, pendingRejections: 0 });
    expect(sim.state).toBe('connected');
    await clock.advance(1);
    await sim.disconnect();
  });
});
