// The document tools through a real MCP client over Streamable HTTP, a real worker and Temporal
// server, and the OpenAI SDK talking to the provider simulator: chunking, map-reduce summaries,
// entities, QA pairs and batches, with progress and the per-chunk cache.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { CallToolResultSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { startTestGateway, type TestGateway } from '../support/gateway-harness.ts';
import { useIntegrationSuite } from '../support/integration-suite.ts';

const suite = useIntegrationSuite('documents');
const README = readFileSync(new URL('../fixtures/documents/markdown-ioredis.md', import.meta.url), 'utf8');
const PROSE = readFileSync(new URL('../fixtures/documents/prose-apache-license.txt', import.meta.url), 'utf8');
const plain = { disallowedSpecial: new Set<string>() };
let gateway: TestGateway;

const chatRequests = () => suite.simulator.requests().filter((request) => request.path === '/v1/chat/completions');
const promptOf = (body: Record<string, unknown>): string => (body.messages as Array<{ role: string; content: string }>).filter((message) => message.role === 'user').at(-1)!.content;

async function resultOf(jobId: string): Promise<Record<string, unknown>> {
  const { structured, isError, text } = await gateway.call('get_job_result', { job_id: jobId, wait: true, wait_seconds: 120 });
  assert.equal(isError, false, text);
  assert.equal(structured.status, 'completed', text);
  return structured.result as Record<string, unknown>;
}

describe('document tools', () => {
  before(async () => {
    gateway = await startTestGateway({
      temporalAddress: suite.temporal.address,
      environment: { OPENAI_API_KEY: 'sk-test-key-123456', OPENAI_BASE_URL: suite.simulator.openaiBaseUrl },
    });
  });
  after(async () => gateway?.close());

  describe('chunk_document', () => {
    it('chunks without a job, returns a document_id that works in the next call, and keeps every invariant', async () => {
      const first = await gateway.call('chunk_document', { document: README, chunk_size: 300, chunk_overlap: 30 });
      assert.equal(first.isError, false, first.text);
      const chunks = first.structured.chunks as Array<{ index: number; text: string; start: number; end: number; tokens: number; heading_path?: string[] }>;
      assert.equal(first.structured.count, chunks.length);
      assert.equal(first.structured.strategy, 'structural');
      assert.equal(first.structured.tokenizer, 'o200k_base');
      assert.equal(first.structured.total_tokens, countTokens(README, plain));
      for (const chunk of chunks) {
        assert.equal(README.slice(chunk.start, chunk.end), chunk.text);
        assert.ok(chunk.tokens <= 300 && chunk.tokens === countTokens(chunk.text, plain));
      }
      assert.ok(chunks.some((chunk) => chunk.heading_path?.includes('Pipelining')), 'heading paths name the README sections');
      assert.equal(chatRequests().length, 0, 'chunking calls no model');
      const again = await gateway.call('chunk_document', { document_id: first.structured.document_id, strategy: 'token', chunk_size: 500, chunk_overlap: 0, model: 'gpt-4o-mini' });
      assert.equal(again.isError, false, again.text);
      assert.equal(again.structured.document_id, first.structured.document_id);
      assert.equal((again.structured.chunks as unknown[]).length, Math.ceil(countTokens(README, plain) / 500));
    });

    it('refuses bad input with the field and the rule', async () => {
      const overlap = await gateway.call('chunk_document', { document: PROSE, chunk_size: 100, chunk_overlap: 80 });
      assert.equal(overlap.isError, true);
      assert.match(overlap.text, /chunk_overlap \(80\) must be at most half of chunk_size \(100\)/);
      const empty = await gateway.call('chunk_document', { document: ' \n\t ' });
      assert.match(empty.text, /document is empty or only whitespace/);
      const unknown = await gateway.call('chunk_document', { document_id: `doc_${'a'.repeat(32)}` });
      assert.match(unknown.text, /document_id "doc_a{32}" is unknown/);
      const small = await gateway.call('chunk_document', { document: PROSE, chunk_size: 4 });
      assert.equal(small.isError, true);
      assert.match(small.text, /chunk_size/);
      const strategy = await gateway.call('chunk_document', { document: PROSE, strategy: 'sentences' });
      assert.equal(strategy.isError, true);
      assert.match(strategy.text, /strategy/);
    });
  });

  describe('summarize_document', () => {
    it('summarises a document that fits in one call', async () => {
      suite.simulator.reset();
      suite.simulator.script({ text: 'The licence grants broad rights.' });
      const { structured, isError, text } = await gateway.call('summarize_document', { document: PROSE, format: 'bullets', max_words: 50, model: 'gpt-4o-mini' });
      assert.equal(isError, false, text);
      assert.equal(structured.summary, 'The licence grants broad rights.');
      assert.equal(structured.rounds, 1);
      assert.equal(chatRequests().length, 1);
      assert.match(promptOf(chatRequests()[0]!.body), /at most 50 words[\s\S]*bulleted list[\s\S]*<document>/);
      assert.match(String(structured.job_id), /^summarize-document-[0-9a-f]{12}-/);
      assert.ok((structured.cost_usd as number) > 0);
      assert.deepEqual(structured.models, ['openai/gpt-4o-mini']);
    });

    it('map-reduces a 40+ chunk document in rounds, bounded, with progress notifications', async () => {
      suite.simulator.reset();
      suite.simulator.setDefaults({ latencyMs: 20 });
      const notes: string[] = [];
      const result = (await gateway.client.callTool(
        { name: 'summarize_document', arguments: { document: README, chunk_size: 400, max_concurrency: 6, model: 'gpt-4o-mini' } },
        undefined,
        { onprogress: (progress) => notes.push(String(progress.message)), timeout: 120_000 },
      )) as CallToolResult;
      suite.simulator.setDefaults({ latencyMs: 0 });
      assert.equal(result.isError, undefined, JSON.stringify(result.content));
      const structured = result.structuredContent as Record<string, unknown>;
      const chunks = structured.chunks as number;
      assert.ok(chunks >= 40, `${chunks} chunks`);
      const requests = chatRequests();
      const mapCalls = requests.filter((request) => /^This is part \d+ of \d+/.test(promptOf(request.body)));
      const reduceCalls = requests.filter((request) => promptOf(request.body).startsWith('Below are summaries'));
      const parts = mapCalls.map((request) => /This is part (\d+)/.exec(promptOf(request.body))![1]);
      assert.equal(mapCalls.length, chunks, 'one call per chunk');
      assert.equal(new Set(parts).size, chunks);
      assert.ok(reduceCalls.length >= 2, `${reduceCalls.length} reduce calls`);
      assert.equal(structured.rounds, 3, 'the partial summaries do not fit one 400-token call: two rounds of reduction');
      assert.equal(requests.length, mapCalls.length + reduceCalls.length);
      assert.equal((structured.usage as { input_tokens: number }).input_tokens > 0, true);
      assert.ok(notes.some((note) => /^chunk \d+\/\d+$/.test(note)), `progress notes: ${notes.slice(0, 5).join(', ')}`);
    });

    it('reports progress in get_job_status while a background summary runs', async () => {
      suite.simulator.reset();
      suite.simulator.setDefaults({ latencyMs: 300 });
      try {
        const started = await gateway.call('summarize_document', { document: README, chunk_size: 1000, max_concurrency: 2, background: true });
        assert.equal(started.structured.status, 'running');
        assert.match(String(started.structured.document_id), /^doc_/);
        let progress: { phase: string; done: number; total: number } | undefined;
        for (let attempt = 0; attempt < 100 && !progress?.done; attempt += 1) {
          const status = await gateway.call('get_job_status', { job_id: started.structured.job_id });
          progress = status.structured.progress as typeof progress;
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
        assert.equal(progress?.phase, 'chunk');
        assert.ok(progress.total >= 15 && progress.done >= 1, JSON.stringify(progress));
        await gateway.call('cancel_job', { job_id: started.structured.job_id });
      } finally {
        suite.simulator.setDefaults({ latencyMs: 0 });
      }
    });
    it('runs as an MCP task: created at once, polled, its result fetched', async () => {
      suite.simulator.reset();
      const { tools } = await gateway.client.listTools();
      assert.equal(tools.find((tool) => tool.name === 'summarize_document')?.execution?.taskSupport, 'optional');
      const messages = [];
      for await (const message of gateway.client.experimental.tasks.callToolStream({ name: 'summarize_document', arguments: { document: README, chunk_size: 2000, max_concurrency: 4 } }, CallToolResultSchema)) {
        messages.push(message);
      }
      const created = messages.find((message) => message.type === 'taskCreated');
      assert.ok(created && created.type === 'taskCreated', JSON.stringify(messages));
      const final = messages.at(-1)!;
      assert.equal(final.type, 'result', JSON.stringify(final));
      const fetched = (await gateway.client.experimental.tasks.getTaskResult(created.task.taskId, CallToolResultSchema)) as CallToolResult;
      const structured = fetched.structuredContent as { job_id: string; chunks: number; summary: string };
      assert.equal(structured.job_id, created.task.taskId);
      assert.ok(structured.chunks > 5 && structured.summary.length > 0);
      assert.equal((await gateway.client.experimental.tasks.getTask(created.task.taskId)).status, 'completed');
    });
  });

  describe('extract_entities and generate_qa_pairs', () => {
    it('merges entities across chunks, adding up mentions of the same entity', async () => {
      suite.simulator.reset();
      suite.simulator.script({
        times: 1000,
        answer: (prompt) =>
          JSON.stringify({
            entities: [
              { name: prompt.includes('Sentinel') ? 'Redis Sentinel' : 'Redis', type: 'product', mentions: 2 },
              { name: 'redis', type: 'Product', mentions: 1 },
              { name: 'Node.js', type: 'product', mentions: 1 },
            ],
          }),
      });
      const { structured, isError, text } = await gateway.call('extract_entities', { document: README, chunk_size: 2000, entity_types: ['product'] });
      assert.equal(isError, false, text);
      const chunks = structured.chunks as number;
      const entities = structured.entities as Array<{ name: string; type: string; mentions: number }>;
      const sentinelChunks = chatRequests().filter((request) => promptOf(request.body).includes('Sentinel')).length;
      assert.ok(chunks > 3 && sentinelChunks > 0 && sentinelChunks < chunks);
      assert.deepEqual(entities.find((entity) => entity.name === 'Redis'), { name: 'Redis', type: 'product', mentions: 3 * (chunks - sentinelChunks) + sentinelChunks });
      assert.deepEqual(entities.find((entity) => entity.name === 'Node.js'), { name: 'Node.js', type: 'product', mentions: chunks });
      assert.equal(entities.filter((entity) => entity.name.toLowerCase() === 'redis').length, 1, 'no duplicate spellings');
      assert.match(promptOf(chatRequests()[0]!.body), /of these types: product/);
    });

    it('spreads QA pairs over the chunks and keeps only quotes found in the document', async () => {
      suite.simulator.reset();
      suite.simulator.script({
        times: 1000,
        answer: (prompt) => {
          const excerpt = prompt.split('<text>\n')[1]!.slice(0, 40);
          const wanted = Number(/Write (\d+) question-answer pairs/.exec(prompt)![1]);
          return JSON.stringify({
            qa_pairs: Array.from({ length: wanted }, (_, index) => ({ question: `What does part ${excerpt.length}-${index} ${excerpt} say?`, answer: 'It explains the licence.', source_quote: index === 0 ? excerpt : 'words that are not in the text' })),
          });
        },
      });
      const { structured, isError, text } = await gateway.call('generate_qa_pairs', { document: PROSE, num_pairs: 4, chunk_size: 500 });
      assert.equal(isError, false, text);
      const pairs = structured.qa_pairs as Array<{ question: string; answer: string; source_quote?: string }>;
      assert.equal(pairs.length, 4);
      assert.ok((structured.chunks as number) >= 4);
      assert.equal(chatRequests().length, 4, 'one pair from each of four chunks');
      for (const pair of pairs) {
        assert.ok(pair.source_quote === undefined || PROSE.includes(pair.source_quote));
        assert.ok(pair.source_quote !== undefined, 'the real quote is kept');
      }
    });
  });

  describe('process_document_batch', () => {
    it('runs in the background; a bad document fails alone', async () => {
      suite.simulator.reset();
      suite.simulator.script({ times: 1000, answer: (prompt) => `Summary of ${prompt.length} characters.` });
      const started = await gateway.call('process_document_batch', {
        documents: [{ document: PROSE, id: 'licence' }, { document: '   ', id: 'blank' }, { document_id: `doc_${'b'.repeat(32)}` }, { document: README.slice(0, 3000) }],
        operation: 'summarize',
        options: { max_words: 30 },
      });
      assert.equal(started.isError, false, started.text);
      assert.equal(started.structured.status, 'running');
      const result = await resultOf(String(started.structured.job_id));
      const results = result.results as Array<{ id: string; ok: boolean; error?: string; result?: { summary: string } }>;
      assert.deepEqual(results.map((each) => [each.id, each.ok]), [['licence', true], ['blank', false], ['2', false], ['3', true]]);
      assert.match(results[1]!.error!, /documents\[1\]: document is empty or only whitespace/);
      assert.match(results[2]!.error!, /documents\[2\]: document_id "doc_b{32}" is unknown/);
      assert.match(results[0]!.result!.summary, /^Summary of \d+ characters\.$/);
      assert.equal(result.succeeded, 2);
      assert.equal(result.failed, 2);
    });

    it('reports a document whose provider calls fail without failing the batch', async () => {
      suite.simulator.reset();
      suite.simulator.script([{ model: 'gpt-4o', error: { status: 400, message: 'this document is refused' } }]);
      const { structured, isError, text } = await gateway.call('process_document_batch', {
        documents: [{ document: 'First short document about licences.' }, { document: 'Second short document about redis.' }],
        operation: 'generate_qa_pairs',
        options: { model: 'gpt-4o', num_pairs: 1 },
        max_concurrency: 1,
        background: false,
      });
      assert.equal(isError, false, text);
      const results = structured.results as Array<{ ok: boolean; error?: string }>;
      assert.deepEqual(results.map((each) => each.ok), [false, true]);
      assert.match(results[0]!.error!, /this document is refused/);
    });

    it('chunks many documents', async () => {
      const chunked = await gateway.call('process_document_batch', { documents: [{ document: PROSE }, { document: README }], operation: 'chunk', options: { chunk_size: 800 }, background: false });
      assert.equal(chunked.isError, false, chunked.text);
      const results = chunked.structured.results as Array<{ ok: boolean; result: { count: number; chunks: Array<{ tokens: number }> } }>;
      assert.ok(results.every((each) => each.ok && each.result.count === each.result.chunks.length && each.result.chunks.every((chunk) => chunk.tokens <= 800)));
    });

    it('extracts JSON from each document against a schema; an answer that stays invalid fails only its document', async () => {
      suite.simulator.reset();
      suite.simulator.script({ times: 100, answer: (prompt) => (prompt.includes('Ada Lovelace') ? '{"name": "Ada Lovelace", "born": 1815}' : 'I could not find anyone.') });
      const schema = { type: 'object', properties: { name: { type: 'string' }, born: { type: 'integer' } }, required: ['name', 'born'] };
      const { structured, isError, text } = await gateway.call('process_document_batch', {
        documents: [{ document: 'Ada Lovelace was born in 1815 in London.', id: 'ada' }, { document: 'A page about nobody in particular.', id: 'nobody' }],
        operation: 'extract_json',
        options: { schema, max_attempts: 2 },
        background: false,
      });
      assert.equal(isError, false, text);
      const results = structured.results as Array<{ id: string; ok: boolean; error?: string; result?: { data: unknown; valid: boolean } }>;
      assert.deepEqual({ data: results[0]!.result?.data, valid: results[0]!.result?.valid }, { data: { name: 'Ada Lovelace', born: 1815 }, valid: true });
      assert.equal(results[1]!.ok, false);
      assert.match(results[1]!.error!, /still invalid after 2 attempts/);
      const refused = await gateway.call('process_document_batch', { documents: [{ document: PROSE }], operation: 'extract_json', options: { schema: { type: 'object', properties: 5 } } });
      assert.equal(refused.isError, true);
      assert.match(refused.text, /options\.schema is refused/);
    });
  });
});
