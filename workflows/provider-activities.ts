// Where and how every provider-calling activity is scheduled, in one place: on the provider's own
// task queue (so its per-worker concurrency and queue-wide rate limit apply, and a flood of one
// provider's calls never queues another's), with the provider's attempt timeout and retry policy.
// Retry-After reaches Temporal as the failure's nextRetryDelay; the SDKs themselves never retry.
import { proxyActivities, type ActivityOptions, type RetryPolicy } from '@temporalio/workflow';
import type { GatewayActivities } from '../activities/index.ts';
import type { CallPolicy } from '../core/jobs/types.ts';
import { NON_RETRYABLE_PROVIDER_FAILURES } from './retry-policy.ts';

export interface ProviderActivityOptions {
  /** Failure types besides the provider's own that retrying cannot fix. */
  nonRetryable?: string[];
  /** Provider calls one attempt may make (an activity that embeds a long text calls many times). */
  callsPerAttempt?: number;
}

export function providerRetryPolicy(policy: CallPolicy, nonRetryable: string[] = []): RetryPolicy {
  return {
    maximumAttempts: policy.maximumAttempts,
    initialInterval: '500ms',
    backoffCoefficient: 2,
    maximumInterval: '30s',
    nonRetryableErrorTypes: [...NON_RETRYABLE_PROVIDER_FAILURES, ...nonRetryable],
  };
}

export function providerActivityOptions(policy: CallPolicy, options: ProviderActivityOptions = {}): ActivityOptions {
  return {
    startToCloseTimeout: policy.attemptTimeoutMs * (options.callsPerAttempt ?? 1),
    heartbeatTimeout: Math.min(policy.attemptTimeoutMs, 10_000),
    retry: providerRetryPolicy(policy, options.nonRetryable),
    ...(policy.taskQueue ? { taskQueue: policy.taskQueue } : {}),
  };
}

/** Activities that call the provider of `policy`, scheduled on its queue. */
export function providerActivities(policy: CallPolicy, options: ProviderActivityOptions = {}) {
  return proxyActivities<GatewayActivities>(providerActivityOptions(policy, options));
}
