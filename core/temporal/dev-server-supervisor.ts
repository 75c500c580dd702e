// Keeps the embedded Temporal dev server running. When its process dies (killed, crashed) the
// gateway marks Temporal unavailable at once, starts the server again on the same database and
// ports, and marks it available once its frontend answers: workflows resume from the database and
// the worker's and client's connection reconnects by itself.
import type { DevServer, DevServerOptions } from './dev-server.ts';
import { startDevServer } from './dev-server.ts';
import type { TemporalStatus } from './temporal-status.ts';

export interface SupervisorOptions extends Omit<DevServerOptions, 'onUnexpectedExit'> {
  status: TemporalStatus;
  /** Resolves once the server's frontend answers (rejects when it never does). */
  waitUntilHealthy: (server: DevServer) => Promise<void>;
  /** Pauses between failed restart attempts; the last one repeats. */
  retryDelaysMs?: number[];
}

export interface SupervisedDevServer {
  address: string;
  uiUrl: string;
  logFile: string;
  owned: boolean;
  /** The pid of the server running now (it changes with each restart). */
  pid(): number;
  exited(): boolean;
  /** How many times the server was started again after dying. */
  restarts(): number;
  stop(): Promise<void>;
}

const DEFAULT_RETRY_DELAYS_MS = [250, 500, 1_000, 2_000];
/** How long stop() waits for a restart under way to settle. */
const STOP_WAIT_MS = 15_000;

export async function superviseDevServer(options: SupervisorOptions): Promise<SupervisedDevServer> {
  const { status, logger } = options;
  const delays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  let stopped = false;
  let restarting: Promise<void> | undefined;
  let restartCount = 0;

  const start = () => startDevServer({ ...options, onUnexpectedExit });
  let current: DevServer = await start();

  function onUnexpectedExit(code: number | null, signal: NodeJS.Signals | null): void {
    if (stopped || restarting) return;
    const how = signal ? `was killed (${signal})` : `exited with code ${code}`;
    status.markDown(`the embedded Temporal server ${how} and is being restarted`);
    logger.warn({ event: 'temporal', code, signal, log: current.logFile }, 'Temporal dev server died: restarting it on the same database');
    restarting = restart().finally(() => {
      restarting = undefined;
    });
  }

  async function restart(): Promise<void> {
    const began = Date.now();
    for (let attempt = 0; !stopped; attempt += 1) {
      try {
        if (!current.exited()) await current.stop();
        current = await start();
        if (stopped) return;
        await options.waitUntilHealthy(current);
        if (current.exited()) throw new Error('the restarted server exited');
        restartCount += 1;
        status.markUp();
        logger.info({ event: 'temporal', pid: current.pid, ms: Date.now() - began, attempt: attempt + 1 }, 'Temporal dev server restarted');
        return;
      } catch (error) {
        logger.warn({ event: 'temporal', attempt: attempt + 1, error: (error as Error).message }, 'Temporal dev server restart failed; trying again');
        await new Promise((resolve) => setTimeout(resolve, delays[Math.min(attempt, delays.length - 1)]));
      }
    }
  }

  return {
    address: current.address,
    uiUrl: current.uiUrl,
    logFile: current.logFile,
    owned: current.owned,
    pid: () => current.pid,
    exited: () => current.exited(),
    restarts: () => restartCount,
    async stop() {
      stopped = true;
      if (restarting) await Promise.race([restarting, new Promise((resolve) => setTimeout(resolve, STOP_WAIT_MS).unref())]);
      await current.stop();
    },
  };
}
