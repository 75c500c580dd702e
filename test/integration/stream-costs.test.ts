// Streams that break or are cancelled after the provider started answering are paid for: the
// result and the usage ledger carry the provider's reported usage plus a tokenizer count of what it
// did not report, marked cost_estimated.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createModelRegistry } from '../../core/models/registry.ts';
import { countMessageTokens, countTextTokens } from '../../core/tokens/count-tokens.ts';
import type { StoredCallRecord } from '../../core/usage/usage-ledger.ts';
import { startTestGateway, type TestGateway } from '../support/gateway-harness.ts';
import { useIntegrationSuite } from '../support/integration-suite.ts';

const suite = useIntegrationSuite('stream-costs');
const registry = createModelRegistry();
const HAIKU = registry.resolve({ provider: 'anthropic', model: 'claude-haiku-4-5' });
const MINI = registry.resolve({ provider: 'openai', model: 'gpt-4o-mini' });
const ANSWER = 'alpha beta gamma delta epsilon';

function costOf(model: typeof HAIKU, input: number, output: number): number {
  return (input * model.prices.input + output * model.prices.output) / 1e6;
}

async function latestRecord(gateway: TestGateway, predicate: (record: StoredCallRecord) => boolean = () => true, timeoutMs = 15_000): Promise<StoredCallRecord> {
  const ledger = gateway.gateway.mcpDeps!.ledger;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await ledger.flushed();
    for (const record of ledger.entries({ reverse: true })) {
      if (predicate(record)) return record;
      break;
    }
    if (Date.now() > deadline) assert.fail('no matching usage record');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('costs of broken and cancelled streams', () => {
  let gateway: TestGateway;

  before(async () => {
    gateway = await startTestGateway({
      temporalAddress: suite.temporal.address,
      environment: {
        OPENAI_API_KEY: 'sk-stream-cost-123456',
        OPENAI_BASE_URL: suite.simulator.openaiBaseUrl,
        ANTHROPIC_API_KEY: 'sk-ant-stream-cost-123456',
        ANTHROPIC_BASE_URL: suite.simulator.url,
        PROVIDER_MAX_RETRIES: '0',
      },
    });
  });
  after(async () => {
    await gateway?.close();
  });

  it('costs an Anthropic stream cut after its first tokens from the reported input tokens plus the counted output', async () => {
    suite.simulator.reset();
    suite.simulator.script({ text: ANSWER, usage: { inputTokens: 1200 }, cutAfterChunks: 2 });
    const { structured, isError, text } = await gateway.call('stream_completion', { prompt: 'greek letters', model: 'claude-haiku-4-5', fallback: false });
    assert.equal(isError, false, text);
    assert.equal(structured.partial, true);
    assert.equal(structured.text, 'alpha beta ');
    const output = countTextTokens('alpha beta ', HAIKU).tokens;
    assert.deepEqual([(structured.usage as { input_tokens: number }).input_tokens, (structured.usage as { output_tokens: number }).output_tokens], [1200, output]);
    assert.equal(structured.cost_estimated, true);
    assert.ok(Math.abs((structured.cost_usd as number) - costOf(HAIKU, 1200, output)) < 1e-12, String(structured.cost_usd));

    const record = await latestRecord(gateway);
    assert.equal(record.cost_estimated, true);
    assert.equal(record.cost_usd, structured.cost_usd);
    assert.equal(record.usage?.inputTokens, 1200);
  });

  it('counts prompt and received text when the provider reported no usage before the break (OpenAI)', async () => {
    suite.simulator.reset();
    suite.simulator.script({ text: ANSWER, usage: { inputTokens: 999, outputTokens: 999 }, cutAfterChunks: 2 });
    const prompt = 'name five greek letters';
    const { structured, isError, text } = await gateway.call('stream_completion', { prompt, model: 'gpt-4o-mini', fallback: false });
    assert.equal(isError, false, text);
    assert.equal(structured.partial, true);
    const input = countMessageTokens([{ role: 'user', content: prompt }], undefined, MINI).tokens;
    const output = countTextTokens('alpha beta ', MINI).tokens;
    assert.equal(structured.cost_estimated, true);
    assert.ok((structured.cost_usd as number) > 0);
    assert.ok(Math.abs((structured.cost_usd as number) - costOf(MINI, input, output)) < 1e-12, String(structured.cost_usd));
    const record = await latestRecord(gateway);
    assert.equal(record.cost_estimated, true);
    assert.equal(record.cost_usd, structured.cost_usd);
  });

  it('leaves a whole stream at the provider-reported cost, not estimated', async () => {
    suite.simulator.reset();
    suite.simulator.script({ text: ANSWER, usage: { inputTokens: 40, outputTokens: 9 } });
    const { structured, isError, text } = await gateway.call('stream_completion', { prompt: 'greek letters', model: 'gpt-4o-mini', fallback: false });
    assert.equal(isError, false, text);
    assert.equal(structured.cost_estimated, undefined);
    assert.ok(Math.abs((structured.cost_usd as number) - costOf(MINI, 40, 9)) < 1e-12);
    assert.equal((await latestRecord(gateway)).cost_estimated, undefined);
  });

  it('records a cancelled stream at what it had cost when it was cancelled', async () => {
    suite.simulator.reset();
    suite.simulator.setDefaults({ streamChunkDelayMs: 150 });
    suite.simulator.script({ text: Array.from({ length: 60 }, (_, index) => `word${index}`).join(' '), usage: { inputTokens: 800 } });
    const controller = new AbortController();
    let firstProgress: () => void = () => undefined;
    const progressed = new Promise<void>((resolve) => (firstProgress = resolve));
    try {
      const call = gateway.client.callTool({ name: 'stream_completion', arguments: { prompt: 'a long story', model: 'claude-haiku-4-5', fallback: false } }, undefined, {
        signal: controller.signal,
        onprogress: () => firstProgress(),
        timeout: 60_000,
      });
      await progressed;
      controller.abort();
      await assert.rejects(call);
      const record = await latestRecord(gateway, (each) => each.outcome === 'cancelled');
      assert.equal(record.cost_estimated, true);
      assert.equal(record.usage?.inputTokens, 800);
      assert.ok((record.usage?.outputTokens ?? 0) >= 1);
      assert.ok(Math.abs(record.cost_usd - costOf(HAIKU, 800, record.usage!.outputTokens)) < 1e-12);
    } finally {
      suite.simulator.setDefaults({ streamChunkDelayMs: 0 });
    }
  });
});
