// Cancellation reaching provider calls in this process: running ones at once, later ones of the same
// run too (a cancel that lands during a cache lookup or a retry's backoff), and nobody else's.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InflightCalls } from '../../../../core/jobs/inflight-calls.ts';

describe('in-flight provider calls', () => {
  it('aborts the running calls of the cancelled run only', () => {
    const inflight = new InflightCalls();
    const mine = new AbortController();
    const otherRun = new AbortController();
    const otherJob = new AbortController();
    inflight.track('job-1', 'run-a', mine);
    inflight.track('job-1', 'run-b', otherRun);
    inflight.track('job-2', 'run-a', otherJob);
    assert.equal(inflight.abort('job-1', 'run-a'), 1);
    assert.deepEqual([mine.signal.aborted, otherRun.signal.aborted, otherJob.signal.aborted], [true, false, false]);
  });

  it('stops a call that starts after its run was cancelled', () => {
    const inflight = new InflightCalls();
    assert.equal(inflight.abort('job-3', 'run-a'), 0);
    const late = new AbortController();
    const untrack = inflight.track('job-3', 'run-a', late);
    assert.equal(late.signal.aborted, true);
    untrack();
    const rerun = new AbortController();
    inflight.track('job-3', 'run-b', rerun);
    assert.equal(rerun.signal.aborted, false, 'a new run of the same job id is not affected');
  });
});
