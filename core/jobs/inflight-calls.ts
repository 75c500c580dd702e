// Provider calls running in this process, by job. Cancelling a job reaches its provider call at
// once through here, even when the call runs as a local activity (which hears of a cancellation
// only when its workflow task next reports to the server).
export class InflightCalls {
  private readonly calls = new Map<string, Set<AbortController>>();

  /** Tracks a call; the returned function stops tracking it. */
  track(jobId: string, controller: AbortController): () => void {
    const calls = this.calls.get(jobId) ?? new Set<AbortController>();
    calls.add(controller);
    this.calls.set(jobId, calls);
    return () => {
      calls.delete(controller);
      if (calls.size === 0 && this.calls.get(jobId) === calls) this.calls.delete(jobId);
    };
  }

  /** Aborts the job's calls in this process; returns how many there were. */
  abort(jobId: string): number {
    const calls = this.calls.get(jobId);
    if (!calls) return 0;
    for (const controller of calls) controller.abort(new Error('the job was cancelled'));
    return calls.size;
  }
}
