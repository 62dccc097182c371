/** Median and 95th percentile of a list of samples, in the samples' unit. */
export function summarize(samples: number[]): { n: number; median: number; p95: number; p99: number; min: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
  return { n: sorted.length, median: at(0.5), p95: at(0.95), p99: at(0.99), min: sorted[0] ?? NaN };
}

/** Times `run` `count` times (after `warmup` untimed runs) and summarizes, in milliseconds. */
export async function measure(count: number, run: (i: number) => Promise<unknown>, warmup = 3) {
  for (let i = 0; i < warmup; i++) await run(-1 - i);
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await run(i);
    samples.push(performance.now() - start);
  }
  return summarize(samples);
}

/** Prints rows of figures as one aligned table. */
export function report(title: string, rows: Record<string, { n: number; median: number; p95: number }>): void {
  const lines = Object.entries(rows).map(
    ([name, s]) =>
      `  ${name.padEnd(52)} n=${String(s.n).padStart(4)}  median ${s.median.toFixed(2).padStart(8)} ms  p95 ${s.p95.toFixed(2).padStart(8)} ms`,
  );
  console.log(`\n${title}\n${lines.join('\n')}\n`);
}
