// A job that outlasts JOB_WAIT_SECONDS answers with its handle ({job_id, status: "running"}), and that
// answer fits the tool's own output schema: a slow provider never turns into an output validation
// error, whichever job tool was called.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestGateway, type TestGateway } from '../support/gateway-harness.ts';
import { useIntegrationSuite } from '../support/integration-suite.ts';

const suite = useIntegrationSuite('job-handles');
const DOCUMENT = 'The committee met on Monday. Revenue rose by ten percent. Hiring slowed in the north.';
const SLOW_CALLS: Array<[string, Record<string, unknown>]> = [
  ['generate_completion', { prompt: 'slow' }],
  ['stream_completion', { prompt: 'slow' }],
  ['chat_completion', { messages: [{ role: 'user', content: 'slow' }] }],
  ['multi_completion', { prompt: 'slow', providers: [{ provider: 'openai' }] }],
  ['compare_and_synthesize', { prompt: 'slow', providers: [{ provider: 'openai' }, { provider: 'openai', model: 'gpt-4o' }] }],
  ['delegate_task', { task: 'Summarise this', input: DOCUMENT }],
  ['summarize_document', { document: DOCUMENT }],
  ['extract_entities', { document: DOCUMENT }],
  ['generate_qa_pairs', { document: DOCUMENT }],
  ['extract_json', { text: DOCUMENT }],
  ['extract_table', { text: DOCUMENT }],
  ['extract_key_value_pairs', { text: DOCUMENT }],
  ['infer_schema', { text: DOCUMENT }],
  ['add_documents', { knowledge_base: 'handles', documents: [{ text: `${DOCUMENT} Second edition.`, id: 'two' }] }],
  ['semantic_search', { knowledge_base: 'handles', query: 'revenue' }],
  ['hybrid_search', { knowledge_base: 'handles', query: 'revenue' }],
  ['retrieve_context', { knowledge_base: 'handles', query: 'revenue', max_tokens: 200 }],
  ['generate_with_rag', { knowledge_base: 'handles', query: 'What rose?' }],
  ['execute_optimized_workflow', { steps: [{ id: 'one', tool: 'generate_completion', args: { prompt: 'slow' } }] }],
];

describe('a job that outlasts JOB_WAIT_SECONDS', () => {
  let gateway: TestGateway;

  before(async () => {
    gateway = await startTestGateway({
      temporalAddress: suite.temporal.address,
      environment: { OPENAI_API_KEY: 'sk-test-key-123456', OPENAI_BASE_URL: suite.simulator.openaiBaseUrl, JOB_WAIT_SECONDS: '1', SEMANTIC_CACHE_ENABLED: 'false' },
    });
    assert.equal((await gateway.call('create_knowledge_base', { name: 'handles' })).isError, false);
    const added = await gateway.call('add_documents', { knowledge_base: 'handles', documents: [{ text: DOCUMENT, id: 'one' }], background: false });
    assert.equal(added.isError, false, added.text);
    // Every provider answer, embeddings included, now takes longer than the tools wait.
    suite.simulator.setDefaults({ latencyMs: 6_000 });
  });

  after(async () => {
    suite.simulator.setDefaults({ latencyMs: 0 });
    await gateway?.close();
  });

  for (const [tool, args] of SLOW_CALLS) {
    it(`${tool} answers with a handle that fits its output schema`, async () => {
      const { isError, text, structured } = await gateway.call(tool, args);
      assert.equal(isError, false, text);
      assert.equal(structured.status, 'running', text);
      assert.equal(typeof structured.job_id, 'string');
    });
  }
});
