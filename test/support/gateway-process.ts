// Runs `gateway start` as its own process, as an operator does, with a clean environment (nothing
// inherited but PATH and HOME, no .env read), keeps what it writes to stdout and stderr, and waits
// for /healthz.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface GatewayProcess {
  child: ChildProcess;
  url: string;
  mcpUrl: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  stop(): Promise<void>;
}

export async function startGatewayProcess(options: { port: number; environment: Record<string, string>; readyWithinMs?: number; headers?: Record<string, string> }): Promise<GatewayProcess> {
  const environment: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', SERVER_PORT: String(options.port), ...options.environment };
  // Run from the data folder, so a developer's own .env in the project folder is never read.
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/gateway.js'), 'start'], { cwd: environment.DATA_DIR ?? ROOT, env: environment, stdio: ['ignore', 'pipe', 'pipe'] });
  const chunks: string[] = [];
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => chunks.push(chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => chunks.push(chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const url = `http://127.0.0.1:${options.port}`;
  const stop = async () => {
    process.off('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    }
  };
  const deadline = Date.now() + (options.readyWithinMs ?? 120_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`gateway exited with ${child.exitCode} before it was ready:\n${chunks.join('').slice(-4000)}`);
    const status = await fetch(`${url}/healthz`, { headers: options.headers }).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`gateway not ready within ${options.readyWithinMs ?? 120_000} ms:\n${chunks.join('').slice(-4000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { child, url, mcpUrl: `${url}/mcp`, output: () => chunks.join(''), stop };
}
