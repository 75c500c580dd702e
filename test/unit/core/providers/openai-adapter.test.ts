import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createOpenAIAdapter, mapUsage } from '../../../../core/providers/openai/openai-adapter.ts';
import { ProviderError } from '../../../../core/providers/provider-error.ts';
import { startSimulator, type Simulator } from '../../../support/simulator/index.ts';

let simulator: Simulator;
before(async () => {
  simulator = await startSimulator();
});
after(async () => {
  await simulator?.close();
});

async function failureOf(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ProviderError, `expected ProviderError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to fail');
}

describe('OpenAI usage mapping', () => {
  it('maps cached and reasoning tokens, and DeepSeek cache hits', () => {
    assert.deepEqual(
      mapUsage({ prompt_tokens: 1000, completion_tokens: 300, total_tokens: 1300, prompt_tokens_details: { cached_tokens: 400 }, completion_tokens_details: { reasoning_tokens: 120 } }),
      { inputTokens: 1000, outputTokens: 300, cachedInputTokens: 400, cacheWriteTokens: 0, reasoningTokens: 120 },
    );
    assert.deepEqual(mapUsage({ prompt_tokens: 800, completion_tokens: 50, total_tokens: 850, prompt_cache_hit_tokens: 640 }), {
      inputTokens: 800,
      outputTokens: 50,
      cachedInputTokens: 640,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
    });
    assert.deepEqual(mapUsage(undefined), { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 });
  });
});

describe('OpenAI adapter against the simulator', () => {
  const adapter = () => createOpenAIAdapter({ provider: 'openai', apiKey: 'sk-test', baseUrl: simulator.openaiBaseUrl, timeoutMs: 5_000 });

  it('sends the system prompt first and maps the answer', async () => {
    simulator.reset();
    simulator.script({ text: 'mapped', usage: { inputTokens: 12, outputTokens: 3, cachedInputTokens: 4 } });
    const result = await adapter().generate({ model: 'gpt-4o-mini', system: 'Be brief.', messages: [{ role: 'user', content: 'hi' }], maxTokens: 9, responseFormat: 'json' });
    assert.deepEqual({ text: result.text, finish: result.finishReason, raw: result.rawFinishReason, usage: result.usage }, {
      text: 'mapped',
      finish: 'stop',
      raw: 'stop',
      usage: { inputTokens: 12, outputTokens: 3, cachedInputTokens: 4, cacheWriteTokens: 0, reasoningTokens: 0 },
    });
    const body = simulator.requests()[0]!.body as { messages: Array<{ role: string }>; max_tokens: number; response_format: { type: string } };
    assert.deepEqual(body.messages.map((message) => message.role), ['system', 'user']);
    assert.equal(body.max_tokens, 9);
    assert.equal(body.response_format.type, 'json_object');
  });

  it('streams deltas and the usage sent at the end of the stream', async () => {
    simulator.reset();
    simulator.script({ text: 'one two three', usage: { inputTokens: 7, outputTokens: 3 } });
    const deltas: string[] = [];
    let usage;
    for await (const event of adapter().stream({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'count' }] })) {
      if (event.type === 'delta') deltas.push(event.text);
      else if (event.type === 'done') usage = event.result.usage;
    }
    assert.equal(deltas.join(''), 'one two three');
    assert.deepEqual(usage, { inputTokens: 7, outputTokens: 3, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 });
  });

  it('classifies failures: 429 with Retry-After, 401, malformed bodies, cut streams', async () => {
    simulator.reset();
    simulator.script([
      { error: { status: 429, message: 'slow down', headers: { 'retry-after': '2' } } },
      { error: { status: 401, message: 'Incorrect API key provided' } },
      { malformed: true },
      { text: 'a b c d e f', cutAfterChunks: 2 },
    ]);
    const request = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'x' }] };
    const limited = await failureOf(adapter().generate(request));
    assert.deepEqual([limited.kind, limited.retryable, limited.retryAfterMs], ['rate_limited', true, 2000]);
    const refused = await failureOf(adapter().generate(request));
    assert.deepEqual([refused.kind, refused.retryable, refused.status], ['authentication', false, 401]);
    assert.match(refused.message, /Incorrect API key provided/);
    const malformed = await failureOf(adapter().generate(request));
    assert.equal(malformed.retryable, true);
    const cut = await failureOf((async () => {
      for await (const _event of adapter().stream(request)) void _event;
    })());
    assert.equal(cut.retryable, true);
  });
});
