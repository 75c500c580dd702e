// Knowledge bases as an agent uses them, through a real MCP client: build one from several
// documents (embeddings from the simulator), search by meaning, filter, hybrid with both extreme
// weights and a rare exact term, packed context, RAG with cited sources, re-ingestion without
// duplicates, replacement, deletion, and the errors for bad input.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestGateway, type TestGateway } from '../support/gateway-harness.ts';
import { useIntegrationSuite } from '../support/integration-suite.ts';

const suite = useIntegrationSuite('knowledge');

const DOCUMENTS = [
  { id: 'guide', metadata: { team: 'ops', year: 2023 }, text: 'How to restart the payment service safely.\n\nHow to rotate the payment service keys every quarter.' },
  { id: 'faq', metadata: { team: 'support', year: 2021 }, text: 'How to reset a customer password.\n\nHow to close a customer account on request.' },
  {
    id: 'incident',
    metadata: { team: 'ops', year: 2024 },
    text: 'The gateway went down after the Tuesday deploy; the on-call engineer found QX7731 in the logs, rolled the release back and wrote up the missing database migration.',
  },
  { id: 'errors', metadata: { team: 'billing', year: 2020 }, text: 'Error QX7730 in the billing service.\n\nError QX7781 in the search service.' },
];

/** The incident report is one long chunk, so its rare code weighs little in its embedding. */
const LONG_CHUNKS = new Set(['incident']);

type Hit = { id: string; document_id: string; chunk_index: number; text: string; score: number; semantic_score?: number; keyword_score?: number; metadata: Record<string, unknown> };

describe('knowledge bases', () => {
  let gateway: TestGateway;

  before(async () => {
    gateway = await startTestGateway({
      temporalAddress: suite.temporal.address,
      dataDir: suite.temporaryDirectory(),
      environment: { OPENAI_API_KEY: 'sk-knowledge-test-123456', OPENAI_BASE_URL: suite.simulator.openaiBaseUrl, PROVIDER_MAX_RETRIES: '1' },
    });
  });
  after(async () => {
    await gateway?.close();
  });

  const hits = (call: { structured: Record<string, unknown> }) => call.structured.results as Hit[];
  const addAll = async () => [
    await gateway.call('add_documents', { knowledge_base: 'handbook', documents: DOCUMENTS.filter((document) => !LONG_CHUNKS.has(document.id)), chunk_size: 16, chunk_overlap: 0 }),
    await gateway.call('add_documents', { knowledge_base: 'handbook', documents: DOCUMENTS.filter((document) => LONG_CHUNKS.has(document.id)), chunk_size: 128, chunk_overlap: 0 }),
  ];

  it('creates a knowledge base, refusing names with path characters', async () => {
    const created = await gateway.call('create_knowledge_base', { name: 'handbook', description: 'Runbooks and answers' });
    assert.equal(created.isError, false, created.text);
    assert.deepEqual(created.structured, { name: 'handbook', description: 'Runbooks and answers', embedding_provider: 'openai', embedding_model: 'text-embedding-3-small', created: true });
    const again = await gateway.call('create_knowledge_base', { name: 'handbook' });
    assert.equal(again.structured.created, false);

    for (const name of ['../etc', 'Hand Book', 'a/b']) {
      const refused = await gateway.call('create_knowledge_base', { name });
      assert.equal(refused.isError, true);
      assert.match(refused.text, /must match/);
    }
    const noKey = await gateway.call('create_knowledge_base', { name: 'gemini-kb', embedding_model: 'gemini-embedding-001' });
    assert.equal(noKey.isError, true);
    assert.match(noKey.text, /GEMINI_API_KEY/);
  });

  it('adds documents as a job: chunked, embedded in batches, priced, recorded in the usage ledger', async () => {
    suite.simulator.reset();
    const [added, long] = await addAll();
    assert.equal(added!.isError, false, added!.text);
    assert.equal(long!.isError, false, long!.text);
    const result = added!.structured;
    assert.equal(result.knowledge_base, 'handbook');
    assert.ok((result.chunks as number) > 3, `several chunks per document: ${String(result.chunks)}`);
    assert.equal(result.embedded, result.chunks);
    assert.equal(result.skipped, 0);
    assert.ok((result.cost_usd as number) > 0);
    assert.ok(((result.usage as { input_tokens: number }).input_tokens) > 0);
    assert.deepEqual((result.documents as Array<{ id: string; status: string }>).map((document) => [document.id, document.status]), [['guide', 'added'], ['faq', 'added'], ['errors', 'added']]);
    assert.equal(long!.structured.chunks, 1);
    assert.match(String(result.job_id), /^add-documents-/);
    const totalChunks = (result.chunks as number) + 1;
    assert.ok(suite.simulator.requests().some((request) => request.path === '/v1/embeddings'));

    const listed = await gateway.call('list_knowledge_bases');
    const handbook = (listed.structured.knowledge_bases as Array<Record<string, unknown>>).find((each) => each.name === 'handbook')!;
    assert.deepEqual({ ...handbook, created_at: undefined }, { name: 'handbook', description: 'Runbooks and answers', documents: 4, chunks: totalChunks, embedding_provider: 'openai', embedding_model: 'text-embedding-3-small', dimension: 256, created_at: undefined });

    const usage = await gateway.call('get_usage_report', { group_by: 'tool' });
    const group = (usage.structured.groups as Array<{ key: string; calls?: number; cost_usd: number }>).find((each) => each.key === 'add_documents');
    assert.ok(group && group.cost_usd > 0, usage.text);
  });

  it('finds chunks by meaning, best first, with their metadata', async () => {
    const found = await gateway.call('semantic_search', { knowledge_base: 'handbook', query: 'how do I restart the payment service', top_k: 3 });
    assert.equal(found.isError, false, found.text);
    const [best] = hits(found);
    assert.equal(best!.id, 'guide#0');
    assert.equal(best!.document_id, 'guide');
    assert.match(best!.text, /restart the payment service/);
    assert.deepEqual(best!.metadata, { team: 'ops', year: 2023 });
    assert.equal(hits(found).length, 3);
    const strict = await gateway.call('semantic_search', { knowledge_base: 'handbook', query: 'how do I restart the payment service', top_k: 10, min_score: 0.99 });
    assert.deepEqual(hits(strict), []);
  });

  it('filters on metadata: values, lists, ranges; bad filters name the field and the rule', async () => {
    const query = { knowledge_base: 'handbook', query: 'how to restart a service', top_k: 20 };
    const documentsOf = async (filter: Record<string, unknown>) => [...new Set(hits(await gateway.call('semantic_search', { ...query, filter })).map((hit) => hit.document_id))].sort();
    assert.deepEqual(await documentsOf({ team: 'ops' }), ['guide', 'incident']);
    assert.deepEqual(await documentsOf({ team: { in: ['support', 'billing'] } }), ['errors', 'faq']);
    assert.deepEqual(await documentsOf({ year: { gte: 2021, lt: 2024 } }), ['faq', 'guide']);
    assert.deepEqual(await documentsOf({ team: 'ops', year: 2024 }), ['incident']);

    const unknown = await gateway.call('semantic_search', { ...query, filter: { colour: 'red' } });
    assert.equal(unknown.isError, true);
    assert.match(unknown.text, /filter\.colour: unknown field; this knowledge base's fields are .*team.*year/);
    const wrongType = await gateway.call('semantic_search', { ...query, filter: { year: 'recent' } });
    assert.match(wrongType.text, /filter\.year: "year" holds number values; got "recent"/);
    const stringRange = await gateway.call('semantic_search', { ...query, filter: { team: { gte: 1 } } });
    assert.match(stringRange.text, /filter\.team: ranges need a number field/);
    const unknownBase = await gateway.call('hybrid_search', { knowledge_base: 'nothing-here', query: 'x' });
    assert.match(unknownBase.text, /knowledge_base "nothing-here" does not exist; known: handbook/);
  });

  it('hybrid: weight 1 is semantic order, weight 0 keyword order, and an exact rare term is found where meaning misses it', async () => {
    const query = 'restart the payment service';
    const semantic = hits(await gateway.call('semantic_search', { knowledge_base: 'handbook', query, top_k: 4 }));
    const meaningOnly = hits(await gateway.call('hybrid_search', { knowledge_base: 'handbook', query, top_k: 4, semantic_weight: 1 }));
    assert.deepEqual(meaningOnly.map((hit) => hit.id), semantic.map((hit) => hit.id));
    assert.deepEqual(meaningOnly.map((hit) => hit.score), semantic.map((hit) => hit.score));

    const keywordsOnly = hits(await gateway.call('hybrid_search', { knowledge_base: 'handbook', query, top_k: 4, semantic_weight: 0 }));
    assert.equal(keywordsOnly[0]!.keyword_score, 1);
    for (const hit of keywordsOnly) assert.equal(hit.score, hit.keyword_score);
    for (let index = 1; index < keywordsOnly.length; index += 1) assert.ok(keywordsOnly[index - 1]!.keyword_score! >= keywordsOnly[index]!.keyword_score!);

    const dense = hits(await gateway.call('semantic_search', { knowledge_base: 'handbook', query: 'QX7731', top_k: 2 }));
    assert.ok(!dense.some((hit) => hit.document_id === 'incident'), 'meaning alone ranks the near-identical codes first');
    const hybrid = hits(await gateway.call('hybrid_search', { knowledge_base: 'handbook', query: 'QX7731', top_k: 2 }));
    assert.equal(hybrid[0]!.document_id, 'incident');
    assert.ok(hybrid[0]!.keyword_score! > 0 && hybrid[0]!.semantic_score! > 0);
  });

  it('packs context into a token budget, best first, each chunk headed by its id', async () => {
    const packed = await gateway.call('retrieve_context', { knowledge_base: 'handbook', query: 'payment service keys', max_tokens: 40 });
    assert.equal(packed.isError, false, packed.text);
    const sources = packed.structured.sources as Array<{ id: string; tokens: number }>;
    assert.ok(sources.length >= 1);
    assert.ok((packed.structured.tokens as number) <= 40);
    assert.equal(packed.structured.tokens, sources.reduce((total, source) => total + source.tokens, 0));
    for (const source of sources) assert.ok((packed.structured.context as string).includes(`[${source.id}]`));
    const tiny = await gateway.call('retrieve_context', { knowledge_base: 'handbook', query: 'payment service keys', max_tokens: 2 });
    assert.deepEqual([tiny.structured.context, tiny.structured.tokens], ['', 0]);
  });

  it('answers with RAG: the prompt carries the sources by id, the result lists those the answer cited', async () => {
    suite.simulator.reset();
    suite.simulator.script({ text: 'Restart it from the runbook [guide#0]; rotate keys quarterly [guide#1].', usage: { inputTokens: 300, outputTokens: 20 } });
    const answered = await gateway.call('generate_with_rag', { knowledge_base: 'handbook', query: 'How do I restart the payment service?', top_k: 3, model: 'gpt-4o-mini' });
    assert.equal(answered.isError, false, answered.text);
    assert.equal(answered.structured.answer, 'Restart it from the runbook [guide#0]; rotate keys quarterly [guide#1].');
    assert.deepEqual((answered.structured.sources as Array<{ id: string }>).map((source) => source.id).sort(), ['guide#0', 'guide#1']);
    assert.equal(answered.structured.retrieved, 3);
    assert.ok((answered.structured.cost_usd as number) > 0);
    const chat = suite.simulator.requests().find((request) => request.path === '/v1/chat/completions')!;
    const sent = JSON.stringify(chat.body.messages);
    assert.match(sent, /\[guide#0\]/);
    assert.match(sent, /cite the sources/);
    assert.match(sent, /How do I restart the payment service\?/);
  });

  it('re-adding unchanged documents is skipped; a changed one replaces its old chunks', async () => {
    const before = (await gateway.call('list_knowledge_bases')).structured.knowledge_bases as Array<{ chunks: number }>;
    const [again, longAgain] = await addAll();
    assert.equal(again!.isError, false, again!.text);
    assert.deepEqual([again!.structured.skipped, again!.structured.embedded, longAgain!.structured.skipped, longAgain!.structured.embedded], [3, 0, 1, 0]);
    const after = (await gateway.call('list_knowledge_bases')).structured.knowledge_bases as Array<{ chunks: number }>;
    assert.equal(after[0]!.chunks, before[0]!.chunks);

    const changed = await gateway.call('add_documents', { knowledge_base: 'handbook', documents: [{ id: 'guide', metadata: { team: 'ops', year: 2025 }, text: 'Payment service restarts now go through the deploy bot.' }] });
    assert.equal(changed.isError, false, changed.text);
    assert.deepEqual((changed.structured.documents as Array<{ status: string; chunks: number }>).map((document) => [document.status, document.chunks]), [['replaced', 1]]);
    const guide = hits(await gateway.call('semantic_search', { knowledge_base: 'handbook', query: 'payment service', top_k: 20, filter: { document_id: 'guide' } }));
    assert.deepEqual(guide.map((hit) => [hit.id, hit.metadata.year]), [['guide#0', 2025]]);
  });

  it('refuses a knowledge base whose embedding provider has no key, and deletes one', async () => {
    const keyless = await startTestGateway({ temporalAddress: suite.temporal.address, dataDir: gateway.dataDir, environment: { ANTHROPIC_API_KEY: 'sk-ant-knowledge-123456' } });
    try {
      const refused = await keyless.call('semantic_search', { knowledge_base: 'handbook', query: 'payment' });
      assert.equal(refused.isError, true);
      assert.match(refused.text, /embeds with openai\/text-embedding-3-small: provider "openai" is not configured: set OPENAI_API_KEY/);
    } finally {
      await keyless.close();
    }
    const deleted = await gateway.call('delete_knowledge_base', { name: 'handbook' });
    assert.equal(deleted.isError, false, deleted.text);
    assert.equal(deleted.structured.deleted, true);
    assert.ok((deleted.structured.chunks_removed as number) > 0);
    const gone = await gateway.call('semantic_search', { knowledge_base: 'handbook', query: 'payment' });
    assert.match(gone.text, /knowledge_base "handbook" does not exist/);
    assert.deepEqual((await gateway.call('list_knowledge_bases')).structured.knowledge_bases, []);
  });
});
