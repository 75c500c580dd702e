import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { toAnthropicProviderError } from '../../../../core/providers/anthropic/map-anthropic-error.ts';

function streamError(type: string, message: string) {
  return new Anthropic.APIError(undefined, { type: 'error', error: { type, message } }, undefined, undefined);
}

describe('toAnthropicProviderError', () => {
  it('maps an overloaded error sent inside a stream to a retryable server error', () => {
    const error = toAnthropicProviderError(streamError('overloaded_error', 'Overloaded'));
    assert.equal(error.kind, 'server_error');
    assert.equal(error.retryable, true);
    assert.equal(error.message, 'Overloaded');
  });

  it('maps a rate-limit error sent inside a stream to rate_limited', () => {
    assert.equal(toAnthropicProviderError(streamError('rate_limit_error', 'Slow down')).kind, 'rate_limited');
  });

  it('treats an unknown error type inside a stream as a retryable server error', () => {
    const error = toAnthropicProviderError(streamError('brand_new_error', 'Something new'));
    assert.equal(error.kind, 'server_error');
    assert.equal(error.retryable, true);
  });

  it('maps the SDK connection errors to timeout and connection', () => {
    assert.equal(toAnthropicProviderError(new Anthropic.APIConnectionTimeoutError()).kind, 'timeout');
    assert.equal(toAnthropicProviderError(new Anthropic.APIConnectionError({ message: 'refused' })).kind, 'connection');
    assert.equal(toAnthropicProviderError(new Anthropic.APIUserAbortError()).kind, 'cancelled');
  });
});
