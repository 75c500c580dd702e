// An agent asking Anthropic for a temperature learns that it was not sent (ignored_parameters), and
// the cache does not split on a parameter that cannot change the answer; for providers that take
// it, temperature still separates cache entries.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestGateway, type TestGateway } from '../support/gateway-harness.ts';
import { useIntegrationSuite } from '../support/integration-suite.ts';

const suite = useIntegrationSuite('sampling');

describe('temperature on a model whose API refuses it', () => {
  let gateway: TestGateway;

  before(async () => {
    gateway = await startTestGateway({
      temporalAddress: suite.temporal.address,
      environment: {
        OPENAI_API_KEY: 'sk-sampling-test-123456',
        OPENAI_BASE_URL: suite.simulator.openaiBaseUrl,
        ANTHROPIC_API_KEY: 'sk-ant-sampling-test-123456',
        ANTHROPIC_BASE_URL: suite.simulator.url,
        CACHE_ENABLED: 'true',
        CACHE_TYPE: 'memory',
        SEMANTIC_CACHE_ENABLED: 'false',
      },
    });
  });
  after(async () => {
    await gateway?.close();
  });

  it('answers, says temperature was ignored, and serves another temperature from the same cache entry', async () => {
    suite.simulator.reset();
    const first = await gateway.call('generate_completion', { prompt: 'Pick a colour', model: 'claude-haiku-4-5', temperature: 0.2, fallback: false });
    assert.equal(first.isError, false, first.text);
    assert.deepEqual(first.structured.ignored_parameters, ['temperature']);
    assert.equal(first.structured.cached, false);
    assert.equal('temperature' in suite.simulator.requests()[0]!.body, false);

    const second = await gateway.call('generate_completion', { prompt: 'Pick a colour', model: 'claude-haiku-4-5', temperature: 0.9, fallback: false });
    assert.equal(second.isError, false, second.text);
    assert.equal(second.structured.cached, true);
    assert.equal(suite.simulator.requests().length, 1, 'one provider call for both temperatures');
  });

  it('streams with the same report', async () => {
    suite.simulator.reset();
    const { structured, isError, text } = await gateway.call('stream_completion', { prompt: 'Pick a shape', model: 'claude-haiku-4-5', temperature: 0.5, fallback: false, cache: false });
    assert.equal(isError, false, text);
    assert.deepEqual(structured.ignored_parameters, ['temperature']);
  });

  it('keeps temperature in the key and the request for a provider that takes it', async () => {
    suite.simulator.reset();
    const first = await gateway.call('generate_completion', { prompt: 'Pick a number', model: 'gpt-4o-mini', temperature: 0.2 });
    const second = await gateway.call('generate_completion', { prompt: 'Pick a number', model: 'gpt-4o-mini', temperature: 0.9 });
    assert.equal(first.structured.ignored_parameters, undefined);
    assert.equal(second.structured.cached, false);
    assert.deepEqual(suite.simulator.requests().map((request) => request.body.temperature), [0.2, 0.9]);
  });
});
