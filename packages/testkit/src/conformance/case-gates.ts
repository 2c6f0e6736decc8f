import type { ConnectorCapabilities, DataKind } from '@tickwire/core';
import type { FakeBrokerFaultName, FakeBrokerFaults } from '../fake-broker/fake-broker-faults';
import type { FakeBrokerHandle } from '../fake-broker/fake-broker-handle';
import type { ResolvedConformanceOptions } from './conformance-options';

/** One thing a case needs, and whether the plugin and its fake broker have it. */
export interface CaseRequirement {
  /** Shown in the case name when unmet, e.g. `capability replaceOrders`, `fake fault disconnect`. */
  readonly label: string;
  readonly met: boolean;
}

/** What the fake broker offers, read once from a probe instance while vitest collects the tests. */
export interface FakeBrokerFeatures {
  readonly faults: ReadonlySet<FakeBrokerFaultName>;
  readonly fill: boolean;
}

const FAULT_NAMES: readonly FakeBrokerFaultName[] = [
  'rejectAuth',
  'disconnect',
  'silenceData',
  'sequenceGap',
  'rateLimitStorm',
  'malformedFrame',
  'unknownEnumValue',
  'clockSkew',
];

/** Lists the faults a fake broker implements (a fault object must have both of its methods). */
export function probeFakeBroker(broker: FakeBrokerHandle): FakeBrokerFeatures {
  const faults = new Set<FakeBrokerFaultName>();
  for (const name of FAULT_NAMES) if (isImplemented(broker.faults, name)) faults.add(name);
  return { faults, fill: typeof broker.fill === 'function' };
}

function isImplemented(faults: FakeBrokerFaults, name: FakeBrokerFaultName): boolean {
  const control = faults[name] as unknown;
  if (typeof control === 'function') return true;
  if (typeof control !== 'object' || control === null) return false;
  return Object.values(control).filter((member) => typeof member === 'function').length >= 2;
}

/**
 * Builds requirements from the manifest, the fake broker's features and the options, so every skip follows from
 * what the plugin declares and the fake offers, never from a hand-written list.
 */
export class CaseGates {
  constructor(
    private readonly capabilities: ConnectorCapabilities,
    private readonly features: FakeBrokerFeatures,
    private readonly options: ResolvedConformanceOptions,
  ) {}

  /** The manifest lists this data kind. */
  dataKind(kind: DataKind): CaseRequirement {
    return { label: `data kind ${kind}`, met: this.capabilities.dataKinds.includes(kind) };
  }

  /** Any order entry at all (a data-only connector has none). */
  orderEntry(): CaseRequirement {
    return { label: 'order entry', met: this.capabilities.orderTypes.length > 0 };
  }

  /** Resting limit orders with the kit's order options (missing options fail a case of their own). */
  restingOrders(): CaseRequirement {
    return {
      label: 'limit orders',
      met: this.capabilities.orderTypes.includes('limit') && this.options.order !== undefined,
    };
  }

  /** A boolean capability is true. */
  capability(
    name: 'idempotentClientOrderIds' | 'replaceOrders' | 'reconciliation' | 'cancelAllOrders',
  ): CaseRequirement {
    return { label: `capability ${name}`, met: this.capabilities[name] };
  }

  /** A boolean capability is false (for the cases that check the refusal). */
  lacksCapability(name: 'replaceOrders'): CaseRequirement {
    return { label: `no capability ${name}`, met: !this.capabilities[name] };
  }

  /** Some data kind the manifest does not list, to check that asking for it is refused. */
  unsupportedDataKind(): { readonly requirement: CaseRequirement; readonly kind: DataKind | undefined } {
    const kind = (['quotes', 'trades', 'bars', 'book'] as const).find(
      (each) => !this.capabilities.dataKinds.includes(each),
    );
    return { requirement: { label: 'a data kind the manifest leaves out', met: kind !== undefined }, kind };
  }

  /** The fake broker implements this fault. */
  fault(name: FakeBrokerFaultName): CaseRequirement {
    return { label: `fake fault ${name}`, met: this.features.faults.has(name) };
  }

  /** The fake broker can fill orders on request. */
  fill(): CaseRequirement {
    return { label: 'fake fill()', met: this.features.fill };
  }
}

/** The labels of unmet requirements, e.g. `[needs capability replaceOrders, fake fault disconnect]`, or ''. */
export function describeUnmet(requirements: readonly CaseRequirement[]): string {
  const unmet = requirements.filter((requirement) => !requirement.met).map((requirement) => requirement.label);
  return unmet.length === 0 ? '' : ` [needs ${unmet.join(', ')}]`;
}
