// Shapes of an extraction job as they cross the Temporal boundary. Exported here so other workflows
// (a batch over many documents) can run extraction as a child workflow with the same contract.
import type { CompletionJobInput, ModelTarget, RequestCachePolicy, UsageSummary } from '../jobs/types.ts';
import type { WaitedJob } from '../jobs/types.ts';
import type { ProviderId } from '../providers/types.ts';

/** What the model is asked to produce; each task has its own prompt and answer checks. */
export type ExtractionTask = 'json' | 'table' | 'key_value_pairs' | 'schema';

export interface ExtractionSpec {
  task: ExtractionTask;
  /** JSON Schema the answer must satisfy; absent: any JSON value. */
  schema?: Record<string, unknown> | undefined;
  instructions?: string | undefined;
}

export interface ExtractionJobInput extends ExtractionSpec, WaitedJob {
  /** The text lives in the blob store; the workflow carries only its id. */
  documentId: string;
  targets: ModelTarget[];
  /** Calls allowed in all: the first answer plus repairs. */
  maxAttempts: number;
  tool: string;
  maxTokens?: number | undefined;
  temperature?: number | undefined;
  cache?: RequestCachePolicy | undefined;
  activity?: CompletionJobInput['activity'];
}

/** The answer an earlier attempt gave and what was wrong with it, for the repair prompt. */
export interface RejectedAnswer {
  answer: string;
  errors: string[];
}

export interface ExtractionAttemptInput extends ExtractionSpec {
  documentId: string;
  provider: ProviderId;
  model: string;
  tool: string;
  previous?: RejectedAnswer | undefined;
  maxTokens?: number | undefined;
  temperature?: number | undefined;
  cache?: RequestCachePolicy | undefined;
}

export interface ExtractionAttemptResult {
  answer: string;
  valid: boolean;
  /** The parsed answer (also when it failed the schema); undefined when it was not JSON. */
  data?: unknown;
  errors: string[];
  provider: ProviderId;
  model: string;
  usage: UsageSummary;
  cost_usd: number;
  latency_ms: number;
}

export interface ExtractionJobResult {
  job_id: string;
  document_id: string;
  data: unknown;
  valid: boolean;
  attempts: number;
  provider: ProviderId;
  model: string;
  /** Summed over every attempt. */
  usage: UsageSummary;
  cost_usd: number;
  latency_ms: number;
}
