// Graceful shutdown of the MCP side. Once it begins, new tool calls are refused (over HTTP with 503
// before MCP is reached; over stdio with a tool error), calls already running may finish during the
// grace period (SHUTDOWN_GRACE_SECONDS), and when it ends the calls still waiting on a job are
// answered with their job handle: the job itself is durable and goes on when a worker is back.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { toolError } from './tool-result.ts';

/** How long calls told to hand back their job handle get to send it. */
const HAND_OFF_FLUSH_MS = 5_000;

export const SHUTTING_DOWN_MESSAGE = 'the gateway is shutting down and takes no new calls: call again once it is back (jobs already started go on; poll them with get_job_status)';

export interface DrainOutcome {
  /** Calls that ended by themselves during the grace period. */
  finished: number;
  /** Calls still running when it ended, told to answer with their job handle. */
  handedOff: number;
  /** Calls that had not answered even then. */
  unanswered: number;
}

export class GatewayShutdown {
  private readonly handOffController = new AbortController();
  private began = false;
  private running = 0;
  private idle: Array<() => void> = [];

  get stopping(): boolean {
    return this.began;
  }

  /** Fires when calls still waiting on a job must answer with its handle. */
  get handOff(): AbortSignal {
    return this.handOffController.signal;
  }

  /** Counts a call until the returned function is called. */
  track(): () => void {
    this.running += 1;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.running -= 1;
      if (this.running === 0) for (const resolve of this.idle.splice(0)) resolve();
    };
  }

  private whenIdle(timeoutMs: number): Promise<boolean> {
    if (this.running === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.idle.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /** Stops taking calls, waits up to graceMs for running ones, then hands the rest their job handles. */
  async drain(graceMs: number): Promise<DrainOutcome> {
    this.began = true;
    const atStart = this.running;
    await this.whenIdle(graceMs);
    const handedOff = this.running;
    if (handedOff > 0) {
      this.handOffController.abort();
      await this.whenIdle(HAND_OFF_FLUSH_MS);
    }
    return { finished: atStart - handedOff, handedOff, unanswered: this.running };
  }

  /** Skips what is left of the grace period (a second signal). */
  handOffNow(): void {
    this.handOffController.abort();
  }
}

type ToolCallback = (...args: unknown[]) => CallToolResult | Promise<CallToolResult>;

/** Every tool of the server refuses new calls once shutdown has begun, and is counted while it runs. */
export function trackCallsForShutdown(server: McpServer, shutdown: GatewayShutdown): void {
  const registerTool = server.registerTool.bind(server);
  server.registerTool = ((name: string, config: unknown, callback: ToolCallback) => {
    const tracked: ToolCallback = async (...args) => {
      if (shutdown.stopping) return toolError(`${name}: ${SHUTTING_DOWN_MESSAGE}`);
      const done = shutdown.track();
      try {
        return await callback(...args);
      } finally {
        done();
      }
    };
    return (registerTool as (...args: unknown[]) => unknown)(name, config, tracked);
  }) as McpServer['registerTool'];
}
