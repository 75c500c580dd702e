// Streaming, chat, fan-out and synthesis tools through a real MCP client and worker.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { startSimulator, type Simulator } from '../support/simulator/index.ts';
import { startTestGateway, type TestGateway } from '../support/gateway-harness.ts';
import { useTemporalTestServer, type TestTemporal } from '../support/temporal-test-server.ts';
import { waitFor } from '../support/wait-for.ts';

let temporal: TestTemporal;
let simulator: Simulator;
let gateway: TestGateway;

before(async () => {
  temporal = await useTemporalTestServer();
  simulator = await startSimulator();
  gateway = await startTestGateway({
    temporalAddress: temporal.address,
    environment: { OPENAI_API_KEY: 'sk-test-key-123456', OPENAI_BASE_URL: simulator.openaiBaseUrl, PROVIDER_MAX_RETRIES: '1' },
  });
});

after(async () => {
  await gateway?.close();
  await simulator?.close();
  await temporal?.stop();
});

describe('stream_completion', () => {
  it('sends the text as progress notifications while it streams, then the full result', async () => {
    simulator.reset();
    simulator.setDefaults({ streamChunkDelayMs: 40 });
    const answer = 'one two three four five six seven eight nine ten eleven twelve';
    simulator.script({ text: answer, usage: { inputTokens: 20, outputTokens: 12 } });
    const progress: Array<{ progress: number; message?: string }> = [];
    try {
      const result = (await gateway.client.callTool({ name: 'stream_completion', arguments: { prompt: 'count to twelve' } }, undefined, {
        onprogress: (update) => progress.push({ progress: update.progress, message: update.message }),
        timeout: 60_000,
      })) as CallToolResult;
      assert.notEqual(result.isError, true, JSON.stringify(result.content));
      const structured = result.structuredContent as Record<string, unknown>;
      assert.equal(structured.text, answer);
      assert.equal(structured.partial, false);
      assert.deepEqual({ input: (structured.usage as { input_tokens: number }).input_tokens, output: (structured.usage as { output_tokens: number }).output_tokens }, { input: 20, output: 12 });
      assert.ok(Math.abs((structured.cost_usd as number) - (20 * 0.15 + 12 * 0.6) / 1e6) < 1e-12);
      assert.ok(progress.length >= 2, `expected several progress notifications, got ${progress.length}`);
      assert.equal(progress.map((update) => update.message ?? '').join(''), answer, 'the notifications carry the whole text in order');
      const positions = progress.map((update) => update.progress);
      assert.deepEqual([...positions].sort((a, b) => a - b), positions, 'progress only grows');
    } finally {
      simulator.setDefaults({ streamChunkDelayMs: 0 });
    }
  });

  it('reports a stream cut after its first tokens as partial, with the text so far', async () => {
    simulator.reset();
    simulator.script({ text: 'alpha beta gamma delta epsilon', cutAfterChunks: 2 });
    const { structured, isError, text } = await gateway.call('stream_completion', { prompt: 'greek letters' });
    assert.equal(isError, false, text);
    assert.equal(structured.partial, true);
    assert.equal(structured.text, 'alpha beta ');
    assert.match(String(structured.error), /stream broke after 11 characters/);
    assert.equal(simulator.requests().length, 1, 'a partial stream is not paid for twice');
  });

  it('retries a stream that fails before its first token', async () => {
    simulator.reset();
    simulator.script([{ error: { status: 503, message: 'overloaded' } }, { text: 'second try works' }]);
    const { structured, isError, text } = await gateway.call('stream_completion', { prompt: 'again' });
    assert.equal(isError, false, text);
    assert.equal(structured.text, 'second try works');
    assert.equal(structured.partial, false);
    assert.equal(simulator.requests().length, 2);
  });

  it('cancels the job and the upstream request when the client cancels', async () => {
    simulator.reset();
    simulator.setDefaults({ streamChunkDelayMs: 150 });
    simulator.script({ text: Array.from({ length: 60 }, (_, index) => `word${index}`).join(' ') });
    const controller = new AbortController();
    let firstProgress: () => void = () => undefined;
    const progressed = new Promise<void>((resolve) => (firstProgress = resolve));
    try {
      const call = gateway.client.callTool({ name: 'stream_completion', arguments: { prompt: 'a long story' } }, undefined, {
        signal: controller.signal,
        onprogress: () => firstProgress(),
        timeout: 60_000,
      });
      await progressed;
      controller.abort();
      await assert.rejects(call);
      const jobs = await waitFor(async () => {
        const listed = await gateway.call('list_jobs', { limit: 5 });
        const job = (listed.structured.jobs as Array<{ tool: string; status: string }>).find((each) => each.tool === 'stream_completion');
        return job?.status === 'cancelled' ? job : undefined;
      }, 15_000, 'the streaming job to be cancelled');
      assert.equal(jobs.status, 'cancelled');
      const upstream = simulator.requests().find((request) => request.path === '/v1/chat/completions');
      await waitFor(async () => (upstream?.aborted ? true : undefined), 15_000, 'the provider call to be aborted');
      assert.equal(upstream?.aborted, true, 'the provider stream was closed, not left running');
    } finally {
      simulator.setDefaults({ streamChunkDelayMs: 0 });
    }
  });
});

describe('chat_completion', () => {
  it('sends the whole conversation with the system prompt', async () => {
    simulator.reset();
    simulator.script({ text: 'Your name is Ada.' });
    const { structured, isError, text } = await gateway.call('chat_completion', {
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'My name is Ada.' },
        { role: 'assistant', content: 'Hello Ada.' },
        { role: 'user', content: 'What is my name?' },
      ],
    });
    assert.equal(isError, false, text);
    assert.equal(structured.text, 'Your name is Ada.');
    const sent = simulator.requests()[0]!.body.messages as Array<{ role: string; content: string }>;
    assert.deepEqual(sent.map((message) => message.role), ['system', 'user', 'assistant', 'user']);
    assert.equal(sent[0]!.content, 'Be brief.');
  });

  it('rejects a conversation without a user message', async () => {
    const { isError, text } = await gateway.call('chat_completion', { messages: [{ role: 'assistant', content: 'hi' }] });
    assert.equal(isError, true);
    assert.match(text, /at least one user message/);
  });
});

describe('multi_completion and compare_and_synthesize', () => {
  it('reports a failing model in its slot while the others answer', async () => {
    simulator.reset();
    simulator.script({ model: 'gpt-4o', error: { status: 400, message: 'context too long for this model' } });
    const { structured, isError, text } = await gateway.call('multi_completion', {
      prompt: 'Name a prime number.',
      providers: [{ provider: 'openai', model: 'gpt-4o-mini' }, { provider: 'openai', model: 'gpt-4o' }],
    });
    assert.equal(isError, false, text);
    const answers = structured.answers as Array<{ model: string; ok: boolean; text?: string; error?: string; cost_usd: number }>;
    assert.equal(answers.length, 2);
    assert.equal(answers[0]!.ok, true);
    assert.match(String(answers[0]!.text), /prime number/);
    assert.equal(answers[1]!.ok, false);
    assert.match(String(answers[1]!.error), /context too long/);
    assert.equal(structured.succeeded, 1);
    assert.equal(structured.failed, 1);
    const totals = structured.totals as { cost_usd: number };
    assert.ok(Math.abs(totals.cost_usd - answers[0]!.cost_usd) < 1e-12);
  });

  it('synthesises several answers into one, attaching them', async () => {
    simulator.reset();
    simulator.script([{ model: 'gpt-4o-mini', text: 'Answer A: 42' }, { model: 'gpt-4o', text: 'Answer B: 42' }]);
    const { structured, isError, text } = await gateway.call('compare_and_synthesize', {
      prompt: 'What is six times seven?',
      providers: [{ provider: 'openai', model: 'gpt-4o-mini' }, { provider: 'openai', model: 'gpt-4o' }],
      synthesizer: { provider: 'openai', model: 'gpt-4o' },
    });
    assert.equal(isError, false, text);
    assert.equal((structured.answers as unknown[]).length, 2);
    const synthesisRequest = simulator.requests().at(-1)!;
    const prompt = (synthesisRequest.body.messages as Array<{ content: string }>).at(-1)!.content;
    assert.match(prompt, /Answer A: 42/);
    assert.match(prompt, /Answer B: 42/);
    assert.match(prompt, /What is six times seven\?/);
    assert.equal(typeof structured.synthesis, 'string');
    assert.equal((structured.synthesizer as { model: string }).model, 'gpt-4o');
  });
});
