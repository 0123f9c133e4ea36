/** Order statistics of a set of timing samples, in the samples' unit (ms throughout the bench). */
export interface SampleSummary {
  count: number;
  mean: number;
  p50: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile of an ascending array; `fraction` 0..1. NaN for no samples. */
export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(fraction * sorted.length)));
  return sorted[rank - 1]!;
}

/** Summary of `samples` (any order); every field is NaN (count 0) for an empty set. */
export function summarise(samples: readonly number[]): SampleSummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const total = sorted.reduce((sum, value) => sum + value, 0);
  return {
    count: sorted.length,
    mean: sorted.length === 0 ? Number.NaN : total / sorted.length,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    max: sorted.length === 0 ? Number.NaN : sorted[sorted.length - 1]!,
  };
}

/** Rounds for the JSON results: three significant decimals are plenty for ms on a noisy machine. */
export function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

export function roundSummary(summary: SampleSummary): SampleSummary {
  return {
    count: summary.count,
    mean: round3(summary.mean),
    p50: round3(summary.p50),
    p99: round3(summary.p99),
    max: round3(summary.max),
  };
}
