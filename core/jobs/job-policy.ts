// Cache and execution policy of jobs, decided in one place for both sides of the Temporal boundary:
// the MCP layer asks it for a request's cache policy, a job's id and how its provider calls run;
// activities ask it which cache lookups the MCP layer already made for them.
import { createHash, randomUUID } from 'node:crypto';
import { canonicalJson } from '../cache/cache-key.ts';
import { ttlSecondsFor } from '../cache/task-ttl.ts';
import type { GatewayConfig, ProviderSettings } from '../config.ts';
import { classifyTask } from '../routing/classify-task.ts';
import type { CallPolicy, CompletionJobInput, RequestCachePolicy } from './types.ts';

/** Time on top of the provider timeout before Temporal gives up on an attempt itself. */
export const ATTEMPT_MARGIN_MS = 5_000;

export interface CacheOptions {
  cache?: boolean | undefined;
  cache_ttl?: number | undefined;
  task_type?: string | undefined;
}

export type ActivityMode = NonNullable<CompletionJobInput['activity']>;

/** Retry and timeout settings of one provider's calls, and the task queue they are scheduled on. */
export function callPolicy(settings: Pick<ProviderSettings, 'timeoutMs' | 'maxRetries'> & Partial<Pick<ProviderSettings, 'taskQueue'>>): CallPolicy {
  const policy: CallPolicy = { maximumAttempts: settings.maxRetries + 1, attemptTimeoutMs: settings.timeoutMs + ATTEMPT_MARGIN_MS };
  return settings.taskQueue ? { ...policy, taskQueue: settings.taskQueue } : policy;
}

/** The policy a request carries into its job, or undefined when this call must not use the cache. */
export function requestCachePolicy(cache: Pick<GatewayConfig['cache'], 'ttlSeconds' | 'taskTtls'> | undefined, options: CacheOptions, prompt: string): RequestCachePolicy | undefined {
  if (!cache || options.cache === false) return undefined;
  const taskType = options.task_type ?? classifyTask(prompt).taskType;
  const ttlSeconds = ttlSecondsFor({ taskType, callTtlSeconds: options.cache_ttl, defaultTtlSeconds: cache.ttlSeconds, overrides: cache.taskTtls });
  return { ttlSeconds, taskType };
}

/**
 * Local activities only where this process's worker runs the job and a caller waits for it (the whole
 * job fits in one workflow task); background jobs and MCP-only gateways use regular activities, which
 * any worker can run and cancellation reaches through heartbeats.
 */
export function activityMode(options: { workerInProcess: boolean; background: boolean | undefined }): ActivityMode {
  return options.background || !options.workerInProcess ? 'regular' : 'local';
}

/** The `activity` field of a job input for that mode (local is the default and stays implicit). */
export function activityField(mode: ActivityMode): Pick<CompletionJobInput, 'activity'> {
  return mode === 'regular' ? { activity: 'regular' } : {};
}

export function newJobId(tool: string): string {
  return `${tool.replaceAll('_', '-')}-${randomUUID()}`;
}

function targetName(target: { provider: string; model: string }): string {
  return `${target.provider}/${target.model}`;
}

/** Records that the MCP layer looked this target's exact entry up (and counted the miss). */
export function markExactChecked(policy: RequestCachePolicy, target: { provider: string; model: string }): void {
  policy.exactCheckedTarget = targetName(target);
}

/**
 * Which lookups an activity still makes for a target: not the exact one the MCP layer already made;
 * misses are counted once per request (the first attempt at the first target), never for a retry or
 * a fallback model.
 */
export function cacheLookupPlan(policy: RequestCachePolicy, target: { provider: string; model: string }, attempt: number): { exact: boolean; countMiss: boolean } {
  const checked = policy.exactCheckedTarget === targetName(target);
  const primary = policy.exactCheckedTarget === undefined || checked;
  return { exact: !checked, countMiss: attempt === 1 && primary };
}

/**
 * Identical requests get the same job id while one is running (joined, not started twice). Identical
 * means everything the job does: the answer's cache key, the whole fallback chain, the cache policy
 * and how it runs, so a caller that refused fallbacks never receives another caller's fallback
 * answer, and a background job is never joined (and cancelled) by a caller that gives up.
 */
export function coalescingJobId(tool: string, cacheKey: string, input: CompletionJobInput): string {
  const policy = input.request.cache ? { ttlSeconds: input.request.cache.ttlSeconds, taskType: input.request.cache.taskType } : null;
  const job = canonicalJson({ key: cacheKey, targets: input.targets.map((target) => [target.provider, target.model]), cache: policy, activity: input.activity ?? 'local' });
  return `${tool.replaceAll('_', '-')}-${createHash('sha256').update(job).digest('hex').slice(0, 40)}`;
}
