// The vector store at scale: one Qdrant collection per collection name, a named dense vector
// ("dense", cosine) and a sparse keyword vector ("keywords", server-side IDF), payload indexes on
// every filterable field, and hybrid search as one Query API call whose prefetches (dense and
// sparse) are fused on the server by the formula in fusion.ts.
import { QdrantClient } from '@qdrant/js-client-rest';
import { candidateCount, normaliseKeywordScore, normaliseSemanticScore, sparseVector } from './fusion.ts';
import { assertCollectionName, assertDimension, BUILT_IN_FIELDS, VectorStoreError, type FieldCondition, type FieldType, type HybridOptions, type ScoredPoint, type SearchOptions, type StoredPoint, type VectorFilter, type VectorPoint, type VectorStore } from './types.ts';

const DENSE = 'dense';
const KEYWORDS = 'keywords';
const UPSERT_BATCH = 256;
const INDEX_TYPES: Record<FieldType, 'keyword' | 'float' | 'bool'> = { string: 'keyword', number: 'float', boolean: 'bool' };

type Payload = Record<string, unknown> | null | undefined;
type QdrantCondition = Record<string, unknown>;

function payloadKey(field: string): string {
  return field in BUILT_IN_FIELDS ? field : `metadata.${field}`;
}

/** Numbers match through ranges: Qdrant matches exact values only on keywords, integers and booleans. */
function conditionOf(condition: FieldCondition): QdrantCondition {
  const key = payloadKey(condition.field);
  const match = condition.match;
  if ('equals' in match) {
    return typeof match.equals === 'number' ? { key, range: { gte: match.equals, lte: match.equals } } : { key, match: { value: match.equals } };
  }
  if ('in' in match) {
    if (condition.type === 'number') return { should: match.in.map((value) => ({ key, range: { gte: value, lte: value } })) };
    if (condition.type === 'boolean') return { should: match.in.map((value) => ({ key, match: { value } })) };
    return { key, match: { any: match.in } };
  }
  return { key, range: match.range };
}

function filterOf(filter: VectorFilter | undefined): { must: QdrantCondition[] } | undefined {
  if (!filter || filter.length === 0) return undefined;
  return { must: filter.map(conditionOf) };
}

function toStored(point: { id: string | number; payload?: Payload }): StoredPoint {
  const payload = point.payload ?? {};
  return {
    id: String(point.id),
    text: String(payload.text ?? ''),
    documentId: String(payload.document_id ?? ''),
    chunkIndex: Number(payload.chunk_index ?? 0),
    metadata: (payload.metadata ?? {}) as StoredPoint['metadata'],
  };
}

export class QdrantVectorStore implements VectorStore {
  readonly kind = 'qdrant' as const;
  private readonly client: QdrantClient;

  constructor(options: { url: string; apiKey?: string | undefined }) {
    this.client = new QdrantClient({ url: options.url, ...(options.apiKey ? { apiKey: options.apiKey } : {}), checkCompatibility: false });
  }

  async createCollection(name: string, dimension: number): Promise<void> {
    assertCollectionName(name);
    const existing = await this.describeCollection(name);
    if (existing) {
      if (existing.dimension !== dimension) assertDimension(name, existing.dimension, { length: dimension });
      return;
    }
    try {
      await this.client.createCollection(name, {
        vectors: { [DENSE]: { size: dimension, distance: 'Cosine' } },
        sparse_vectors: { [KEYWORDS]: { modifier: 'idf' } },
      });
    } catch (error) {
      if (!/already exists/i.test(String((error as Error).message))) throw error;
    }
    await this.client.createPayloadIndex(name, { field_name: 'document_id', field_schema: 'keyword', wait: true });
    await this.client.createPayloadIndex(name, { field_name: 'chunk_index', field_schema: 'integer', wait: true });
  }

  async describeCollection(name: string): Promise<{ dimension: number; count: number } | undefined> {
    assertCollectionName(name);
    if (!(await this.client.collectionExists(name)).exists) return undefined;
    const info = await this.client.getCollection(name);
    const vectors = info.config.params.vectors as Record<string, { size: number }> | undefined;
    return { dimension: vectors?.[DENSE]?.size ?? 0, count: (await this.client.count(name, { exact: true })).count };
  }

  async listCollections(): Promise<string[]> {
    return (await this.client.getCollections()).collections.map((collection) => collection.name);
  }

  async dropCollection(name: string): Promise<boolean> {
    assertCollectionName(name);
    if (!(await this.client.collectionExists(name)).exists) return false;
    return this.client.deleteCollection(name);
  }

  async ensureFields(name: string, fields: Record<string, FieldType>): Promise<void> {
    const info = await this.client.getCollection(name);
    const indexed = new Set(Object.keys(info.payload_schema ?? {}));
    for (const [field, type] of Object.entries(fields)) {
      const key = payloadKey(field);
      if (!indexed.has(key)) await this.client.createPayloadIndex(name, { field_name: key, field_schema: INDEX_TYPES[type], wait: true });
    }
  }

  async upsert(name: string, points: VectorPoint[]): Promise<void> {
    const described = await this.describeCollection(name);
    if (!described) throw new VectorStoreError(`collection "${name}" does not exist`);
    for (let start = 0; start < points.length; start += UPSERT_BATCH) {
      const batch = points.slice(start, start + UPSERT_BATCH);
      await this.client.upsert(name, {
        wait: true,
        points: batch.map((point) => {
          assertDimension(name, described.dimension, point.vector);
          return {
            id: point.id,
            vector: { [DENSE]: point.vector, [KEYWORDS]: sparseVector(point.text, { query: false }) },
            payload: { text: point.text, document_id: point.documentId, chunk_index: point.chunkIndex, metadata: point.metadata },
          };
        }),
      });
    }
  }

  async deleteWhere(name: string, filter: VectorFilter): Promise<void> {
    if (!(await this.client.collectionExists(name)).exists) return;
    await this.client.delete(name, { wait: true, filter: filterOf(filter) ?? { must: [] } });
  }

  async scroll(name: string, options: { filter?: VectorFilter | undefined; limit: number }): Promise<StoredPoint[]> {
    const response = await this.client.scroll(name, { filter: filterOf(options.filter), limit: options.limit, with_payload: true, with_vector: false });
    return response.points.map(toStored);
  }

  async count(name: string, filter?: VectorFilter): Promise<number> {
    return (await this.client.count(name, { filter: filterOf(filter), exact: true })).count;
  }

  async search(name: string, vector: number[], options: SearchOptions): Promise<ScoredPoint[]> {
    const response = await this.client.query(name, { query: vector, using: DENSE, filter: filterOf(options.filter), limit: options.topK, with_payload: true });
    return response.points.map((point) => ({ ...toStored(point), score: point.score }));
  }

  async keywordSearch(name: string, query: string, options: SearchOptions): Promise<ScoredPoint[]> {
    const sparse = sparseVector(query, { query: true });
    if (sparse.indices.length === 0) return [];
    const response = await this.client.query(name, { query: sparse, using: KEYWORDS, filter: filterOf(options.filter), limit: options.topK, with_payload: true });
    return response.points.map((point) => ({ ...toStored(point), score: point.score }));
  }

  async hybridSearch(name: string, vector: number[], query: string, options: HybridOptions): Promise<ScoredPoint[]> {
    const filter = filterOf(options.filter);
    const limit = candidateCount(options.topK);
    const sparse = sparseVector(query, { query: true });
    const weight = options.semanticWeight;
    // Both lists first: the keyword scores are divided by the best one (fusion.ts), a constant the
    // server-side formula then uses.
    const [dense, keywords] = await this.client.queryBatch(name, {
      searches: [
        { query: vector, using: DENSE, filter, limit, with_payload: false },
        { query: sparse, using: KEYWORDS, filter, limit, with_payload: false },
      ],
    });
    const best = keywords!.points[0]?.score ?? 0;
    const prefetch = [
      { query: vector, using: DENSE, filter, limit },
      { query: sparse, using: KEYWORDS, filter, limit },
    ];
    // w · max(semantic, 0) + (1 − w) · keyword / best; a point missing from a prefetch scores 0 there.
    const formula = {
      sum: [
        { mult: [weight, { div: { left: { sum: ['$score[0]', { abs: '$score[0]' }] }, right: 2 } }] },
        { mult: [1 - weight, { div: { left: '$score[1]', right: best > 0 ? best : 1, by_zero_default: 0 } }] },
      ],
    };
    const fused = await this.client.query(name, { prefetch, query: { formula, defaults: { '$score[0]': 0, '$score[1]': 0 } }, filter, limit: options.topK, with_payload: true });
    const semanticById = new Map(dense!.points.map((point) => [String(point.id), normaliseSemanticScore(point.score)]));
    const keywordById = new Map(keywords!.points.map((point) => [String(point.id), normaliseKeywordScore(point.score, best)]));
    return fused.points.map((point) => ({
      ...toStored(point),
      score: point.score,
      semanticScore: semanticById.get(String(point.id)) ?? 0,
      keywordScore: keywordById.get(String(point.id)) ?? 0,
    }));
  }

  async close(): Promise<void> {}
}
