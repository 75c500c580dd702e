// Knowledge bases and what each one is: its embedding model, vector dimension and the types of its
// metadata fields. Kept in the vector store itself (one record per knowledge base in a catalog
// collection), so every process and host that shares the store shares the catalogue.
import { pointId } from '../vectors/point-id.ts';
import { VectorStoreError, type FieldType, type VectorStore } from '../vectors/types.ts';
import type { ProviderId } from '../providers/types.ts';

export const KNOWLEDGE_BASE_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;
export const CATALOG_COLLECTION = 'catalog';

export interface KnowledgeBaseRecord {
  name: string;
  description: string;
  embeddingProvider: ProviderId;
  embeddingModel: string;
  /** 0 until the first document is embedded. */
  dimension: number;
  /** Metadata field → its type, fixed by the first value seen. */
  fields: Record<string, FieldType>;
  createdAt: string;
}

/** The collection of a knowledge base's chunks: namespaced so no name can collide with the catalogue or the cache. */
export function collectionOf(name: string): string {
  return `kb-${name}`;
}

export function knowledgeBaseNameProblem(name: string): string | undefined {
  return KNOWLEDGE_BASE_NAME_PATTERN.test(name) ? undefined : `knowledge base name "${name}" must match ${KNOWLEDGE_BASE_NAME_PATTERN.source} (lower-case letters, digits, "_" and "-", at most 64)`;
}

export class KnowledgeCatalog {
  private created: Promise<void> | undefined;

  constructor(private readonly store: VectorStore) {}

  private ready(): Promise<void> {
    this.created ??= this.store.createCollection(CATALOG_COLLECTION, 1).catch((error: unknown) => {
      this.created = undefined;
      throw error;
    });
    return this.created;
  }

  async get(name: string): Promise<KnowledgeBaseRecord | undefined> {
    await this.ready();
    const [point] = await this.store.scroll(CATALOG_COLLECTION, { filter: [{ field: 'document_id', type: 'string', match: { equals: name } }], limit: 1 });
    return point ? (JSON.parse(point.text) as KnowledgeBaseRecord) : undefined;
  }

  async list(): Promise<KnowledgeBaseRecord[]> {
    await this.ready();
    const points = await this.store.scroll(CATALOG_COLLECTION, { limit: 10_000 });
    return points.map((point) => JSON.parse(point.text) as KnowledgeBaseRecord).sort((left, right) => left.name.localeCompare(right.name));
  }

  async put(record: KnowledgeBaseRecord): Promise<void> {
    const problem = knowledgeBaseNameProblem(record.name);
    if (problem) throw new VectorStoreError(problem);
    await this.ready();
    await this.store.upsert(CATALOG_COLLECTION, [{ id: pointId(CATALOG_COLLECTION, record.name), vector: [1], text: JSON.stringify(record), documentId: record.name, chunkIndex: 0, metadata: {} }]);
  }

  async remove(name: string): Promise<void> {
    await this.ready();
    await this.store.deleteWhere(CATALOG_COLLECTION, [{ field: 'document_id', type: 'string', match: { equals: name } }]);
  }
}
