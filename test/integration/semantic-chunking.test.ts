// chunk_document's semantic strategy through a real MCP client: with an embedding provider (the
// simulator's trigram vectors) the cut lands where the topic changes, the invariants hold, the
// usage ledger records the embeddings, and a second call is answered from the embedding cache;
// without one, the cut falls at sentence boundaries alone, answered without a job.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { startTestGateway, type TestGateway } from '../support/gateway-harness.ts';
import { useIntegrationSuite } from '../support/integration-suite.ts';

const suite = useIntegrationSuite('semantic-chunking');

const CATS = Array.from({ length: 6 }, (_, index) => `The tabby cat number ${index + 1} naps on the warm kitchen windowsill and purrs softly.`);
const BONDS = Array.from({ length: 6 }, (_, index) => `Government bond yields for quarter ${index + 1} rose sharply after the central bank raised interest rates.`);
/** One paragraph, so sentence and paragraph boundaries alone cannot see where the topic changes. */
const DOCUMENT = [...CATS, ...BONDS].join(' ');
const TOPIC_CHANGE = DOCUMENT.indexOf('Government');
const CHUNK_SIZE = 160;

type Chunk = { index: number; text: string; start: number; end: number; tokens: number };

function assertInvariants(chunks: Chunk[]): void {
  assert.equal(chunks[0]!.start, 0);
  assert.equal(chunks.at(-1)!.end, DOCUMENT.length);
  chunks.forEach((chunk, index) => {
    assert.equal(chunk.index, index);
    assert.equal(chunk.text, DOCUMENT.slice(chunk.start, chunk.end));
    assert.equal(chunk.tokens, countTokens(chunk.text));
    assert.ok(chunk.tokens <= CHUNK_SIZE, `chunk ${index} has ${chunk.tokens} tokens`);
    if (index > 0) assert.ok(chunk.start <= chunks[index - 1]!.end && chunk.start > chunks[index - 1]!.start, `chunk ${index} follows chunk ${index - 1}`);
  });
}

const embeddingRequests = () => suite.simulator.requests().filter((request) => request.path === '/v1/embeddings');

describe('semantic chunking', () => {
  let withEmbeddings: TestGateway;
  let withoutEmbeddings: TestGateway;

  before(async () => {
    withEmbeddings = await startTestGateway({
      temporalAddress: suite.temporal.address,
      dataDir: suite.temporaryDirectory(),
      environment: { OPENAI_API_KEY: 'sk-semantic-chunks-123456', OPENAI_BASE_URL: suite.simulator.openaiBaseUrl, PROVIDER_MAX_RETRIES: '1' },
    });
    withoutEmbeddings = await startTestGateway({
      temporalAddress: suite.temporal.address,
      dataDir: suite.temporaryDirectory(),
      environment: { ANTHROPIC_API_KEY: 'sk-ant-semantic-chunks-123456', ANTHROPIC_BASE_URL: suite.simulator.url },
    });
  });
  after(async () => {
    await withEmbeddings?.close();
    await withoutEmbeddings?.close();
  });

  it('without an embedding provider, cuts at the last sentence that fits, without a job', async () => {
    const answer = await withoutEmbeddings.call('chunk_document', { document: DOCUMENT, strategy: 'semantic', chunk_size: CHUNK_SIZE, chunk_overlap: 0 });
    assert.equal(answer.isError, false, answer.text);
    assert.equal(answer.structured.boundaries, 'sentences');
    assert.equal(answer.structured.job_id, undefined);
    const chunks = answer.structured.chunks as Chunk[];
    assertInvariants(chunks);
    assert.ok(chunks[0]!.end > TOPIC_CHANGE, `the sentence splitter alone cuts inside the second topic, at ${chunks[0]!.end}`);
  });

  it('with one, embeds the sentences in a job and cuts where the topic changes', async () => {
    suite.simulator.reset();
    const answer = await withEmbeddings.call('chunk_document', { document: DOCUMENT, strategy: 'semantic', chunk_size: CHUNK_SIZE, chunk_overlap: 0 });
    assert.equal(answer.isError, false, answer.text);
    const result = answer.structured;
    assert.equal(result.boundaries, 'embeddings');
    assert.equal(result.strategy, 'semantic');
    assert.match(String(result.job_id), /^chunk-document-/);
    const chunks = result.chunks as Chunk[];
    assertInvariants(chunks);
    assert.equal(chunks[0]!.end, TOPIC_CHANGE, 'the first chunk ends where the cats end');
    assert.ok(chunks[0]!.text.includes('cat number 6') && !chunks[0]!.text.includes('bond'));
    assert.equal(result.embedded, 12, 'every sentence embedded once');
    assert.ok((result.cost_usd as number) > 0);
    assert.ok((result.usage as { input_tokens: number }).input_tokens > 0);
    const requests = embeddingRequests();
    assert.equal(requests.length, 1, 'the sentences go in one batch');
    assert.equal((requests[0]!.body.input as string[]).length, 12);

    const usage = await withEmbeddings.call('get_usage_report', { group_by: 'tool' });
    const group = (usage.structured.groups as Array<{ key: string; cost_usd: number }>).find((each) => each.key === 'chunk_document');
    assert.ok(group && group.cost_usd > 0, usage.text);
  });

  it('answers a second call from the embedding cache, with overlap and the invariants kept', async () => {
    suite.simulator.reset();
    const answer = await withEmbeddings.call('chunk_document', { document: DOCUMENT, strategy: 'semantic', chunk_size: CHUNK_SIZE, chunk_overlap: 20 });
    assert.equal(answer.isError, false, answer.text);
    assert.equal(answer.structured.boundaries, 'embeddings');
    assert.equal(answer.structured.embedded, 0);
    assert.equal(answer.structured.cost_usd, 0);
    assert.equal(embeddingRequests().length, 0, 'no embedding request reached the provider');
    const chunks = answer.structured.chunks as Chunk[];
    assertInvariants(chunks);
    assert.equal(chunks[0]!.end, TOPIC_CHANGE);
    assert.ok(chunks[1]!.start < TOPIC_CHANGE, 'the second chunk overlaps the first');
  });

  it('keeps the other strategies and bad input in the MCP layer', async () => {
    suite.simulator.reset();
    const structural = await withEmbeddings.call('chunk_document', { document: DOCUMENT, chunk_size: CHUNK_SIZE, chunk_overlap: 0 });
    assert.equal(structural.isError, false, structural.text);
    assert.equal(structural.structured.boundaries, undefined);
    assert.equal(structural.structured.job_id, undefined);
    assert.equal(embeddingRequests().length, 0);
    const overlap = await withEmbeddings.call('chunk_document', { document: DOCUMENT, strategy: 'semantic', chunk_size: 100, chunk_overlap: 80 });
    assert.equal(overlap.isError, true);
    assert.match(overlap.text, /chunk_overlap \(80\) must be at most half of chunk_size \(100\)/);
  });
});
