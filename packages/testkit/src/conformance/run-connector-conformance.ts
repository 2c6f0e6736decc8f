import { describe, it } from 'vitest';
import { CaseGates, probeFakeBroker } from './case-gates';
import { collectConformanceCases } from './conformance-cases';
import { type ConnectorConformanceOptions, resolveConformanceOptions } from './conformance-options';
import { registerWithVitest } from './conformance-session';

/**
 * Registers with vitest the tickwire connector conformance and fault-injection suite for one plugin and its fake
 * broker: the contract checks, auth failure, connect, subscribe, quotes to ticks through a real ring, the order
 * lifecycle, idempotent retry, partial fills, cancel/replace, disconnect mid-fill with reconciliation, silence with
 * heartbeats, sequence gaps, 429 storms, malformed frames, unknown enum values and clock skew.
 *
 * Every assertion reads what reached the fake broker or what came out of the host (ring, order events, health
 * reports), never what the connector says it did. A case is skipped only when the manifest's capabilities or the
 * fake broker's faults exclude it, and its name then says what it needs.
 *
 * Call it at the top level of a test file:
 * @example
 * ```ts
 * import { runConnectorConformance } from '@tickwire/testkit';
 * import plugin from '../src/index';
 * import { AcmeFakeBroker } from '../src/acme-fake-broker';
 *
 * runConnectorConformance({
 *   plugin,
 *   createFakeBroker: async () => new AcmeFakeBroker(),
 *   symbols: ['AAPL', 'MSFT'],
 *   order: { restingBuyPrice: 100 },
 * });
 * ```
 */
export function runConnectorConformance<TConfig>(options: ConnectorConformanceOptions<TConfig>): void {
  const resolved = resolveConformanceOptions(options as ConnectorConformanceOptions<unknown>);
  const { manifest } = options.plugin;
  const title = options.suiteName ?? `${manifest.displayName} connector conformance (${manifest.packageName})`;

  describe(title, async () => {
    // A probe that is never started: only its fault controls are read, to decide what to skip.
    const probe = await options.createFakeBroker();
    const features = probeFakeBroker(probe);
    await probe.stop();
    const gates = new CaseGates(manifest.capabilities, features, resolved);

    if (manifest.capabilities.orderTypes.includes('limit') && options.order === undefined) {
      it('is given the order options its limit-order capability needs', () => {
        throw new Error(
          `${manifest.packageName} supports limit orders, so runConnectorConformance needs the \`order\` option ` +
            '(at least restingBuyPrice: a buy limit price that rests at the fake broker without filling).',
        );
      });
    }

    for (const conformanceCase of collectConformanceCases(resolved, gates))
      registerWithVitest(resolved, conformanceCase);
  });
}
