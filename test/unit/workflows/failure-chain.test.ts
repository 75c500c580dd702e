// One reading of a failure chain for workflows (fallback decisions, fan-out slots) and the MCP layer
// (what an agent is told).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WorkflowFailedError } from '@temporalio/client';
import { ActivityFailure, ApplicationFailure, CancelledFailure, RetryState, TerminatedFailure, TimeoutFailure } from '@temporalio/common';
import { decodeFailure, failureDetailNumber } from '../../../workflows/failure-chain.ts';

function activityFailed(cause: Error): ActivityFailure {
  return new ActivityFailure('Activity task failed', 'callProvider', '1', RetryState.MAXIMUM_ATTEMPTS_REACHED, 'worker', cause);
}

describe('decodeFailure', () => {
  it('reads a provider failure through the workflow and activity wrappers', () => {
    const provider = ApplicationFailure.create({ type: 'ProviderRateLimited', message: 'openai: slow down' });
    const failure = decodeFailure(new WorkflowFailedError('Workflow execution failed', activityFailed(provider), RetryState.NON_RETRYABLE_FAILURE));
    assert.deepEqual(failure, { type: 'ProviderRateLimited', message: 'openai: slow down', nonRetryable: false, description: 'openai: slow down [ProviderRateLimited]' });
  });

  it('says when a failure was not retried, and treats listed types as not retryable', () => {
    const rejected = decodeFailure(activityFailed(ApplicationFailure.nonRetryable('bad key', 'ProviderAuthenticationFailed')));
    assert.equal(rejected.nonRetryable, true);
    assert.equal(rejected.description, 'bad key [ProviderAuthenticationFailed, not retried]');
    const listed = decodeFailure(activityFailed(ApplicationFailure.create({ type: 'ProviderNotFound', message: 'no such model' })), ['ProviderNotFound']);
    assert.equal(listed.nonRetryable, true);
  });

  it('names cancellations, terminations and timeouts', () => {
    assert.equal(decodeFailure(new WorkflowFailedError('failed', new CancelledFailure('cancelled'), RetryState.CANCEL_REQUESTED)).description, 'the job was cancelled');
    assert.equal(decodeFailure(new TerminatedFailure('terminated')).type, 'Terminated');
    const timeout = decodeFailure(activityFailed(new TimeoutFailure('timed out', undefined, 'START_TO_CLOSE')));
    assert.equal(timeout.type, 'Timeout');
    assert.equal(timeout.message, 'timed out (START_TO_CLOSE)');
    assert.equal(timeout.description, 'the job timed out (START_TO_CLOSE)');
  });

  it('keeps the context of wrappers that say something of their own', () => {
    const inner = ApplicationFailure.nonRetryable('every model failed', 'AllModelsFailed');
    const outer = new Error('summarising chunk 3', { cause: inner });
    const failure = decodeFailure(outer);
    assert.equal(failure.type, 'AllModelsFailed');
    assert.equal(failure.description, 'summarising chunk 3: every model failed [AllModelsFailed, not retried]');
  });

  it('falls back to the plain message of an error it does not know', () => {
    const failure = decodeFailure(new TypeError('cannot read properties of undefined'));
    assert.equal(failure.type, undefined);
    assert.equal(failure.message, 'cannot read properties of undefined');
    assert.equal(failure.nonRetryable, false);
    assert.equal(decodeFailure('a string').description, 'a string');
  });
});

describe('failureDetailNumber', () => {
  it('reads a number an activity attached to its failure, through the wrappers', () => {
    const rateLimited = activityFailed(ApplicationFailure.create({ type: 'ProviderRateLimited', message: 'slow down', details: [{ retry_delay_ms: 2_000, document_call: 7 }] }));
    assert.equal(failureDetailNumber(rateLimited, 'retry_delay_ms'), 2_000);
    assert.equal(failureDetailNumber(rateLimited, 'document_call'), 7);
    assert.equal(failureDetailNumber(rateLimited, 'missing'), undefined);
    assert.equal(failureDetailNumber(activityFailed(ApplicationFailure.create({ message: 'x', details: [{ retry_delay_ms: 'soon' }] })), 'retry_delay_ms'), undefined);
    assert.equal(failureDetailNumber(new Error('plain'), 'retry_delay_ms'), undefined);
  });
});
