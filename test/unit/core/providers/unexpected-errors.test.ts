// Only failures known to be transient are retried: an error no mapping recognises (a bug of ours,
// an SDK surprise) fails at once with its message, so the call is never paid for again.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toAnthropicProviderError } from '../../../../core/providers/anthropic/map-anthropic-error.ts';
import { toGeminiProviderError } from '../../../../core/providers/gemini/gemini-error.ts';
import { toProviderError } from '../../../../core/providers/openai/openai-adapter.ts';
import type { ProviderError } from '../../../../core/providers/provider-error.ts';

const MAPPERS: Array<[string, (error: unknown) => ProviderError]> = [
  ['openai', (error) => toProviderError('openai', error)],
  ['deepseek', (error) => toProviderError('deepseek', error)],
  ['gemini', (error) => toGeminiProviderError(error)],
  ['anthropic', (error) => toAnthropicProviderError(error)],
];

describe('errors no mapping recognises', () => {
  for (const [provider, map] of MAPPERS) {
    it(`${provider}: a TypeError from our own code is not retryable and keeps its message`, () => {
      const error = map(new TypeError("Cannot read properties of undefined (reading 'content')"));
      assert.equal(error.kind, 'unexpected');
      assert.equal(error.retryable, false);
      assert.equal(error.failureType, 'ProviderUnexpectedError');
      assert.match(error.message, /Cannot read properties of undefined/);
    });

    it(`${provider}: a body that is not JSON stays a retryable malformed response`, () => {
      const error = map(new SyntaxError('Unexpected end of JSON input'));
      assert.equal(error.kind, 'malformed_response');
      assert.equal(error.retryable, true);
    });
  }
});
