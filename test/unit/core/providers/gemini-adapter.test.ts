import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createGeminiAdapter } from '../../../../core/providers/gemini/gemini-adapter.ts';
import { ProviderError } from '../../../../core/providers/provider-error.ts';
import type { ProviderAdapter, StreamEvent } from '../../../../core/providers/types.ts';
import { embedText } from '../../../support/simulator/embeddings.ts';
import { startSimulator, type Simulator } from '../../../support/simulator/index.ts';

const MODEL = 'gemini-2.5-flash';

let simulator: Simulator;
let adapter: ProviderAdapter;

before(async () => {
  simulator = await startSimulator();
  adapter = createGeminiAdapter({ apiKey: 'test-key', baseUrl: simulator.url, timeoutMs: 5_000 });
});
after(() => simulator.close());
beforeEach(() => simulator.reset());

async function providerErrorOf(call: () => Promise<unknown>): Promise<ProviderError> {
  try {
    await call();
  } catch (error) {
    assert.ok(error instanceof ProviderError, `expected ProviderError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to fail');
}

async function collect(events: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const collected: StreamEvent[] = [];
  for await (const event of events) collected.push(event);
  return collected;
}

describe('gemini adapter', () => {
  it('maps text, finish reason and usage including cached and thinking tokens', async () => {
    simulator.script({ text: 'Paris is the capital.', usage: { inputTokens: 120, outputTokens: 50, cachedInputTokens: 80, reasoningTokens: 20 } });
    const result = await adapter.generate({ model: MODEL, messages: [{ role: 'user', content: 'Capital of France?' }] });
    assert.equal(result.text, 'Paris is the capital.');
    assert.equal(result.finishReason, 'stop');
    assert.equal(result.rawFinishReason, 'STOP');
    assert.equal(result.model, MODEL);
    assert.deepEqual(result.usage, { inputTokens: 120, outputTokens: 50, cachedInputTokens: 80, cacheWriteTokens: 0, reasoningTokens: 20 });
  });

  it('sends the system instruction, merged turns and generation config', async () => {
    await adapter.generate({
      model: MODEL,
      system: 'Answer tersely.',
      messages: [
        { role: 'user', content: 'First question' },
        { role: 'user', content: 'and a follow-up' },
        { role: 'assistant', content: 'An answer' },
        { role: 'user', content: 'Thanks' },
      ],
      maxTokens: 64,
      temperature: 0.3,
      topP: 0.8,
      stop: ['END'],
      responseFormat: 'json',
    });
    const [request] = simulator.requests();
    assert.equal(request?.protocol, 'gemini');
    assert.equal(request?.path, `/v1beta/models/${MODEL}:generateContent`);
    assert.equal(request?.headers['x-goog-api-key'], 'test-key');
    const body = request?.body as {
      systemInstruction: { parts: Array<{ text: string }> };
      contents: Array<{ role: string; parts: Array<{ text: string }> }>;
      generationConfig: Record<string, unknown>;
    };
    assert.deepEqual(body.systemInstruction.parts, [{ text: 'Answer tersely.' }]);
    assert.deepEqual(
      body.contents.map((content) => [content.role, content.parts.map((part) => part.text)]),
      [
        ['user', ['First question', 'and a follow-up']],
        ['model', ['An answer']],
        ['user', ['Thanks']],
      ],
    );
    assert.deepEqual(body.generationConfig, { maxOutputTokens: 64, temperature: 0.3, topP: 0.8, stopSequences: ['END'], responseMimeType: 'application/json' });
  });

  it('streams deltas and finishes with the usage of the last chunk', async () => {
    simulator.script({ text: 'one two three', usage: { inputTokens: 10, outputTokens: 7, reasoningTokens: 4 } });
    const events = await collect(adapter.stream({ model: MODEL, messages: [{ role: 'user', content: 'count' }] }));
    const deltas = events.flatMap((event) => (event.type === 'delta' ? [event.text] : []));
    assert.deepEqual(deltas, ['one ', 'two ', 'three']);
    const done = events.at(-1);
    assert.equal(done?.type, 'done');
    assert.ok(done?.type === 'done');
    assert.equal(done.result.text, 'one two three');
    assert.equal(done.result.finishReason, 'stop');
    assert.deepEqual(done.result.usage, { inputTokens: 10, outputTokens: 7, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 4 });
    assert.match(simulator.requests()[0]?.path ?? '', /:streamGenerateContent$/);
  });

  it('treats a stream that ends without a finish reason as malformed', async () => {
    simulator.script({ text: 'cut short', malformed: true });
    const error = await providerErrorOf(() => collect(adapter.stream({ model: MODEL, messages: [{ role: 'user', content: 'go' }] })));
    assert.equal(error.kind, 'malformed_response');
    assert.equal(error.retryable, true);
  });

  it('reports a stream whose connection drops midway as a retryable connection failure', async () => {
    simulator.script({ text: 'one two three four', cutAfterChunks: 2 });
    const deltas: string[] = [];
    const error = await providerErrorOf(async () => {
      for await (const event of adapter.stream({ model: MODEL, messages: [{ role: 'user', content: 'go' }] })) if (event.type === 'delta') deltas.push(event.text);
    });
    assert.deepEqual(deltas, ['one ', 'two ']);
    assert.equal(error.kind, 'connection');
    assert.equal(error.retryable, true);
  });

  it('reports a stream aborted by the caller as cancelled', async () => {
    simulator.setDefaults({ streamChunkDelayMs: 100 });
    try {
      simulator.script({ text: 'one two three four five' });
      const controller = new AbortController();
      const error = await providerErrorOf(async () => {
        for await (const event of adapter.stream({ model: MODEL, messages: [{ role: 'user', content: 'go' }] }, { signal: controller.signal })) {
          if (event.type === 'delta') controller.abort();
        }
      });
      assert.equal(error.kind, 'cancelled');
    } finally {
      simulator.setDefaults({ streamChunkDelayMs: 0 });
    }
  });

  it('reports a 429 as rate limited and retryable with the retry-after delay, without retrying itself', async () => {
    simulator.script({ error: { status: 429, message: 'Quota exceeded', headers: { 'retry-after': '7' } } });
    const error = await providerErrorOf(() => adapter.generate({ model: MODEL, messages: [{ role: 'user', content: 'hi' }] }));
    assert.equal(error.kind, 'rate_limited');
    assert.equal(error.retryable, true);
    assert.equal(error.status, 429);
    assert.equal(error.retryAfterMs, 7_000);
    assert.equal(error.failureType, 'ProviderRateLimited');
    assert.equal(simulator.requests().length, 1);
  });

  it('reports a 400 as an invalid request that is not retryable, with the API message', async () => {
    simulator.script({ error: { status: 400, message: 'Invalid value at generation_config.temperature' } });
    const error = await providerErrorOf(() => adapter.generate({ model: MODEL, messages: [{ role: 'user', content: 'hi' }] }));
    assert.equal(error.kind, 'invalid_request');
    assert.equal(error.retryable, false);
    assert.equal(error.message, 'Invalid value at generation_config.temperature');
  });

  it('reports errors on a stream the same way', async () => {
    simulator.script({ error: { status: 503, message: 'The model is overloaded' } });
    const error = await providerErrorOf(() => collect(adapter.stream({ model: MODEL, messages: [{ role: 'user', content: 'hi' }] })));
    assert.equal(error.kind, 'server_error');
    assert.equal(error.retryable, true);
    assert.equal(error.message, 'The model is overloaded');
  });

  it('reports a caller abort as cancelled', async () => {
    simulator.script({ latencyMs: 5_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await providerErrorOf(() => adapter.generate({ model: MODEL, messages: [{ role: 'user', content: 'hi' }] }, { signal: controller.signal }));
    assert.equal(error.kind, 'cancelled');
    assert.equal(error.retryable, false);
  });

  it('reports a call that outlives the timeout as a retryable timeout', async () => {
    // More than one hang: a request the previous test aborted may reach the simulator late and take one.
    simulator.script({ hang: true, times: 3 });
    const impatient = createGeminiAdapter({ apiKey: 'test-key', baseUrl: simulator.url, timeoutMs: 150 });
    const error = await providerErrorOf(() => impatient.generate({ model: MODEL, messages: [{ role: 'user', content: 'hi' }] }));
    assert.equal(error.kind, 'timeout');
    assert.equal(error.retryable, true);
  });

  it('reports an unreachable server as a connection failure', async () => {
    const unreachable = createGeminiAdapter({ apiKey: 'test-key', baseUrl: 'http://127.0.0.1:1', timeoutMs: 2_000 });
    const error = await providerErrorOf(() => unreachable.generate({ model: MODEL, messages: [{ role: 'user', content: 'hi' }] }));
    assert.equal(error.kind, 'connection');
    assert.equal(error.retryable, true);
  });

  it('reports an unparseable body as a malformed response', async () => {
    simulator.script({ malformed: true });
    const error = await providerErrorOf(() => adapter.generate({ model: MODEL, messages: [{ role: 'user', content: 'hi' }] }));
    assert.equal(error.kind, 'malformed_response');
  });

  it('refuses to call Google without an API key', async () => {
    const unconfigured = createGeminiAdapter({ apiKey: undefined, baseUrl: undefined, timeoutMs: 1_000 });
    const error = await providerErrorOf(() => unconfigured.generate({ model: MODEL, messages: [{ role: 'user', content: 'hi' }] }));
    assert.equal(error.kind, 'not_configured');
    assert.equal(error.retryable, false);
  });

  it('embeds all inputs in one batched call and returns vectors in order', async () => {
    const inputs = ['first document', 'second document about cats', 'third'];
    const result = await adapter.embed({ model: 'gemini-embedding-001', inputs });
    assert.equal(result.embeddings.length, 3);
    assert.deepEqual(result.embeddings, inputs.map(embedText));
    assert.equal(result.usage.inputTokens, inputs.reduce((total, input) => total + Math.ceil(input.length / 4), 0));
    assert.equal(simulator.requests().length, 1);
    assert.match(simulator.requests()[0]?.path ?? '', /gemini-embedding-001:batchEmbedContents$/);
  });

  it('applies scripted failures to embeddings of the matching model', async () => {
    simulator.script({ model: 'gemini-embedding-001', error: { status: 429, message: 'Too many embeddings' } });
    const error = await providerErrorOf(() => adapter.embed({ model: 'gemini-embedding-001', inputs: ['text'] }));
    assert.equal(error.kind, 'rate_limited');
    assert.equal(error.message, 'Too many embeddings');
  });
});
