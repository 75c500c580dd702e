// The activity that talks to a provider. It heartbeats while a call is slow so cancellation reaches
// it, prices the provider-reported usage, records the call in the usage ledger, and turns provider
// errors into ApplicationFailures whose type and retryability Temporal's retry policy acts on.
import { Context } from '@temporalio/activity';
import { ApplicationFailure, TemporalFailure } from '@temporalio/common';
import type { ProviderCallInput, ProviderCallResult } from '../core/jobs/types.ts';
import { ProviderError } from '../core/providers/provider-error.ts';
import { ignoredSamplingParameters } from '../core/providers/sampling-support.ts';
import type { ProviderId, Usage } from '../core/providers/types.ts';
import type { ActivityDeps } from './deps.ts';
import { answerFromHit, type CacheHit } from '../core/cache/response-cache.ts';
import { cacheLookupPlan } from '../core/jobs/job-policy.ts';

const HEARTBEAT_INTERVAL_MS = 1_000;

export function toApplicationFailure(error: unknown): unknown {
  if (error instanceof TemporalFailure) return error;
  // Not a provider failure we understand: a retry would pay again for the same surprise.
  if (!(error instanceof ProviderError)) {
    return ApplicationFailure.create({ type: 'UnexpectedError', message: error instanceof Error ? error.message : String(error), nonRetryable: true });
  }
  return ApplicationFailure.create({
    type: error.failureType,
    message: `${error.provider}: ${error.message}`,
    nonRetryable: !error.retryable,
    nextRetryDelay: error.retryAfterMs,
    details: [{ provider: error.provider, kind: error.kind, status: error.status ?? null }],
    cause: error,
  });
}

/** `ignored_parameters` for a result, when the provider could not take some of the request's parameters. */
export function ignoredParametersOf(input: Pick<ProviderCallInput, 'provider' | 'temperature'>): Pick<ProviderCallResult, 'ignored_parameters'> {
  const ignored = ignoredSamplingParameters(input.provider, input);
  return ignored.length > 0 ? { ignored_parameters: ignored } : {};
}

export function summarizeUsage(usage: Usage) {
  return {
    input_tokens: usage.inputTokens,
    output_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
    cached_input_tokens: usage.cachedInputTokens,
    cache_write_tokens: usage.cacheWriteTokens,
    reasoning_tokens: usage.reasoningTokens,
  };
}

/**
 * Runs `work` with an AbortSignal that fires when the activity is cancelled (regular activities
 * learn of it through their heartbeats, sent every second) or when the job is cancelled in this
 * process (see InflightCalls: the prompt path for local activities). Whatever the SDK makes of an
 * abort, the caller sees a cancellation: never a retryable error that would pay for the call again.
 * The call waits for one of its provider's slots in this process (heartbeating meanwhile).
 */
export async function withHeartbeat<T>(deps: Pick<ActivityDeps, 'inflight' | 'slots'>, provider: ProviderId, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const context = Context.current();
  const controller = new AbortController();
  const onCancel = () => controller.abort(context.cancellationSignal.reason);
  if (context.cancellationSignal.aborted) onCancel();
  else context.cancellationSignal.addEventListener('abort', onCancel, { once: true });
  const execution = context.info.workflowExecution;
  const untrack = execution && deps.inflight ? deps.inflight.track(execution.workflowId, execution.runId, controller) : undefined;
  const timer = context.info.isLocal ? undefined : setInterval(() => context.heartbeat(), HEARTBEAT_INTERVAL_MS);
  try {
    throwIfCancelled(controller.signal, provider);
    if (!deps.slots) return await work(controller.signal);
    return await deps.slots.run(provider, controller.signal, () => work(controller.signal));
  } catch (error) {
    throwIfCancelled(controller.signal, provider, error);
    throw error;
  } finally {
    clearInterval(timer);
    untrack?.();
    context.cancellationSignal.removeEventListener('abort', onCancel);
  }
}

export function throwIfCancelled(signal: AbortSignal, provider: ProviderId, cause?: unknown): void {
  if (signal.aborted) throw new ProviderError({ provider, kind: 'cancelled', message: 'the job was cancelled', cause });
}

/**
 * The cache, consulted per unit of work: an exact hit the MCP layer has not already looked for, then
 * a semantic hit for single-turn prompts. A broken cache never fails the call.
 */
async function lookUpCache(deps: ActivityDeps, input: ProviderCallInput, attempt: number): Promise<CacheHit | undefined> {
  const cache = deps.cache;
  const policy = input.cache;
  if (!cache || !policy) return undefined;
  try {
    const { exact: lookUpExact, countMiss } = cacheLookupPlan(policy, input, attempt);
    const exact = lookUpExact ? await cache.lookupExact(cache.exactKey(input), { countMiss }) : undefined;
    return exact ?? (await cache.lookupSemantic(input, policy.taskType, { countMiss }));
  } catch (error) {
    deps.logger.warn({ event: 'cache', error: (error as Error).message }, 'cache lookup failed; calling the provider');
    return undefined;
  }
}

export async function storeInCache(deps: ActivityDeps, input: ProviderCallInput, result: ProviderCallResult, jobId: string | undefined): Promise<void> {
  if (!deps.cache || !input.cache) return;
  try {
    await deps.cache.store(input, result, { ttlSeconds: input.cache.ttlSeconds, taskType: input.cache.taskType, jobId });
  } catch (error) {
    deps.logger.warn({ event: 'cache', error: (error as Error).message }, 'could not store the answer in the cache');
  }
}

export function createProviderCallActivity(deps: ActivityDeps) {
  return async function callProvider(input: ProviderCallInput): Promise<ProviderCallResult> {
    const started = performance.now();
    const model = deps.registry.resolve({ provider: input.provider, model: input.model });
    const info = Context.current().info;
    const hit = await lookUpCache(deps, input, info.attempt);
    if (hit) return answerFromHit(hit, Math.round(performance.now() - started));
    try {
      const adapter = deps.providers.get(input.provider);
      const response = await withHeartbeat(deps, input.provider, (signal) =>
        adapter.generate(
          {
            model: model.id,
            messages: input.messages,
            system: input.system,
            maxTokens: input.maxTokens,
            temperature: input.temperature,
            responseFormat: input.responseFormat,
          },
          { signal },
        ),
      );
      const latency = Math.round(performance.now() - started);
      const cost = deps.computeCost(model, response.usage).total_usd;
      deps.ledger?.record({
        provider: input.provider,
        model: model.id,
        tool: input.tool,
        job_id: info.workflowExecution?.workflowId,
        usage: response.usage,
        cost_usd: cost,
        latency_ms: latency,
        outcome: 'success',
      });
      const result: ProviderCallResult = {
        text: response.text,
        provider: input.provider,
        model: model.id,
        finish_reason: response.finishReason,
        usage: summarizeUsage(response.usage),
        cost_usd: cost,
        latency_ms: latency,
        ...ignoredParametersOf(input),
      };
      await storeInCache(deps, input, result, info.workflowExecution?.workflowId);
      return deps.cache && input.cache ? { ...result, cached: false } : result;
    } catch (error) {
      const latency = Math.round(performance.now() - started);
      deps.ledger?.record({
        provider: input.provider,
        model: model.id,
        tool: input.tool,
        job_id: info.workflowExecution?.workflowId,
        cost_usd: 0,
        latency_ms: latency,
        outcome: error instanceof ProviderError && error.kind === 'cancelled' ? 'cancelled' : 'error',
        error_type: error instanceof ProviderError ? error.failureType : 'UnexpectedError',
      });
      deps.logger.warn({ event: 'provider', provider: input.provider, model: model.id, attempt: info.attempt, error: (error as Error).message }, 'provider call failed');
      throw toApplicationFailure(error);
    }
  };
}
