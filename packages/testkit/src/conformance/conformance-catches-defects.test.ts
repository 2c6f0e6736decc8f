import { describe, expect, it } from 'vitest';
// The example third-party connector and its fake broker: a correct plugin to break on purpose.
import { SkeletonFakeBroker } from '../../../../examples/connector-skeleton/src/skeleton-fake-broker';
import { skeletonPlugin } from '../../../../examples/connector-skeleton/src/skeleton-plugin';
import { DEFECTS, withDefect } from './__fixtures__/defective-plugins';
import { CaseGates, probeFakeBroker } from './case-gates';
import { collectConformanceCases } from './conformance-cases';
import { resolveConformanceOptions } from './conformance-options';
import { withSession } from './conformance-session';

// Which case must catch which bug, and how it must fail. Each row runs the case twice: on the intact plugin (it
// must pass, so the case is sound) and on the plugin with the bug (it must fail, for that reason).
const CAUGHT_BY: readonly (readonly [defect: string, casePrefix: string, failure: RegExp])[] = [
  ['drops every fourth tick', 'quotes become ticks', /ticks that do not match the quotes/],
  ['stamps ticks with the local clock', 'clock skew on the host', /ticks that do not match the quotes/],
  ['stamps ticks with the local clock', 'clock skew at the venue', /ticks that do not match the quotes/],
  ['never sets GAP_BEFORE', 'venue sequence gap', /waiting for a \w+ tick flagged GAP_BEFORE/],
  ['never sets GAP_BEFORE', 'reconnect after a drop', /first tick after the reconnect .* carries GAP_BEFORE/],
  ['does not report gaps', 'venue sequence gap', /waiting for reportGap/],
  ['does not report stale feeds', 'silence while heartbeats continue', /waiting for reportFeedStale/],
  ['does not report protocol errors', 'malformed frame', /waiting for reportProtocolError/],
  ['reports each fill twice under new execution ids', 'partial fills', /booked from events/],
  ['loses canceled events', 'cancel', /waiting for order event: \w+ canceled/],
  ['guesses a status for an unknown one', 'unknown enum value', /reported as unknown/],
  ['forgets which order replaced which', 'replace', /replacedByClientOrderId of the replaced event/],
  ['sends every order twice', 'order lifecycle', /order requests for \w+ that reached the broker/],
  ['makes a retry a new order', 'idempotent retry', /broker order ids behind one client id/],
  ['retries rate-limited orders at once, without end', '429 storm', /requests during a \d+ ms storm/],
  ['reconciles without fills', 'disconnect mid-fill', /made while disconnected is in the reconciliation/],
  ['turns AUTH_FAILED into a retryable error', 'auth failure', /rejected with CONNECTION_FAILED/],
];

function optionsFor(plugin: typeof skeletonPlugin) {
  return resolveConformanceOptions({
    plugin,
    createFakeBroker: async () => new SkeletonFakeBroker(),
    symbols: ['SKEL', 'BONE'],
    order: { restingBuyPrice: 50 },
    // Short waits: a defective connector times out quickly.
    timeouts: { eventMs: 1_500, staleFeedMs: 1_500 },
  });
}

function caseNamed(options: ReturnType<typeof optionsFor>, prefix: string) {
  const gates = new CaseGates(options.plugin.manifest.capabilities, probeFakeBroker(new SkeletonFakeBroker()), options);
  const found = collectConformanceCases(options, gates).filter((each) => each.name.startsWith(prefix));
  expect(found.length, `cases named "${prefix}..."`).toBe(1);
  expect(found[0]!.requirements.every((requirement) => requirement.met)).toBe(true);
  return found[0]!;
}

describe('the conformance suite catches broken connectors', () => {
  it.each(CAUGHT_BY)('a connector that %s fails "%s..."', async (defect, casePrefix, failure) => {
    const intact = optionsFor(skeletonPlugin);
    const intactCase = caseNamed(intact, casePrefix);
    await withSession(intact, intactCase.body, intactCase.hostOptions);

    const broken = optionsFor(withDefect(skeletonPlugin, DEFECTS[defect]!));
    const brokenCase = caseNamed(broken, casePrefix);
    await expect(withSession(broken, brokenCase.body, brokenCase.hostOptions)).rejects.toThrow(failure);
  });

  it('lists every defect it knows in the table above', () => {
    expect(new Set(CAUGHT_BY.map(([defect]) => defect))).toEqual(new Set(Object.keys(DEFECTS)));
  });
});
