// execute_optimized_workflow through a real MCP client, worker and Temporal server: references,
// fan-out, a failing branch, a budget stop, document, extraction, knowledge and local text tools as
// steps, and plans refused before anything runs.
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

const REPORT = 'The Moon pulls the sea into two tidal bulges a day.\n\nWind pushes waves across the harbour of Brest in winter.\n\nThe harbour master of Brest logs every tide at noon.';

const summaryOf = (conversation: string) => (conversation.includes('Moon') ? 'The Moon makes two tides a day.' : conversation.includes('Wind') ? 'Wind drives the waves.' : 'Brest logs its tides.');

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

  it('chunks a document, summarises each chunk, queries the entities as JSON and answers from a knowledge base', async () => {
    assert.equal((await gateway.call('create_knowledge_base', { name: 'tides' })).isError, false);
    for (const document of [{ id: 'moon', text: 'The Moon and the Sun raise the tides twice a day.' }, { id: 'wind', text: 'Storm winds push a surge onto the coast.' }]) {
      const added = await gateway.call('add_documents', { knowledge_base: 'tides', documents: [document] });
      assert.equal(added.isError, false, added.text);
    }
    suite.simulator.reset();
    suite.simulator.script([
      { whenPromptIncludes: 'Summarise the document below', times: 10, reply: summaryOf, usage: { inputTokens: 40, outputTokens: 8 } },
      { whenPromptIncludes: 'List the named entities', text: '{"entities":[{"name":"Brest","type":"place","mentions":2},{"name":"Moon","type":"body","mentions":1}]}', usage: { inputTokens: 60, outputTokens: 20 } },
      { whenPromptIncludes: 'cite the sources', text: 'Twice a day, pulled by the Moon [moon#0].', usage: { inputTokens: 90, outputTokens: 10 } },
      { whenPromptIncludes: 'A title for', times: 3, text: 'Tides of Brest', usage: { inputTokens: 12, outputTokens: 4 } },
    ]);
    const { structured, isError, text } = await gateway.call('execute_optimized_workflow', {
      max_concurrency: 3,
      steps: [
        { id: 'split', tool: 'chunk_document', args: { document: REPORT, chunk_size: 16, chunk_overlap: 0 } },
        { id: 'summaries', tool: 'summarize_document', args: { document: '${item.text}', max_words: 20, model: 'gpt-4o-mini' }, depends_on: ['split'], iterate_on: '${steps.split.chunks}' },
        { id: 'entities', tool: 'extract_entities', args: { document_id: '${steps.split.document_id}', model: 'gpt-4o-mini' }, depends_on: ['split'] },
        { id: 'places', tool: 'query_json', args: { json: '${steps.entities.entities}', query: "[?type=='place'].name" }, depends_on: ['entities'] },
        { id: 'context', tool: 'retrieve_context', args: { knowledge_base: 'tides', query: 'Why two tides a day?', max_tokens: 200, top_k: 1 } },
        { id: 'answer', tool: 'generate_with_rag', args: { knowledge_base: 'tides', query: 'Why two tides a day? ${steps.summaries.0.summary}', top_k: 1, model: 'gpt-4o-mini' }, depends_on: ['summaries'] },
        { id: 'title', tool: 'chat_completion', args: { messages: [{ role: 'user', content: 'A title for: ${steps.answer.answer}' }], model: 'gpt-4o-mini' }, depends_on: ['answer'] },
        { id: 'tidy', tool: 'clean_text', args: { text: '  ${steps.title.text}  ' }, depends_on: ['title'] },
        { id: 'both', tool: 'multi_completion', args: { prompt: 'A title for: tides', providers: [{ provider: 'openai', model: 'gpt-4o-mini' }, { provider: 'openai', model: 'gpt-4o' }] } },
      ],
    });
    assert.equal(isError, false, text);
    const steps = Object.fromEntries((structured.steps as StepReport[]).map((step) => [step.id, step]));
    const outputs = structured.outputs as Record<string, Record<string, unknown> & Array<Record<string, unknown>>>;
    for (const step of Object.values(steps)) assert.equal(step.status, 'completed', `${step.id}: ${step.error}`);

    const chunks = outputs.split!.chunks as unknown as Array<{ text: string }>;
    assert.ok(chunks.length >= 2, 'the report was split into several chunks');
    assert.equal(steps.summaries!.runs, chunks.length);
    assert.deepEqual(outputs.summaries!.map((run) => run.summary), chunks.map((chunk) => summaryOf(chunk.text)));
    assert.equal(steps.summaries!.model, 'openai/gpt-4o-mini');
    const paid = (tokensIn: number, tokensOut: number) => (tokensIn * 0.15 + tokensOut * 0.6) / 1e6;
    assert.ok(Math.abs(steps.summaries!.cost_usd - chunks.length * paid(40, 8)) < 1e-12);
    assert.ok(Math.abs(steps.entities!.cost_usd - paid(60, 20)) < 1e-12);
    assert.deepEqual(outputs.places!.result, ['Brest']);
    assert.deepEqual([steps.places!.cost_usd, steps.places!.model], [0, null]);

    assert.match(outputs.context!.context as string, /\[moon#0\]/, 'retrieve_context answers as the tool does: packed context with source ids');
    assert.equal(steps.context!.model, 'openai/text-embedding-3-small');
    assert.equal(outputs.answer!.answer, 'Twice a day, pulled by the Moon [moon#0].');
    assert.deepEqual((outputs.answer!.sources as Array<{ id: string }>).map((source) => source.id), ['moon#0']);
    assert.equal(outputs.tidy!.text, 'Tides of Brest');
    assert.equal(outputs.title!.status, 'completed');
    assert.equal(steps.both!.model, 'openai/gpt-4o-mini, openai/gpt-4o');
    assert.ok(Math.abs(steps.both!.cost_usd - (paid(12, 4) + (12 * 2.5 + 4 * 10) / 1e6)) < 1e-12, 'a fan-out step costs what every model it asked cost');

    const prompts = suite.simulator.requests().filter((request) => request.path === '/v1/chat/completions').map((request) => JSON.stringify(request.body));
    assert.ok(prompts.some((body) => body.includes('cite the sources') && body.includes('The Moon makes two tides a day.')), 'the RAG query carried the first summary');
    const total = Object.values(steps).reduce((sum, step) => sum + step.cost_usd, 0);
    assert.ok(Math.abs((structured.total_cost_usd as number) - total) < 1e-9);

    // The document went to the blob store: the workflow's input carries its id, never its text.
    const history = await gateway.gateway.temporalClient.workflow.getHandle(structured.job_id as string).fetchHistory();
    const started = history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!.data!;
    const input = Buffer.from(started).toString('utf8');
    assert.ok(input.includes(outputs.split!.document_id as string));
    assert.ok(!input.includes('harbour master'));
  });

  it('fails a step whose resolved arguments break its tool\'s rules or a runaway regex, and skips an LLM step its estimate puts over budget', async () => {
    suite.simulator.reset();
    const { structured, isError, text } = await gateway.call('execute_optimized_workflow', {
      budget_usd: 0.000001,
      steps: [
        { id: 'count', tool: 'query_json', args: { json: '{"items": [1, 2]}', query: 'missing' } },
        { id: 'search', tool: 'regex_extract', args: { text: 'tide 1, tide 2', pattern: '${steps.count.result}' }, depends_on: ['count'] },
        { id: 'digest', tool: 'summarize_document', args: { document: REPORT.repeat(20), model: 'gpt-4o-mini' } },
        { id: 'measure', tool: 'text_stats', args: { text: REPORT } },
        { id: 'runaway', tool: 'regex_extract', args: { text: `${'a'.repeat(40)}!`, pattern: '(a+)+$' } },
      ],
    });
    assert.equal(isError, false, text);
    const steps = Object.fromEntries((structured.steps as StepReport[]).map((step) => [step.id, step]));
    assert.equal(steps.search!.status, 'failed');
    assert.match(steps.search!.error ?? '', /pattern: .*string/);
    assert.equal(steps.digest!.status, 'skipped');
    assert.match(steps.digest!.error ?? '', /budget_usd 0\.000001 would be exceeded/);
    assert.deepEqual([steps.measure!.status, steps.measure!.model, steps.measure!.cost_usd], ['completed', null, 0]);
    assert.equal(steps.runaway!.status, 'failed');
    assert.match(steps.runaway!.error ?? '', /regex_extract: pattern: matching took longer than .* and was stopped/, 'the regex time bound holds inside a step');
    assert.ok(((structured.outputs as Record<string, { words?: number }>).measure!.words ?? 0) > 20);
    assert.equal(suite.chatCalls(), 0);
  });

  const refusals: Array<[string, Record<string, unknown>, RegExp]> = [
    ['a cycle', { steps: [{ id: 'a', tool: 'generate_completion', args: { prompt: 'x' }, depends_on: ['b'] }, { id: 'b', tool: 'generate_completion', args: { prompt: 'y' }, depends_on: ['a'] }] }, /cycle \((a → b → a|b → a → b)\)/],
    ['an unknown tool', { steps: [{ id: 'a', tool: 'rm_rf', args: {} }] }, /steps\[0\]\.tool: unknown tool "rm_rf"/],
    ['an unknown step id', { steps: [{ id: 'a', tool: 'generate_completion', args: { prompt: 'x' }, depends_on: ['ghost'] }] }, /depends_on: unknown step id "ghost"/],
    ['a reference to a step that is not a dependency', { steps: [{ id: 'a', tool: 'generate_completion', args: { prompt: 'x' } }, { id: 'b', tool: 'generate_completion', args: { prompt: '${steps.a.text}' } }] }, /refers to step "a", which is not in depends_on/],
    ['a path that cannot exist', { steps: [{ id: 'a', tool: 'generate_completion', args: { prompt: 'x' } }, { id: 'b', tool: 'generate_completion', args: { prompt: '${steps.a.answer}' }, depends_on: ['a'] }] }, /\$\{steps\.a\.answer\} cannot exist/],
    ['an input that is not given', { steps: [{ id: 'a', tool: 'generate_completion', args: { prompt: '${inputs.missing}' } }] }, /inputs\.missing\} does not exist in inputs/],
    ['bad arguments', { steps: [{ id: 'a', tool: 'generate_completion', args: { prompt: '' } }] }, /steps\[0\] \("a"\)\.args: prompt: prompt must not be empty/],
    ['bad document-tool arguments', { steps: [{ id: 'digest', tool: 'summarize_document', args: { document_id: '${inputs.doc}', max_words: 1 } }], inputs: { doc: 'x' } }, /steps\[0\] \("digest"\)\.args: max_words: .*10/],
    ['an argument the tool does not take', { steps: [{ id: 'find', tool: 'semantic_search', args: { knowledge_base: 'tides', query: 'q', colour: 'red' } }] }, /steps\[0\] \("find"\)\.args: .*colour/],
    ['a local tool without a required argument', { steps: [{ id: 'q', tool: 'query_json', args: { json: '{}' } }] }, /steps\[0\] \("q"\)\.args: query: /],
    ['a summary path that cannot exist', { steps: [{ id: 's1', tool: 'summarize_document', args: { document: 'Tides.' } }, { id: 's2', tool: 'clean_text', args: { text: '${steps.s1.nope}' }, depends_on: ['s1'] }] }, /\$\{steps\.s1\.nope\} cannot exist: summarize_document results have .*summary/],
    ['background inside a step (the workflow is the job)', { steps: [{ id: 'digest', tool: 'summarize_document', args: { document: 'Tides.', background: true } }] }, /steps\[0\] \("digest"\)\.args: .*background/],
    ['an empty document', { steps: [{ id: 'digest', tool: 'summarize_document', args: { document: '   ' } }] }, /steps\[0\] \("digest"\)\.args: document is empty/],
    ['a tool that is not a workflow step', { steps: [{ id: 'gone', tool: 'delete_knowledge_base', args: { name: 'tides' } }] }, /unknown tool "delete_knowledge_base"/],
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
