// How a waiting caller's wait goes: keep-alive progress while the job runs, and what a caller that
// stops waiting means for the job. Paid work is never thrown away by accident: a caller that timed
// out or whose connection dropped leaves the job running (its answer is cached and get_job_result
// returns it); only a caller that asked to stop, and was the last one waiting, cancels it.
import type { JobProgress } from '../core/jobs/types.ts';

/** Longest gap between keep-alive notifications, so clients that reset their timeout on progress keep waiting. */
const MAX_KEEPALIVE_MS = 10_000;

export function keepAliveIntervalMs(waitSeconds: number): number {
  return Math.max(100, Math.min(MAX_KEEPALIVE_MS, Math.round((waitSeconds * 1000) / 3)));
}

/**
 * true when the caller asked to stop (a cancellation notification with its reason); false when it
 * timed out (the MCP SDK cancels a timed-out request with "Request timed out") or went away (the
 * transport closed, which aborts without a reason).
 */
export function callerAskedToStop(reason: unknown): boolean {
  return typeof reason === 'string' && !/timed? ?out|timeout|-32001/i.test(reason);
}

export function keepAliveMessage(jobId: string, elapsedMs: number, progress: JobProgress | undefined): string {
  const phase = progress ? `: ${progress.phase} ${progress.done}/${progress.total}` : '';
  return `job ${jobId} running for ${Math.round(elapsedMs / 1000)} s${phase}`;
}
