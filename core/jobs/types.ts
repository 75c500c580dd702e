// Shapes that cross the Temporal boundary: workflow inputs and results, and activity inputs and
// results. Plain JSON only, so they travel through Temporal's default data converter unchanged.
import type { ChatMessage, ProviderId } from '../providers/types.ts';

/** Retry settings the MCP layer resolves from configuration; workflows cannot read configuration. */
export interface CallPolicy {
  /** Total attempts per model (1 + PROVIDER_MAX_RETRIES). */
  maximumAttempts: number;
  /** Per-attempt limit (the provider timeout plus a margin), in milliseconds. */
  attemptTimeoutMs: number;
  /** The provider's own task queue (its concurrency and rate limits); absent: the workflow's queue. */
  taskQueue?: string;
}

/** One model to try, with its provider's retry policy. */
export interface ModelTarget {
  provider: ProviderId;
  model: string;
  policy: CallPolicy;
}

/** What to ask, independent of which model answers. */
export interface CompletionRequest {
  messages: ChatMessage[];
  system?: string;
  maxTokens?: number;
  temperature?: number;
  responseFormat?: 'text' | 'json';
  /** Which tool asked, for the usage ledger. */
  tool: string;
  /** Absent: no caching for this request. */
  cache?: RequestCachePolicy;
}

/** Resolved by the MCP layer from configuration and the call's cache / cache_ttl / task type. */
export interface RequestCachePolicy {
  ttlSeconds: number;
  /** Task type: scopes the semantic cache (a summary is never served for an extraction). */
  taskType: string;
  /** "provider/model" whose exact entry the MCP layer already looked up (and counted as a miss). */
  exactCheckedTarget?: string;
}

export interface CacheHitReport {
  cached: boolean;
  cache_kind?: 'exact' | 'semantic';
  /** Cosine similarity of the prompt to the cached one (semantic hits). */
  similarity?: number;
  saved_cost_usd?: number;
  saved_tokens?: { input_tokens: number; output_tokens: number };
  /** The job that paid for the answer. */
  source_job_id?: string;
}

export interface ProviderCallInput extends CompletionRequest {
  provider: ProviderId;
  model: string;
}

export interface UsageSummary {
  input_tokens: number;
  output_tokens: number;
  total_tokens: number;
  cached_input_tokens: number;
  cache_write_tokens: number;
  reasoning_tokens: number;
}

export interface ProviderCallResult extends Partial<CacheHitReport> {
  text: string;
  provider: ProviderId;
  model: string;
  finish_reason: string;
  usage: UsageSummary;
  cost_usd: number;
  /** true: part of the usage is a tokenizer count (a stream that broke before the provider's final figures). */
  cost_estimated?: boolean;
  latency_ms: number;
  /** Parameters the request set that this provider's API does not accept, so they were not sent. */
  ignored_parameters?: string[];
}

export interface FailedAttempt {
  provider: ProviderId;
  model: string;
  error: string;
  error_type: string;
}

/** Present when the answer came from a model other than the first choice. */
export interface FallbackReport {
  requested: { provider: ProviderId; model: string };
  failed: FailedAttempt[];
  reason: string;
}

/** What every job input may carry about the caller that started it. */
export interface WaitedJob {
  /** The caller that started the job and waits for its answer; absent for background jobs. */
  waiter?: string;
}

export interface JoinRequest {
  waiter: string;
}

export interface LeaveRequest {
  waiter: string;
  /** true: the caller keeps the job (it was handed its id, or timed out): never cancel it on leaving. */
  keep: boolean;
}

export interface LeaveOutcome {
  /** Callers still waiting, in every gateway. */
  remaining: number;
  /** true for the one caller whose leaving ends a job nobody holds: it cancels the job. */
  cancel: boolean;
}

/** What a long job reports through its `progress` query. */
export interface JobProgress {
  phase: string;
  done: number;
  total: number;
}

export interface CompletionJobInput extends WaitedJob {
  request: CompletionRequest;
  /** First the requested model, then the fallback chain (empty chain: no fallback). */
  targets: ModelTarget[];
  /** local (default): runs inside the workflow task, for callers that wait; regular: for background jobs. */
  activity?: 'local' | 'regular';
}

export interface CompletionJobResult extends ProviderCallResult {
  job_id: string;
  fallback?: FallbackReport;
}

export interface StreamJobInput extends CompletionJobInput {
  /** How often the activity forwards accumulated text to the workflow. */
  flushIntervalMs: number;
}

export interface StreamCallResult extends ProviderCallResult {
  /** true when the stream broke after its first token; text and usage are what arrived. */
  partial: boolean;
  error?: string;
}

export interface StreamJobResult extends StreamCallResult {
  job_id: string;
  fallback?: FallbackReport;
}

export interface StreamDelta {
  /** Which model of the fallback chain streams (its index): a later one replaces an earlier one's text. */
  stream: number;
  /** The activity attempt: a retried stream replaces the failed attempt's text. */
  attempt: number;
  /** Position of this chunk's first character in the attempt's text; makes re-delivery harmless. */
  offset: number;
  text: string;
}

export interface StreamRead {
  text: string;
  offset: number;
  done: boolean;
  /** How many times the text started afresh (a retried or fallen-back stream); text then starts at 0. */
  restarts: number;
}

/** Stored in each workflow's memo so job listings can say what a job is without decoding inputs. */
export interface JobMemo {
  tool: string;
  description: string;
  /** Document jobs: the document worked on, and how many chunks it was split into. */
  document_id?: string;
  chunks?: number;
}

/** Memo key that marks a workflow as one of the gateway's jobs; job tools see nothing else. */
export const GATEWAY_MEMO_KEY = 'gateway';
export const GATEWAY_MEMO_VALUE = 'delegation-gateway';

export interface ModelAnswer {
  provider: ProviderId;
  model: string;
  ok: boolean;
  text?: string;
  usage?: UsageSummary;
  cost_usd: number;
  /** Answered from the cache: nothing spent. */
  cached?: boolean;
  latency_ms?: number;
  error?: string;
  error_type?: string;
}

export interface Totals {
  input_tokens: number;
  output_tokens: number;
  total_tokens: number;
  cost_usd: number;
}

export interface MultiCompletionInput extends WaitedJob {
  request: CompletionRequest;
  targets: ModelTarget[];
  maxConcurrency: number;
}

export interface MultiCompletionResult {
  job_id: string;
  answers: ModelAnswer[];
  succeeded: number;
  failed: number;
  totals: Totals;
  /** Wall time of the fan-out. */
  latency_ms: number;
}

export interface SynthesisInput extends MultiCompletionInput {
  synthesizer: ModelTarget;
  /** The question the answers respond to, as shown to the synthesiser. */
  question: string;
  instructions?: string;
}

export interface SynthesisResult extends MultiCompletionResult {
  synthesis: string;
  synthesizer: { provider: ProviderId; model: string; cost_usd: number; usage: UsageSummary };
}
