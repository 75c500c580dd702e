import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mapGeminiUsage } from '../../../../core/providers/gemini/map-gemini-usage.ts';

describe('mapGeminiUsage', () => {
  it('counts cached tokens inside the prompt and thinking tokens inside the output', () => {
    const usage = mapGeminiUsage({ promptTokenCount: 1_000, cachedContentTokenCount: 600, candidatesTokenCount: 200, thoughtsTokenCount: 150 });
    assert.deepEqual(usage, { inputTokens: 1_000, outputTokens: 350, cachedInputTokens: 600, cacheWriteTokens: 0, reasoningTokens: 150 });
  });

  it('treats missing counts as zero', () => {
    assert.deepEqual(mapGeminiUsage({ promptTokenCount: 12 }), { inputTokens: 12, outputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 });
    assert.deepEqual(mapGeminiUsage(undefined), { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 });
  });
});
