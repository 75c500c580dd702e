import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import pino from 'pino';
import { createAnthropicAdapter } from '../../../../core/providers/anthropic/anthropic-adapter.ts';
import { ProviderError } from '../../../../core/providers/provider-error.ts';
import type { GenerateRequest, ProviderAdapter, StreamEvent } from '../../../../core/providers/types.ts';
import { startSimulator, type Simulator } from '../../../support/simulator/index.ts';

const MODEL = 'claude-haiku-4-5';

const request: GenerateRequest = {
  model: MODEL,
  system: 'You summarise documents.',
  messages: [{ role: 'user', content: 'Summarise the release notes.' }],
};

async function collect(events: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const collected: StreamEvent[] = [];
  for await (const event of events) collected.push(event);
  return collected;
}

async function providerErrorOf(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ProviderError, `expected a ProviderError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to fail');
}

describe('anthropic adapter against the simulator', () => {
  let simulator: Simulator;
  let adapter: ProviderAdapter;

  before(async () => {
    simulator = await startSimulator();
    adapter = createAnthropicAdapter({ apiKey: 'test-key', baseUrl: simulator.url, timeoutMs: 5_000 });
  });
  after(() => simulator.close());
  beforeEach(() => simulator.reset());

  it('returns the text, the finish reason and usage that counts cache reads and writes as input', async () => {
    simulator.script({ text: 'Three fixes and one feature.', usage: { inputTokens: 1_000, cachedInputTokens: 600, cacheWriteTokens: 300, outputTokens: 7 } });
    const result = await adapter.generate(request);
    assert.equal(result.text, 'Three fixes and one feature.');
    assert.equal(result.finishReason, 'stop');
    assert.equal(result.rawFinishReason, 'end_turn');
    assert.equal(result.model, MODEL);
    assert.deepEqual(result.usage, { inputTokens: 1_000, outputTokens: 7, cachedInputTokens: 600, cacheWriteTokens: 300, reasoningTokens: 0 });
  });

  it('sends the system prompt as its own field and always sets max_tokens', async () => {
    await adapter.generate(request);
    const [received] = simulator.requests();
    assert.equal(received?.protocol, 'anthropic');
    assert.equal(received?.path, '/v1/messages');
    assert.match(String(received?.headers['x-api-key'] ?? received?.headers.authorization), /test-key/);
    assert.equal(received?.body.system, 'You summarise documents.');
    assert.equal(received?.body.max_tokens, 4096);
    assert.deepEqual(received?.body.messages, [{ role: 'user', content: 'Summarise the release notes.' }]);
  });

  it('still answers when the caller asks for a temperature, which the API no longer accepts', async () => {
    const result = await adapter.generate({ ...request, temperature: 0.3, topP: 0.8 });
    assert.equal(result.finishReason, 'stop');
    assert.equal('temperature' in (simulator.requests()[0]?.body ?? {}), false);
  });

  it('passes a caller-chosen max_tokens through', async () => {
    await adapter.generate({ ...request, maxTokens: 300 });
    assert.equal(simulator.requests()[0]?.body.max_tokens, 300);
  });

  it('streams text deltas and finishes with usage from message_start and message_delta', async () => {
    simulator.script({ text: 'alpha beta gamma', usage: { inputTokens: 50, cachedInputTokens: 20, cacheWriteTokens: 10, outputTokens: 3 } });
    const events = await collect(adapter.stream(request));
    const deltas = events.flatMap((event) => (event.type === 'delta' ? [event.text] : []));
    assert.deepEqual(deltas, ['alpha ', 'beta ', 'gamma']);
    const last = events.at(-1);
    assert.equal(last?.type, 'done');
    if (last?.type !== 'done') return;
    assert.equal(last.result.text, 'alpha beta gamma');
    assert.equal(last.result.finishReason, 'stop');
    assert.deepEqual(last.result.usage, { inputTokens: 50, outputTokens: 3, cachedInputTokens: 20, cacheWriteTokens: 10, reasoningTokens: 0 });
    assert.equal(simulator.requests()[0]?.body.stream, true);
  });

  it('throws a retryable malformed-response error when the stream is cut before message_stop', async () => {
    simulator.script({ text: 'one two three four five', cutAfterChunks: 2 });
    const received: string[] = [];
    const error = await providerErrorOf(
      (async () => {
        for await (const event of adapter.stream(request)) if (event.type === 'delta') received.push(event.text);
      })(),
    );
    assert.equal(error.kind, 'malformed_response');
    assert.equal(error.retryable, true);
    assert.deepEqual(received, ['one ', 'two ']);
  });

  it('throws rather than return an answer when the stream closes cleanly without message_stop', async () => {
    simulator.script({ text: 'looks complete', cutAfterChunks: 2 });
    const events: StreamEvent[] = [];
    const error = await providerErrorOf(
      (async () => {
        for await (const event of adapter.stream(request)) events.push(event);
      })(),
    );
    assert.equal(error.kind, 'malformed_response');
    assert.equal(error.retryable, true);
    assert.equal(events.some((event) => event.type === 'done'), false);
  });

  it('maps 429 with retry-after to a retryable rate-limit error with the delay in milliseconds', async () => {
    simulator.script({ error: { status: 429, message: 'Number of requests has exceeded your rate limit', headers: { 'retry-after': '1' } } });
    const error = await providerErrorOf(adapter.generate(request));
    assert.equal(error.kind, 'rate_limited');
    assert.equal(error.status, 429);
    assert.equal(error.retryAfterMs, 1000);
    assert.equal(error.retryable, true);
    assert.equal(simulator.requests().length, 1, 'the SDK must not retry on its own');
  });

  it('maps 401 to a non-retryable authentication error that keeps the provider message', async () => {
    simulator.script({ error: { status: 401, message: 'invalid x-api-key' } });
    const error = await providerErrorOf(adapter.generate(request));
    assert.equal(error.kind, 'authentication');
    assert.equal(error.retryable, false);
    assert.match(error.message, /invalid x-api-key/);
  });

  it('maps an overloaded 529 to a retryable server error', async () => {
    simulator.script({ error: { status: 529, message: 'Overloaded' } });
    const error = await providerErrorOf(adapter.generate(request));
    assert.equal(error.kind, 'server_error');
    assert.equal(error.retryable, true);
  });

  it('reports a cancelled call when the caller aborts', async () => {
    simulator.script({ hang: true });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await providerErrorOf(adapter.generate(request, { signal: controller.signal }));
    assert.equal(error.kind, 'cancelled');
    assert.equal(error.retryable, false);
  });

  it('reports a cancelled call when the caller aborts in the middle of a stream', async () => {
    simulator.setDefaults({ streamChunkDelayMs: 30 });
    simulator.script({ text: 'one two three four five six seven eight' });
    const controller = new AbortController();
    const error = await providerErrorOf(
      (async () => {
        for await (const event of adapter.stream(request, { signal: controller.signal })) if (event.type === 'delta') controller.abort();
      })(),
    );
    simulator.setDefaults({ streamChunkDelayMs: 0 });
    assert.equal(error.kind, 'cancelled');
  });

  it('turns a broken JSON body into a retryable malformed-response error', async () => {
    simulator.script({ malformed: true });
    const error = await providerErrorOf(adapter.generate(request));
    assert.equal(error.kind, 'malformed_response');
    assert.equal(error.retryable, true);
  });

  it('asks for a JSON object in the system prompt when JSON output is requested', async () => {
    await adapter.generate({ ...request, responseFormat: 'json' });
    const system = String(simulator.requests()[0]?.body.system);
    assert.match(system, /^You summarise documents\./);
    assert.match(system, /JSON object only/);
  });

  it('refuses embeddings with an invalid-request error', async () => {
    const error = await providerErrorOf(adapter.embed({ model: MODEL, inputs: ['text'] }));
    assert.equal(error.kind, 'invalid_request');
    assert.match(error.message, /no embeddings API/);
    assert.equal(simulator.requests().length, 0);
  });
});

describe('anthropic SDK logging', () => {
  let simulator: Simulator;
  before(async () => {
    simulator = await startSimulator();
  });
  after(() => simulator.close());

  async function brokenStream(adapter: ProviderAdapter): Promise<string> {
    simulator.script({ malformed: true });
    const written: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
    try {
      await assert.rejects(collect(adapter.stream(request)));
    } finally {
      process.stderr.write = write;
    }
    return written.join('');
  }

  it('goes through the gateway logger, never straight to stderr', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(line) });
    const adapter = createAnthropicAdapter({ apiKey: 'test-key', baseUrl: simulator.url, timeoutMs: 5_000, logger });
    const stderr = await brokenStream(adapter);
    assert.doesNotMatch(stderr, /Could not parse message into JSON/);
    const logged = lines.map((line) => JSON.parse(line) as { msg: string; provider?: string; source?: string });
    assert.ok(logged.some((line) => /Could not parse message into JSON/.test(line.msg) && line.provider === 'anthropic' && line.source === 'sdk'), JSON.stringify(logged));
  });

  it('is silent without a logger', async () => {
    const adapter = createAnthropicAdapter({ apiKey: 'test-key', baseUrl: simulator.url, timeoutMs: 5_000 });
    assert.doesNotMatch(await brokenStream(adapter), /Could not parse message into JSON/);
  });
});
