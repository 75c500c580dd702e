// The response cache as agents meet it: exact hits answered without a workflow, coalesced
// duplicates, semantic hits scoped by task, TTLs, what is never cached, and restarts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { startTestGateway, type TestGateway } from '../support/gateway-harness.ts';
import { useIntegrationSuite } from '../support/integration-suite.ts';

const suite = useIntegrationSuite('cache');

function providerEnvironment(): Record<string, string> {
  return { OPENAI_API_KEY: 'sk-cache-test-123456', OPENAI_BASE_URL: suite.simulator.openaiBaseUrl, PROVIDER_MAX_RETRIES: '1' };
}

describe('exact cache on disk', () => {
  let dataDir: string;
  let gateway: TestGateway;

  before(async () => {
    dataDir = suite.temporaryDirectory();
    gateway = await startTestGateway({ temporalAddress: suite.temporal.address, dataDir, environment: { ...providerEnvironment(), CACHE_ENABLED: 'true', CACHE_TYPE: 'disk', SEMANTIC_CACHE_ENABLED: 'false' } });
  });
  after(async () => {
    await gateway?.close();
  });

  it('misses, then hits without calling the provider, reporting what it saved', async () => {
    suite.simulator.reset();
    suite.simulator.script({ text: 'Bonjour', usage: { inputTokens: 1000, outputTokens: 200 } });
    const first = await gateway.call('generate_completion', { prompt: 'Say hello in French', model: 'gpt-4o-mini' });
    assert.equal(first.isError, false, first.text);
    assert.equal(first.structured.cached, false);
    // 1000 × 0.15 + 200 × 0.60 = 150 + 120 = 270 → $0.00027
    assert.ok(Math.abs((first.structured.cost_usd as number) - 270e-6) < 1e-12);

    const second = await gateway.call('generate_completion', { prompt: 'Say hello in French', model: 'gpt-4o-mini' });
    assert.equal(second.isError, false, second.text);
    assert.equal(second.structured.text, 'Bonjour');
    assert.equal(second.structured.cached, true);
    assert.equal(second.structured.cache_kind, 'exact');
    assert.equal(second.structured.cost_usd, 0);
    assert.ok(Math.abs((second.structured.saved_cost_usd as number) - 270e-6) < 1e-12);
    assert.deepEqual(second.structured.saved_tokens, { input_tokens: 1000, output_tokens: 200 });
    assert.equal(second.structured.job_id, first.structured.job_id, 'the hit names the job that paid for it');
    assert.equal(suite.chatCalls(), 1);
  });

  it('misses when a parameter that changes the answer differs, or when the call opts out', async () => {
    suite.simulator.reset();
    suite.simulator.script([{ text: 'cold' }, { text: 'warm' }, { text: 'fresh' }]);
    const cold = await gateway.call('generate_completion', { prompt: 'Describe the weather', temperature: 0 });
    const warm = await gateway.call('generate_completion', { prompt: 'Describe the weather', temperature: 1 });
    const optedOut = await gateway.call('generate_completion', { prompt: 'Describe the weather', temperature: 0, cache: false });
    assert.deepEqual([cold.structured.text, warm.structured.text, optedOut.structured.text], ['cold', 'warm', 'fresh']);
    assert.equal(warm.structured.cached, false);
    assert.equal(suite.chatCalls(), 3);
  });

  it('never caches errors or partial streams', async () => {
    suite.simulator.reset();
    suite.simulator.script([{ error: { status: 400, message: 'rejected once' } }, { text: 'accepted' }]);
    const failed = await gateway.call('generate_completion', { prompt: 'Try twice', fallback: false });
    assert.equal(failed.isError, true);
    const retried = await gateway.call('generate_completion', { prompt: 'Try twice', fallback: false });
    assert.equal(retried.structured.text, 'accepted');
    assert.equal(retried.structured.cached, false);

    suite.simulator.reset();
    suite.simulator.script([{ text: 'one two three four five', cutAfterChunks: 2 }, { text: 'one two three four five' }]);
    const partial = await gateway.call('stream_completion', { prompt: 'Count to five', fallback: false });
    assert.equal(partial.structured.partial, true);
    const whole = await gateway.call('stream_completion', { prompt: 'Count to five', fallback: false });
    assert.equal(whole.structured.partial, false);
    assert.equal(whole.structured.cached, false);
    assert.equal(suite.chatCalls(), 2, 'the partial stream was not served from the cache');
  });

  it('streams a cached answer as one progress notification', async () => {
    suite.simulator.reset();
    suite.simulator.script({ text: 'streamed and remembered' });
    await gateway.call('stream_completion', { prompt: 'Stream me twice', fallback: false });
    const progress: string[] = [];
    const again = (await gateway.client.callTool({ name: 'stream_completion', arguments: { prompt: 'Stream me twice', fallback: false } }, undefined, {
      onprogress: (update) => progress.push(update.message ?? ''),
    })) as CallToolResult;
    assert.equal((again.structuredContent as { cached: boolean }).cached, true);
    assert.deepEqual(progress, ['streamed and remembered']);
    assert.equal(suite.chatCalls(), 1);
  });

  it('expires an answer after its cache_ttl', async () => {
    suite.simulator.reset();
    suite.simulator.script([{ text: 'first answer' }, { text: 'second answer' }]);
    await gateway.call('generate_completion', { prompt: 'Short-lived question', cache_ttl: 1 });
    const soon = await gateway.call('generate_completion', { prompt: 'Short-lived question', cache_ttl: 1 });
    assert.equal(soon.structured.cached, true);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const later = await gateway.call('generate_completion', { prompt: 'Short-lived question', cache_ttl: 1 });
    assert.equal(later.structured.cached, false);
    assert.equal(later.structured.text, 'second answer');
  });

  it('makes one provider call for eight identical concurrent requests', async () => {
    suite.simulator.reset();
    suite.simulator.script({ text: 'shared answer', latencyMs: 400 });
    const calls = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const client = await gateway.connectClient();
        return (await client.callTool({ name: 'generate_completion', arguments: { prompt: 'Eight agents ask the same thing' } })) as CallToolResult;
      }),
    );
    for (const result of calls) {
      assert.notEqual(result.isError, true, JSON.stringify(result.content));
      assert.equal((result.structuredContent as { text: string }).text, 'shared answer');
    }
    assert.equal(suite.chatCalls(), 1);
    assert.equal(new Set(calls.map((result) => (result.structuredContent as { job_id: string }).job_id)).size, 1, 'all eight joined one job');
  });

  it('does not join callers whose fallback chains differ', async () => {
    suite.simulator.reset();
    suite.simulator.script({ text: 'answer', latencyMs: 300, times: 2 });
    const [withChain, alone] = await Promise.all([
      gateway.call('generate_completion', { prompt: 'Same words, different chains', fallbacks: [{ provider: 'openai', model: 'gpt-4o' }] }),
      gateway.call('generate_completion', { prompt: 'Same words, different chains', fallback: false }),
    ]);
    assert.notEqual(withChain.structured.job_id, alone.structured.job_id);
    assert.equal(suite.chatCalls(), 2);
  });

  it('answers from the cache for a fallback model when the first model is down', async () => {
    suite.simulator.reset();
    suite.simulator.script([{ model: 'gpt-4o', text: 'the big model answered earlier' }]);
    await gateway.call('generate_completion', { prompt: 'Fallback to a cached answer', model: 'gpt-4o', fallback: false });
    suite.simulator.script({ model: 'gpt-4o-mini', error: { status: 503, message: 'mini is down' }, times: 2 });
    const result = await gateway.call('generate_completion', { prompt: 'Fallback to a cached answer', model: 'gpt-4o-mini', fallbacks: [{ provider: 'openai', model: 'gpt-4o' }] });
    assert.equal(result.isError, false, result.text);
    assert.equal(result.structured.text, 'the big model answered earlier');
    assert.equal(result.structured.model, 'gpt-4o');
    assert.equal(result.structured.cached, true);
    assert.ok(result.structured.fallback, 'the fallback is reported');
    assert.equal(suite.chatCalls(), 3, 'one call to fill the cache, two attempts on the model that was down, none for the fallback');
  });

  it('keeps a shared job running for the others when one of the callers gives up', async () => {
    suite.simulator.reset();
    suite.simulator.script({ text: 'worth the wait', latencyMs: 800 });
    const patient = await gateway.connectClient();
    const impatient = await gateway.connectClient();
    const controller = new AbortController();
    const arguments_ = { prompt: 'Two agents, one gives up' };
    const waited = patient.callTool({ name: 'generate_completion', arguments: arguments_ }) as Promise<CallToolResult>;
    const abandoned = impatient.callTool({ name: 'generate_completion', arguments: arguments_ }, undefined, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 200));
    controller.abort();
    await assert.rejects(abandoned);
    const result = await waited;
    assert.notEqual(result.isError, true, JSON.stringify(result.content));
    assert.equal((result.structuredContent as { text: string }).text, 'worth the wait');
    assert.equal(suite.chatCalls(), 1);
  });

  it('never lets a caller that gives up cancel a background job with the same request', async () => {
    suite.simulator.reset();
    suite.simulator.script({ text: 'for the background job', latencyMs: 1_000, times: 2 });
    const background = await gateway.call('generate_completion', { prompt: 'Background and foreground', background: true });
    const controller = new AbortController();
    const impatient = await gateway.connectClient();
    const abandoned = impatient.callTool({ name: 'generate_completion', arguments: { prompt: 'Background and foreground' } }, undefined, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 300));
    controller.abort();
    await assert.rejects(abandoned);
    const result = await gateway.call('get_job_result', { job_id: background.structured.job_id, wait: true });
    assert.equal(result.structured.status, 'completed', result.text);
  });

  it('caches each model of a fan-out separately, so a repeat pays only for the new model', async () => {
    suite.simulator.reset();
    suite.simulator.script([{ model: 'gpt-4o-mini', text: 'mini says' }, { model: 'gpt-4o', text: 'big says' }]);
    const first = await gateway.call('multi_completion', { prompt: 'Fan out once', providers: [{ provider: 'openai', model: 'gpt-4o-mini' }] });
    assert.equal(first.isError, false, first.text);
    const second = await gateway.call('multi_completion', { prompt: 'Fan out once', providers: [{ provider: 'openai', model: 'gpt-4o-mini' }, { provider: 'openai', model: 'gpt-4o' }] });
    const answers = second.structured.answers as Array<{ model: string; text: string; cached?: boolean }>;
    assert.deepEqual(answers.map((answer) => [answer.model, answer.text, answer.cached === true]), [['gpt-4o-mini', 'mini says', true], ['gpt-4o', 'big says', false]]);
    assert.equal(suite.chatCalls(), 2);
  });

  it('reports stats whose savings add up, and clears', async () => {
    const before = (await gateway.call('get_cache_stats')).structured as { since_start: { hits: { exact: number }; misses: { exact: number }; saved_usd: number }; entries: number; store: string };
    assert.equal(before.store, 'disk');
    assert.ok(before.entries > 0);
    suite.simulator.reset();
    suite.simulator.script({ text: 'counted', usage: { inputTokens: 500, outputTokens: 50 } });
    let saved = 0;
    for (let index = 0; index < 4; index += 1) {
      const call = await gateway.call('generate_completion', { prompt: 'Count my savings', model: 'gpt-4o-mini' });
      saved += (call.structured.saved_cost_usd as number | undefined) ?? 0;
    }
    // 500 × 0.15 + 50 × 0.60 = 75 + 30 = 105 → $0.000105 per hit, three hits.
    assert.ok(Math.abs(saved - 3 * 105e-6) < 1e-12);
    const after = (await gateway.call('get_cache_stats')).structured as typeof before & { since_start: { hit_rate: number }; all_time: { hits: { exact: number } } };
    assert.equal(after.since_start.hits.exact - before.since_start.hits.exact, 3);
    assert.equal(after.since_start.misses.exact - before.since_start.misses.exact, 1);
    assert.ok(Math.abs(after.since_start.saved_usd - before.since_start.saved_usd - saved) < 1e-12);
    assert.ok(after.all_time.hits.exact >= after.since_start.hits.exact);

    const cleared = await gateway.call('clear_cache', { provider: 'openai' });
    assert.ok((cleared.structured.removed as number) > 0);
    const afterClear = await gateway.call('generate_completion', { prompt: 'Count my savings', model: 'gpt-4o-mini' });
    assert.equal(afterClear.structured.cached, false);
    const badAge = await gateway.call('clear_cache', { older_than: 'yesterday' });
    assert.equal(badAge.isError, true);
    assert.match(badAge.text, /older_than "yesterday"/);
  });

  it('keeps its hits across a restart', async () => {
    suite.simulator.reset();
    suite.simulator.script({ text: 'durable answer' });
    await gateway.call('generate_completion', { prompt: 'Remember me after a restart' });
    const allTimeBefore = ((await gateway.call('get_cache_stats')).structured.all_time as { hits: { exact: number } }).hits.exact;
    await gateway.close();
    gateway = await startTestGateway({ temporalAddress: suite.temporal.address, dataDir, environment: { ...providerEnvironment(), CACHE_ENABLED: 'true', CACHE_TYPE: 'disk', SEMANTIC_CACHE_ENABLED: 'false' } });
    const again = await gateway.call('generate_completion', { prompt: 'Remember me after a restart' });
    assert.equal(again.structured.cached, true);
    assert.equal(again.structured.text, 'durable answer');
    assert.equal(suite.chatCalls(), 1);
    const stats = (await gateway.call('get_cache_stats')).structured as { since_start: { hits: { exact: number } }; all_time: { hits: { exact: number } } };
    assert.equal(stats.since_start.hits.exact, 1);
    assert.equal(stats.all_time.hits.exact, allTimeBefore + 1, 'all-time counters survive the restart');
  });
});

describe('semantic cache', () => {
  let gateway: TestGateway;

  before(async () => {
    gateway = await startTestGateway({
      temporalAddress: suite.temporal.address,
      environment: { ...providerEnvironment(), CACHE_ENABLED: 'true', CACHE_TYPE: 'memory', SEMANTIC_CACHE_THRESHOLD: '0.9' },
    });
  });
  after(async () => {
    await gateway?.close();
  });

  it('answers a paraphrase from the cache, but not the same words under another task', async () => {
    suite.simulator.reset();
    suite.simulator.script([{ model: 'gpt-4o-mini', text: 'Aqueducts carried water into Roman cities.' }, { model: 'gpt-4o-mini', text: 'entities: Rome, aqueducts' }]);
    const original = 'Summarize the history of the Roman aqueducts in two sentences.';
    const paraphrase = 'Please summarize the history of the Roman aqueducts in two sentences.';
    const first = await gateway.call('generate_completion', { prompt: original, task_type: 'summarization' });
    assert.equal(first.structured.cached, false);
    const similar = await gateway.call('generate_completion', { prompt: paraphrase, task_type: 'summarization' });
    assert.equal(similar.isError, false, similar.text);
    assert.equal(similar.structured.cached, true);
    assert.equal(similar.structured.cache_kind, 'semantic');
    assert.ok((similar.structured.similarity as number) >= 0.9 && (similar.structured.similarity as number) < 1, `similarity ${String(similar.structured.similarity)}`);
    assert.equal(similar.structured.text, 'Aqueducts carried water into Roman cities.');

    const otherTask = await gateway.call('generate_completion', { prompt: paraphrase, task_type: 'extraction' });
    assert.equal(otherTask.structured.cached, false);
    assert.equal(otherTask.structured.text, 'entities: Rome, aqueducts');
    assert.equal(suite.chatCalls(), 2);

    const unrelated = await gateway.call('generate_completion', { prompt: 'Write a haiku about autumn leaves falling.', task_type: 'summarization' });
    assert.notEqual(unrelated.structured.cache_kind, 'semantic');
    const stats = (await gateway.call('get_cache_stats')).structured as { semantic_enabled: boolean; since_start: { hits: { semantic: number; exact: number }; misses: { exact: number; semantic: number }; hit_rate: number } };
    assert.equal(stats.semantic_enabled, true);
    assert.equal(stats.since_start.hits.semantic, 1);
    // Four requests, each missing the exact cache; one answered semantically, three by the provider.
    assert.deepEqual(stats.since_start.misses, { exact: 4, semantic: 3 });
    assert.equal(stats.since_start.hit_rate, 0.25);
    const usage = (await gateway.call('get_usage_report', { group_by: 'tool' })).structured.groups as Array<{ key: string; calls: number; input_tokens: number }>;
    const embeddings = usage.find((group) => group.key === 'semantic_cache');
    // Three distinct prompts were embedded, each once (vectors are cached by text).
    assert.ok(embeddings && embeddings.calls >= 1 && embeddings.calls <= 3 && embeddings.input_tokens > 0, `the embedding calls of the semantic cache are in the usage report: ${JSON.stringify(embeddings)}`);
  });

  it('leaves conversations of several turns to the exact cache', async () => {
    suite.simulator.reset();
    suite.simulator.script([{ model: 'gpt-4o-mini', text: 'turn answer one' }, { model: 'gpt-4o-mini', text: 'turn answer two' }]);
    const conversation = (last: string) => [
      { role: 'user', content: 'I am planning a trip.' },
      { role: 'assistant', content: 'Where to?' },
      { role: 'user', content: last },
    ];
    await gateway.call('chat_completion', { messages: conversation('Summarize what to pack for Iceland in winter.') });
    const near = await gateway.call('chat_completion', { messages: conversation('Summarise what to pack for Iceland in winter!') });
    assert.equal(near.structured.cached, false);
    assert.equal(suite.chatCalls(), 2);
  });
});
