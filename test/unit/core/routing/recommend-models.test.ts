import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createModelRegistry } from '../../../../core/models/registry.ts';
import { estimateCostUsd, recommendModels } from '../../../../core/routing/recommend-models.ts';

const registry = createModelRegistry();
const ids = (recommendations: ReturnType<typeof recommendModels>) => recommendations.map((each) => each.model.id);

describe('estimateCostUsd', () => {
  it('prices expected tokens at list rates', () => {
    // gpt-4o-mini: 1,000 × $0.15/M + 1,000 × $0.60/M = $0.00075
    assert.ok(Math.abs(estimateCostUsd(registry.resolve({ model: 'gpt-4o-mini' }), 1_000, 1_000) - 0.00075) < 1e-12);
    assert.equal(estimateCostUsd(registry.resolve({ model: 'qwen2.5' }), 1_000_000, 1_000_000), 0);
  });
});

describe('recommendModels', () => {
  it('with cost priority, puts the cheapest adequate model first and orders by price', () => {
    const recommendations = recommendModels(registry, {
      taskType: 'summarization',
      expectedInputTokens: 10_000,
      priority: 'cost',
      configuredProviders: ['openai', 'anthropic'],
    });
    // gpt-4.1-nano: 10,000 × $0.10/M + 500 × $0.40/M = $0.0012, the lowest among OpenAI and Anthropic chat models
    assert.equal(recommendations[0]?.model.id, 'gpt-4.1-nano');
    assert.ok(Math.abs((recommendations[0]?.estimatedCostUsd ?? 0) - 0.0012) < 1e-12);
    const costs = recommendations.map((each) => each.estimatedCostUsd);
    assert.deepEqual(costs, [...costs].sort((left, right) => left - right));
    assert.match(recommendations[0]?.reason ?? '', /cheapest adequate model; est\. \$0\.00120 .*\$0\.1\/\$0\.4 per M; quality tier 3/);
  });

  it('prefers a free local model on cost when Ollama is configured', () => {
    const [first] = recommendModels(registry, { taskType: 'classification', expectedInputTokens: 2_000, priority: 'cost', configuredProviders: ['openai', 'ollama'] });
    assert.equal(first?.model.provider, 'ollama');
    assert.equal(first?.estimatedCostUsd, 0);
  });

  it('keeps code and reasoning tasks on tier 2 or better', () => {
    const recommendations = recommendModels(registry, { taskType: 'code', expectedInputTokens: 5_000, priority: 'cost', configuredProviders: ['openai'] });
    assert.ok(!ids(recommendations).includes('gpt-4o-mini'));
    assert.ok(!ids(recommendations).includes('gpt-4.1-nano'));
    assert.equal(recommendations[0]?.model.id, 'gpt-4.1-mini');
    assert.match(recommendations[0]?.reason ?? '', /code needs 2 or better/);
    assert.ok(recommendModels(registry, { taskType: 'reasoning', expectedInputTokens: 1_000, priority: 'cost' }).every((each) => each.model.qualityTier <= 2));
  });

  it('only offers models with every required capability', () => {
    const recommendations = recommendModels(registry, {
      taskType: 'extraction',
      expectedInputTokens: 3_000,
      requiredCapabilities: ['vision', 'tools'],
      priority: 'balanced',
      configuredProviders: ['deepseek', 'gemini'],
    });
    assert.ok(recommendations.length > 0);
    assert.ok(recommendations.every((each) => each.model.provider === 'gemini' && each.model.capabilities.vision && each.model.capabilities.tools));
    assert.match(recommendations[0]?.reason ?? '', /has vision, tools/);
    const reasoning = recommendModels(registry, { taskType: 'qa', expectedInputTokens: 1_000, requiredCapabilities: ['reasoning'], priority: 'cost', configuredProviders: ['openai'] });
    assert.deepEqual(ids(reasoning), ['o4-mini']);
  });

  it('drops models over the budget, and returns nothing when nothing fits', () => {
    const budget = 0.01;
    const recommendations = recommendModels(registry, { taskType: 'summarization', expectedInputTokens: 20_000, maxCostUsd: budget, priority: 'quality' });
    assert.ok(recommendations.length > 0);
    assert.ok(recommendations.every((each) => each.estimatedCostUsd <= budget));
    // claude-opus-4-1 would cost 20,000 × $15/M + 500 × $75/M = $0.3375
    assert.ok(!ids(recommendations).includes('claude-opus-4-1'));
    assert.deepEqual(
      recommendModels(registry, { taskType: 'summarization', expectedInputTokens: 20_000, maxCostUsd: 0.000001, priority: 'cost', configuredProviders: ['openai'] }),
      [],
    );
  });

  it('drops models whose context window cannot hold the input and output', () => {
    const recommendations = recommendModels(registry, { taskType: 'summarization', expectedInputTokens: 600_000, priority: 'cost' });
    assert.ok(recommendations.length > 0);
    assert.ok(recommendations.every((each) => each.model.contextWindow >= 600_500));
    assert.ok(!ids(recommendations).includes('gpt-4o-mini'));
  });

  it('ranks by quality or speed when asked', () => {
    const request = { taskType: 'qa' as const, expectedInputTokens: 2_000, configuredProviders: ['openai' as const, 'anthropic' as const, 'gemini' as const] };
    const byQuality = recommendModels(registry, { ...request, priority: 'quality' });
    assert.equal(byQuality[0]?.model.qualityTier, 1);
    assert.match(byQuality[0]?.reason ?? '', /highest quality tier, cheapest within it/);
    const byCost = recommendModels(registry, { ...request, priority: 'cost' });
    assert.equal(byCost[0]?.model.qualityTier, 3);
    const bySpeed = recommendModels(registry, { ...request, priority: 'speed' });
    assert.equal(bySpeed[0]?.model.speedTier, 1);
    const scores = byQuality.map((each) => each.score);
    assert.deepEqual(scores, [...scores].sort((left, right) => right - left));
  });

  it('never recommends an embedding model', () => {
    const recommendations = recommendModels(registry, { taskType: 'general', expectedInputTokens: 100, priority: 'cost' });
    assert.ok(recommendations.every((each) => each.model.kind === 'chat'));
  });
});
