// What a waiting caller's behaviour means for its job, and how keep-alive is paced.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callerAskedToStop, keepAliveIntervalMs, keepAliveMessage } from '../../../mcp/job-wait.ts';

describe('job waits', () => {
  it('treats an explicit cancellation as a request to stop', () => {
    assert.equal(callerAskedToStop('the user pressed stop'), true);
    assert.equal(callerAskedToStop('AbortError: This operation was aborted'), true);
  });

  it('keeps the job of a caller that timed out or went away', () => {
    assert.equal(callerAskedToStop('McpError: MCP error -32001: Request timed out'), false);
    assert.equal(callerAskedToStop('Timeout waiting for the result'), false);
    assert.equal(callerAskedToStop(undefined), false, 'a closed connection aborts without a reason');
    assert.equal(callerAskedToStop(new DOMException('This operation was aborted', 'AbortError')), false);
  });

  it('paces keep-alive well inside the wait, at most every ten seconds', () => {
    assert.equal(keepAliveIntervalMs(45), 10_000);
    assert.equal(keepAliveIntervalMs(3), 1_000);
    assert.equal(keepAliveIntervalMs(0.1), 100);
  });

  it('names the job and its progress in keep-alive messages', () => {
    assert.equal(keepAliveMessage('job-1', 12_400, undefined), 'job job-1 running for 12 s');
    assert.equal(keepAliveMessage('job-1', 3_000, { phase: 'map', done: 2, total: 8 }), 'job job-1 running for 3 s: map 2/8');
  });
});
