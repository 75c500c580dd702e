// What the LLM document tools share: their common parameters, and how a call becomes a document
// job input (model and fallback chain, chunk sizes that suit the model, cache policy, a readable job
// id), plus progress notifications ("chunk 12/40") for callers that send a progressToken.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { MIN_CHUNK_SIZE } from '../core/chunking/chunk-document.ts';
import type { DocumentJobBase } from '../core/jobs/document-types.ts';
import type { ModelEntry } from '../core/models/model-entry.ts';
import type { TaskType } from '../core/routing/classify-task.ts';
import type { JobProgress } from '../workflows/progress.ts';
import { requestCachePolicy } from './cache-policy.ts';
import type { McpDeps } from './deps.ts';
import type { ResolvedDocument } from './document-input.ts';
import { buildTargets } from './fallback-chain.ts';
import { resolveTarget, type Target } from './resolve-target.ts';
import type { ToolExtra } from './run-job-tool.ts';
import { backgroundSchema, modelSchema, providerSchema } from './schemas.ts';

export const DEFAULT_MAX_CONCURRENCY = 8;
/** Longest chunk a map step sends by default: long enough to be cheap, short enough to read well. */
const DEFAULT_CHUNK_TOKENS = 12_000;
/** Room in a single-call prompt for the instructions and the answer. */
const SINGLE_CALL_RESERVE_TOKENS = 2_000;
const PROGRESS_POLL_MS = 500;

export const chunkSizeSchema = z.number().int().min(MIN_CHUNK_SIZE).max(1_000_000).describe('Tokens per chunk');
export const maxConcurrencySchema = z.number().int().min(1).max(64).describe(`Chunk calls in flight at once (default ${DEFAULT_MAX_CONCURRENCY})`);

export const documentJobOptionsShape = {
  provider: providerSchema.optional(),
  model: modelSchema.optional(),
  chunk_size: chunkSizeSchema.optional(),
  max_concurrency: maxConcurrencySchema.optional(),
  background: backgroundSchema.optional(),
};

export interface DocumentJobOptions {
  provider?: z.infer<typeof providerSchema> | undefined;
  model?: string | undefined;
  chunk_size?: number | undefined;
  max_concurrency?: number | undefined;
}

export const documentJobResultShape = {
  job_id: z.string().describe('Durable job id (Temporal workflow id)'),
  status: z.string().describe('completed, or running for a background job'),
  document_id: z.string().optional().describe('Refer to the document by this id in later calls'),
  chunks: z.number().int().optional().describe('Chunks the document was split into'),
  usage: z.object({ input_tokens: z.number().int(), output_tokens: z.number().int(), total_tokens: z.number().int() }).optional().describe('Tokens of every call of the job'),
  cost_usd: z.number().optional().describe('Cost of every call of the job'),
  latency_ms: z.number().optional().describe('Wall time of the job'),
  models: z.array(z.string()).optional().describe('provider/model of each model that answered'),
};

export function defaultChunkSize(model: ModelEntry): number {
  return Math.max(MIN_CHUNK_SIZE, Math.min(DEFAULT_CHUNK_TOKENS, Math.floor(model.contextWindow / 4)));
}

/** Tokens of a document that still fit in one call of this model, with room for the prompt and the answer. */
export function singleCallTokens(model: ModelEntry, answerTokens: number): number {
  return Math.max(MIN_CHUNK_SIZE, model.contextWindow - answerTokens - SINGLE_CALL_RESERVE_TOKENS);
}

/** `summarize-document-<first 12 hex digits of the document id>-<random>`: readable, unique per run. */
export function documentJobId(tool: string, documentId: string): string {
  return `${tool.replaceAll('_', '-')}-${documentId.slice(4, 16)}-${randomUUID().slice(0, 8)}`;
}

export function prepareDocumentJob(
  deps: McpDeps,
  tool: string,
  options: DocumentJobOptions,
  document: Pick<ResolvedDocument, 'documentId'>,
  taskType: TaskType,
): { job: DocumentJobBase; target: Target } {
  const target = resolveTarget(deps, options.provider, options.model);
  const cache = requestCachePolicy(deps, { task_type: taskType }, '');
  return {
    target,
    job: {
      documentId: document.documentId,
      targets: buildTargets(deps, target, {}),
      tool,
      strategy: 'structural',
      chunkSize: options.chunk_size ?? defaultChunkSize(target.model),
      chunkOverlap: 0,
      tokenizer: target.model.tokenizer,
      maxConcurrency: options.max_concurrency ?? DEFAULT_MAX_CONCURRENCY,
      ...(cache ? { cache } : {}),
    },
  };
}

/** Sends the job's progress as MCP progress notifications while a caller with a progressToken waits. */
export async function forwardJobProgress(deps: McpDeps, extra: ToolExtra, jobId: string, finished: Promise<unknown>): Promise<void> {
  const progressToken = extra._meta?.progressToken;
  if (progressToken === undefined) return;
  let done = false;
  void finished.finally(() => (done = true));
  let lastSent = -1;
  let completedPhases = 0;
  let previous: JobProgress | undefined;
  while (!done && !extra.signal.aborted) {
    const progress = await deps.jobs.progress(jobId);
    if (progress) {
      if (previous && previous.phase !== progress.phase) completedPhases += previous.total;
      previous = progress;
      // MCP requires each notification's progress to be larger than the one before.
      const value = completedPhases + progress.done;
      if (value > lastSent && !done) {
        lastSent = value;
        await extra.sendNotification({ method: 'notifications/progress', params: { progressToken, progress: value, message: `${progress.phase} ${progress.done}/${progress.total}` } });
      }
    }
    await Promise.race([finished, new Promise((resolve) => setTimeout(resolve, PROGRESS_POLL_MS))]);
  }
}
