import type { RiskLimits } from '../risk/risk-limits';

/**
 * The limits used when a configuration names none: conservative enough that a runaway strategy on the simulated
 * market hits them within seconds, so the gate is visibly at work. Real deployments set their own.
 */
export const DEFAULT_RISK_LIMITS: RiskLimits = {
  symbolDefaults: {
    maxOrderQuantity: 1_000,
    maxOrderNotional: 250_000,
    maxPosition: 200,
    maxSymbolExposure: 500_000,
    priceBandBps: 200,
  },
  accountDefaults: {
    maxGrossExposure: 2_000_000,
    maxNetExposure: 1_000_000,
    maxOpenOrders: 50,
    maxDailyLoss: 50_000,
    maxDrawdown: 75_000,
  },
  rates: { maxOrders: 20, orderWindowMs: 1_000, maxCancels: 40, cancelWindowMs: 1_000 },
};
