// temperature and top_p reach Anthropic only where the API version accepts them; elsewhere they are
// left out (never a 400), and the gateway knows they were ignored.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAnthropicAdapter } from '../../../../core/providers/anthropic/anthropic-adapter.ts';
import { ANTHROPIC_API_VERSION, ignoredSamplingParameters } from '../../../../core/providers/sampling-support.ts';
import type { GenerateRequest } from '../../../../core/providers/types.ts';
import { startSimulator, type Simulator } from '../../../support/simulator/index.ts';

const request: GenerateRequest = { model: 'claude-haiku-4-5', messages: [{ role: 'user', content: 'Name a colour.' }], temperature: 0.3, topP: 0.9 };

describe('Anthropic sampling parameters', () => {
  let simulator: Simulator;
  before(async () => {
    simulator = await startSimulator();
  });
  after(() => simulator.close());

  it(`leaves them out for API version ${ANTHROPIC_API_VERSION}, which refuses them, and the call succeeds`, async () => {
    simulator.reset();
    const adapter = createAnthropicAdapter({ apiKey: 'test-key', baseUrl: simulator.url, timeoutMs: 5_000 });
    const result = await adapter.generate(request);
    assert.match(result.text, /Simulated answer/);
    const sent = simulator.requests()[0]!;
    assert.equal(sent.headers['anthropic-version'], ANTHROPIC_API_VERSION);
    assert.equal('temperature' in sent.body, false);
    assert.equal('top_p' in sent.body, false);
    assert.deepEqual(ignoredSamplingParameters('anthropic', request), ['temperature', 'top_p']);
  });

  it('sends them where the API version accepts them', async () => {
    simulator.reset();
    const adapter = createAnthropicAdapter({ apiKey: 'test-key', baseUrl: simulator.url, timeoutMs: 5_000, apiVersion: '2023-06-01' });
    await adapter.generate(request);
    const sent = simulator.requests()[0]!;
    assert.equal(sent.headers['anthropic-version'], '2023-06-01');
    assert.equal(sent.body.temperature, 0.3);
    assert.equal(sent.body.top_p, 0.9);
    assert.deepEqual(ignoredSamplingParameters('anthropic', request, '2023-06-01'), []);
  });

  it('never reports them ignored for providers that take them', () => {
    for (const provider of ['openai', 'gemini', 'deepseek'] as const) assert.deepEqual(ignoredSamplingParameters(provider, request), []);
  });
});
