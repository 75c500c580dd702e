// execute_optimized_workflow through a real MCP client, worker and Temporal server: references,
// fan-out, a failing branch, a budget stop, and plans refused before anything runs.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestGateway, type TestGateway } from '../support/gateway-harness.ts';
import { useIntegrationSuite } from '../support/integration-suite.ts';

const suite = useIntegrationSuite('workflow');
let gateway: TestGateway;

interface StepReport {
  id: string;
  status: string;
  cost_usd: number;
  model: string | null;
  error?: string;
  runs?: number;
}

const TWO_BLOCKS = 'Here:\n```python\nprint("tide")\n```\nand\n```js\nconsole.log("moon")\n```\n';

describe('execute_optimized_workflow', () => {
  before(async () => {
    gateway = await startTestGateway({
      temporalAddress: suite.temporal.address,
      environment: { OPENAI_API_KEY: 'sk-test-key-123456', OPENAI_BASE_URL: suite.simulator.openaiBaseUrl, PROVIDER_MAX_RETRIES: '1', JOB_WAIT_SECONDS: '120' },
    });
  });

  after(async () => {
    await gateway?.close();
  });

  it('runs references and a fan-out, fails only the broken branch, and stops before the budget is passed', async () => {
    suite.simulator.reset();
    suite.simulator.script([
      { whenPromptIncludes: 'Write code about tides', text: TWO_BLOCKS, usage: { inputTokens: 10, outputTokens: 20 } },
      { whenPromptIncludes: 'BROKEN', error: { status: 400, message: 'this request is invalid' } },
      { whenPromptIncludes: 'Explain:', times: 2, reply: (conversation) => `explained ${conversation.includes('print') ? 'python' : 'js'}`, usage: { inputTokens: 5, outputTokens: 5 } },
    ]);
    const { structured, isError, text } = await gateway.call('execute_optimized_workflow', {
      inputs: { topic: 'tides' },
      budget_usd: 0.05,
      max_concurrency: 2,
      steps: [
        { id: 'draft', tool: 'generate_completion', args: { prompt: 'Write code about ${inputs.topic}', model: 'gpt-4o-mini' } },
        { id: 'code', tool: 'extract_code_from_response', args: { text: '${steps.draft.text}' }, depends_on: ['draft'] },
        { id: 'explain', tool: 'generate_completion', args: { prompt: 'Explain: ${item.code}', model: 'gpt-4o-mini' }, depends_on: ['code'], iterate_on: '${steps.code.blocks}' },
        { id: 'broken', tool: 'generate_completion', args: { prompt: 'BROKEN request', model: 'gpt-4o-mini' } },
        { id: 'after_broken', tool: 'generate_completion', args: { prompt: 'Fix ${steps.broken.text}' }, depends_on: ['broken'] },
        // 1,000,000 output tokens at gpt-4o-mini's price ($0.60/M) cannot fit a $0.05 budget.
        { id: 'expensive', tool: 'generate_completion', args: { prompt: 'Summarise ${steps.explain.0.text}', model: 'gpt-4o-mini', max_tokens: 1_000_000 }, depends_on: ['explain'] },
      ],
    });
    assert.equal(isError, false, text);
    const steps = Object.fromEntries((structured.steps as StepReport[]).map((step) => [step.id, step]));
    const outputs = structured.outputs as Record<string, unknown>;

    assert.equal(steps.draft!.status, 'completed');
    assert.equal(steps.draft!.model, 'openai/gpt-4o-mini');
    assert.ok(Math.abs(steps.draft!.cost_usd - (10 * 0.15 + 20 * 0.6) / 1e6) < 1e-12);
    assert.deepEqual((outputs.code as { blocks: Array<{ code: string }> }).blocks.map((block) => block.code.trim()), ['print("tide")', 'console.log("moon")']);
    assert.equal(steps.explain!.status, 'completed');
    assert.equal(steps.explain!.runs, 2);
    assert.deepEqual((outputs.explain as Array<{ text: string }>).map((run) => run.text), ['explained python', 'explained js']);

    assert.equal(steps.broken!.status, 'failed');
    assert.match(steps.broken!.error ?? '', /invalid/);
    assert.equal(steps.after_broken!.status, 'failed');
    assert.match(steps.after_broken!.error ?? '', /depends on step "broken"/);
    assert.equal(outputs.after_broken, undefined);

    assert.equal(steps.expensive!.status, 'skipped');
    assert.match(steps.expensive!.error ?? '', /budget_usd 0\.05 would be exceeded/);
    assert.equal(outputs.expensive, undefined);

    const prompts = suite.simulator.requests().map((request) => JSON.stringify(request.body));
    assert.ok(prompts.some((body) => body.includes('Write code about tides')), 'the input reference was resolved');
    assert.ok(!prompts.some((body) => body.includes('Summarise')), 'the step over budget never reached a provider');
    assert.ok(!prompts.some((body) => body.includes('Fix ')), 'the dependant of the failed step never ran');
    const expectedTotal = steps.draft!.cost_usd + steps.explain!.cost_usd;
    assert.ok(Math.abs((structured.total_cost_usd as number) - expectedTotal) < 1e-9);
    assert.equal(typeof structured.job_id, 'string');
  });

  const refusals: Array<[string, Record<string, unknown>, RegExp]> = [
    ['a cycle', { steps: [{ id: 'a', tool: 'generate_completion', args: { prompt: 'x' }, depends_on: ['b'] }, { id: 'b', tool: 'generate_completion', args: { prompt: 'y' }, depends_on: ['a'] }] }, /cycle \((a → b → a|b → a → b)\)/],
    ['an unknown tool', { steps: [{ id: 'a', tool: 'rm_rf', args: {} }] }, /steps\[0\]\.tool: unknown tool "rm_rf"/],
    ['an unknown step id', { steps: [{ id: 'a', tool: 'generate_completion', args: { prompt: 'x' }, depends_on: ['ghost'] }] }, /depends_on: unknown step id "ghost"/],
    ['a reference to a step that is not a dependency', { steps: [{ id: 'a', tool: 'generate_completion', args: { prompt: 'x' } }, { id: 'b', tool: 'generate_completion', args: { prompt: '${steps.a.text}' } }] }, /refers to step "a", which is not in depends_on/],
    ['a path that cannot exist', { steps: [{ id: 'a', tool: 'generate_completion', args: { prompt: 'x' } }, { id: 'b', tool: 'generate_completion', args: { prompt: '${steps.a.answer}' }, depends_on: ['a'] }] }, /\$\{steps\.a\.answer\} cannot exist/],
    ['an input that is not given', { steps: [{ id: 'a', tool: 'generate_completion', args: { prompt: '${inputs.missing}' } }] }, /inputs\.missing\} does not exist in inputs/],
    ['bad arguments', { steps: [{ id: 'a', tool: 'generate_completion', args: { prompt: '' } }] }, /steps\[0\] \("a"\)\.args: prompt: prompt must not be empty/],
    ['more than 100 steps', { steps: Array.from({ length: 101 }, (_, index) => ({ id: `s${index}`, tool: 'generate_completion', args: { prompt: 'x' } })) }, /at most 100 steps/],
  ];
  for (const [name, args, message] of refusals) {
    it(`refuses ${name} before anything runs`, async () => {
      suite.simulator.reset();
      const { isError, text } = await gateway.call('execute_optimized_workflow', args);
      assert.equal(isError, true);
      assert.match(text, message);
      assert.equal(suite.chatCalls(), 0);
    });
  }
});
