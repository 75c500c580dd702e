// One delegated completion: a provider-call activity under Temporal's retry policy, moving along
// the fallback chain when a model stays down.
import { ApplicationFailure, workflowInfo } from '@temporalio/workflow';
import type { CompletionJobInput, CompletionJobResult } from '../core/jobs/types.ts';
import { activitiesFor, callWithFallback, localActivitiesFor } from './call-with-fallback.ts';
import { countWaiters } from './job-waiters.ts';

export async function completionWorkflow(input: CompletionJobInput): Promise<CompletionJobResult> {
  countWaiters(input.waiter);
  if (input.request.messages.length === 0) {
    throw ApplicationFailure.nonRetryable('a completion needs at least one message', 'InvalidJobInput');
  }
  // A caller waiting for the answer gets a local activity: the whole job fits in one workflow task.
  // A background job gets a regular one: any worker can run it, and cancel_job reaches it through
  // its heartbeats wherever it runs.
  const proxy = input.activity === 'regular' ? activitiesFor : localActivitiesFor;
  const { result, fallback } = await callWithFallback(input.targets, (target) =>
    proxy(target).callProvider({ ...input.request, provider: target.provider, model: target.model }),
  );
  return { ...result, job_id: workflowInfo().workflowId, ...(fallback ? { fallback } : {}) };
}
