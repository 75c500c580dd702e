// One delegated completion: a provider-call (local) activity under Temporal's retry policy, moving
// along the fallback chain when a model stays down.
import { ApplicationFailure, workflowInfo } from '@temporalio/workflow';
import type { CompletionJobInput, CompletionJobResult } from '../core/jobs/types.ts';
import { callWithFallback, localActivitiesFor } from './call-with-fallback.ts';

export async function completionWorkflow(input: CompletionJobInput): Promise<CompletionJobResult> {
  if (input.request.messages.length === 0) {
    throw ApplicationFailure.nonRetryable('a completion needs at least one message', 'InvalidJobInput');
  }
  const { result, fallback } = await callWithFallback(input.targets, (target) =>
    localActivitiesFor(target).callProvider({ ...input.request, provider: target.provider, model: target.model }),
  );
  return { ...result, job_id: workflowInfo().workflowId, ...(fallback ? { fallback } : {}) };
}
