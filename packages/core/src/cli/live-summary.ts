import type { RuntimeSummary } from '../runtime/runtime-summary';

function rate(now: number, before: number, seconds: number): string {
  const value = (now - before) / seconds;
  return value >= 1000 ? `${(value / 1000).toFixed(1)}k` : value.toFixed(0);
}

/**
 * Renders the live terminal summary: ticks/s, ring lag, orders by status, risk denials and connector states, from
 * two consecutive summaries.
 */
export function renderLiveSummary(current: RuntimeSummary, previous: RuntimeSummary | undefined): string {
  // Without an earlier sample, rates are averages over the whole run.
  const seconds = Math.max(0.001, (current.durationMs - (previous?.durationMs ?? 0)) / 1000);
  const before = previous?.ticks ?? { received: 0, consumed: 0 };
  const orders = Object.entries(current.orders.byStatus)
    .map(([status, count]) => `${status} ${count}`)
    .join(', ');
  const lines = [
    `tickwire  up ${(current.durationMs / 1000).toFixed(0)}s${current.killSwitchTripped ? '  KILL SWITCH TRIPPED' : ''}`,
    `ticks     ${rate(current.ticks.received, before.received, seconds)}/s in, ${rate(current.ticks.consumed, before.consumed, seconds)}/s consumed, ` +
      `${current.ticks.received} total, ${current.ticks.dropped} dropped, ${current.ticks.refused} refused` +
      (current.ticks.stored === null ? '' : `, ${current.ticks.stored} stored`) +
      (current.ticks.bridged === null ? '' : `, ${current.ticks.bridged} bridged`),
    `orders    ${current.orders.transmitted} sent, ${current.orders.riskDenials} risk denials${orders === '' ? '' : ` (${orders})`}`,
    ...current.connectors.map(
      (connector) =>
        `  ${connector.id.padEnd(12)} ${connector.state.padEnd(12)} ring lag ${connector.ringLag} (max ${connector.ringHighWater})` +
        (connector.failure === undefined ? '' : `  ${connector.failure}`),
    ),
  ];
  return lines.join('\n');
}
