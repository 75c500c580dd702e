// The embedded vector store: one LanceDB table per collection under DATA_DIR/vectors, cosine
// distance, a full-text (BM25) index on the chunk text for keyword search, metadata in typed
// columns so filters run inside LanceDB. Writes to a table are serialised in this process and
// retried when another process committed first; upserts that queue behind a write are committed
// together, so many small writers (the semantic cache) make one table version, not one each.
// LanceDB's index and metadata caches are bounded (VECTOR_CACHE_MB); its defaults allow 7 GB.
import * as lancedb from '@lancedb/lancedb';
import { cosineSimilarity } from './cosine-similarity.ts';
import { Field, FixedSizeList, Float32, Int32, Schema, Utf8 } from 'apache-arrow';
import { candidateCount, fuse, normaliseKeywordScore, normaliseSemanticScore } from './fusion.ts';
import { filterToSql, metadataColumn } from './lance-filter.ts';
import { DEFAULT_INDEX_POLICY, maintainTable, replaceVectorIndex, type IndexPolicy, type VectorIndexSpec } from './lance-index.ts';
import { DEFAULT_SEARCH_TUNING, nearestForMany, tunedQuery, type LanceSearchTuning, type SearchPlan } from './lance-search.ts';
import { SearchBatcher } from './search-batcher.ts';
import { assertCollectionName, assertDimension, VectorStoreError, type CollectionMaintenance, type FieldType, type HybridOptions, type ScoredPoint, type SearchOptions, type StoredPoint, type VectorFilter, type VectorPoint, type VectorStore } from './types.ts';

const SQL_TYPES: Record<FieldType, string> = { string: 'STRING', number: 'DOUBLE', boolean: 'BOOLEAN' };
const STORED_COLUMNS = ['id', 'text', 'document_id', 'chunk_index', 'metadata'];
/** Opening attempts for a table still being created (about 5 s in all). */
const OPEN_ATTEMPTS = 20;
const WRITE_ATTEMPTS = 5;
/** Points one merged upsert carries at most; later callers start the next one. */
const MAX_POINTS_PER_COMMIT = 4_096;
/** Share of the cache budget for index data; the rest holds file metadata. */
const INDEX_CACHE_SHARE = 0.75;
export const DEFAULT_CACHE_BYTES = 256 * 1024 * 1024;

export interface LanceStoreOptions {
  tuning?: LanceSearchTuning;
  indexPolicy?: Partial<IndexPolicy>;
  /** Memory for LanceDB's index and metadata caches. */
  cacheBytes?: number;
}

/** Upserts waiting for the same commit; each caller learns its own outcome. */
interface PendingUpsert {
  callers: Array<{ points: VectorPoint[]; resolve: () => void; reject: (error: unknown) => void }>;
  size: number;
}

type Row = Record<string, unknown>;

export type { LanceSearchTuning } from './lance-search.ts';

function toStored(row: Row): StoredPoint {
  return {
    id: String(row.id),
    text: String(row.text),
    documentId: String(row.document_id),
    chunkIndex: Number(row.chunk_index),
    metadata: JSON.parse(String(row.metadata ?? '{}')) as StoredPoint['metadata'],
  };
}


export class LanceVectorStore implements VectorStore {
  readonly kind = 'lancedb' as const;
  private readonly tables = new Map<string, Promise<lancedb.Table>>();
  private readonly writes = new Map<string, Promise<unknown>>();
  private readonly ftsReady = new Set<string>();
  /** Per table: the upsert that has not started yet, which new upserts join. */
  private readonly openUpserts = new Map<string, PendingUpsert>();
  private readonly batcher: SearchBatcher<SearchPlan, number[], Row[]>;

  private constructor(
    private readonly connection: lancedb.Connection,
    private readonly tuning: LanceSearchTuning,
    private readonly indexPolicy: IndexPolicy,
  ) {
    this.batcher = new SearchBatcher({ maxBatch: tuning.maxBatch ?? 1, maxInFlight: tuning.maxInFlight ?? 1, run: (plan, vectors) => this.searchMany(plan, vectors) });
  }

  /** Every read sees other processes' latest commits (readConsistencyInterval 0). */
  static async open(directory: string, options: LanceStoreOptions = {}): Promise<LanceVectorStore> {
    const cacheBytes = options.cacheBytes ?? DEFAULT_CACHE_BYTES;
    const indexBytes = Math.floor(cacheBytes * INDEX_CACHE_SHARE);
    const session = new lancedb.Session(BigInt(indexBytes), BigInt(cacheBytes - indexBytes));
    const connection = await lancedb.connect(directory, { readConsistencyInterval: 0, session });
    return new LanceVectorStore(connection, { ...DEFAULT_SEARCH_TUNING, ...options.tuning }, { ...DEFAULT_INDEX_POLICY, ...options.indexPolicy });
  }

  private async table(name: string): Promise<lancedb.Table | undefined> {
    assertCollectionName(name);
    const open = this.tables.get(name);
    if (open) return open;
    if (!(await this.connection.tableNames()).includes(name)) return undefined;
    const opening = this.openWhenReady(name);
    this.tables.set(name, opening);
    opening.catch(() => this.tables.delete(name));
    return opening;
  }

  /** A table that another caller is creating right now is listed before it can be opened: wait for it. */
  private async openWhenReady(name: string): Promise<lancedb.Table> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.connection.openTable(name);
      } catch (error) {
        if (attempt >= OPEN_ATTEMPTS || !/could not be loaded|not found/i.test(String((error as Error).message))) throw error;
        await new Promise((resolve) => setTimeout(resolve, 25 * attempt));
      }
    }
  }

  private async requireTable(name: string): Promise<lancedb.Table> {
    const table = await this.table(name);
    if (!table) throw new VectorStoreError(`collection "${name}" does not exist`);
    return table;
  }

  /** One write at a time per table in this process; commit conflicts with other processes are retried. */
  private write<T>(name: string, work: () => Promise<T>): Promise<T> {
    const previous = this.writes.get(name) ?? Promise.resolve();
    const next = previous.then(async () => {
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await work();
        } catch (error) {
          const message = String((error as Error).message);
          if (attempt >= WRITE_ATTEMPTS || !/conflict|retryable|concurrent/i.test(message)) throw error;
          await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
        }
      }
    });
    this.writes.set(name, next.catch(() => undefined));
    return next;
  }

  async createCollection(name: string, dimension: number): Promise<void> {
    assertCollectionName(name);
    const existing = await this.describeCollection(name);
    if (existing) {
      if (existing.dimension !== dimension) assertDimension(name, existing.dimension, { length: dimension });
      return;
    }
    const schema = new Schema([
      new Field('id', new Utf8(), false),
      new Field('vector', new FixedSizeList(dimension, new Field('item', new Float32(), true)), false),
      new Field('text', new Utf8(), false),
      new Field('document_id', new Utf8(), false),
      new Field('chunk_index', new Int32(), false),
      new Field('metadata', new Utf8(), false),
    ]);
    // Parallel ingestion activities create the same table at once: the loser's commit conflict is
    // retried by write(), and then finds the table there.
    await this.write(name, async () => {
      try {
        await this.connection.createEmptyTable(name, schema, { existOk: true });
      } catch (error) {
        if (!/already exists/i.test(String((error as Error).message))) throw error;
      }
    });
    this.tables.delete(name);
  }

  async describeCollection(name: string): Promise<{ dimension: number; count: number } | undefined> {
    const table = await this.table(name);
    if (!table) return undefined;
    const vector = (await table.schema()).fields.find((field) => field.name === 'vector');
    return { dimension: (vector?.type as FixedSizeList).listSize, count: await table.countRows() };
  }

  async listCollections(): Promise<string[]> {
    return this.connection.tableNames();
  }

  async dropCollection(name: string): Promise<boolean> {
    if (!(await this.table(name))) return false;
    this.tables.delete(name);
    this.ftsReady.delete(name);
    await this.connection.dropTable(name);
    return true;
  }

  async ensureFields(name: string, fields: Record<string, FieldType>): Promise<void> {
    const table = await this.requireTable(name);
    await this.write(name, async () => {
      // Another process may add the same columns at the same moment: a column that "already exists"
      // is what was wanted, so look again and add only what is still missing.
      for (let attempt = 1; ; attempt += 1) {
        const present = new Set((await table.schema()).fields.map((field) => field.name));
        const missing = Object.entries(fields).filter(([field]) => !present.has(metadataColumn(field)));
        if (missing.length === 0) return;
        try {
          await table.addColumns(missing.map(([field, type]) => ({ name: metadataColumn(field), valueSql: `CAST(NULL AS ${SQL_TYPES[type]})` })));
          return;
        } catch (error) {
          if (attempt >= 3 || !/already exists/i.test(String((error as Error).message))) throw error;
        }
      }
    });
  }

  async upsert(name: string, points: VectorPoint[]): Promise<void> {
    if (points.length === 0) return;
    const table = await this.requireTable(name);
    await new Promise<void>((resolve, reject) => {
      let pending = this.openUpserts.get(name);
      if (!pending || pending.size >= MAX_POINTS_PER_COMMIT) {
        const created: PendingUpsert = { callers: [], size: 0 };
        this.openUpserts.set(name, created);
        // Settles each caller itself; a failure of the whole commit reaches every caller there.
        void this.write(name, async () => {
          if (this.openUpserts.get(name) === created) this.openUpserts.delete(name);
          await this.commitUpserts(name, table, created);
        }).catch((error: unknown) => created.callers.forEach((caller) => caller.reject(error)));
        pending = created;
      }
      pending.callers.push({ points, resolve, reject });
      pending.size += points.length;
    });
    await this.ensureFullTextIndex(name, table);
  }

  /** One merge for every waiting caller whose vectors have the table's dimension (the others fail alone); the last write of an id wins. */
  private async commitUpserts(name: string, table: lancedb.Table, pending: PendingUpsert): Promise<void> {
    const schema = await table.schema();
    const dimension = (schema.fields.find((field) => field.name === 'vector')!.type as FixedSizeList).listSize;
    const metadataColumns = schema.fields.map((field) => field.name).filter((column) => column.startsWith('m_'));
    const accepted = pending.callers.filter((caller) => {
      try {
        for (const point of caller.points) assertDimension(name, dimension, point.vector);
        return true;
      } catch (error) {
        caller.reject(error);
        return false;
      }
    });
    const rows = new Map<string, Row>();
    for (const point of accepted.flatMap((caller) => caller.points)) {
      const row: Row = { id: point.id, vector: point.vector, text: point.text, document_id: point.documentId, chunk_index: point.chunkIndex, metadata: JSON.stringify(point.metadata) };
      for (const column of metadataColumns) row[column] = point.metadata[column.slice(2)] ?? null;
      rows.set(point.id, row);
    }
    if (rows.size > 0) await table.mergeInsert('id').whenMatchedUpdateAll().whenNotMatchedInsertAll().execute(lancedb.makeArrowTable([...rows.values()], { schema }));
    for (const caller of accepted) caller.resolve();
  }

  private async ensureFullTextIndex(name: string, table: lancedb.Table): Promise<void> {
    if (this.ftsReady.has(name)) return;
    const indices = await table.listIndices();
    if (!indices.some((index) => index.columns.includes('text') && /fts|inverted/i.test(index.indexType))) {
      await this.write(name, () => table.createIndex('text', { config: lancedb.Index.fts({ withPosition: false }), replace: false })).catch((error: unknown) => {
        if (!/already exists/i.test(String((error as Error).message))) throw error;
      });
    }
    this.ftsReady.add(name);
  }

  async deleteWhere(name: string, filter: VectorFilter): Promise<void> {
    const table = await this.table(name);
    if (!table) return;
    await this.write(name, () => table.delete(filterToSql(filter) ?? 'TRUE'));
  }

  async scroll(name: string, options: { filter?: VectorFilter | undefined; limit: number }): Promise<StoredPoint[]> {
    const table = await this.requireTable(name);
    let query = table.query().select(STORED_COLUMNS).limit(options.limit);
    const where = filterToSql(options.filter);
    if (where) query = query.where(where);
    return (await query.toArray()).map(toStored);
  }

  async count(name: string, filter?: VectorFilter): Promise<number> {
    const table = await this.requireTable(name);
    return table.countRows(filterToSql(filter));
  }

  private vectorQuery(table: lancedb.Table, vector: number[], limit: number, filter: VectorFilter | undefined, columns: string[]) {
    return tunedQuery(table.vectorSearch(vector), { limit, where: filterToSql(filter), columns }, this.tuning);
  }

  private searchMany(plan: SearchPlan, vectors: number[][]): Promise<Row[][]> {
    return this.requireTable(plan.name).then((table) => nearestForMany(table, plan, vectors, this.tuning));
  }

  /** Concurrent searches of the same shape on one table travel together (see search-batcher.ts). */
  private nearestRows(name: string, vector: number[], limit: number, filter: VectorFilter | undefined, columns: string[]): Promise<Row[]> {
    assertCollectionName(name);
    const where = filterToSql(filter);
    const key = JSON.stringify([name, vector.length, limit, where ?? null, columns]);
    return this.batcher.search(key, { name, limit, where, columns }, vector);
  }

  async search(name: string, vector: number[], options: SearchOptions): Promise<ScoredPoint[]> {
    const rows = await this.nearestRows(name, vector, options.topK, options.filter, STORED_COLUMNS);
    return rows.map((row: Row) => ({ ...toStored(row), score: 1 - Number(row._distance) }));
  }

  private async keywordRows(table: lancedb.Table, query: string, limit: number, filter: VectorFilter | undefined, columns: string[]): Promise<Row[]> {
    if (query.trim().length === 0) return [];
    let search = table.query().fullTextSearch(query, { columns: ['text'] }).select([...columns, '_score']).limit(limit);
    const where = filterToSql(filter);
    if (where) search = search.where(where);
    const rows = (await search.toArray()) as Row[];
    return rows.sort((left, right) => Number(right._score) - Number(left._score));
  }

  async keywordSearch(name: string, query: string, options: SearchOptions): Promise<ScoredPoint[]> {
    const table = await this.requireTable(name);
    await this.ensureFullTextIndex(name, table);
    return (await this.keywordRows(table, query, options.topK, options.filter, STORED_COLUMNS)).map((row) => ({ ...toStored(row), score: Number(row._score) }));
  }

  async hybridSearch(name: string, vector: number[], query: string, options: HybridOptions): Promise<ScoredPoint[]> {
    const table = await this.requireTable(name);
    await this.ensureFullTextIndex(name, table);
    const limit = candidateCount(options.topK);
    const [semantic, keyword] = await Promise.all([
      this.vectorQuery(table, vector, limit, options.filter, STORED_COLUMNS).toArray() as Promise<Row[]>,
      this.keywordRows(table, query, limit, options.filter, [...STORED_COLUMNS, 'vector']),
    ]);
    const candidates = new Map<string, { row: Row; semantic: number; keyword: number }>();
    for (const row of semantic) candidates.set(String(row.id), { row, semantic: 1 - Number(row._distance), keyword: 0 });
    const best = Number(keyword[0]?._score ?? 0);
    for (const row of keyword) {
      const id = String(row.id);
      const found = candidates.get(id);
      const keywordScore = normaliseKeywordScore(Number(row._score), best);
      if (found) found.keyword = keywordScore;
      else candidates.set(id, { row, semantic: cosineSimilarity(vector, Array.from(row.vector as ArrayLike<number>)), keyword: keywordScore });
    }
    return [...candidates.values()]
      .map(({ row, semantic: similarity, keyword: keywordScore }) => {
        const semanticScore = normaliseSemanticScore(similarity);
        return { ...toStored(row), score: fuse(semanticScore, keywordScore, options.semanticWeight), semanticScore, keywordScore };
      })
      .sort((left, right) => right.score - left.score)
      .slice(0, options.topK);
  }

  /** Builds (or replaces) an ANN index of the given kind; searches are exact scans until one exists. */
  async buildVectorIndex(name: string, spec: VectorIndexSpec): Promise<void> {
    const table = await this.requireTable(name);
    await this.write(name, async () => replaceVectorIndex(table, spec, await table.countRows()));
  }

  /** Index upkeep after writes (see lance-index.ts); searches go on against the previous version meanwhile. */
  async maintainCollection(name: string, options: { oldVersionRetentionMs?: number } = {}): Promise<CollectionMaintenance | undefined> {
    const table = await this.table(name);
    if (!table) return undefined;
    return this.write(name, () => maintainTable(table, { ...this.indexPolicy, ...options }));
  }

  async close(): Promise<void> {
    await Promise.all([...this.writes.values()]);
    for (const opening of this.tables.values()) (await opening.catch(() => undefined))?.close();
    this.tables.clear();
    this.connection.close();
  }
}
