// A knowledge base that passes VECTOR_INDEX_MIN_ROWS gets an ANN index from add_documents itself,
// kept covering every row as it grows (trained again once it has doubled), and keeps answering
// semantic and hybrid searches correctly, also when several arrive at once.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as lancedb from '@lancedb/lancedb';
import { collectionOf } from '../../core/knowledge/catalog.ts';
import { startTestGateway, type TestGateway } from '../support/gateway-harness.ts';
import { useIntegrationSuite } from '../support/integration-suite.ts';

const suite = useIntegrationSuite('knowledge-index');
const MIN_ROWS = 256;
const SERVICES = ['payments', 'search', 'billing', 'accounts', 'mailer', 'ledger', 'reports', 'gateway'];
const ACTIONS = ['restarts after a deploy', 'rotates its signing keys', 'drains its queue', 'fails over to the standby', 'pages the on-call engineer'];

/** One paragraph per chunk, each sentence unique, with a rare code a keyword search can find. */
function documentsFrom(first: number, count: number) {
  return Array.from({ length: count }, (_, offset) => {
    const number = first + offset;
    const paragraphs = Array.from({ length: 10 }, (_, index) => `The ${SERVICES[(number + index) % SERVICES.length]} service in region ${number} ${ACTIONS[index % ACTIONS.length]} at step ${index}, code ZK${number}x${index}.`);
    return { id: `runbook-${number}`, text: paragraphs.join('\n\n') };
  });
}

type Hit = { id: string; text: string; score: number };

describe('knowledge base index upkeep', () => {
  let gateway: TestGateway;
  let dataDir: string;

  before(async () => {
    dataDir = suite.temporaryDirectory();
    gateway = await startTestGateway({
      temporalAddress: suite.temporal.address,
      dataDir,
      environment: { OPENAI_API_KEY: 'sk-knowledge-index-123456', OPENAI_BASE_URL: suite.simulator.openaiBaseUrl, VECTOR_INDEX_MIN_ROWS: String(MIN_ROWS) },
    });
    assert.equal((await gateway.call('create_knowledge_base', { name: 'runbooks' })).isError, false);
  });
  after(async () => {
    await gateway?.close();
  });

  /** The table as LanceDB itself sees it: its vector index and how many rows that index covers. */
  async function vectorIndex() {
    const connection = await lancedb.connect(path.join(dataDir, 'vectors'));
    try {
      const table = await connection.openTable(collectionOf('runbooks'));
      const indices = await table.listIndices();
      const vector = indices.find((index) => index.columns.includes('vector'));
      const stats = vector ? await table.indexStats(vector.name) : undefined;
      const fullText = indices.find((index) => index.columns.includes('text'));
      const ftsStats = fullText ? await table.indexStats(fullText.name) : undefined;
      const vectorIndexes = indices.filter((index) => index.columns.includes('vector')).map((index) => index.name);
      return { rows: await table.countRows(), vectorIndexes, type: stats?.indexType, indexed: stats?.numIndexedRows ?? 0, unindexed: stats?.numUnindexedRows, textUnindexed: ftsStats?.numUnindexedRows };
    } finally {
      connection.close();
    }
  }

  async function add(first: number, count: number) {
    const added = await gateway.call('add_documents', { knowledge_base: 'runbooks', documents: documentsFrom(first, count), chunk_size: 32, chunk_overlap: 0 });
    assert.equal(added.isError, false, added.text);
    return added.structured.chunks as number;
  }

  /** Each query is a stored paragraph: its own chunk must come first. */
  async function assertFinds(numbers: number[]) {
    const calls = await Promise.all(numbers.map((number) => gateway.call('semantic_search', { knowledge_base: 'runbooks', query: documentsFrom(number, 1)[0]!.text.split('\n\n')[3]!, top_k: 3 })));
    calls.forEach((call, index) => {
      assert.equal(call.isError, false, call.text);
      const best = (call.structured.results as Hit[])[0]!;
      assert.equal(best.id, `runbook-${numbers[index]}#3`, JSON.stringify(call.structured.results));
      assert.ok(best.score > 0.99, `an exact paragraph scores about 1: ${best.score}`);
    });
  }

  it('stays an exact scan below the threshold', async () => {
    const chunks = await add(0, 20);
    assert.equal(chunks, 200);
    assert.equal((await vectorIndex()).type, undefined);
    await assertFinds([0, 7, 19]);
  });

  it('gets an index covering every row once it passes the threshold, and answers as before', async () => {
    await add(20, 10);
    const index = await vectorIndex();
    assert.equal(index.rows, 300);
    assert.deepEqual(index.vectorIndexes, ['vector_trained_on_300_rows']);
    assert.match(String(index.type), /IVF/i);
    assert.equal(index.indexed, 300);
    assert.equal(index.unindexed, 0);
    await assertFinds([0, 7, 19, 25, 29]);
  });

  it('folds new rows into the index, trains it again once the table has doubled, and keeps the keyword index current', async () => {
    await add(30, 10);
    const grown = await vectorIndex();
    assert.deepEqual({ rows: grown.rows, vectorIndexes: grown.vectorIndexes, unindexed: grown.unindexed, textUnindexed: grown.textUnindexed }, { rows: 400, vectorIndexes: ['vector_trained_on_300_rows'], unindexed: 0, textUnindexed: 0 });
    await add(40, 30);
    const index = await vectorIndex();
    assert.deepEqual({ rows: index.rows, vectorIndexes: index.vectorIndexes, indexed: index.indexed, unindexed: index.unindexed }, { rows: 700, vectorIndexes: ['vector_trained_on_700_rows'], indexed: 700, unindexed: 0 });
    await assertFinds([3, 33, 45, 69]);
    const hybrid = await gateway.call('hybrid_search', { knowledge_base: 'runbooks', query: 'ZK61x4', top_k: 3, semantic_weight: 0.3 });
    assert.equal(hybrid.isError, false, hybrid.text);
    assert.equal((hybrid.structured.results as Hit[])[0]!.id, 'runbook-61#4');
  });
});
