export { FillOutcome, type FillOutcomeCode, OrderFillLedger } from './fill-ledger';
export {
  type CancelAllReport,
  OrderManager,
  type OrderManagerOptions,
  type ReconciliationState,
} from './order-manager';
export {
  createOrderManagerStats,
  type OrderAnomalyEvent,
  type OrderFillEvent,
  type OrderManagerEvents,
  type OrderManagerStats,
  type OrderUpdateCause,
  type OrderUpdateEvent,
  type ReconciliationEvent,
  type ReconciliationResolution,
  type ReconciliationSummary,
  type TransitionRefusedEvent,
} from './order-manager-events';
export {
  type BrokerReconciliationState,
  type CancelOutcome,
  classifyTransmitError,
  type MissingOrderPolicy,
  type OrderTransmitter,
  type PreTransmitGate,
  type ReconciliationSource,
  readAcknowledgement,
  type SubmitOutcome,
  type TransmitAcknowledgement,
  type TransmitErrorClass,
  type TransmitErrorClassifier,
} from './order-manager-types';
export { type ManagedOrder, toOrderSnapshot } from './order-record';
export {
  canTransition,
  isOpenStatus,
  ORDER_TRANSITIONS,
  type TransitionRefusalReason,
  transitionRefusal,
} from './order-transitions';
export { AccountRecord, PositionBook, PositionRecord } from './position-book';
