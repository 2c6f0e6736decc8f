import { it } from 'vitest';
import type { FakeBrokerHandle } from '../fake-broker/fake-broker-handle';
import { createTestHost, type TestHost, type TestHostOptions } from '../host/test-host';
import { type CaseGates, type CaseRequirement, describeUnmet } from './case-gates';
import type { ResolvedConformanceOptions } from './conformance-options';

/** One case's world: a fresh fake broker, started, and a test host whose connector points at it. */
export interface ConformanceSession {
  readonly broker: FakeBrokerHandle;
  readonly host: TestHost;
  readonly options: ResolvedConformanceOptions;
}

/** The body of a case. */
export type ConformanceCaseBody = (session: ConformanceSession) => Promise<void>;

/** One case of the suite: what it is called, what it needs, and what it does. */
export interface ConformanceCase {
  readonly name: string;
  readonly requirements: readonly CaseRequirement[];
  readonly body: ConformanceCaseBody;
  readonly hostOptions?: TestHostOptions;
}

/** What every `register...Cases` function gets. */
export interface CaseRegistry {
  readonly options: ResolvedConformanceOptions;
  readonly gates: CaseGates;
  /** Adds one case; it runs in a fresh session, torn down afterwards whatever happens. */
  add(
    name: string,
    requirements: readonly CaseRequirement[],
    body: ConformanceCaseBody,
    hostOptions?: TestHostOptions,
  ): void;
}

/** A {@link CaseRegistry} that collects the cases into `cases`. */
export function createCaseRegistry(
  options: ResolvedConformanceOptions,
  gates: CaseGates,
  cases: ConformanceCase[],
): CaseRegistry {
  return {
    options,
    gates,
    add(name, requirements, body, hostOptions) {
      cases.push({ name, requirements, body, ...(hostOptions === undefined ? {} : { hostOptions }) });
    },
  };
}

/** Registers one case with vitest, skipped (with the unmet requirements in its name) when any is unmet. */
export function registerWithVitest(options: ResolvedConformanceOptions, conformanceCase: ConformanceCase): void {
  const skip = conformanceCase.requirements.some((requirement) => !requirement.met);
  it.skipIf(skip)(
    `${conformanceCase.name}${describeUnmet(conformanceCase.requirements)}`,
    () => withSession(options, conformanceCase.body, conformanceCase.hostOptions),
    options.timeouts.caseMs,
  );
}

/** Runs `body` against a fresh fake broker and test host, then stops both (the host first). */
export async function withSession(
  options: ResolvedConformanceOptions,
  body: ConformanceCaseBody,
  hostOptions: TestHostOptions = {},
): Promise<void> {
  const broker = await options.createFakeBroker();
  let host: TestHost | undefined;
  try {
    await broker.start();
    host = createTestHost(options.plugin, broker.connectorConfig(), {
      defaultTimeoutMs: options.timeouts.eventMs,
      ...hostOptions,
      overrides: { ...options.contextOverrides, ...broker.contextOverrides?.(), ...hostOptions.overrides },
    });
    broker.attach?.(host.connector);
    await body({ broker, host, options });
  } finally {
    await host?.stop();
    await broker.stop();
  }
}
