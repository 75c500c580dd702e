// A Temporal dev server opens its port before its frontend serves requests; the first call then fails
// with "Frontend is not healthy yet", more often on a busy machine. Waits, bounded, until a real
// connection's GetSystemInfo and DescribeNamespace both answer, and names the server's log if they never do.
import { readFileSync } from 'node:fs';
import { Connection } from '@temporalio/client';

export interface WaitForTemporalOptions {
  address: string;
  namespace: string;
  /** Named in the error, with its last lines. */
  logFile: string;
  /** Stops waiting early when the server process is gone. */
  exited?: () => boolean;
  timeoutMs?: number;
}

const ATTEMPT_TIMEOUT_MS = 5_000;
const PAUSE_MS = 250;

export class TemporalNotHealthyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemporalNotHealthyError';
  }
}

function logTail(logFile: string): string {
  try {
    const tail = readFileSync(logFile, 'utf8').slice(-2000).trim();
    return tail ? `; it ends with:\n${tail}` : ' (empty)';
  } catch {
    return ' (not readable)';
  }
}

async function answers(address: string, namespace: string): Promise<void> {
  const connection = Connection.lazy({ address, connectTimeout: ATTEMPT_TIMEOUT_MS });
  try {
    await connection.withDeadline(Date.now() + ATTEMPT_TIMEOUT_MS, async () => {
      await connection.workflowService.getSystemInfo({});
      await connection.workflowService.describeNamespace({ namespace });
    });
  } finally {
    await connection.close();
  }
}

export async function waitForTemporalFrontend(options: WaitForTemporalOptions): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 90_000;
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no answer';
  for (;;) {
    try {
      await answers(options.address, options.namespace);
      return;
    } catch (error) {
      lastError = (error as Error).message;
    }
    if (options.exited?.()) {
      throw new TemporalNotHealthyError(`The Temporal dev server at ${options.address} exited before it became healthy (last answer: ${lastError}). Its log: ${options.logFile}${logTail(options.logFile)}`);
    }
    if (Date.now() + PAUSE_MS > deadline) {
      throw new TemporalNotHealthyError(
        `The Temporal dev server at ${options.address} did not become healthy within ${Math.round(timeoutMs / 1000)} s (last answer: ${lastError}). Its log: ${options.logFile}${logTail(options.logFile)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
  }
}
