/** One row of a benchmark: tickwire against a peer measured in the same run, so machine noise cancels out. */
export interface BenchCase {
  /** What was measured, e.g. `batch 16, two threads`. */
  readonly case: string;
  /** Unit of both figures, e.g. `ticks/s`, `us p99`. */
  readonly unit: string;
  readonly tickwire: number;
  /** The peer's figure, or null where no peer exists for this case (then ratio is null too). */
  readonly peer: number | null;
  readonly peerName: string | null;
  /** tickwire / peer for throughput units, peer / tickwire for latency units: above 1 means tickwire is better. */
  readonly ratio: number | null;
  /** Anything else worth keeping: budget, GC events, drops. */
  readonly notes?: string;
}

/** A benchmark module: `bench/<name>.bench.ts` default-exports one of these. */
export interface Benchmark {
  readonly name: string;
  readonly description: string;
  run(): Promise<BenchCase[]>;
}

/** The JSON written to `bench/results/<name>.json`. */
export interface BenchReport {
  readonly name: string;
  readonly node: string;
  readonly cpu: string;
  readonly cases: BenchCase[];
}
