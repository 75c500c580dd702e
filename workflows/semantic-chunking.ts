// chunk_document's semantic strategy with an embedding provider: one activity embeds the document's
// sentences and cuts at the largest similarity drops; the finished activity is in the history, so a
// resumed job never embeds again.
import { workflowInfo } from '@temporalio/workflow';
import type { SemanticChunkingInput, SemanticChunkingResult } from '../core/chunking/semantic-job-types.ts';
import { countWaiters } from './job-waiters.ts';
import { providerActivities } from './provider-activities.ts';

/** Embedding a long document takes many provider calls: the activity gets several attempt timeouts. */
const CALLS_PER_ATTEMPT = 10;

export async function semanticChunkingWorkflow(input: SemanticChunkingInput): Promise<SemanticChunkingResult> {
  countWaiters(input.waiter);
  const { chunkBySentenceEmbeddings } = providerActivities(input.embedding.policy, { callsPerAttempt: CALLS_PER_ATTEMPT, nonRetryable: ['DocumentNotFound'] });
  const result = await chunkBySentenceEmbeddings(input);
  return { job_id: workflowInfo().workflowId, ...result };
}
