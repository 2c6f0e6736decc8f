export { type BridgeCurveKeys, bindPolicyIssues, isLoopbackEndpoint } from './bind-policy';
export type { BridgeOptions } from './bridge-options';
export {
  BRIDGE_ERROR_CODES,
  BRIDGE_PROTOCOL_VERSION,
  type BridgeErrorCode,
  DEFAULT_INTENT_ENDPOINT,
  DEFAULT_PUBLISH_ENDPOINT,
  HEARTBEAT_TOPIC,
  ORDER_UPDATE_TOPIC_PREFIX,
  TICK_BATCH_HEADER_SIZE,
  TICK_TOPIC_PREFIX,
  UNOWNED_ORDER_STREAM,
} from './bridge-protocol';
export type { BridgeStats } from './bridge-stats';
export {
  type Bridge,
  type BridgeEndpoints,
  createBridge,
  type PublishOrderUpdateOptions,
} from './create-bridge';
export type {
  AcceptedOutcome,
  CancelIntent,
  DeniedOutcome,
  IntentContext,
  IntentOutcome,
  IntentOutcomeOrPromise,
  OrderIntentHandler,
  ReplaceIntent,
  SubmitIntent,
  UnknownOutcome,
} from './intent-handler';
export {
  readTickBatchHeader,
  type TickBatchHeader,
  tickBatchRecords,
  tickSourceTopicPrefix,
  tickTopic,
} from './tick-batch-header';
