// Shapes of the document jobs that cross the Temporal boundary. Documents travel as ids and chunk
// offsets; only model answers (partial summaries, entities, pairs) travel as text.
import type { ChunkStrategy } from '../chunking/chunk-document.ts';
import type { WaitedJob } from './types.ts';
import type { SummaryFormat } from '../documents/document-prompts.ts';
import type { ExtractedEntity, QaPair } from '../documents/parse-document-answers.ts';
import type { TokenizerName } from '../models/model-entry.ts';
import type { ProviderId } from '../providers/types.ts';
import type { ExtractionJobInput as JsonExtractionJobInput } from '../extraction/types.ts';
import type { ModelTarget, ProviderCallResult, RequestCachePolicy } from './types.ts';

/** A chunk of a stored document: offsets into it, never its text. */
export interface ChunkSpan {
  index: number;
  start: number;
  end: number;
  tokens: number;
  heading_path?: string[];
}

export interface ChunkPlanInput {
  documentId: string;
  strategy: ChunkStrategy;
  chunkSize: number;
  chunkOverlap: number;
  tokenizer: TokenizerName | null;
}

export interface ChunkPlan {
  chunks: ChunkSpan[];
  total_tokens: number;
  tokenizer: TokenizerName;
}

export type DocumentTask =
  | { kind: 'summary_whole'; format: SummaryFormat; maxWords?: number; focus?: string }
  | { kind: 'summary_chunk'; index: number; count: number; focus?: string }
  | { kind: 'summary_reduce'; partials: string[]; final: boolean; format: SummaryFormat; maxWords?: number; focus?: string }
  | { kind: 'entities'; entityTypes?: string[] }
  | { kind: 'qa_pairs'; count: number };

export interface DocumentCallInput {
  documentId: string;
  /** The part of the document the task reads; absent for reductions, which read `partials`. */
  span?: { start: number; end: number; tokens: number };
  task: DocumentTask;
  provider: ProviderId;
  model: string;
  tool: string;
  cache?: RequestCachePolicy;
  temperature?: number;
}

export interface DocumentCallResult extends ProviderCallResult {
  entities?: ExtractedEntity[];
  qa_pairs?: QaPair[];
  /** The answer could not be read as the JSON the task asked for. */
  unreadable?: string;
}

/** One call of a fan-out, by its place (`slot`) in the fan-out's list of calls. */
export interface LaneCall extends Pick<DocumentCallInput, 'span' | 'task'> {
  slot: number;
}

/** A lane: calls made back to back on one model, each finished one reported to the job at once. */
export interface DocumentLaneInput extends Omit<DocumentCallInput, 'span' | 'task'> {
  /** Which fan-out of the job the calls belong to (a job fans out once per round). */
  fanOut: number;
  calls: LaneCall[];
}

/** A finished call of a lane, sent to the job as the `documentCallDone` signal. */
export interface LaneCallDone {
  fanOut: number;
  slot: number;
  result: DocumentCallResult;
}

/** What a lane returns: its last call (the others were signalled), or the first one when it cannot signal. */
export interface DocumentLaneResult {
  slot: number;
  result: DocumentCallResult;
}

export interface DocumentJobBase {
  documentId: string;
  targets: ModelTarget[];
  tool: string;
  strategy: ChunkStrategy;
  chunkSize: number;
  chunkOverlap: number;
  tokenizer: TokenizerName | null;
  maxConcurrency: number;
  cache?: RequestCachePolicy;
  temperature?: number;
  /** The chunks, when the caller planned them before the start (the workflow plans them otherwise). */
  plan?: ChunkPlan;
}

export interface SummarizeJobInput extends DocumentJobBase, WaitedJob {
  format: SummaryFormat;
  maxWords?: number;
  focus?: string;
  /** A document of at most this many tokens is summarised in one call. */
  singleCallTokens: number;
}

export interface ExtractionJobInput extends DocumentJobBase, WaitedJob {
  kind: 'entities' | 'qa_pairs';
  entityTypes?: string[];
  numPairs?: number;
}

export interface DocumentUsage {
  input_tokens: number;
  output_tokens: number;
  total_tokens: number;
}

export interface DocumentJobTotals {
  document_id: string;
  job_id: string;
  chunks: number;
  usage: DocumentUsage;
  cost_usd: number;
  latency_ms: number;
  /** Every provider/model that answered a part of the job. */
  models: string[];
}

export interface SummarizeJobResult extends DocumentJobTotals {
  summary: string;
  /** Rounds of calls: the map over chunks, then each round of reduction (1 when one call sufficed). */
  rounds: number;
}

export interface EntitiesJobResult extends DocumentJobTotals {
  entities: ExtractedEntity[];
  unreadable_chunks: number;
}

export interface QaJobResult extends DocumentJobTotals {
  qa_pairs: QaPair[];
  unreadable_chunks: number;
}

export const BATCH_OPERATIONS = ['summarize', 'extract_entities', 'generate_qa_pairs', 'extract_json', 'chunk'] as const;
export type BatchOperation = (typeof BATCH_OPERATIONS)[number];

export interface BatchItem {
  id: string;
  documentId?: string;
  /** Refused before the job started (empty, oversized, unknown document_id). */
  error?: string;
}

export interface BatchJobInput extends WaitedJob {
  operation: BatchOperation;
  items: BatchItem[];
  /** The per-document job, without its document. */
  summarize?: Omit<SummarizeJobInput, 'documentId'>;
  extraction?: Omit<ExtractionJobInput, 'documentId'>;
  chunking?: Omit<ChunkPlanInput, 'documentId'>;
  extractJson?: Omit<JsonExtractionJobInput, 'documentId'>;
  maxConcurrency: number;
}

export interface BatchItemResult {
  id: string;
  document_id?: string;
  ok: boolean;
  result?: object;
  error?: string;
}

export interface BatchJobResult {
  job_id: string;
  operation: BatchOperation;
  succeeded: number;
  failed: number;
  results: BatchItemResult[];
}
