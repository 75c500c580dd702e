import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CacheCounters, memoryCounters } from '../../../../core/cache/cache-stats.ts';
import { createMemoryStore } from '../../../../core/cache/memory-store.ts';
import { ResponseCache } from '../../../../core/cache/response-cache.ts';
import { cosineSimilarity, decodeVector, encodeVector } from '../../../../core/cache/semantic-index.ts';
import { DEFAULT_TASK_TTLS, ttlSecondsFor } from '../../../../core/cache/task-ttl.ts';
import type { ProviderCallResult } from '../../../../core/jobs/types.ts';

function cache() {
  return new ResponseCache({
    store: createMemoryStore({ maxEntries: 100, maxBytes: 1_000_000 }),
    storeType: 'memory',
    counters: new CacheCounters(memoryCounters(), (error) => assert.fail(String(error))),
    embedder: undefined,
    semanticThreshold: 0.95,
  });
}

const request = { provider: 'openai' as const, model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'Classify: great product!' }] };
function answer(overrides: Partial<ProviderCallResult> = {}): ProviderCallResult {
  return { text: 'positive', provider: 'openai', model: 'gpt-4o-mini', finish_reason: 'stop', usage: { input_tokens: 40, output_tokens: 2, total_tokens: 42, cached_input_tokens: 0, cache_write_tokens: 0, reasoning_tokens: 0 }, cost_usd: 0.0000072, latency_ms: 20, ...overrides };
}

describe('response cache policy', () => {
  it('stores whole answers and reports what a hit saved', async () => {
    const responses = cache();
    assert.equal(await responses.store(request, answer(), { ttlSeconds: 60, taskType: 'classification', jobId: 'generate-completion-1' }), true);
    const hit = await responses.lookupExact(responses.exactKey(request), { countMiss: true });
    assert.equal(hit?.result.text, 'positive');
    assert.equal(hit?.saved_cost_usd, 0.0000072);
    assert.deepEqual(hit?.saved_tokens, { input_tokens: 40, output_tokens: 2 });
    assert.equal(hit?.source_job_id, 'generate-completion-1');
    const stats = await responses.stats();
    assert.deepEqual(stats.since_start.hits, { exact: 1, semantic: 0, total: 1 });
  });

  it('never stores refusals or empty answers', async () => {
    const responses = cache();
    assert.equal(await responses.store(request, answer({ finish_reason: 'content_filter', text: 'I cannot help with that.' }), { ttlSeconds: 60, taskType: 'general', jobId: undefined }), false);
    assert.equal(await responses.store(request, answer({ text: '' }), { ttlSeconds: 60, taskType: 'general', jobId: undefined }), false);
    assert.equal(await responses.lookupExact(responses.exactKey(request), { countMiss: true }), undefined);
    assert.deepEqual((await responses.stats()).since_start.misses, { exact: 1, semantic: 0 });
  });

  it('keys on every parameter that changes the answer', () => {
    const responses = cache();
    const base = responses.exactKey(request);
    assert.notEqual(responses.exactKey({ ...request, temperature: 0.7 }), base);
    assert.notEqual(responses.exactKey({ ...request, maxTokens: 10 }), base);
    assert.notEqual(responses.exactKey({ ...request, responseFormat: 'json' }), base);
    assert.notEqual(responses.exactKey({ ...request, system: 'Be terse.' }), base);
    assert.notEqual(responses.exactKey({ ...request, model: 'gpt-4o' }), base);
    assert.equal(responses.exactKey({ ...request, messages: [{ role: 'user', content: 'Classify: great product!\r\n' }] }), base);
  });
});

describe('task lifetimes', () => {
  it('gives extraction longer than creative work, and lets the call and the operator override', () => {
    const common = { callTtlSeconds: undefined, defaultTtlSeconds: 86_400, overrides: {} };
    assert.equal(ttlSecondsFor({ ...common, taskType: 'extraction' }), DEFAULT_TASK_TTLS.extraction);
    assert.ok(ttlSecondsFor({ ...common, taskType: 'extraction' }) > ttlSecondsFor({ ...common, taskType: 'creative' }));
    assert.equal(ttlSecondsFor({ ...common, taskType: 'qa' }), 86_400);
    assert.equal(ttlSecondsFor({ ...common, taskType: 'creative', overrides: { creative: 5 } }), 5);
    assert.equal(ttlSecondsFor({ ...common, taskType: 'creative', callTtlSeconds: 900 }), 900);
  });
});

describe('semantic vectors', () => {
  it('round-trips vectors and measures cosine similarity', () => {
    const vector = [0.5, -0.25, 0.125, 1];
    assert.deepEqual([...decodeVector(encodeVector(vector))], vector);
    assert.equal(cosineSimilarity([1, 0], [1, 0]), 1);
    assert.equal(cosineSimilarity([1, 0], [0, 1]), 0);
    assert.ok(Math.abs(cosineSimilarity([1, 1], [1, 0]) - Math.SQRT1_2) < 1e-12);
    assert.equal(cosineSimilarity([0, 0], [1, 0]), 0);
  });
});
