// Provider calls running in this process, by job run. Cancelling a job reaches its provider call at
// once through here, even when the call runs as a local activity (which hears of a cancellation
// only when its workflow task next reports to the server). A cancellation that arrives between
// calls (during a cache lookup or a retry's backoff) is remembered briefly and stops the next call.
const REMEMBER_CANCELLED_MS = 60_000;

export class InflightCalls {
  private readonly calls = new Map<string, Set<AbortController>>();
  private readonly cancelled = new Map<string, number>();

  private static keyOf(jobId: string, runId: string): string {
    return `${jobId}/${runId}`;
  }

  /** Tracks a call; the returned function stops tracking it. */
  track(jobId: string, runId: string, controller: AbortController): () => void {
    const key = InflightCalls.keyOf(jobId, runId);
    const cancelledAt = this.cancelled.get(key);
    if (cancelledAt !== undefined && Date.now() - cancelledAt < REMEMBER_CANCELLED_MS) controller.abort(new Error('the job was cancelled'));
    const calls = this.calls.get(key) ?? new Set<AbortController>();
    calls.add(controller);
    this.calls.set(key, calls);
    return () => {
      calls.delete(controller);
      if (calls.size === 0 && this.calls.get(key) === calls) this.calls.delete(key);
    };
  }

  /** Aborts the run's calls in this process (now and for a minute to come); returns how many were running. */
  abort(jobId: string, runId: string): number {
    const key = InflightCalls.keyOf(jobId, runId);
    const now = Date.now();
    for (const [remembered, at] of this.cancelled) if (now - at >= REMEMBER_CANCELLED_MS) this.cancelled.delete(remembered);
    this.cancelled.set(key, now);
    const calls = this.calls.get(key);
    if (!calls) return 0;
    for (const controller of calls) controller.abort(new Error('the job was cancelled'));
    return calls.size;
  }
}
