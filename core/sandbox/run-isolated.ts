// Runs one program in an isolated child process: argument vector only (never a shell string), an
// environment without the gateway's variables, its own directory, CPU and memory limits, and a
// wall-clock timeout after which its whole process group is killed.
import { spawn } from 'node:child_process';
import type { IsolationPlan } from './isolation.ts';

export interface RunLimits {
  timeoutMs: number;
  memoryBytes: number;
  /** Address space on top of memoryBytes (V8 reserves code space up front). */
  extraAddressSpaceBytes?: number;
}

export interface RunOutcome {
  exit_code: number | null;
  signal: string | null;
  timed_out: boolean;
  stdout: string;
  stderr: string;
  duration_ms: number;
}

const MAX_OUTPUT_CHARS = 16_000;

/** Only what an interpreter needs: no keys, no tokens, nothing inherited from the gateway. */
export function sandboxEnvironment(directory: string): Record<string, string> {
  return { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: directory, TMPDIR: directory, LANG: 'C.UTF-8', PYTHONDONTWRITEBYTECODE: '1', PYTHONIOENCODING: 'utf-8' };
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // The group is already gone.
  }
}

/** Process groups of runs under way: killed if the gateway exits while they run (they are detached). */
const runningGroups = new Set<number>();
let exitHookInstalled = false;

function killRunningGroupsOnExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const pid of runningGroups) killGroup(pid);
  });
}

export function runIsolated(plan: IsolationPlan, command: string[], directory: string, limits: RunLimits, signal?: AbortSignal): Promise<RunOutcome> {
  const cpuSeconds = Math.max(1, Math.ceil(limits.timeoutMs / 1000));
  const argv = [...plan.wrapper(directory), ...plan.limits({ cpuSeconds, addressSpaceBytes: limits.memoryBytes + (limits.extraAddressSpaceBytes ?? 0) }), ...command];
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(argv[0]!, argv.slice(1), { cwd: directory, env: sandboxEnvironment(directory), detached: true, stdio: ['ignore', 'pipe', 'pipe'], shell: false });
    if (child.pid !== undefined) {
      runningGroups.add(child.pid);
      killRunningGroupsOnExit();
    }
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (stdout.length < MAX_OUTPUT_CHARS) stdout += chunk.slice(0, MAX_OUTPUT_CHARS - stdout.length);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      if (stderr.length < MAX_OUTPUT_CHARS) stderr += chunk.slice(0, MAX_OUTPUT_CHARS - stderr.length);
    });
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, limits.timeoutMs);
    const onAbort = () => killGroup(child.pid);
    signal?.addEventListener('abort', onAbort, { once: true });
    const finish = (exitCode: number | null, exitSignal: string | null, spawnError?: Error) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      // Whatever the program left running in its group goes with it.
      killGroup(child.pid);
      if (child.pid !== undefined) runningGroups.delete(child.pid);
      resolve({
        exit_code: exitCode,
        signal: exitSignal,
        timed_out: timedOut,
        stdout,
        stderr: spawnError ? `could not start ${argv[0]}: ${spawnError.message}` : stderr,
        duration_ms: Math.round(performance.now() - started),
      });
    };
    child.once('error', (error) => finish(null, null, error));
    child.once('close', (code, exitSignal) => finish(code, exitSignal));
  });
}
