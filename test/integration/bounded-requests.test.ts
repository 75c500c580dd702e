// One request never stalls the gateway: hostile texts are counted off the event loop in linear time,
// and every text field's advertised limit is the one enforced (what a schema admits fits its job).
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { startTestGateway, type TestGateway } from '../support/gateway-harness.ts';
import { useIntegrationSuite } from '../support/integration-suite.ts';

const suite = useIntegrationSuite('bounded');
let gateway: TestGateway;

/** One request per connection, so a kept-alive socket closing under load is never mistaken for a stall. */
function healthStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      })
      .on('error', reject);
  });
}

function randomBases(length: number): string {
  const bases = ['A', 'C', 'G', 'T'];
  return Array.from({ length }, () => bases[Math.floor(Math.random() * 4)]).join('');
}

async function advertisedMaxLength(tool: string, field: string): Promise<number> {
  const { tools } = await gateway.client.listTools();
  const schema = tools.find((each) => each.name === tool)!.inputSchema.properties![field] as { maxLength?: number; items?: { properties: { content: { maxLength: number } } } };
  return schema.maxLength ?? schema.items!.properties.content.maxLength;
}

describe('bounded requests', () => {
  before(async () => {
    gateway = await startTestGateway({
      temporalAddress: suite.temporal.address,
      environment: { OPENAI_API_KEY: 'sk-test-key-123456', OPENAI_BASE_URL: suite.simulator.openaiBaseUrl, PROVIDER_MAX_RETRIES: '1' },
    });
  });

  after(async () => {
    await gateway?.close();
  });

  describe('a huge adversarial request', () => {
    it('leaves /healthz answering while estimate_cost counts 4.5 MB of random DNA', async () => {
      const healthUrl = `${gateway.gateway.http!.url}/healthz`;
      let counting = true;
      const estimate = gateway.call('estimate_cost', { model: 'gpt-4o-mini', prompt: randomBases(4_500_000) }).finally(() => (counting = false));
      const healthLatencies: number[] = [];
      while (counting) {
        const started = performance.now();
        assert.equal(await healthStatus(healthUrl), 200);
        if (counting) healthLatencies.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const { structured, isError, text } = await estimate;
      assert.equal(isError, false, text);
      assert.ok((structured.input_tokens as number) > 1_000_000, `counted ${String(structured.input_tokens)} tokens`);
      assert.equal(structured.token_count_method, 'approximate');
      assert.ok(healthLatencies.length >= 3, `/healthz answered ${healthLatencies.length} times while the count ran`);
      // Generous for a loaded machine; a stalled event loop would hold /healthz for the whole count.
      assert.ok(Math.max(...healthLatencies) < 2_000, `slowest /healthz: ${Math.round(Math.max(...healthLatencies))} ms`);
    });

    it('refuses a delegate_task input over its advertised limit at once, naming the field and the limit', async () => {
      const limit = await advertisedMaxLength('delegate_task', 'input');
      const { isError, text } = await gateway.call('delegate_task', { task: 'Summarise this', input: 'é'.repeat(limit / 2 + 1) });
      assert.equal(isError, true);
      assert.match(text, /input/);
      assert.match(text, new RegExp(`at most ${limit} bytes`));
    });
  });

  describe('advertised text limits', () => {
    it('a generate_completion prompt and system prompt at their advertised limits run as a job', async () => {
      suite.simulator.reset();
      const promptLimit = await advertisedMaxLength('generate_completion', 'prompt');
      const systemLimit = await advertisedMaxLength('generate_completion', 'system');
      const { isError, text, structured } = await gateway.call('generate_completion', { prompt: 'p'.repeat(promptLimit), system: 's'.repeat(systemLimit) });
      assert.equal(isError, false, text.slice(0, 500));
      assert.equal(structured.status, 'completed');
      const over = await gateway.call('generate_completion', { prompt: '\n'.repeat(promptLimit / 2 + 1) });
      assert.equal(over.isError, true);
      assert.match(over.text, /prompt/);
      assert.match(over.text, new RegExp(`at most ${promptLimit} bytes`));
    });

    it('a delegate_task at its advertised limits never hits the job payload limit', async () => {
      suite.simulator.reset();
      const taskLimit = await advertisedMaxLength('delegate_task', 'task');
      const inputLimit = await advertisedMaxLength('delegate_task', 'input');
      const { isError, text } = await gateway.call('delegate_task', { task: `Summarise this ${'t'.repeat(taskLimit - 15)}`, input: 'word '.repeat(inputLimit / 5) });
      assert.doesNotMatch(text, /payload limit|job's input/);
      if (isError) assert.match(text, /no model on the configured providers/);
    });

    it('a chat_completion conversation at its advertised total runs as a job; one byte more is refused naming messages', async () => {
      suite.simulator.reset();
      const perMessage = await advertisedMaxLength('chat_completion', 'messages');
      const total = 1_600_000;
      const messages = [
        { role: 'user', content: 'u'.repeat(perMessage) },
        { role: 'assistant', content: 'a'.repeat(total - perMessage - 10) },
        { role: 'user', content: 'q'.repeat(10) },
      ];
      const accepted = await gateway.call('chat_completion', { messages, system: 's'.repeat(200_000) });
      assert.equal(accepted.isError, false, accepted.text.slice(0, 500));
      messages[2]!.content += 'q';
      const refused = await gateway.call('chat_completion', { messages });
      assert.equal(refused.isError, true);
      assert.match(refused.text, /messages/);
      assert.match(refused.text, /at most 1600000 bytes/);
    });
  });
});
