// Shapes that cross the Temporal boundary for embedding-aware semantic chunking. The document
// travels as its blob id; the answer carries chunk spans, and the MCP layer adds their texts.
import type { TokenizerName } from '../models/model-entry.ts';
import type { WaitedJob } from '../jobs/types.ts';
import type { EmbeddingTarget } from '../knowledge/job-types.ts';

export interface SemanticChunkingInput extends WaitedJob {
  documentId: string;
  embedding: EmbeddingTarget;
  chunkSize: number;
  chunkOverlap: number;
  /** Absent: o200k_base. */
  tokenizer?: TokenizerName;
  /** Which tool asked, for the usage ledger. */
  tool: string;
}

export interface ChunkSpan {
  index: number;
  start: number;
  end: number;
  tokens: number;
}

export interface SemanticChunkingResult {
  job_id: string;
  document_id: string;
  chunks: ChunkSpan[];
  total_tokens: number;
  tokenizer: TokenizerName;
  /** Sentences compared; sent to the provider are `embedded` of them (the rest came from the cache). */
  sentences: number;
  embedded: number;
  embedding_model: string;
  usage: { input_tokens: number };
  cost_usd: number;
}
