// The MCP side of caching: a call's cache settings become the policy its workflow carries, an exact
// hit is answered without starting a workflow, and a miss gets a job id derived from the cache key
// so identical requests in flight join one job (one provider call) instead of racing.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../core/cache/cache-key.ts';
import type { ResponseCache } from '../core/cache/response-cache.ts';
import { answerFromHit } from '../core/cache/response-cache.ts';
import { ttlSecondsFor } from '../core/cache/task-ttl.ts';
import type { CompletionJobInput, ProviderCallResult, RequestCachePolicy } from '../core/jobs/types.ts';
import { classifyTask, TASK_TYPES } from '../core/routing/classify-task.ts';
import type { McpDeps } from './deps.ts';

export const cacheOptionsShape = {
  cache: z.boolean().optional().describe('false: neither read nor write the cache for this call'),
  cache_ttl: z.number().int().min(0).max(365 * 86_400).optional().describe('Seconds to keep this answer; default by task type'),
  task_type: z.enum(TASK_TYPES).optional().describe('Kind of work: sets cache lifetime and semantic-cache scope; inferred when absent'),
};

export const cacheResultShape = {
  cached: z.boolean().optional().describe('true: answered from the cache, nothing spent'),
  cache_kind: z.enum(['exact', 'semantic']).optional(),
  similarity: z.number().optional().describe('Semantic hits: cosine similarity to the cached prompt'),
  saved_cost_usd: z.number().optional().describe('What the cached answer cost when it was made'),
  saved_tokens: z.object({ input_tokens: z.number().int(), output_tokens: z.number().int() }).optional(),
  source_job_id: z.string().optional().describe('The job that produced the cached answer'),
};

export interface CacheOptions {
  cache?: boolean | undefined;
  cache_ttl?: number | undefined;
  task_type?: string | undefined;
}

/** The policy a request carries into its workflow, or undefined when this call must not use the cache. */
export function requestCachePolicy(deps: Pick<McpDeps, 'cache' | 'config'>, options: CacheOptions, prompt: string): RequestCachePolicy | undefined {
  if (!deps.cache || options.cache === false) return undefined;
  const taskType = options.task_type ?? classifyTask(prompt).taskType;
  const ttlSeconds = ttlSecondsFor({ taskType, callTtlSeconds: options.cache_ttl, defaultTtlSeconds: deps.config.cache.ttlSeconds, overrides: deps.config.cache.taskTtls });
  return { ttlSeconds, taskType };
}

/** How a job's provider call runs: local only where this process's worker runs the job (see McpDeps). */
export function activityFor(deps: Pick<McpDeps, 'workerInProcess'>, background: boolean | undefined): Pick<CompletionJobInput, 'activity'> {
  return background || !deps.workerInProcess ? { activity: 'regular' } : {};
}

export interface FastPath {
  /** A ready answer when the exact cache has one. */
  answer?: (ProviderCallResult & { job_id: string }) | undefined;
  /** On a miss: the job id identical requests share. */
  jobId?: string | undefined;
}

/**
 * Looks the first target of a prepared completion up in the exact cache, and marks the input so the
 * job does not look that one up again. Nothing to do when the request does not use the cache.
 */
export async function cacheFastPath(cache: ResponseCache | undefined, tool: string, input: CompletionJobInput): Promise<FastPath> {
  const policy = input.request.cache;
  if (!cache || !policy) return {};
  const started = performance.now();
  const first = input.targets[0]!;
  policy.exactCheckedTarget = `${first.provider}/${first.model}`;
  const key = cache.exactKey({ ...input.request, provider: first.provider, model: first.model });
  const hit = await cache.lookupExact(key, { countMiss: true });
  if (!hit) return { jobId: coalescingJobId(tool, key, input) };
  const answer = answerFromHit(hit, Math.round((performance.now() - started) * 1000) / 1000);
  return { answer: { ...answer, job_id: hit.source_job_id ?? `cache-${key.slice(0, 16)}` } };
}

/**
 * Identical requests get the same job id while one is running (joined with USE_EXISTING). Identical
 * means everything the job does: the answer's cache key, the whole fallback chain, the cache policy
 * and how it runs, so a caller that refused fallbacks never receives another caller's fallback
 * answer, and a background job is never joined (and cancelled) by a caller that gives up.
 */
function coalescingJobId(tool: string, key: string, input: CompletionJobInput): string {
  const job = canonicalJson({ key, targets: input.targets.map((target) => [target.provider, target.model]), cache: input.request.cache ?? null, activity: input.activity ?? 'local' });
  return `${tool.replaceAll('_', '-')}-${createHash('sha256').update(job).digest('hex').slice(0, 40)}`;
}
