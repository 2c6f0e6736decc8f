import { GeometricBrownianMotion } from './geometric-brownian-motion';
import { MeanRevertingProcess } from './mean-reverting-process';
import type { PriceProcess } from './price-process';
import type { SeededRandom } from './seeded-random';
import type { SimSymbolSpec } from './sim-symbol';

/** The price process a symbol spec asks for, drawing its shocks from `random`. */
export function createPriceProcess(spec: SimSymbolSpec, random: SeededRandom): PriceProcess {
  if (spec.process === 'mean-reverting') {
    return new MeanRevertingProcess(
      {
        startPrice: spec.startPrice,
        volatility: spec.volatility,
        halfLifeSeconds: spec.halfLifeSeconds,
        ...(spec.meanPrice === undefined ? {} : { meanPrice: spec.meanPrice }),
      },
      random,
    );
  }
  return new GeometricBrownianMotion(
    { startPrice: spec.startPrice, volatility: spec.volatility, drift: spec.drift },
    random,
  );
}
