import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mapAnthropicUsage, mergeAnthropicUsage } from '../../../../core/providers/anthropic/map-anthropic-usage.ts';

describe('mapAnthropicUsage', () => {
  it('counts cache reads and cache writes as input tokens and keeps them as subsets', () => {
    const usage = mapAnthropicUsage({ input_tokens: 100, cache_read_input_tokens: 2_000, cache_creation_input_tokens: 500, output_tokens: 40 });
    assert.deepEqual(usage, { inputTokens: 2_600, outputTokens: 40, cachedInputTokens: 2_000, cacheWriteTokens: 500, reasoningTokens: 0 });
  });

  it('treats null cache counts as zero', () => {
    const usage = mapAnthropicUsage({ input_tokens: 12, cache_read_input_tokens: null, cache_creation_input_tokens: null, output_tokens: 3 });
    assert.deepEqual(usage, { inputTokens: 12, outputTokens: 3, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 });
  });

  it('reports thinking tokens as reasoning tokens when Anthropic breaks them out', () => {
    const usage = mapAnthropicUsage({ input_tokens: 10, output_tokens: 90, output_tokens_details: { thinking_tokens: 60 } });
    assert.equal(usage.reasoningTokens, 60);
    assert.equal(usage.outputTokens, 90);
  });

  it('returns zero usage when none is reported', () => {
    assert.deepEqual(mapAnthropicUsage(undefined), { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 });
  });
});

describe('mergeAnthropicUsage', () => {
  it('takes input counts from message_start and the final output count from message_delta', () => {
    const start = { input_tokens: 30, cache_read_input_tokens: 70, cache_creation_input_tokens: 0, output_tokens: 1 };
    const delta = { input_tokens: null, cache_read_input_tokens: null, cache_creation_input_tokens: null, output_tokens: 25 };
    assert.deepEqual(mapAnthropicUsage(mergeAnthropicUsage(start, delta)), {
      inputTokens: 100,
      outputTokens: 25,
      cachedInputTokens: 70,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
    });
  });

  it('lets cumulative input counts in message_delta replace the ones from message_start', () => {
    const merged = mergeAnthropicUsage({ input_tokens: 30, output_tokens: 1 }, { input_tokens: 35, output_tokens: 9 });
    assert.equal(mapAnthropicUsage(merged).inputTokens, 35);
    assert.equal(mapAnthropicUsage(merged).outputTokens, 9);
  });
});
