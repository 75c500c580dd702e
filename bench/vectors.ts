// Vector-store benchmarks: recall@10 against exact brute force and queries per second on clustered
// synthetic vectors through the store's own search path (LanceDB: exact, the index its upkeep
// builds, and the other kinds tried; Qdrant when QDRANT_URL is set), and
// knowledge-base ingestion throughput through add_documents with simulator embeddings.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { VectorIndexSpec } from '../core/vectors/lance-index.ts';
import { LanceVectorStore, type LanceSearchTuning } from '../core/vectors/lance-store.ts';
import { QdrantVectorStore } from '../core/vectors/qdrant-store.ts';
import { pointId } from '../core/vectors/point-id.ts';
import { createServer } from '../mcp/server.ts';
import { round, runLoad, startBenchGateway } from './support.ts';

export interface AnnFigures {
  store: string;
  vectors: number;
  dimension: number;
  clusters: number;
  queries: number;
  insert_s: number;
  variants: Array<{ index: string; index_detail: string; index_build_s: number; setting: string; concurrency: number; recall_at_10: number; queries_per_second: number; p50_ms: number; load_1m: number }>;
}

/** Deterministic pseudo-random numbers (mulberry32), so every run measures the same data. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(next: () => number): number {
  return Math.sqrt(-2 * Math.log(next() + 1e-12)) * Math.cos(2 * Math.PI * next());
}

/** Unit vectors around `clusters` random centres: the shape of real embedding collections. */
export function clusteredVectors(count: number, dimension: number, clusters: number, seed: number): Float32Array {
  const next = random(seed);
  const centres = new Float32Array(clusters * dimension).map(() => gaussian(next));
  const data = new Float32Array(count * dimension);
  for (let row = 0; row < count; row += 1) {
    const centre = Math.floor(next() * clusters) * dimension;
    let norm = 0;
    for (let column = 0; column < dimension; column += 1) {
      const value = centres[centre + column]! + 0.6 * gaussian(next);
      data[row * dimension + column] = value;
      norm += value * value;
    }
    const scale = 1 / Math.sqrt(norm);
    for (let column = 0; column < dimension; column += 1) data[row * dimension + column]! *= scale;
  }
  return data;
}

/** Exact top-k by cosine (vectors are unit length: dot product), the ground truth for recall. */
export function bruteForceTopK(data: Float32Array, dimension: number, query: Float32Array, k: number): number[] {
  const count = data.length / dimension;
  const best: Array<{ row: number; score: number }> = [];
  for (let row = 0; row < count; row += 1) {
    let dot = 0;
    const offset = row * dimension;
    for (let column = 0; column < dimension; column += 1) dot += data[offset + column]! * query[column]!;
    if (best.length < k || dot > best[best.length - 1]!.score) {
      best.push({ row, score: dot });
      best.sort((left, right) => right.score - left.score);
      if (best.length > k) best.pop();
    }
  }
  return best.map((entry) => entry.row);
}

function rowsOf(data: Float32Array, dimension: number, start: number, end: number): Array<Record<string, unknown>> {
  return Array.from({ length: end - start }, (_, offset) => {
    const row = start + offset;
    return { id: String(row), vector: Array.from(data.subarray(row * dimension, (row + 1) * dimension)), text: '', document_id: String(row), chunk_index: 0, metadata: '{}' };
  });
}

/** Recall from the first pass over the queries (or the first `total`) and the rate over every pass, all through store.search. */
async function measure(queries: Float32Array[], truth: number[][], concurrency: number, total: number, ids: (vector: number[]) => Promise<string[]>) {
  const vectors = queries.map((query) => Array.from(query));
  let found = 0;
  let checked = 0;
  // One untimed pass first, so every setting is timed with the same pages cached.
  await runLoad(Math.min(total, vectors.length), concurrency, async (_lane, index) => {
    await ids(vectors[index]!);
  });
  const load = await runLoad(total, concurrency, async (_lane, index) => {
    const got = await ids(vectors[index % vectors.length]!);
    if (index < vectors.length) {
      const returned = new Set(got);
      found += truth[index]!.filter((row) => returned.has(String(row))).length;
      checked += 1;
    }
  });
  if (load.errors > 0) throw new Error(`${load.errors} searches failed`);
  return { recall_at_10: round(found / (checked * 10), 4), queries_per_second: round(load.perSecond, 0), p50_ms: round(load.p50, 1) };
}

/** No index, an index built by the store's own upkeep (the default policy), or a given index. */
export interface IndexVariant {
  label: string;
  index: 'none' | 'auto' | VectorIndexSpec;
  settings: SearchSetting[];
}

export async function benchAnn(options: { count: number; dimension: number; clusters: number; queries: number; variants: IndexVariant[]; concurrency: number }): Promise<AnnFigures[]> {
  const { count, dimension } = options;
  // Queries are drawn like the data (same cluster centres) but are not inserted.
  const all = clusteredVectors(count + options.queries, dimension, options.clusters, 7);
  const data = all.subarray(0, count * dimension);
  const queries = Array.from({ length: options.queries }, (_, index) => all.subarray((count + index) * dimension, (count + index + 1) * dimension));
  const truth = queries.map((query) => bruteForceTopK(data, dimension, query, 10));
  const figures: AnnFigures[] = [];
  const directory = mkdtempSync(path.join(os.tmpdir(), 'gateway-bench-vectors-'));
  try {
    const collection = 'bench-ann';
    const setup = await LanceVectorStore.open(directory);
    await setup.createCollection(collection, dimension);
    await setup.close();
    const connection = await lancedb.connect(directory);
    const table = await connection.openTable(collection);
    const started = performance.now();
    for (let start = 0; start < count; start += 10_000) await table.add(rowsOf(data, dimension, start, Math.min(count, start + 10_000)));
    const insertSeconds = (performance.now() - started) / 1000;
    table.close();
    connection.close();
    const variants: AnnFigures['variants'] = [];
    for (const variant of options.variants) {
      const indexer = await LanceVectorStore.open(directory);
      const building = performance.now();
      let index = 'none (exact scan)';
      if (variant.index === 'auto') {
        const upkeep = await indexer.maintainCollection(collection);
        index = `${upkeep?.index_type ?? 'none'}, ${upkeep?.partitions ?? '?'} partitions (store upkeep: ${upkeep?.index})`;
      } else if (variant.index !== 'none') {
        await indexer.buildVectorIndex(collection, variant.index);
        index = `${variant.index.kind}, ${variant.index.numPartitions} partitions`;
      }
      const buildSeconds = round((performance.now() - building) / 1000, 1);
      await indexer.close();
      for (const setting of variant.settings) {
        const { label, concurrency = options.concurrency, total = 2000, ...tuning } = setting;
        const store = await LanceVectorStore.open(directory, { tuning });
        const measured = await measure(queries, truth, concurrency, total, async (vector) => (await store.search(collection, vector, { topK: 10 })).map((point) => point.id));
        const row = { index: variant.label, index_detail: index, index_build_s: buildSeconds, setting: label, concurrency, ...measured, load_1m: round(os.loadavg()[0]!, 1) };
        console.log(`  ${row.index} (${row.index_detail}) / ${row.setting}: recall@10 ${row.recall_at_10} at ${row.queries_per_second} q/s, load ${row.load_1m}`);
        variants.push(row);
        await store.close();
      }
    }
    figures.push({ store: 'lancedb', vectors: count, dimension, clusters: options.clusters, queries: queries.length, insert_s: round(insertSeconds, 1), variants });
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
  const qdrantUrl = process.env.QDRANT_URL;
  if (qdrantUrl) figures.push(await benchQdrant(qdrantUrl, data, dimension, queries, truth, options));
  return figures;
}

async function benchQdrant(url: string, data: Float32Array, dimension: number, queries: Float32Array[], truth: number[][], options: { count: number; clusters: number; concurrency: number }): Promise<AnnFigures> {
  const store = new QdrantVectorStore({ url, apiKey: process.env.QDRANT_API_KEY });
  const collection = 'bench-ann';
  await store.dropCollection(collection);
  await store.createCollection(collection, dimension);
  const started = performance.now();
  for (let start = 0; start < options.count; start += 1000) {
    const end = Math.min(options.count, start + 1000);
    await store.upsert(
      collection,
      Array.from({ length: end - start }, (_, offset) => ({ id: pointId(start + offset), vector: Array.from(data.subarray((start + offset) * dimension, (start + offset + 1) * dimension)), text: '', documentId: String(start + offset), chunkIndex: 0, metadata: {} })),
    );
  }
  const insertSeconds = (performance.now() - started) / 1000;
  const measured = await measure(queries, truth, options.concurrency, 2000, async (vector) => (await store.search(collection, vector, { topK: 10 })).map((point) => point.documentId));
  await store.dropCollection(collection);
  return {
    store: 'qdrant',
    vectors: options.count,
    dimension,
    clusters: options.clusters,
    queries: queries.length,
    insert_s: round(insertSeconds, 1),
    variants: [{ index: 'HNSW (server defaults)', index_detail: 'HNSW', index_build_s: 0, setting: 'default', concurrency: options.concurrency, ...measured, load_1m: round(os.loadavg()[0]!, 1) }],
  };
}

export interface IngestionFigures {
  documents: number;
  chunks: number;
  seconds: number;
  chunks_per_second: number;
}

/** add_documents end to end: MCP call, workflow, chunking, embedding (simulator, zero latency) and upserts. */
export async function benchIngestion(options: { documents: number; paragraphsPerDocument: number }): Promise<IngestionFigures> {
  const bench = await startBenchGateway({ CACHE_ENABLED: 'false', JOB_WAIT_SECONDS: '3600' });
  try {
    const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
    await createServer(bench.gateway.mcpDeps!).connect(serverTransport);
    const client = new Client({ name: 'bench-ingestion', version: '1.0.0' });
    await client.connect(clientTransport);
    await client.callTool({ name: 'create_knowledge_base', arguments: { name: 'bench' } });
    const documents = Array.from({ length: options.documents }, (_, document) => ({
      id: `document-${document}`,
      metadata: { group: document % 10 },
      text: Array.from({ length: options.paragraphsPerDocument }, (_, paragraph) => `Paragraph ${paragraph} of document ${document}: the service ${paragraph * 31 + document} restarts after deploy ${document}, and its keys rotate every ${paragraph + 2} days.`).join('\n\n'),
    }));
    const started = performance.now();
    const result = (await client.callTool({ name: 'add_documents', arguments: { knowledge_base: 'bench', documents, chunk_size: 48, chunk_overlap: 0 } }, undefined, { timeout: 600_000 })) as CallToolResult;
    const seconds = (performance.now() - started) / 1000;
    if (result.isError) throw new Error(JSON.stringify(result.content));
    const chunks = (result.structuredContent as { chunks: number }).chunks;
    await client.close();
    return { documents: options.documents, chunks, seconds: round(seconds, 2), chunks_per_second: round(chunks / seconds, 0) };
  } finally {
    await bench.stop();
  }
}

type SearchSetting = LanceSearchTuning & { label: string; concurrency?: number; total?: number };

/**
 * Index kinds and search settings tried, 16 searches in flight unless said otherwise. Every row goes
 * through store.search and so through the store's micro-batcher; maxBatch 1 turns batching off (one
 * LanceDB call per query). The "auto" variant is the index the store's own upkeep builds, and its
 * first row is the store's default tuning: the figure the target is about.
 */
const VARIANTS: IndexVariant[] = [
  { label: 'exact', index: 'none', settings: [{ label: 'exact scan, 20 queries', total: 20, concurrency: 4 }] },
  {
    label: 'auto',
    index: 'auto',
    settings: [
      { label: 'store default' },
      { label: 'nprobes 4', nprobes: 4 },
      { label: 'nprobes 8', nprobes: 8 },
      { label: 'store default, 2 calls in flight', maxInFlight: 2 },
      { label: 'store default, maxBatch 32, 32 clients', maxBatch: 32, concurrency: 32 },
      { label: 'store default, unbatched, 4 in flight', maxBatch: 1, maxInFlight: 4, concurrency: 4 },
      { label: 'store default, unbatched, 16 in flight', maxBatch: 1, maxInFlight: 16 },
      { label: 'store default, 1 client', concurrency: 1, total: 500 },
    ],
  },
  { label: 'ivf_flat 67', index: { kind: 'ivf_flat', numPartitions: 67 }, settings: [{ label: 'nprobes 3', nprobes: 3 }] },
  { label: 'ivf_hnsw_sq 16', index: { kind: 'ivf_hnsw_sq', numPartitions: 16 }, settings: [{ label: 'nprobes 1, ef 150', nprobes: 1, ef: 150 }] },
];

/** The default run's 10,000 rows: an exact scan against the index the same rows would get. */
const SMALL_VARIANTS: IndexVariant[] = [
  { label: 'exact', index: 'none', settings: [{ label: 'exact scan', total: 200 }] },
  { label: 'auto', index: 'auto', settings: [{ label: 'store default' }] },
];

/** Full scale (`npm run bench -- vectors`): 100,000 × 768; the default run: 10,000 × 768, exact against indexed. */
export async function runVectorBenchmarks(options: { full: boolean }): Promise<{ ann: AnnFigures[]; ingestion: IngestionFigures }> {
  const variants = options.full ? VARIANTS : SMALL_VARIANTS;
  const ann = await benchAnn({ count: options.full ? 100_000 : 10_000, dimension: 768, clusters: 100, queries: 100, concurrency: 16, variants });
  for (const figures of ann) {
    console.log(`\n${figures.store}: recall@10 and queries/s on ${figures.vectors} × ${figures.dimension} clustered vectors (${figures.clusters} clusters, ${figures.queries} held-out queries); insert ${figures.insert_s} s`);
    console.table(figures.variants);
  }
  const ingestion = await benchIngestion({ documents: options.full ? 200 : 40, paragraphsPerDocument: 20 });
  console.log(`\nadd_documents (simulator embeddings, zero latency): ${ingestion.chunks} chunks of ${ingestion.documents} documents in ${ingestion.seconds} s: ${ingestion.chunks_per_second} chunks/s`);
  return { ann, ingestion };
}
