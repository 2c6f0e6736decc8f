import type { BenchCase } from './bench-types';

const LOWER_IS_BETTER = /\b(us|ns|ms|p50|p99|p99\.9|max|latency)\b/i;

/** Builds a {@link BenchCase}, deriving the ratio so that above 1 always means tickwire is better. */
export function benchCase(
  caseName: string,
  unit: string,
  tickwire: number,
  peer: number | null,
  peerName: string | null,
  notes?: string,
): BenchCase {
  let ratio: number | null = null;
  if (peer !== null && peer > 0 && tickwire > 0) ratio = LOWER_IS_BETTER.test(unit) ? peer / tickwire : tickwire / peer;
  return { case: caseName, unit, tickwire, peer, peerName, ratio, ...(notes === undefined ? {} : { notes }) };
}
