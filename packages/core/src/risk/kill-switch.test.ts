import { describe, expect, it } from 'vitest';
import type { OrderRequest } from '../domain/order-request';
import { FakeTransmitter } from '../oms/__fixtures__/fake-transmitter';
import { OrderManager } from '../oms/order-manager';
import { PositionBook } from '../oms/position-book';
import { INSTRUMENTS, riskFixture, testLimits } from './__fixtures__/risk-fixture';
import { DecisionKind } from './decision-ring';
import { KillSwitch, type KillSwitchTripReport } from './kill-switch';
import { RiskGate } from './risk-gate';
import { RiskReason } from './risk-reasons';

const NOW = 1_500;

function buy(clientOrderId: string, account: string): OrderRequest {
  return {
    clientOrderId,
    symbol: 'AAPL',
    side: 'buy',
    type: 'limit',
    timeInForce: 'day',
    quantity: 5,
    limitPrice: 150,
    account,
  };
}

/** Two connectors, each with its own order manager and fake broker, behind one gate. */
async function twoConnectors() {
  const { quotes, feedHealth, recorder } = riskFixture();
  const positions = new PositionBook(quotes);
  const gate = new RiskGate({
    limits: testLimits(),
    instruments: INSTRUMENTS,
    portfolio: positions,
    quotes,
    feedHealth,
    audit: recorder,
  });
  const brokers = [new FakeTransmitter(), new FakeTransmitter()];
  const managers = brokers.map(
    (transmitter, index) =>
      new OrderManager({ name: index === 0 ? 'alpha' : 'beta', transmitter, gate, positions, clock: () => NOW }),
  );
  const [alpha, beta] = managers as [OrderManager, OrderManager];
  for (let index = 0; index < 3; index++) {
    expect((await alpha.submit(buy(`a${index}`, 'alpha'))).kind).toBe('accepted');
    expect((await beta.submit(buy(`b${index}`, 'beta'))).kind).toBe('accepted');
  }
  alpha.onOrderEvent({ clientOrderId: 'a0', status: 'new', timestampMs: NOW });
  beta.onOrderEvent({ clientOrderId: 'b1', status: 'canceled', timestampMs: NOW });
  const killSwitch = new KillSwitch({
    gate,
    targets: [alpha, beta],
    clock: () => NOW,
  });
  return { gate, positions, quotes, brokers, alpha, beta, killSwitch, recorder };
}

describe('KillSwitch', () => {
  it('cancels every open order on both connectors, and the gate refuses everything new until reset', async () => {
    const { gate, brokers, alpha, beta, killSwitch, recorder } = await twoConnectors();
    const report = await killSwitch.trip('desk says stop', 'ops@desk');
    expect(brokers[0]?.canceled).toEqual(['a0', 'a1', 'a2']);
    expect(brokers[1]?.canceled).toEqual(['b0', 'b2']);
    for (const id of ['a0', 'a1', 'a2']) expect(alpha.order(id)?.status).toBe('pending-cancel');
    expect(report.results.map((result) => [result.target, result.ok])).toEqual([
      ['alpha', true],
      ['beta', true],
    ]);
    // The brokers confirm: nothing is left open anywhere.
    for (const id of ['a0', 'a1', 'a2'])
      alpha.onOrderEvent({ clientOrderId: id, status: 'canceled', timestampMs: NOW });
    for (const id of ['b0', 'b2']) beta.onOrderEvent({ clientOrderId: id, status: 'canceled', timestampMs: NOW });
    expect([...alpha.openOrders(), ...beta.openOrders()]).toEqual([]);
    // Emergency cancels were recorded and never refused.
    const emergency = recorder.decisions.filter((decision) => decision.kind === DecisionKind.EMERGENCY_CANCEL);
    expect(emergency.map((decision) => decision.code)).toEqual([0, 0, 0, 0, 0]);
    // Latched: setting the trading state does not reopen the gate.
    gate.setTradingState('active', 'someone', NOW);
    expect((await alpha.submit(buy('a9', 'alpha'))).kind).toBe('denied');
    expect(gate.checkSubmit(buy('a10', 'alpha'), NOW)).toBe(RiskReason.KILL_SWITCH_TRIPPED);
    expect(killSwitch.tripped).toBe(true);
    expect(killSwitch.reset('ops@desk')).toBe(true);
    expect(gate.tradingState).toBe('active');
    expect((await alpha.submit(buy('a11', 'alpha'))).kind).toBe('accepted');
    expect(recorder.events.map((event) => event.event)).toEqual([
      'kill-switch-tripped',
      'trading-state',
      'kill-switch-reset',
    ]);
  });

  it('shuts the gate before any cancel is answered', async () => {
    const { gate, brokers, killSwitch } = await twoConnectors();
    brokers[0]?.cancelAnswers.push('hang', 'hang', 'hang');
    const tripping = killSwitch.trip('manual', 'ops');
    expect(gate.checkSubmit(buy('late', 'alpha'), NOW)).toBe(RiskReason.KILL_SWITCH_TRIPPED);
    for (let index = 0; index < 3; index++) brokers[0]?.settle({});
    await tripping;
  });

  it('sweeps the other targets when one fails, and reports the failure', async () => {
    const { gate } = riskFixture();
    let swept = 0;
    const killSwitch = new KillSwitch({
      gate,
      targets: [
        {
          name: 'broken',
          cancelAllOpenOrders: () => {
            throw new Error('connector gone');
          },
        },
        { cancelAllOpenOrders: async () => ++swept },
      ],
    });
    const reports: KillSwitchTripReport[] = [];
    killSwitch.on('swept', (report) => reports.push(report));
    const report = await killSwitch.trip('test', 'ops');
    expect(report.results).toEqual([
      { target: 'broken', ok: false, error: 'connector gone' },
      { target: 'target-1', ok: true, result: 1 },
    ]);
    // Tripping again while tripped sweeps again, keeping the first cause.
    const again = await killSwitch.trip('second', 'other');
    expect(again.reason).toBe('test');
    expect(swept).toBe(2);
    expect(reports).toHaveLength(2);
  });

  it('trips by itself when an account breaches its daily loss, and not before', async () => {
    const { positions, quotes, killSwitch, brokers } = await twoConnectors();
    positions.applyFillDelta('alpha', 'AAPL', 'buy', 100, 15_000, 0);
    quotes.update('AAPL', 141, 141, NOW);
    expect(killSwitch.evaluate(NOW)).toBeUndefined();
    expect(killSwitch.tripped).toBe(false);
    quotes.update('AAPL', 139.99, 139.99, NOW);
    const breach = killSwitch.evaluate(NOW);
    expect(breach).toMatchObject({ account: 'alpha', code: RiskReason.MAX_DAILY_LOSS });
    expect(killSwitch.tripped).toBe(true);
    expect(killSwitch.tripCause?.operator).toBe('auto');
    expect(killSwitch.tripCause?.reason).toMatch(/^MAX_DAILY_LOSS: account alpha daily PnL -1001/);
    await new Promise((resolve) => setImmediate(resolve));
    expect(brokers[0]?.canceled).toHaveLength(3);
  });

  it('does nothing on reset when not tripped', () => {
    const { gate } = riskFixture();
    expect(new KillSwitch({ gate }).reset('ops')).toBe(false);
  });
});
