// Shared pieces of the benchmarks: a simulator in its own process, a Temporal dev server, timing
// statistics and a bounded-concurrency load loop.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface SimulatorProcess {
  url: string;
  openaiBaseUrl: string;
  child: ChildProcess;
  stop(): void;
}

export async function startSimulatorProcess(): Promise<SimulatorProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test/support/simulator/main.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
  });
  const info = JSON.parse(first) as { url: string; openaiBaseUrl: string };
  return { ...info, child, stop: () => child.kill('SIGTERM') };
}

export function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[index]!;
}

export interface LoadResult {
  latenciesMs: number[];
  errors: number;
  wallMs: number;
  p50: number;
  p99: number;
  perSecond: number;
}

/** Runs `count` operations with `concurrency` in flight; each lane gets its index for its own client. */
export async function runLoad(count: number, concurrency: number, operation: (lane: number, index: number) => Promise<void>): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, lane) => {
      while (next < count) {
        const index = next++;
        const begin = performance.now();
        try {
          await operation(lane, index);
          latencies.push(performance.now() - begin);
        } catch {
          errors += 1;
        }
      }
    }),
  );
  const wallMs = performance.now() - started;
  latencies.sort((a, b) => a - b);
  return { latenciesMs: latencies, errors, wallMs, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), perSecond: (latencies.length / wallMs) * 1000 };
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
