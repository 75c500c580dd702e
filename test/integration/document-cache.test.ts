// Document jobs with the response cache on and two providers configured: a re-run pays only for the
// calls whose prompts changed, and a chunk whose model stays down is answered by a fallback model.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { startTestGateway, type TestGateway } from '../support/gateway-harness.ts';
import { useIntegrationSuite } from '../support/integration-suite.ts';

const suite = useIntegrationSuite('document-cache');
const README = readFileSync(new URL('../fixtures/documents/markdown-ioredis.md', import.meta.url), 'utf8');
const promptOf = (body: Record<string, unknown>): string => (body.messages as Array<{ role: string; content: string }>).filter((message) => message.role === 'user').at(-1)!.content;

describe('document jobs with the cache and fallbacks', () => {
  let gateway: TestGateway;
  before(async () => {
    gateway = await startTestGateway({
      temporalAddress: suite.temporal.address,
      environment: {
        OPENAI_API_KEY: 'sk-test-key-123456',
        OPENAI_BASE_URL: suite.simulator.openaiBaseUrl,
        OPENAI_MAX_RETRIES: '0',
        ANTHROPIC_API_KEY: 'sk-ant-test-123456',
        ANTHROPIC_BASE_URL: suite.simulator.url,
        CACHE_ENABLED: 'true',
        CACHE_TYPE: 'disk',
        SEMANTIC_CACHE_ENABLED: 'false',
      },
    });
  });
  after(async () => gateway?.close());

  it('a second summary of the same document pays only for the calls whose prompts changed', async () => {
    suite.simulator.reset();
    const first = await gateway.call('summarize_document', { document: README, chunk_size: 1000, model: 'gpt-4o-mini', max_words: 100 });
    assert.equal(first.isError, false, first.text);
    const chunks = first.structured.chunks as number;
    const firstCalls = suite.chatCalls();
    assert.ok(chunks >= 15 && firstCalls > chunks, `${chunks} chunks, ${firstCalls} calls`);

    suite.simulator.reset();
    const same = await gateway.call('summarize_document', { document_id: first.structured.document_id, chunk_size: 1000, model: 'gpt-4o-mini', max_words: 100 });
    assert.equal(same.structured.summary, first.structured.summary);
    assert.equal(suite.chatCalls(), 0, 'an identical re-run is answered from the cache');
    assert.equal(same.structured.cost_usd, 0);

    suite.simulator.reset();
    const shorter = await gateway.call('summarize_document', { document_id: first.structured.document_id, chunk_size: 1000, model: 'gpt-4o-mini', max_words: 40 });
    assert.equal(shorter.isError, false, shorter.text);
    const calls = suite.simulator.requests().filter((request) => request.path === '/v1/chat/completions');
    assert.equal(calls.filter((request) => promptOf(request.body).startsWith('This is part')).length, 0, 'no chunk is summarised again');
    assert.ok(calls.length >= 1 && calls.every((request) => promptOf(request.body).startsWith('Below are summaries')), 'only the final reduction is new');
  });

  it('answers a chunk whose model stays down with a model of another provider', async () => {
    suite.simulator.reset();
    suite.simulator.script({ model: 'gpt-4o', error: { status: 503, message: 'overloaded' }, times: 2 });
    const { structured, isError, text } = await gateway.call('extract_entities', { document: README.slice(0, 20_000), chunk_size: 1000, model: 'gpt-4o', max_concurrency: 1 });
    assert.equal(isError, false, text);
    const models = structured.models as string[];
    assert.ok(models.includes('openai/gpt-4o'), models.join(', '));
    assert.ok(models.some((model) => model.startsWith('anthropic/')), models.join(', '));
    assert.equal(suite.simulator.requests().filter((request) => request.path === '/v1/messages').length, 2, 'the two failed chunks went to Anthropic');
  });
});
