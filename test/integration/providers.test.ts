// Every provider through its real SDK, reliability (Retry-After, 5xx, fallback across providers),
// delegation tools and the usage ledger, through a real MCP client, worker and Temporal server.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSimulator, type Simulator } from '../support/simulator/index.ts';
import { startTestGateway, type TestGateway } from '../support/gateway-harness.ts';
import { useTemporalTestServer, type TestTemporal } from '../support/temporal-test-server.ts';

let temporal: TestTemporal;
let simulator: Simulator;
let gateway: TestGateway;

before(async () => {
  temporal = await useTemporalTestServer();
  simulator = await startSimulator();
  const openaiCompatible = simulator.openaiBaseUrl;
  gateway = await startTestGateway({
    temporalAddress: temporal.address,
    environment: {
      OPENAI_API_KEY: 'sk-openai-test-123456',
      OPENAI_BASE_URL: openaiCompatible,
      ANTHROPIC_API_KEY: 'sk-ant-test-123456',
      ANTHROPIC_BASE_URL: simulator.url,
      GEMINI_API_KEY: 'gemini-test-123456',
      GEMINI_BASE_URL: simulator.url,
      DEEPSEEK_API_KEY: 'sk-deepseek-123456',
      DEEPSEEK_BASE_URL: openaiCompatible,
      OPENROUTER_API_KEY: 'sk-or-test-123456',
      OPENROUTER_BASE_URL: openaiCompatible,
      XAI_API_KEY: 'xai-test-123456',
      XAI_BASE_URL: openaiCompatible,
      OLLAMA_BASE_URL: openaiCompatible,
      PROVIDER_MAX_RETRIES: '2',
      CACHE_ENABLED: 'false',
    },
  });
});

after(async () => {
  await gateway?.close();
  await simulator?.close();
  await temporal?.stop();
});

function near(actual: unknown, expected: number, message?: string) {
  assert.equal(typeof actual, 'number', message);
  assert.ok(Math.abs((actual as number) - expected) < 1e-12, `${message ?? 'cost'}: expected ${expected}, got ${String(actual)}`);
}

describe('each provider through its SDK', () => {
  // usage: 1000 input (200 cached), 400 output (100 reasoning); Anthropic also 300 cache-write.
  const cases = [
    // gpt-4o-mini: 800 × 0.15 + 200 × 0.075 + 400 × 0.60 = 120 + 15 + 240 = 375 → $0.000375
    { provider: 'openai', model: 'gpt-4o-mini', protocol: 'openai', expected: 375e-6 },
    // claude-haiku-4-5: 500 × 1 + 200 × 0.10 + 300 × 1.25 + 400 × 5 = 500 + 20 + 375 + 2000 = 2895 → $0.002895
    { provider: 'anthropic', model: 'claude-haiku-4-5', protocol: 'anthropic', expected: 2895e-6, cacheWrite: 300 },
    // gemini-2.5-flash: 800 × 0.30 + 200 × 0.03 + 400 × 2.50 = 240 + 6 + 1000 = 1246 → $0.001246
    { provider: 'gemini', model: 'gemini-2.5-flash', protocol: 'gemini', expected: 1246e-6 },
    // deepseek-chat: 800 × 0.28 + 200 × 0.028 + 400 × 0.42 = 224 + 5.6 + 168 = 397.6 → $0.0003976
    { provider: 'deepseek', model: 'deepseek-chat', protocol: 'openai', expected: 397.6e-6 },
    // openrouter openai/gpt-4o-mini: same prices as gpt-4o-mini → $0.000375
    { provider: 'openrouter', model: 'openai/gpt-4o-mini', protocol: 'openai', expected: 375e-6 },
    // grok-4-1-fast-non-reasoning: 800 × 0.20 + 200 × 0.05 + 400 × 0.50 = 160 + 10 + 200 = 370 → $0.00037
    { provider: 'xai', model: 'grok-4-1-fast-non-reasoning', protocol: 'openai', expected: 370e-6 },
    // llama3.2 on Ollama: free
    { provider: 'ollama', model: 'llama3.2', protocol: 'openai', expected: 0 },
  ] as const;

  for (const each of cases) {
    it(`${each.provider}/${each.model} answers with the right cost`, async () => {
      simulator.reset();
      const cacheWrite = 'cacheWrite' in each ? each.cacheWrite : 0;
      simulator.script({
        text: `hello from ${each.provider}`,
        usage: { inputTokens: 1000, outputTokens: 400, cachedInputTokens: 200, cacheWriteTokens: cacheWrite, reasoningTokens: 100 },
      });
      const { structured, isError, text } = await gateway.call('generate_completion', { prompt: 'say hello', provider: each.provider, model: each.model, fallback: false });
      assert.equal(isError, false, text);
      assert.equal(structured.text, `hello from ${each.provider}`);
      assert.equal(structured.provider, each.provider);
      assert.equal(structured.model, each.model);
      const usage = structured.usage as Record<string, number>;
      assert.equal(usage.input_tokens, 1000);
      assert.equal(usage.output_tokens, 400);
      assert.equal(usage.cached_input_tokens, 200);
      assert.equal(usage.cache_write_tokens, cacheWrite);
      near(structured.cost_usd, each.expected);
      assert.equal(simulator.requests()[0]?.protocol, each.protocol, 'the request went out in the provider’s own protocol');
    });
  }

  it('streams from Anthropic with usage from the stream events', async () => {
    simulator.reset();
    simulator.script({ text: 'streamed words from claude', usage: { inputTokens: 100, outputTokens: 20 } });
    const { structured, isError, text } = await gateway.call('stream_completion', { prompt: 'stream please', provider: 'anthropic', fallback: false });
    assert.equal(isError, false, text);
    assert.equal(structured.text, 'streamed words from claude');
    // claude-haiku-4-5: 100 × 1 + 20 × 5 = 200 → $0.0002
    near(structured.cost_usd, 200e-6);
  });
});

describe('reliability', () => {
  it('waits for Retry-After on a 429 and then answers', async () => {
    simulator.reset();
    simulator.script([{ error: { status: 429, message: 'slow down', headers: { 'retry-after': '1' } } }, { text: 'after the wait' }]);
    const started = Date.now();
    const { structured, isError, text } = await gateway.call('generate_completion', { prompt: 'rate limited', model: 'gpt-4o-mini', fallback: false });
    const elapsed = Date.now() - started;
    assert.equal(isError, false, text);
    assert.equal(structured.text, 'after the wait');
    const [first, second] = simulator.requests();
    const gap = second!.at - first!.at;
    assert.ok(gap >= 950 && gap < 2500, `the retry came ${gap} ms after the 429 (expected about 1000 ms)`);
    assert.ok(elapsed >= 950, `answered after ${elapsed} ms`);
  });

  it('answers once after two 500s', async () => {
    simulator.reset();
    simulator.script([{ error: { status: 500, message: 'boom' }, times: 2 }, { text: 'third time lucky' }]);
    const { structured, isError, text } = await gateway.call('generate_completion', { prompt: 'flaky', provider: 'anthropic', fallback: false });
    assert.equal(isError, false, text);
    assert.equal(structured.text, 'third time lucky');
    assert.equal(simulator.requests().length, 3);
    assert.equal(structured.fallback, undefined);
  });

  it('falls back to an equivalent model on another provider when one stays down', async () => {
    simulator.reset();
    simulator.script({ model: 'gpt-4o-mini', error: { status: 503, message: 'openai is down' }, times: 3 });
    simulator.script({ text: 'answered by the fallback' });
    const { structured, isError, text } = await gateway.call('generate_completion', { prompt: 'who answers?', model: 'gpt-4o-mini' });
    assert.equal(isError, false, text);
    assert.equal(structured.text, 'answered by the fallback');
    assert.notEqual(structured.provider, 'openai');
    const fallback = structured.fallback as { requested: { provider: string; model: string }; failed: Array<{ error_type: string }>; reason: string };
    assert.deepEqual(fallback.requested, { provider: 'openai', model: 'gpt-4o-mini' });
    assert.equal(fallback.failed[0]?.error_type, 'ProviderServerError');
    assert.match(fallback.reason, /openai/);
    assert.equal(simulator.requests().filter((request) => request.model === 'gpt-4o-mini').length, 3, 'three attempts on the dead model, then the fallback');
  });

  it('falls back along an explicit chain, and not at all with fallback: false', async () => {
    simulator.reset();
    simulator.script({ model: 'deepseek-chat', error: { status: 500, message: 'down' }, times: 3 });
    simulator.script({ text: 'gemini took over' });
    const chained = await gateway.call('generate_completion', { prompt: 'chain', provider: 'deepseek', fallbacks: [{ provider: 'gemini' }] });
    assert.equal(chained.isError, false, chained.text);
    assert.equal(chained.structured.provider, 'gemini');

    simulator.reset();
    simulator.script({ model: 'deepseek-chat', error: { status: 500, message: 'still down' }, times: 3 });
    const alone = await gateway.call('generate_completion', { prompt: 'no chain', provider: 'deepseek', fallback: false });
    assert.equal(alone.isError, true);
    assert.match(alone.text, /still down/);
  });

  it('does not retry or fall back on a 400, and says why', async () => {
    simulator.reset();
    simulator.script({ error: { status: 400, message: 'prompt is malformed in some way' } });
    const { isError, text } = await gateway.call('generate_completion', { prompt: 'bad', provider: 'gemini' });
    assert.equal(isError, true);
    assert.match(text, /prompt is malformed in some way/);
    assert.match(text, /not retried/);
    assert.equal(simulator.requests().length, 1);
  });
});

describe('delegation and cost tools', () => {
  it('delegate_task picks a cheap adequate model and reports the savings', async () => {
    simulator.reset();
    simulator.script({ text: '- point one\n- point two\n- point three', usage: { inputTokens: 2000, outputTokens: 100 } });
    const { structured, isError, text } = await gateway.call('delegate_task', {
      task: 'Summarize the following release notes in three bullet points',
      input: 'Version 2.0 adds streaming, fixes many bugs, and drops support for old runtimes.',
    });
    assert.equal(isError, false, text);
    const routing = structured.routing as { task_type: string; classified: boolean; reason: string };
    assert.equal(routing.task_type, 'summarization');
    assert.equal(routing.classified, true);
    assert.match(routing.reason, /cheapest/);
    assert.equal(structured.reference_model, 'anthropic/claude-sonnet-4-5');
    // The reference prices the same 2000 in / 100 out at $3 / $15: 6000 + 1500 = 7500 → $0.0075.
    near(structured.reference_cost_usd, 7500e-6, 'reference cost');
    const cost = structured.cost_usd as number;
    assert.ok(cost < 7500e-6 / 5, `a cheap model was chosen (cost ${cost})`);
    near(structured.saved_usd, 7500e-6 - cost, 'savings');
    assert.ok((structured.savings_percent as number) > 80);
  });

  it('delegate_task refuses a budget nothing fits, naming the budget', async () => {
    const { isError, text } = await gateway.call('delegate_task', { task: 'Prove this theorem step by step', input: 'x'.repeat(2000), budget_usd: 1e-9 });
    assert.equal(isError, true);
    assert.match(text, /budget_usd|\$1e-9/);
  });

  it('refuses an input over its advertised limit (what a job can carry), naming the field, and keeps serving', async () => {
    const big = await gateway.call('delegate_task', { task: 'Summarize this', input: 'word '.repeat(500_000), task_type: 'summarization', budget_usd: 100 });
    assert.equal(big.isError, true);
    assert.match(big.text, /must be at most 1500000 characters \(and 1500000 bytes as UTF-8 JSON\) at input/);
    simulator.reset();
    simulator.script({ text: 'still here' });
    const after = await gateway.call('generate_completion', { prompt: 'are you there?', fallback: false });
    assert.equal(after.structured.text, 'still here');
  });

  it('estimate_cost counts tokens with the real tokenizer', async () => {
    const { structured, isError, text } = await gateway.call('estimate_cost', { prompt: 'Hello, world!', model: 'gpt-4o', max_output_tokens: 100 });
    assert.equal(isError, false, text);
    // "Hello, world!" is 4 o200k tokens; one message adds 3 + role (1) and the reply priming 3: 11.
    assert.equal(structured.input_tokens, 11);
    assert.equal(structured.token_count_method, 'exact');
    // 11 × 2.50 + 100 × 10 = 27.5 + 1000 = 1027.5 → $0.0010275
    near(structured.total_cost_usd, 1027.5e-6);
    assert.equal(structured.fits_context, true);
  });

  it('compare_models orders by cost and recommend_model explains its picks', async () => {
    const compared = await gateway.call('compare_models', { models: [{ model: 'gpt-4o' }, { model: 'gpt-4o-mini' }, { model: 'claude-haiku-4-5' }], input_tokens: 1000, output_tokens: 1000 });
    assert.equal(compared.isError, false, compared.text);
    assert.equal(compared.structured.cheapest, 'openai/gpt-4o-mini');
    const rows = compared.structured.comparisons as Array<{ estimated_cost_usd: number; relative_cost: number }>;
    assert.deepEqual(rows.map((row) => row.estimated_cost_usd), [...rows.map((row) => row.estimated_cost_usd)].sort((a, b) => a - b));
    // gpt-4o: 1000 × 2.5 + 1000 × 10 = 12500 vs gpt-4o-mini 150 + 600 = 750 → 16.67×
    assert.equal(rows.at(-1)!.relative_cost, 16.67);

    const recommended = await gateway.call('recommend_model', { task_type: 'extraction', expected_input_tokens: 5000, required_capabilities: ['json'], priority: 'cost' });
    assert.equal(recommended.isError, false, recommended.text);
    const picks = recommended.structured.recommendations as Array<{ model: { id: string; capabilities: { json: boolean }; configured: boolean }; reason: string; estimated_cost_usd: number }>;
    assert.ok(picks.length > 0);
    for (const pick of picks) {
      assert.equal(pick.model.capabilities.json, true);
      assert.equal(pick.model.configured, true);
      assert.ok(pick.reason.length > 20);
    }
    assert.deepEqual(picks.map((pick) => pick.estimated_cost_usd), [...picks.map((pick) => pick.estimated_cost_usd)].sort((a, b) => a - b));
  });

  it('list_models shows prices, capabilities and configuration; get_provider_status checks reachability', async () => {
    const listed = await gateway.call('list_models', { provider: 'anthropic' });
    assert.equal(listed.isError, false, listed.text);
    const models = listed.structured.models as Array<{ id: string; configured: boolean; default: boolean; prices_per_million_usd: { input: number; cache_write: number | null } }>;
    const haiku = models.find((model) => model.id === 'claude-haiku-4-5');
    assert.ok(haiku);
    assert.equal(haiku.configured, true);
    assert.equal(haiku.default, true);
    assert.equal(haiku.prices_per_million_usd.cache_write, 1.25);

    const status = await gateway.call('get_provider_status', {});
    assert.equal(status.isError, false, status.text);
    const providers = status.structured.providers as Array<{ provider: string; configured: boolean; reachable: boolean | null; recent: { calls: number } }>;
    for (const provider of providers) {
      assert.equal(provider.configured, true, provider.provider);
      assert.equal(provider.reachable, true, `${provider.provider} answered its model listing`);
    }
    assert.ok(providers.find((provider) => provider.provider === 'openai')!.recent.calls > 0);
  });
});

describe('usage report', () => {
  it('matches the calls made, by provider and by tool', async () => {
    const since = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    simulator.reset();
    simulator.script([
      { text: 'a', usage: { inputTokens: 100, outputTokens: 10 } },
      { text: 'b', usage: { inputTokens: 200, outputTokens: 20 } },
      { error: { status: 401, message: 'bad key' } },
    ]);
    await gateway.call('generate_completion', { prompt: 'one', provider: 'openai', model: 'gpt-4o-mini', fallback: false });
    await gateway.call('chat_completion', { messages: [{ role: 'user', content: 'two' }], provider: 'anthropic', fallback: false });
    const failed = await gateway.call('generate_completion', { prompt: 'three', provider: 'openai', model: 'gpt-4o-mini', fallback: false });
    assert.equal(failed.isError, true);

    const byProvider = await gateway.call('get_usage_report', { since, group_by: 'provider' });
    assert.equal(byProvider.isError, false, byProvider.text);
    const groups = byProvider.structured.groups as Array<{ key: string; calls: number; errors: number; input_tokens: number; output_tokens: number; cost_usd: number }>;
    const openai = groups.find((group) => group.key === 'openai')!;
    const anthropic = groups.find((group) => group.key === 'anthropic')!;
    assert.deepEqual({ calls: openai.calls, errors: openai.errors, input: openai.input_tokens, output: openai.output_tokens }, { calls: 2, errors: 1, input: 100, output: 10 });
    // gpt-4o-mini: 100 × 0.15 + 10 × 0.6 = 21 → $0.000021
    near(openai.cost_usd, 21e-6, 'openai cost');
    // claude-haiku-4-5: 200 × 1 + 20 × 5 = 300 → $0.0003
    near(anthropic.cost_usd, 300e-6, 'anthropic cost');
    near((byProvider.structured.totals as { cost_usd: number }).cost_usd, 321e-6, 'total');

    const byTool = await gateway.call('get_usage_report', { since, group_by: 'tool' });
    const tools = Object.fromEntries((byTool.structured.groups as Array<{ key: string; calls: number }>).map((group) => [group.key, group.calls]));
    assert.deepEqual(tools, { generate_completion: 2, chat_completion: 1 });
  });

  it('rejects a since it cannot read', async () => {
    const { isError, text } = await gateway.call('get_usage_report', { since: 'last tuesday' });
    assert.equal(isError, true);
    assert.match(text, /since "last tuesday"/);
  });
});
