import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_MODELS, MODEL_CATALOG } from '../../../../core/models/catalog.ts';
import { createModelRegistry, type ModelEntry } from '../../../../core/models/registry.ts';
import { PROVIDER_IDS } from '../../../../core/providers/types.ts';

const registry = createModelRegistry();

describe('model registry', () => {
  it('resolves a model by id and by alias', () => {
    assert.equal(registry.resolve({ model: 'gpt-4o-mini' }).provider, 'openai');
    assert.equal(registry.resolve({ model: 'claude-sonnet-4-5-20250929' }).id, 'claude-sonnet-4-5');
    assert.equal(registry.resolve({ provider: 'openai', model: 'gpt-4.1-2025-04-14' }).id, 'gpt-4.1');
    assert.equal(registry.get('o4-mini-2025-04-16')?.id, 'o4-mini');
    assert.equal(registry.get('no-such-model'), undefined);
  });

  it('gives each provider its default chat model when no model is named', () => {
    assert.equal(registry.resolve({ provider: 'openai' }).id, 'gpt-4o-mini');
    assert.equal(registry.resolve({ provider: 'ollama' }).id, 'llama3.2');
    for (const provider of PROVIDER_IDS) {
      const entry = registry.defaultModel(provider);
      assert.equal(entry.id, DEFAULT_MODELS[provider]);
      assert.equal(entry.kind, 'chat');
      assert.equal(entry.provider, provider);
    }
  });

  it('gives default embedding models where a provider has one', () => {
    assert.equal(registry.defaultEmbeddingModel('openai')?.id, 'text-embedding-3-small');
    assert.equal(registry.defaultEmbeddingModel('gemini')?.kind, 'embedding');
    assert.equal(registry.defaultEmbeddingModel('anthropic'), undefined);
  });

  it('names the known models when a model is unknown', () => {
    assert.throws(() => registry.resolve({ model: 'gpt-99-ultra' }), /unknown model "gpt-99-ultra"; known models: .*gpt-4o-mini.*claude-sonnet-4-5/);
    assert.throws(() => registry.resolve({ provider: 'gemini', model: 'gemini-9' }), (error: Error) => {
      assert.match(error.message, /known gemini models: gemini-2.5-flash-lite, gemini-2.5-flash, gemini-2.5-pro/);
      assert.doesNotMatch(error.message, /gpt-4o/);
      return true;
    });
  });

  it("refuses a model under another provider's name and lists that provider's models", () => {
    assert.throws(() => registry.resolve({ provider: 'anthropic', model: 'gpt-4o' }), /belongs to provider "openai", not "anthropic"; anthropic models: claude-haiku-4-5/);
  });

  it('asks for a model or provider when given neither, naming the providers', () => {
    assert.throws(() => registry.resolve({}), /providers with models: openai, anthropic, gemini, deepseek, openrouter, xai, ollama/);
  });

  it('lists models by provider and kind', () => {
    const embeddings = registry.list({ kind: 'embedding' });
    assert.ok(embeddings.length >= 3);
    assert.ok(embeddings.every((entry) => entry.kind === 'embedding'));
    assert.deepEqual(
      registry.list({ provider: 'deepseek' }).map((entry) => entry.id),
      ['deepseek-chat', 'deepseek-reasoner'],
    );
    assert.equal(registry.list().length, MODEL_CATALOG.length);
  });

  it('offers same-tier chat models on other providers as equivalents, cheapest first', () => {
    const sonnet = registry.resolve({ model: 'claude-sonnet-4-5' });
    const equivalents = registry.equivalents(sonnet);
    assert.ok(equivalents.length > 0);
    assert.ok(equivalents.every((entry) => entry.provider !== 'anthropic' && entry.qualityTier === 1 && entry.kind === 'chat'));
    const combined = equivalents.map((entry) => entry.prices.input + entry.prices.output);
    assert.deepEqual(combined, [...combined].sort((left, right) => left - right));
    // grok-4.3 ($1.25 + $2.50) undercuts every other tier-1 model on another provider.
    assert.equal(equivalents[0]?.id, 'grok-4.3');
    assert.ok(equivalents.some((entry) => entry.id === 'gpt-4.1'));
    assert.ok(equivalents.some((entry) => entry.id === 'gemini-2.5-pro'));
  });

  it('has no equivalents for an embedding model', () => {
    assert.deepEqual(registry.equivalents(registry.resolve({ model: 'text-embedding-3-small' })), []);
  });

  it('works over a custom catalogue, defaulting to the first chat model of a provider', () => {
    const entry: ModelEntry = {
      id: 'house-model',
      provider: 'ollama',
      kind: 'chat',
      contextWindow: 8_192,
      maxOutputTokens: 2_048,
      prices: { input: 0, output: 0, cachedInput: null, cacheWrite: null },
      capabilities: { json: true, tools: false, vision: false, reasoning: false },
      qualityTier: 3,
      speedTier: 1,
      aliases: ['house'],
      tokenizer: null,
    };
    const custom = createModelRegistry([entry]);
    assert.equal(custom.resolve({ provider: 'ollama' }).id, 'house-model');
    assert.equal(custom.resolve({ model: 'house' }).id, 'house-model');
    assert.throws(() => custom.defaultModel('openai'), /no chat models known for provider "openai"; providers with models: ollama/);
  });

  it('keeps every catalogue entry well-formed', () => {
    const names = new Set<string>();
    for (const entry of MODEL_CATALOG) {
      for (const name of [entry.id, ...entry.aliases]) {
        assert.ok(!names.has(name), `duplicate model name ${name}`);
        names.add(name);
      }
      assert.ok(entry.contextWindow > 0, entry.id);
      assert.ok(entry.prices.input >= 0 && entry.prices.output >= 0, entry.id);
      if (entry.prices.cachedInput !== null) assert.ok(entry.prices.cachedInput <= entry.prices.input, entry.id);
      if (entry.kind === 'chat') assert.ok(entry.maxOutputTokens > 0 && entry.maxOutputTokens <= entry.contextWindow, entry.id);
    }
  });
});
