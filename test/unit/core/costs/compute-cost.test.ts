import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeCost } from '../../../../core/costs/compute-cost.ts';
import { createModelRegistry } from '../../../../core/models/registry.ts';
import { emptyUsage, type ProviderId, type Usage } from '../../../../core/providers/types.ts';

const registry = createModelRegistry();

function costOf(provider: ProviderId, model: string, usage: Partial<Usage>) {
  return computeCost(registry.resolve({ provider, model }), { ...emptyUsage(), ...usage });
}

function assertUsd(actual: number, expected: number) {
  assert.ok(Math.abs(actual - expected) < 1e-12, `expected $${expected}, got $${actual}`);
}

describe('computeCost with catalogue prices', () => {
  it('prices plain OpenAI usage (gpt-4o-mini)', () => {
    // 1,200 × $0.15/M = $0.00018; 300 × $0.60/M = $0.00018; total $0.00036
    const cost = costOf('openai', 'gpt-4o-mini', { inputTokens: 1_200, outputTokens: 300 });
    assertUsd(cost.input_usd, 0.00018);
    assertUsd(cost.output_usd, 0.00018);
    assertUsd(cost.total_usd, 0.00036);
  });

  it('prices OpenAI cached input at the cached rate (gpt-4o)', () => {
    // uncached 6,000 × $2.50/M = $0.015; cached 4,000 × $1.25/M = $0.005; output 500 × $10/M = $0.005; total $0.025
    const cost = costOf('openai', 'gpt-4o', { inputTokens: 10_000, cachedInputTokens: 4_000, outputTokens: 500 });
    assertUsd(cost.input_usd, 0.015);
    assertUsd(cost.cached_input_usd, 0.005);
    assertUsd(cost.total_usd, 0.025);
  });

  it('charges o4-mini reasoning tokens once, as output', () => {
    // input 2,000 × $1.10/M = $0.0022; output 3,000 (2,500 of them reasoning) × $4.40/M = $0.0132; total $0.0154
    const cost = costOf('openai', 'o4-mini', { inputTokens: 2_000, outputTokens: 3_000, reasoningTokens: 2_500 });
    assertUsd(cost.output_usd, 0.0132);
    assertUsd(cost.total_usd, 0.0154);
  });

  it('prices an OpenAI embedding call (text-embedding-3-small)', () => {
    // 1,000,000 × $0.02/M = $0.02
    assertUsd(costOf('openai', 'text-embedding-3-small', { inputTokens: 1_000_000 }).total_usd, 0.02);
  });

  it('prices plain Anthropic usage (claude-haiku-4-5)', () => {
    // 1,000 × $1/M = $0.001; 1,000 × $5/M = $0.005; total $0.006
    assertUsd(costOf('anthropic', 'claude-haiku-4-5', { inputTokens: 1_000, outputTokens: 1_000 }).total_usd, 0.006);
  });

  it('prices Anthropic cache writes and cache reads at their own rates (claude-sonnet-4-5)', () => {
    // uncached 20,000 − 10,000 − 5,000 = 5,000 × $3/M = $0.015
    // cache write 10,000 × $3.75/M = $0.0375; cache read 5,000 × $0.30/M = $0.0015
    // output 1,000 × $15/M = $0.015; total $0.069
    const cost = costOf('anthropic', 'claude-sonnet-4-5', {
      inputTokens: 20_000,
      cacheWriteTokens: 10_000,
      cachedInputTokens: 5_000,
      outputTokens: 1_000,
    });
    assertUsd(cost.input_usd, 0.015);
    assertUsd(cost.cache_write_usd, 0.0375);
    assertUsd(cost.cached_input_usd, 0.0015);
    assertUsd(cost.output_usd, 0.015);
    assertUsd(cost.total_usd, 0.069);
  });

  it('prices Gemini thoughts as output and cached content at the cached rate (gemini-2.5-flash)', () => {
    // uncached 3,000 × $0.30/M = $0.0009; cached 1,000 × $0.03/M = $0.00003
    // output 1,200 (800 thoughts) × $2.50/M = $0.003; total $0.00393
    const cost = costOf('gemini', 'gemini-2.5-flash', { inputTokens: 4_000, cachedInputTokens: 1_000, outputTokens: 1_200, reasoningTokens: 800 });
    assertUsd(cost.cached_input_usd, 0.00003);
    assertUsd(cost.total_usd, 0.00393);
  });

  it('prices Gemini 2.5 Pro at its base-tier rates', () => {
    // 100,000 × $1.25/M = $0.125; 50,000 × $10/M = $0.50; total $0.625
    assertUsd(costOf('gemini', 'gemini-2.5-pro', { inputTokens: 100_000, outputTokens: 50_000 }).total_usd, 0.625);
  });

  it('prices DeepSeek cache hits (deepseek-chat)', () => {
    // miss 2,000 × $0.28/M = $0.00056; hit 8,000 × $0.028/M = $0.000224; output 2,000 × $0.42/M = $0.00084; total $0.001624
    const cost = costOf('deepseek', 'deepseek-chat', { inputTokens: 10_000, cachedInputTokens: 8_000, outputTokens: 2_000 });
    assertUsd(cost.total_usd, 0.001624);
  });

  it('charges deepseek-reasoner chain of thought as output', () => {
    // input 1,000 × $0.28/M = $0.00028; output 5,000 (4,000 reasoning) × $0.42/M = $0.0021; total $0.00238
    assertUsd(costOf('deepseek', 'deepseek-reasoner', { inputTokens: 1_000, outputTokens: 5_000, reasoningTokens: 4_000 }).total_usd, 0.00238);
  });

  it('prices an OpenRouter model, charging cached tokens at the input rate when there is no cached rate', () => {
    // meta-llama/llama-3.3-70b-instruct: 1,000,000 × $0.10/M + 1,000,000 × $0.32/M = $0.42
    assertUsd(costOf('openrouter', 'meta-llama/llama-3.3-70b-instruct', { inputTokens: 1_000_000, outputTokens: 1_000_000 }).total_usd, 0.42);
    // 500 uncached × $0.10/M + 500 cached × $0.10/M = $0.0001
    assertUsd(costOf('openrouter', 'meta-llama/llama-3.3-70b-instruct', { inputTokens: 1_000, cachedInputTokens: 500 }).total_usd, 0.0001);
  });

  it('prices xAI cached input (grok-4.3)', () => {
    // uncached 4,000 × $1.25/M = $0.005; cached 6,000 × $0.20/M = $0.0012; output 2,000 × $2.50/M = $0.005; total $0.0112
    assertUsd(costOf('xai', 'grok-4.3', { inputTokens: 10_000, cachedInputTokens: 6_000, outputTokens: 2_000 }).total_usd, 0.0112);
  });

  it('charges nothing for a local Ollama model', () => {
    const cost = costOf('ollama', 'llama3.2', { inputTokens: 50_000, outputTokens: 10_000 });
    assert.deepEqual(cost, { input_usd: 0, cached_input_usd: 0, cache_write_usd: 0, output_usd: 0, total_usd: 0 });
  });
});
