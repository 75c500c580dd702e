// Shapes that cross the Temporal boundary for knowledge-base work: ingestion, search and RAG.
// Plain JSON; chunk texts travel as blob ids, never as workflow payloads.
import type { ChunkStrategy } from '../chunking/chunk-document.ts';
import type { WaitedJob } from '../jobs/types.ts';
import type { CallPolicy, CompletionRequest, FallbackReport, ModelTarget, UsageSummary } from '../jobs/types.ts';
import type { ProviderId } from '../providers/types.ts';
import type { FieldType, MetadataValue, VectorFilter } from '../vectors/types.ts';

export interface EmbeddingTarget {
  provider: ProviderId;
  model: string;
  policy: CallPolicy;
}

export interface KnowledgeBaseRef {
  name: string;
  collection: string;
  embedding: EmbeddingTarget;
  /** Every metadata field of the knowledge base with its type (made filterable in the store). */
  fields: Record<string, FieldType>;
}

export interface IngestDocument {
  /** The caller's id, or the document_id of the text when none was given: the document's identity. */
  key: string;
  /** Content-addressed blob of the text. */
  documentId: string;
  metadata: Record<string, MetadataValue>;
}

export interface ChunkingSettings {
  strategy: ChunkStrategy;
  chunkSize: number;
  chunkOverlap: number;
}

export interface AddDocumentsInput extends WaitedJob {
  knowledgeBase: KnowledgeBaseRef;
  documents: IngestDocument[];
  chunking: ChunkingSettings;
  tool: string;
}

export interface PlannedDocument {
  key: string;
  /** The document's text, chunking and metadata unchanged since it was last added completely. */
  unchanged: boolean;
  /** The document was in the knowledge base before (with other content or settings). */
  existed: boolean;
  chunkCount: number;
  /** Blob holding the chunk texts (JSON). */
  chunksBlobId: string;
  version: string;
}

export interface EmbedBatchInput {
  knowledgeBase: KnowledgeBaseRef;
  document: IngestDocument;
  plan: PlannedDocument;
  start: number;
  end: number;
  tool: string;
}

export interface EmbedBatchResult {
  embedded: number;
  inputTokens: number;
  costUsd: number;
}

export interface IngestedDocument {
  id: string;
  document_id: string;
  chunks: number;
  status: 'added' | 'replaced' | 'unchanged';
}

export interface AddDocumentsResult {
  job_id: string;
  knowledge_base: string;
  documents: IngestedDocument[];
  chunks: number;
  embedded: number;
  skipped: number;
  usage: { input_tokens: number };
  cost_usd: number;
}

export type SearchMode = 'semantic' | 'hybrid';

export interface KnowledgeSearchInput extends WaitedJob {
  knowledgeBase: KnowledgeBaseRef;
  query: string;
  mode: SearchMode;
  topK: number;
  filter?: VectorFilter | undefined;
  minScore?: number | undefined;
  semanticWeight?: number | undefined;
  tool: string;
}

export interface KnowledgeHit {
  id: string;
  document_id: string;
  chunk_index: number;
  text: string;
  score: number;
  semantic_score?: number;
  keyword_score?: number;
  metadata: Record<string, MetadataValue>;
}

export interface KnowledgeSearchResult {
  job_id: string;
  results: KnowledgeHit[];
  usage: { input_tokens: number };
  cost_usd: number;
}

export interface RagInput extends WaitedJob {
  search: KnowledgeSearchInput;
  request: CompletionRequest;
  targets: ModelTarget[];
  /** local (default): for callers that wait; regular: for background jobs. */
  activity?: 'local' | 'regular';
}

export interface RagResult {
  job_id: string;
  answer: string;
  sources: Array<{ id: string; document_id: string; score: number }>;
  retrieved: number;
  provider: ProviderId;
  model: string;
  usage: UsageSummary;
  cost_usd: number;
  fallback?: FallbackReport;
}
