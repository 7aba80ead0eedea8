/** Small measuring helpers for the benchmark: a monotonic clock, percentiles, peak memory of a process. */
import * as fs from 'node:fs';

export function now(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export async function timed<T>(work: () => T | Promise<T>): Promise<{ value: T; ms: number }> {
  const start = now();
  const value = await work();
  return { value, ms: now() - start };
}

export function percentile(samples: readonly number[], fraction: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

/** Peak resident set (VmHWM) and current resident set of a process, in MB, read from /proc. */
export function processMemory(pid: number | undefined): { peakRssMb: number; rssMb: number } | undefined {
  if (pid === undefined) return undefined;
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
    return { peakRssMb: kb('VmHWM') / 1024, rssMb: kb('VmRSS') / 1024 };
  } catch {
    return undefined;
  }
}

export function ms(value: number): string {
  return value >= 100 ? `${value.toFixed(0)} ms` : `${value.toFixed(1)} ms`;
}

export function ratio(value: number, floor: number): string {
  return `${(value / floor).toFixed(2)}x`;
}
