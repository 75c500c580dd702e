// What Temporal's retry policy sees of an activity's failure: provider failures keep their
// retryability; anything else is final, so an unknown error never pays for the call twice.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import { toApplicationFailure } from '../../../activities/provider-call.ts';
import { ProviderError } from '../../../core/providers/provider-error.ts';

describe('toApplicationFailure', () => {
  it('makes an error that is not a provider failure non-retryable, with its message', () => {
    const failure = toApplicationFailure(new RangeError('Invalid array length'));
    assert.ok(failure instanceof ApplicationFailure);
    assert.equal(failure.nonRetryable, true);
    assert.equal(failure.type, 'UnexpectedError');
    assert.match(failure.message, /Invalid array length/);
  });

  it('keeps a rate limit retryable, with its delay', () => {
    const failure = toApplicationFailure(new ProviderError({ provider: 'openai', kind: 'rate_limited', status: 429, message: 'slow down', retryAfterMs: 2_000 }));
    assert.ok(failure instanceof ApplicationFailure);
    assert.equal(failure.nonRetryable, false);
    assert.equal(failure.type, 'ProviderRateLimited');
  });
});
