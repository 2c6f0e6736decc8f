import type { CaseGates } from './case-gates';
import type { ResolvedConformanceOptions } from './conformance-options';
import { type ConformanceCase, createCaseRegistry } from './conformance-session';
import { registerConnectionCases } from './connection-cases';
import { registerContractCases } from './contract-cases';
import { registerFeedFaultCases } from './feed-fault-cases';
import { registerMarketDataCases } from './market-data-cases';
import { registerOrderCases } from './order-cases';
import { registerOrderFaultCases } from './order-fault-cases';

/** Every case of the suite, in the order they run, with the requirements that decide whether each is skipped. */
export function collectConformanceCases(options: ResolvedConformanceOptions, gates: CaseGates): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  const registry = createCaseRegistry(options, gates, cases);
  registerContractCases(registry);
  registerConnectionCases(registry);
  registerMarketDataCases(registry);
  registerFeedFaultCases(registry);
  registerOrderCases(registry);
  registerOrderFaultCases(registry);
  return cases;
}
