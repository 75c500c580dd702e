// chunk_document's semantic strategy with an embedding provider: one activity embeds the document's
// sentences and cuts at the largest similarity drops; the finished activity is in the history, so a
// resumed job never embeds again.
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { GatewayActivities } from '../activities/index.ts';
import type { SemanticChunkingInput, SemanticChunkingResult } from '../core/chunking/semantic-job-types.ts';
import { countWaiters } from './job-waiters.ts';
import { NON_RETRYABLE_PROVIDER_FAILURES } from './retry-policy.ts';

/** Embedding a long document takes many provider calls: the activity gets several attempt timeouts. */
const CALLS_PER_ATTEMPT = 10;

export async function semanticChunkingWorkflow(input: SemanticChunkingInput): Promise<SemanticChunkingResult> {
  countWaiters(input.waiter);
  const { policy } = input.embedding;
  const { chunkBySentenceEmbeddings } = proxyActivities<GatewayActivities>({
    startToCloseTimeout: policy.attemptTimeoutMs * CALLS_PER_ATTEMPT,
    heartbeatTimeout: Math.min(policy.attemptTimeoutMs, 10_000),
    retry: { maximumAttempts: policy.maximumAttempts, initialInterval: '500ms', backoffCoefficient: 2, maximumInterval: '30s', nonRetryableErrorTypes: [...NON_RETRYABLE_PROVIDER_FAILURES, 'DocumentNotFound'] },
  });
  const result = await chunkBySentenceEmbeddings(input);
  return { job_id: workflowInfo().workflowId, ...result };
}
