import type { OrderStatus } from '../domain/order-status';
import type { KillSwitch } from '../risk/kill-switch';
import type { ConnectorHost } from './connector-host';
import type { HealthReportCounts } from './runtime-health-reporter';
import type { RuntimeLifecycle } from './runtime-lifecycle';
import type { ConnectorSummary, RuntimeSummary } from './runtime-summary';

/** Adds up the counters of every part into a {@link RuntimeSummary}. */
export function summarizeRuntime(
  hosts: ReadonlyMap<string, ConnectorHost>,
  lifecycle: RuntimeLifecycle,
  killSwitch: KillSwitch,
  startedAtMs: number,
  health: HealthReportCounts,
): RuntimeSummary {
  const connectors: ConnectorSummary[] = [];
  const byStatus: Partial<Record<OrderStatus, number>> = {};
  let transmitted = 0;
  let riskDenials = 0;
  let refusedTransitions = 0;
  for (const host of hosts.values()) {
    const counters = host.tickWriter.counters;
    const ring = host.ring.stats();
    connectors.push({
      id: host.connectorId,
      package: host.packageName,
      state: host.state,
      ...(host.failure === undefined ? {} : { failure: host.failure.message }),
      ticksReceived: counters.received,
      ticksPublished: counters.published,
      ticksDropped: counters.dropped,
      ticksRefused: counters.refused,
      ringLag: ring.occupancy,
      ringHighWater: ring.highWaterMark,
    });
    for (const order of host.orderManager.allOrders()) byStatus[order.status] = (byStatus[order.status] ?? 0) + 1;
    const stats = host.orderManager.stats;
    transmitted += stats.transmitted;
    riskDenials += stats.denied;
    refusedTransitions +=
      stats.refusedTransitions.invalid + stats.refusedTransitions.stale + stats.refusedTransitions['after-terminal'];
  }
  const sum = (pick: (connector: ConnectorSummary) => number) =>
    connectors.reduce((total, connector) => total + pick(connector), 0);
  const store = lifecycle.store?.stats();
  const bridge = lifecycle.bridge?.stats();
  return {
    startedAtMs,
    durationMs: Date.now() - startedAtMs,
    ticks: {
      received: sum((connector) => connector.ticksReceived),
      published: sum((connector) => connector.ticksPublished),
      dropped: sum((connector) => connector.ticksDropped),
      refused: sum((connector) => connector.ticksRefused),
      consumed: lifecycle.hub.consumed,
      stored: store === undefined ? null : store.ticksWritten,
      storeLost: store === undefined ? null : store.ticksLost + lifecycle.storeRingDropped(),
      bridged: bridge === undefined ? null : bridge.ticksPublished,
    },
    orders: { byStatus, transmitted, riskDenials, refusedTransitions },
    feed: { ...health },
    killSwitchTripped: killSwitch.tripped,
    connectors,
    ...(store === undefined ? {} : { store }),
    ...(bridge === undefined ? {} : { bridge }),
  };
}
