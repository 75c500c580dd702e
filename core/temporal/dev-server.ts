// Runs `temporal server start-dev` as a child of the gateway when no TEMPORAL_ADDRESS is given.
// The child persists to DATA_DIR/temporal.db, is stopped with the gateway, and a child left behind
// by a crashed gateway (recorded in a pid file) is found and stopped on the next start. Its output
// goes to DATA_DIR/temporal-dev-server.log, which start-up errors name.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Logger } from 'pino';
import { isProcessAlive } from '../process-alive.ts';

export interface DevServerOptions {
  cliPath: string;
  dataDir: string;
  port: number;
  uiPort: number;
  namespace: string;
  logger: Logger;
  /** How long to wait for the server to accept connections. */
  startTimeoutMs?: number;
  /** Called when the running server ends without stop() having been asked (killed, crashed). */
  onUnexpectedExit?: (code: number | null, signal: NodeJS.Signals | null) => void;
}

export interface DevServer {
  address: string;
  uiUrl: string;
  pid: number;
  /** The server's output: what to read when it misbehaves. */
  logFile: string;
  /** Whether the server process has ended (a shared server is assumed running). */
  exited(): boolean;
  /** false when another gateway on the same DATA_DIR started it; stop() then leaves it running. */
  owned: boolean;
  stop(): Promise<void>;
}

interface PidRecord {
  pid: number;
  database: string;
  /** The gateway process that started the server. */
  ownerPid: number;
  address: string;
  uiUrl: string;
}

const PID_FILE = 'temporal-dev-server.pid';
const LOG_FILE = 'temporal-dev-server.log';

function logTail(logFile: string): string {
  try {
    return readFileSync(logFile, 'utf8').slice(-4000);
  } catch {
    return '';
  }
}

function processCommandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return undefined;
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isProcessAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return !isProcessAlive(pid);
}

function readRecord(pidFile: string): PidRecord | undefined {
  try {
    return JSON.parse(readFileSync(pidFile, 'utf8')) as PidRecord;
  } catch {
    return undefined;
  }
}

function isDevServer(record: PidRecord): boolean {
  const commandLine = processCommandLine(record.pid);
  return commandLine !== undefined && commandLine.includes('start-dev') && commandLine.includes(record.database);
}

/**
 * Stops a dev server recorded by an earlier gateway run whose gateway is gone. A server whose
 * gateway is still running is left alone (another gateway on the same DATA_DIR shares it).
 */
export async function stopStaleDevServer(dataDir: string, logger: Logger): Promise<boolean> {
  const pidFile = path.join(dataDir, PID_FILE);
  const record = readRecord(pidFile);
  if (!record) return false;
  const isOurs = isDevServer(record);
  if (isOurs && isProcessAlive(record.ownerPid) && record.ownerPid !== process.pid) return false;
  if (isOurs) {
    logger.warn({ event: 'temporal', pid: record.pid }, 'stopping a Temporal dev server left behind by an earlier run');
    process.kill(record.pid, 'SIGTERM');
    if (!(await waitForExit(record.pid, 10_000))) process.kill(record.pid, 'SIGKILL');
    await waitForExit(record.pid, 5_000);
  }
  rmSync(pidFile, { force: true });
  return isOurs;
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * The server is CPU-bound under load and its live heap stays small (about 120 MB after 10,000 jobs),
 * so the Go collector may let it grow further before collecting: GOGC=400 takes a few percent off
 * the server's CPU per workflow. That lets the heap reach five times what is live, so GOMEMLIMIT caps
 * it: at 1 GiB the server's RSS climbed past 900 MB within 6,000 workflows; at 512 MiB it levels off
 * near the limit. It is a soft limit: were the live heap ever to approach it, the collector would
 * run more often rather than fail. Values already in the environment win.
 */
export function devServerEnvironment(environment: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...environment, GOGC: environment.GOGC ?? '400', GOMEMLIMIT: environment.GOMEMLIMIT ?? '512MiB' };
}

export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const { logger } = options;
  mkdirSync(options.dataDir, { recursive: true });
  await stopStaleDevServer(options.dataDir, logger);
  const host = '127.0.0.1';
  const logFile = path.join(options.dataDir, LOG_FILE);
  const shared = readRecord(path.join(options.dataDir, PID_FILE));
  if (shared && isDevServer(shared) && isProcessAlive(shared.ownerPid)) {
    logger.info({ event: 'temporal', address: shared.address, owner: shared.ownerPid }, 'using the Temporal dev server of the gateway already running on this DATA_DIR');
    return { address: shared.address, uiUrl: shared.uiUrl, pid: shared.pid, logFile, exited: () => false, owned: false, stop: async () => undefined };
  }
  if (await canConnect(host, options.port)) {
    throw new Error(
      `Port ${options.port} is already in use, so the embedded Temporal dev server cannot start. ` +
        `Stop whatever listens there, set TEMPORAL_PORT to a free port, or set TEMPORAL_ADDRESS=${host}:${options.port} to use that server.`,
    );
  }
  const database = path.join(options.dataDir, 'temporal.db');
  const args = [
    'server', 'start-dev',
    '--db-filename', database,
    '--ip', host,
    '--port', String(options.port),
    '--ui-port', String(options.uiPort),
    '--namespace', options.namespace,
    '--log-level', 'warn',
    '--dynamic-config-value', 'system.enableEagerWorkflowStart=true',
    // A workflow task that schedules activities gets some of them back in its reply, for this worker.
    '--dynamic-config-value', 'system.enableActivityEagerExecution=true',
    // WAL with normal sync: history survives a crash of the gateway or the server process, and
    // short workflows do not wait on an fsync per event.
    '--sqlite-pragma', 'journal_mode=wal',
    '--sqlite-pragma', 'synchronous=normal',
  ];
  const logFd = openSync(logFile, 'w');
  let child: ChildProcess;
  try {
    child = spawn(options.cliPath, args, { stdio: ['ignore', logFd, logFd], env: devServerEnvironment(process.env) });
  } finally {
    closeSync(logFd);
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error(`Could not start ${options.cliPath}`);
  const address = `${host}:${options.port}`;
  const uiUrl = `http://${host}:${options.uiPort}`;
  writeFileSync(path.join(options.dataDir, PID_FILE), JSON.stringify({ pid, database, ownerPid: process.pid, address, uiUrl } satisfies PidRecord));
  let exited = false;
  let stopping = false;
  let ready = false;
  child.once('error', () => {
    exited = true;
  });
  // If this process ends without stopping the server (an uncaught error, process.exit), take it along.
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  child.once('exit', (code, signal) => {
    exited = true;
    process.off('exit', killOnExit);
    logger.info({ event: 'temporal', code, signal }, 'Temporal dev server exited');
    if (!stopping && ready) options.onUnexpectedExit?.(code, signal);
  });

  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  while (!(await canConnect(host, options.port))) {
    if (exited) throw new Error(`Temporal dev server exited during start-up (log: ${logFile}):\n${logTail(logFile)}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`Temporal dev server did not answer on ${host}:${options.port} within the start-up timeout (log: ${logFile}):\n${logTail(logFile)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  ready = true;
  logger.info({ event: 'temporal', pid, address, ui: uiUrl }, 'Temporal dev server running');

  return {
    address,
    uiUrl,
    pid,
    logFile,
    exited: () => exited,
    owned: true,
    async stop() {
      stopping = true;
      if (!exited) {
        child.kill('SIGTERM');
        if (!(await waitForExit(pid, 10_000))) child.kill('SIGKILL');
        await waitForExit(pid, 5_000);
      }
      rmSync(path.join(options.dataDir, PID_FILE), { force: true });
    },
  };
}
