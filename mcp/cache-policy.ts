// The MCP side of caching: the cache parameters tools share, and the fast path that answers an exact
// hit without starting a workflow. What the policy is (TTLs, job ids, execution mode) is decided in
// core/jobs/job-policy.ts, which activities read too.
import { z } from 'zod';
import type { ResponseCache } from '../core/cache/response-cache.ts';
import { answerFromHit } from '../core/cache/response-cache.ts';
import { activityField, activityMode, coalescingJobId, markExactChecked, requestCachePolicy as policyFor, type CacheOptions } from '../core/jobs/job-policy.ts';
import type { CompletionJobInput, ProviderCallResult, RequestCachePolicy } from '../core/jobs/types.ts';
import { TASK_TYPES } from '../core/routing/classify-task.ts';
import type { McpDeps } from './deps.ts';
import { valuesOnRequest } from './lean-tool-list.ts';

export type { CacheOptions };

export const cacheOptionsShape = {
  cache: z.boolean().optional().describe('false: bypass the cache'),
  cache_ttl: z.number().int().min(0).max(365 * 86_400).optional().describe('Seconds to cache the answer; default by task_type'),
  task_type: valuesOnRequest(z.enum(TASK_TYPES)).optional().describe('Kind of work, e.g. extraction or code (sets cache scope and lifetime); inferred when absent'),
};

export const cacheResultShape = {
  cached: z.boolean().optional().describe('true: answered from the cache, nothing spent'),
  cache_kind: z.enum(['exact', 'semantic']).optional(),
  similarity: z.number().optional().describe('Semantic hits: cosine similarity to the cached prompt'),
  saved_cost_usd: z.number().optional().describe('What the cached answer cost when it was made'),
  saved_tokens: z.object({ input_tokens: z.number().int(), output_tokens: z.number().int() }).optional(),
  source_job_id: z.string().optional().describe('The job that produced the cached answer'),
};

/** The policy a request carries into its workflow, or undefined when this call must not use the cache. */
export function requestCachePolicy(deps: Pick<McpDeps, 'cache' | 'config'>, options: CacheOptions, prompt: string): RequestCachePolicy | undefined {
  return policyFor(deps.cache ? deps.config.cache : undefined, options, prompt);
}

/** How a job's provider call runs: local only where this process's worker runs the job (see McpDeps). */
export function activityFor(deps: Pick<McpDeps, 'workerInProcess'>, background: boolean | undefined): Pick<CompletionJobInput, 'activity'> {
  return activityField(activityMode({ workerInProcess: deps.workerInProcess, background }));
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
  markExactChecked(policy, first);
  const key = cache.exactKey({ ...input.request, provider: first.provider, model: first.model });
  const hit = await cache.lookupExact(key, { countMiss: true });
  if (!hit) return { jobId: coalescingJobId(tool, key, input) };
  const answer = answerFromHit(hit, Math.round((performance.now() - started) * 1000) / 1000);
  return { answer: { ...answer, job_id: hit.source_job_id ?? `cache-${key.slice(0, 16)}` } };
}
