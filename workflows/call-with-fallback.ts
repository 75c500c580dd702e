// Tries each model of a chain in turn. A model is left behind only when its retries are exhausted
// on a retryable failure (rate limits, 5xx, timeouts); a request the provider rejects (400, 401…)
// fails at once, because another model would reject it too or the operator must fix a key.
import { ApplicationFailure, CancellationScope, proxyActivities, proxyLocalActivities, sleep } from '@temporalio/workflow';
import type { GatewayActivities } from '../activities/index.ts';
import type { FailedAttempt, FallbackReport, ModelTarget } from '../core/jobs/types.ts';
import { decodeFailure, failureDetailNumber } from './failure-chain.ts';
import { providerActivityOptions, providerRetryPolicy } from './provider-activities.ts';
import { NON_RETRYABLE_PROVIDER_FAILURES } from './retry-policy.ts';

/** How long a job whose call was aborted waits for its cancellation request before failing. */
const CANCELLATION_GRACE = '1 minute';
const INITIAL_RETRY_INTERVAL_MS = 500;

/** `attemptsMade`: attempts already made elsewhere (a lane's), which count against the target's. */
function retryPolicy(target: ModelTarget, attemptsMade = 0) {
  return {
    ...providerRetryPolicy(target.policy),
    maximumAttempts: target.policy.maximumAttempts - attemptsMade,
    initialInterval: INITIAL_RETRY_INTERVAL_MS * 2 ** attemptsMade,
  };
}

/**
 * Regular activities: dispatched through the target provider's task queue, heartbeating, any worker
 * may run them. A lane of `laneCalls` calls gets time for each and is never retried by Temporal: the
 * job resumes its failing call through callWithFallback.
 */
export function activitiesFor(target: ModelTarget, options: { attemptsMade?: number; laneCalls?: number } = {}) {
  return proxyActivities<GatewayActivities>({
    ...providerActivityOptions(target.policy, { callsPerAttempt: options.laneCalls }),
    retry: options.laneCalls === undefined ? retryPolicy(target, options.attemptsMade) : { maximumAttempts: 1 },
  });
}

/**
 * Local activities: run by the worker that runs the workflow task, so a single provider call
 * finishes inside the first (eagerly dispatched) workflow task, without a round trip through the
 * task queue. Retries, Retry-After and cancellation behave as for regular activities.
 */
export function localActivitiesFor(target: ModelTarget) {
  return proxyLocalActivities<GatewayActivities>({
    startToCloseTimeout: target.policy.attemptTimeoutMs,
    retry: providerRetryPolicy(target.policy),
  });
}

/** A model is left behind only when its retries ran out on a failure retrying could have fixed. */
function failureOf(error: unknown): { message: string; type: string; exhausted: boolean } {
  const failure = decodeFailure(error, NON_RETRYABLE_PROVIDER_FAILURES);
  if (failure.type === 'Timeout') return { message: failure.message, type: 'ProviderTimeout', exhausted: true };
  const known = failure.type !== undefined && failure.type !== 'Cancelled' && failure.type !== 'Terminated';
  return { message: failure.message, type: failure.type ?? 'Error', exhausted: known && !failure.nonRetryable };
}

/**
 * The first target's call when its first attempt was made elsewhere and failed with `error`: the
 * remaining attempts after the retry delay, as Temporal would have made them; a failure retrying
 * cannot fix, or a target without attempts left, goes on as that attempt's failure.
 */
async function afterFirstAttempt<Result>(target: ModelTarget, error: unknown, call: (target: ModelTarget, attemptsMade: number) => Promise<Result>): Promise<Result> {
  const failure = decodeFailure(error, NON_RETRYABLE_PROVIDER_FAILURES);
  const stopped = failure.type === 'Cancelled' || failure.type === 'Terminated' || failure.nonRetryable;
  if (stopped || target.policy.maximumAttempts <= 1) throw error;
  await sleep(failureDetailNumber(error, 'retry_delay_ms') ?? INITIAL_RETRY_INTERVAL_MS);
  return call(target, 1);
}

/**
 * `firstAttemptFailure`: the first target's first attempt was already made (in a lane) and failed
 * so; the chain goes on from there.
 */
export async function callWithFallback<Result>(
  targets: ModelTarget[],
  call: (target: ModelTarget, attemptsMade: number) => Promise<Result>,
  firstAttemptFailure?: unknown,
): Promise<{ result: Result; fallback?: FallbackReport }> {
  const failed: FailedAttempt[] = [];
  for (const [index, target] of targets.entries()) {
    try {
      const result = index === 0 && firstAttemptFailure !== undefined ? await afterFirstAttempt(target, firstAttemptFailure, call) : await call(target, 0);
      if (failed.length === 0) return { result };
      const first = targets[0]!;
      return {
        result,
        fallback: {
          requested: { provider: first.provider, model: first.model },
          failed,
          reason: `${failed.map((attempt) => `${attempt.provider}/${attempt.model} failed (${attempt.error_type})`).join(', ')}; answered by ${target.provider}/${target.model}`,
        },
      };
    } catch (error) {
      const failure = failureOf(error);
      if (failure.type === 'ProviderCallCancelled') {
        // The gateway aborted the call because this job is being cancelled, and the request is on
        // its way: wait for it, so the job ends through the normal cancelled path.
        await Promise.race([CancellationScope.current().cancelRequested, sleep(CANCELLATION_GRACE)]);
        throw error;
      }
      if (!failure.exhausted) throw error;
      failed.push({ provider: target.provider, model: target.model, error: failure.message, error_type: failure.type });
      if (index === targets.length - 1) {
        if (failed.length === 1) throw error;
        throw ApplicationFailure.nonRetryable(
          `every model in the fallback chain failed: ${failed.map((attempt) => `${attempt.provider}/${attempt.model}: ${attempt.error}`).join('; ')}`,
          'AllModelsFailed',
          { failed },
        );
      }
    }
  }
  throw ApplicationFailure.nonRetryable('no model to call', 'InvalidJobInput');
}
