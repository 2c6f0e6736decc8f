import { SAMPLE_DAY_START_NS, type SampleStream } from './sample-ticks';

/** The feed of crash-child.ts: EUR/USD and AAPL alternating, tick by tick, each symbol's sequence from 0. */
export const CRASH_STREAMS: readonly SampleStream[] = [
  {
    symbol: 'EUR/USD',
    sourceId: 1,
    startNs: SAMPLE_DAY_START_NS,
    stepNs: 1000n,
    basePrice: 1.08,
    priceIncrement: 0.00001,
  },
  {
    symbol: 'AAPL',
    sourceId: 4,
    startNs: SAMPLE_DAY_START_NS + 1n,
    stepNs: 1000n,
    basePrice: 172,
    priceIncrement: 0.01,
  },
];
