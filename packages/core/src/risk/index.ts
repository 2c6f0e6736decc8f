export { AuditLog, type AuditLogOptions } from './audit-log';
export { ClientOrderIdWindow } from './client-order-id-window';
export { DecisionKind, type DecisionKindCode, DecisionRing, type RiskDecisionRecorder } from './decision-ring';
export {
  KillSwitch,
  type KillSwitchEvents,
  type KillSwitchOptions,
  type KillSwitchTarget,
  type KillSwitchTargetResult,
  type KillSwitchTripReport,
} from './kill-switch';
export {
  type AccountExposure,
  DEFAULT_ACCOUNT,
  type RiskPortfolioView,
  type SymbolExposure,
} from './portfolio-view';
export { type LossLimitBreach, RiskGate, type RiskGateOptions } from './risk-gate';
export {
  type AccountRiskLimits,
  type FrozenRiskLimits,
  freezeRiskLimits,
  type RateLimits,
  type RiskLimits,
  type SymbolRiskLimits,
} from './risk-limits';
export { RiskReason, type RiskReasonCode, type RiskReasonName, reasonName } from './risk-reasons';
export { SlidingWindowRate } from './sliding-window-rate';
export { TRADING_STATES, type TradingState } from './trading-state';
