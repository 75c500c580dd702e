// Tries each model of a chain in turn. A model is left behind only when its retries are exhausted
// on a retryable failure (rate limits, 5xx, timeouts); a request the provider rejects (400, 401…)
// fails at once, because another model would reject it too or the operator must fix a key.
import { ApplicationFailure, CancellationScope, proxyLocalActivities, sleep } from '@temporalio/workflow';
import type { GatewayActivities } from '../activities/index.ts';
import type { FailedAttempt, FallbackReport, ModelTarget } from '../core/jobs/types.ts';
import { decodeFailure } from './failure-chain.ts';
import { providerActivities, providerRetryPolicy } from './provider-activities.ts';
import { NON_RETRYABLE_PROVIDER_FAILURES } from './retry-policy.ts';

/** How long a job whose call was aborted waits for its cancellation request before failing. */
const CANCELLATION_GRACE = '1 minute';

/** Regular activities: dispatched through the target provider's task queue, heartbeating, any worker may run them. */
export function activitiesFor(target: ModelTarget) {
  return providerActivities(target.policy);
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

export async function callWithFallback<Result>(
  targets: ModelTarget[],
  call: (target: ModelTarget) => Promise<Result>,
): Promise<{ result: Result; fallback?: FallbackReport }> {
  const failed: FailedAttempt[] = [];
  for (const [index, target] of targets.entries()) {
    try {
      const result = await call(target);
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
