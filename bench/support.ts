// Shared pieces of the benchmarks: a simulator in its own process, a Temporal dev server, timing
// statistics, a bounded-concurrency load loop and per-process CPU time.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startGateway, type RunningGateway } from '../cli/gateway-runtime.ts';
import { loadConfig } from '../core/config.ts';
import { createSilentLogger } from '../core/logger.ts';
import { startDevServer, type DevServer } from '../core/temporal/dev-server.ts';
import { findTemporalCli } from '../core/temporal/find-temporal-cli.ts';
import { waitForTemporalFrontend } from '../worker/wait-for-temporal.ts';
import { freePort } from '../test/support/free-port.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface SimulatorProcess {
  url: string;
  openaiBaseUrl: string;
  child: ChildProcess;
  stop(): void;
}

export async function startSimulatorProcess(options: { latencyMs?: number; latencyMaxMs?: number } = {}): Promise<SimulatorProcess> {
  const latency = [...(options.latencyMs ? ['--latency-ms', String(options.latencyMs)] : []), ...(options.latencyMaxMs ? ['--latency-max-ms', String(options.latencyMaxMs)] : [])];
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test/support/simulator/main.ts'), ...latency], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
  });
  const info = JSON.parse(first) as { url: string; openaiBaseUrl: string };
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  const stop = () => {
    process.off('exit', killOnExit);
    child.kill('SIGTERM');
  };
  return { ...info, child, stop };
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

/** A process's resident memory in MB, from /proc; 0 when it is gone. */
export function rssMb(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? round(Number(kb) / 1024, 1) : 0;
  } catch {
    return 0;
  }
}

/** CPU time (user + system) a process has used so far, from /proc; undefined where /proc is absent. */
export function processCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** Linux reports /proc CPU times in clock ticks; USER_HZ is 100 on every mainstream kernel. */
const CLOCK_TICKS_PER_SECOND = 100;

export interface BenchGateway {
  gateway: RunningGateway;
  temporal: DevServer;
  simulator: SimulatorProcess;
  dataDir: string;
  stop(): Promise<void>;
}

/** A simulator process, a Temporal dev server and an all-in-one gateway on a fresh data folder. */
export async function startBenchGateway(settings: Record<string, string> | ((simulator: SimulatorProcess) => Record<string, string>), options: { latencyMs?: number } = {}): Promise<BenchGateway> {
  const simulator = await startSimulatorProcess(options);
  const environment = typeof settings === 'function' ? settings(simulator) : settings;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gateway-bench-'));
  const logger = createSilentLogger();
  const temporal = await startDevServer({ cliPath: findTemporalCli({ configuredPath: process.env.TEMPORAL_CLI_PATH }), dataDir, port: await freePort(), uiPort: await freePort(), namespace: 'default', logger });
  await waitForTemporalFrontend({ address: temporal.address, namespace: 'default', logFile: temporal.logFile, exited: temporal.exited });
  const config = loadConfig(
    { TEMPORAL_ADDRESS: temporal.address, TEMPORAL_TASK_QUEUE: `bench-${randomUUID()}`, SERVER_PORT: '0', DATA_DIR: dataDir, OPENAI_API_KEY: 'sk-bench-123456', OPENAI_BASE_URL: simulator.openaiBaseUrl, ...environment },
    path.join(dataDir, 'none.env'),
  );
  const gateway = await startGateway('start', config, logger);
  return {
    gateway,
    temporal,
    simulator,
    dataDir,
    async stop() {
      await gateway.stop();
      await temporal.stop();
      simulator.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
