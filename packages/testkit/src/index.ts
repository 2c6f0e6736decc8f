/**
 * `@tickwire/testkit`: the connector conformance and fault-injection suite, the fake-broker interface it drives,
 * and the test host that wires a connector the way the runtime does.
 *
 * @packageDocumentation
 */
export type { CaseRequirement, FakeBrokerFeatures } from './conformance/case-gates';
export type {
  ConformanceOrderOptions,
  ConformanceTimeouts,
  ConnectorConformanceOptions,
} from './conformance/conformance-options';
export { runConnectorConformance } from './conformance/run-connector-conformance';
export type {
  DisconnectFault,
  FakeBrokerFaultName,
  FakeBrokerFaults,
  SilenceFault,
  UnknownEnumPlacement,
  UnknownEnumTarget,
} from './fake-broker/fake-broker-faults';
export type { FakeBrokerHandle } from './fake-broker/fake-broker-handle';
export type {
  FakeAuthAttempt,
  FakeBrokerReceived,
  FakeCancelRecord,
  FakeChangeOutcome,
  FakeExecution,
  FakeOrderRequestRecord,
  FakeOrderState,
  FakeQuote,
  FakeReplaceRecord,
  FakeRequestOutcome,
  FakeSubscriptionRecord,
} from './fake-broker/fake-broker-records';
export { type DecodedTick, decodeTickToObject } from './host/decoded-tick';
export { FillAccumulator } from './host/fill-accumulator';
export {
  type FeedStaleReport,
  type GapReport,
  type ProtocolErrorReport,
  RecordingHealthReporter,
  type ResyncReport,
} from './host/recording-health-reporter';
export { createSkewedClock } from './host/skewed-clock';
export {
  type ConnectorContextOverrides,
  createTestHost,
  type HostReconciliation,
  type RecordedStateChange,
  TestHost,
  type TestHostOptions,
} from './host/test-host';
export { sleep, type WaitUntilOptions, waitUntil } from './host/wait-until';
