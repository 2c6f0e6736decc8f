/** Percentiles of one latency histogram, in microseconds. */
export interface LatencySummary {
  /** Samples recorded. */
  readonly count: number;
  readonly p50Us: number;
  readonly p99Us: number;
  readonly p999Us: number;
  /** Exact to 0.1 us, not bucketed. */
  readonly maxUs: number;
  /** Samples below zero (clock error larger than the latency itself), recorded as 0. */
  readonly negative: number;
}

// Log-linear buckets over 0.1 us units: exact to 0.1 us below 204.8 us, then 1,024 buckets per power of two (0.1%
// resolution) up to 2^31 units (about 214 s). A sample costs a clz32 and one array increment.
const UNITS_PER_US = 10;
const LINEAR_UNITS = 2048;
const SUB_BUCKETS = 1024;
const LINEAR_BITS = 11;
const MAX_UNITS = 2 ** 31 - 1;

/**
 * A latency in milliseconds as whole 0.1 us units, saturating at 2^31 - 1 (about 214 s): a small integer, which V8
 * passes to a call without boxing it, where a double argument to a call it did not inline is a heap allocation.
 */
export function tenthsOfUs(latencyMs: number): number {
  const units = Math.floor(latencyMs * 1e4);
  return units < MAX_UNITS ? units | 0 : MAX_UNITS;
}
const BUCKETS = LINEAR_UNITS + (31 - LINEAR_BITS) * SUB_BUCKETS;

function bucketOf(units: number): number {
  if (units < LINEAR_UNITS) return units;
  const exponent = 31 - Math.clz32(units);
  const shift = exponent - (LINEAR_BITS - 1);
  return LINEAR_UNITS + (exponent - LINEAR_BITS) * SUB_BUCKETS + ((units >>> shift) - SUB_BUCKETS);
}

// The largest latency a bucket holds, in microseconds.
function upperEdgeUs(bucket: number): number {
  if (bucket < LINEAR_UNITS) return (bucket + 1) / UNITS_PER_US;
  const above = bucket - LINEAR_UNITS;
  const shift = Math.floor(above / SUB_BUCKETS) + 1;
  return ((SUB_BUCKETS + (above % SUB_BUCKETS) + 1) * 2 ** shift) / UNITS_PER_US;
}

/**
 * A latency histogram that allocates nothing per sample, so recording on the consumer's hot path adds no garbage.
 * Percentiles are bucket upper edges (at most 0.1 us or 0.1% above the true value); the maximum is exact to 0.1 us.
 */
export class LatencyHistogram {
  private readonly counts = new Uint32Array(BUCKETS);
  private count = 0;
  private maxUnits = 0;
  private negative = 0;

  /** Records one latency in microseconds. */
  record(latencyUs: number): void {
    this.recordTenthsOfUs(tenthsOfUs(latencyUs / 1000));
  }

  /** Records one latency in whole 0.1 us units (see {@link tenthsOfUs}); the allocation-free form for hot paths. */
  recordTenthsOfUs(units: number): void {
    if (units < 0) {
      this.negative++;
      units = 0;
    }
    if (units > this.maxUnits) this.maxUnits = units;
    this.counts[bucketOf(units)]!++;
    this.count++;
  }

  /** p50, p99, p99.9 (upper edge of the bucket holding that rank, capped at the maximum) and the maximum. */
  summary(): LatencySummary {
    return {
      count: this.count,
      p50Us: this.percentile(0.5),
      p99Us: this.percentile(0.99),
      p999Us: this.percentile(0.999),
      maxUs: this.maxUnits / UNITS_PER_US,
      negative: this.negative,
    };
  }

  private percentile(quantile: number): number {
    if (this.count === 0) return 0;
    const rank = Math.max(1, Math.ceil(quantile * this.count));
    let seen = 0;
    for (let bucket = 0; bucket < BUCKETS; bucket++) {
      seen += this.counts[bucket]!;
      if (seen >= rank) return Math.min(upperEdgeUs(bucket), this.maxUnits / UNITS_PER_US);
    }
    return this.maxUnits / UNITS_PER_US;
  }
}
