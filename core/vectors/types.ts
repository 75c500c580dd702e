// The one vector-store interface behind knowledge bases and the semantic cache. LanceDB (embedded)
// and Qdrant (at scale) implement it; everything above speaks only these shapes, so a filter, a
// hybrid weight or a collection name means the same on both.

export type MetadataValue = string | number | boolean;
export type FieldType = 'string' | 'number' | 'boolean';

/** Fields every point has, filterable like metadata. */
export const BUILT_IN_FIELDS: Record<string, FieldType> = { document_id: 'string', chunk_index: 'number' };

export interface VectorPoint {
  /** A UUID (Qdrant accepts only UUIDs or unsigned integers); see pointId(). */
  id: string;
  vector: number[];
  text: string;
  documentId: string;
  chunkIndex: number;
  metadata: Record<string, MetadataValue>;
}

export type StoredPoint = Omit<VectorPoint, 'vector'>;

export interface ScoredPoint extends StoredPoint {
  score: number;
  /** Hybrid search: cosine similarity of the point to the query. */
  semanticScore?: number;
  /** Hybrid search: keyword relevance normalised to [0, 1). */
  keywordScore?: number;
}

export type FieldMatch = { equals: MetadataValue } | { in: MetadataValue[] } | { range: { gt?: number; gte?: number; lt?: number; lte?: number } };

/** One condition on a built-in field or a metadata field, with that field's type. */
export interface FieldCondition {
  field: string;
  type: FieldType;
  match: FieldMatch;
}

/** Every condition must hold. */
export type VectorFilter = FieldCondition[];

export interface SearchOptions {
  topK: number;
  filter?: VectorFilter | undefined;
}

export interface HybridOptions extends SearchOptions {
  /** 1: semantic similarity only; 0: keyword relevance only. */
  semanticWeight: number;
}

/** What index upkeep did to a collection. */
export interface CollectionMaintenance {
  rows: number;
  /** none: below the threshold; built: first index; rebuilt: trained again after growth; updated: new rows folded in. */
  index: 'none' | 'built' | 'rebuilt' | 'updated';
  index_type?: string;
  partitions?: number;
  unindexed_rows: number;
}

export interface VectorStore {
  readonly kind: 'lancedb' | 'qdrant';
  /** Creates the collection, or does nothing when it exists with the same dimension. */
  createCollection(name: string, dimension: number): Promise<void>;
  /** The collection's vector dimension and point count, or undefined when it does not exist. */
  describeCollection(name: string): Promise<{ dimension: number; count: number } | undefined>;
  listCollections(): Promise<string[]>;
  /** true when something was dropped. */
  dropCollection(name: string): Promise<boolean>;
  /** Makes metadata fields filterable (columns, payload indexes); a field keeps its first type. */
  ensureFields(name: string, fields: Record<string, FieldType>): Promise<void>;
  /** Inserts or replaces points by id. */
  upsert(name: string, points: VectorPoint[]): Promise<void>;
  deleteWhere(name: string, filter: VectorFilter): Promise<void>;
  /** Points matching a filter, without vectors, in no particular order. */
  scroll(name: string, options: { filter?: VectorFilter | undefined; limit: number }): Promise<StoredPoint[]>;
  count(name: string, filter?: VectorFilter): Promise<number>;
  /** Nearest points by cosine similarity (score = similarity, 1 at best). */
  search(name: string, vector: number[], options: SearchOptions): Promise<ScoredPoint[]>;
  /** Points ranked by keyword relevance (BM25-style score, higher is better). */
  keywordSearch(name: string, query: string, options: SearchOptions): Promise<ScoredPoint[]>;
  /** Semantic and keyword relevance fused as described in fusion.ts. */
  hybridSearch(name: string, vector: number[], query: string, options: HybridOptions): Promise<ScoredPoint[]>;
  /** Index upkeep after writes, for stores that leave it to the caller (Qdrant indexes by itself). */
  maintainCollection?(name: string, options?: { oldVersionRetentionMs?: number }): Promise<CollectionMaintenance | undefined>;
  close(): Promise<void>;
}

export const COLLECTION_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,79}$/;

export class VectorStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VectorStoreError';
  }
}

/** Collection names reach file paths (LanceDB) and URLs (Qdrant): only a safe alphabet passes. */
export function assertCollectionName(name: string): void {
  if (!COLLECTION_NAME_PATTERN.test(name)) throw new VectorStoreError(`collection name "${name}" must match ${COLLECTION_NAME_PATTERN.source}`);
}

export function assertDimension(collection: string, expected: number, vector: ArrayLike<number>): void {
  if (vector.length !== expected) {
    throw new VectorStoreError(`${collection} holds vectors of dimension ${expected}, got one of dimension ${vector.length}: the embedding model changed; use a new knowledge base for it`);
  }
}
