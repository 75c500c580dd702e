// Knowledge-base jobs. Ingestion fans out: each document is planned (chunked, compared with what is
// stored), its chunks are embedded and upserted in batches in parallel activities, and chunks of an
// older version are removed; then the knowledge base's index is brought up to date. Searches are
// one short activity (embed the query, search the store).
import { log, patched, proxyActivities, proxyLocalActivities, workflowInfo } from '@temporalio/workflow';
import { countWaiters } from './job-waiters.ts';
import type { GatewayActivities } from '../activities/index.ts';
import type { AddDocumentsInput, AddDocumentsResult, EmbedBatchResult, IngestedDocument, KnowledgeSearchInput, KnowledgeSearchResult } from '../core/knowledge/job-types.ts';
import { mapWithConcurrency } from './fan-out.ts';
import { providerActivities, providerActivityOptions, providerRetryPolicy } from './provider-activities.ts';

/** Chunks per embedding activity: two provider calls of 96 inputs and one store commit. */
export const CHUNKS_PER_BATCH = 192;
const DOCUMENTS_IN_PARALLEL = 8;
const BATCHES_IN_PARALLEL = 4;
const KNOWLEDGE_FAILURES = ['VectorStoreRejected', 'DocumentNotFound'];

/** Planning and removing chunks on the main queue; embedding batches on the embedding provider's queue. */
function ingestionActivities(input: AddDocumentsInput) {
  const policy = input.knowledgeBase.embedding.policy;
  const mainQueuePolicy = { maximumAttempts: policy.maximumAttempts, attemptTimeoutMs: policy.attemptTimeoutMs };
  const { planKnowledgeDocument, finishKnowledgeDocument } = proxyActivities<GatewayActivities>(providerActivityOptions(mainQueuePolicy, { nonRetryable: KNOWLEDGE_FAILURES }));
  const { embedKnowledgeBatch } = providerActivities(policy, { nonRetryable: KNOWLEDGE_FAILURES });
  return { planKnowledgeDocument, finishKnowledgeDocument, embedKnowledgeBatch };
}

/** Building an ANN index over a large knowledge base takes minutes; heartbeats show it is alive. */
const upkeepActivities = proxyActivities<GatewayActivities>({
  startToCloseTimeout: '1 hour',
  heartbeatTimeout: '1 minute',
  retry: { maximumAttempts: 3, initialInterval: '5s', backoffCoefficient: 2, nonRetryableErrorTypes: ['VectorStoreRejected'] },
});

export function searchActivities(input: KnowledgeSearchInput) {
  const policy = input.knowledgeBase.embedding.policy;
  return proxyLocalActivities<GatewayActivities>({
    startToCloseTimeout: policy.attemptTimeoutMs,
    retry: providerRetryPolicy(policy, KNOWLEDGE_FAILURES),
  });
}

export async function addDocumentsWorkflow(input: AddDocumentsInput): Promise<AddDocumentsResult> {
  countWaiters(input.waiter);
  const activities = ingestionActivities(input);
  const { knowledgeBase, chunking, tool } = input;
  const totals: EmbedBatchResult = { embedded: 0, inputTokens: 0, costUsd: 0 };
  const documents = await mapWithConcurrency(input.documents, DOCUMENTS_IN_PARALLEL, async (document): Promise<IngestedDocument> => {
    const plan = await activities.planKnowledgeDocument({ knowledgeBase, chunking, document });
    const summary = { id: document.key, document_id: document.documentId, chunks: plan.chunkCount };
    if (plan.unchanged) return { ...summary, status: 'unchanged' };
    const batches: Array<{ start: number; end: number }> = [];
    for (let start = 0; start < plan.chunkCount; start += CHUNKS_PER_BATCH) batches.push({ start, end: Math.min(plan.chunkCount, start + CHUNKS_PER_BATCH) });
    const results = await mapWithConcurrency(batches, BATCHES_IN_PARALLEL, (batch) => activities.embedKnowledgeBatch({ knowledgeBase, document, plan, ...batch, tool }));
    for (const result of results) {
      totals.embedded += result.embedded;
      totals.inputTokens += result.inputTokens;
      totals.costUsd += result.costUsd;
    }
    // Nothing of this document was stored before the plan: no older chunks to remove.
    if (plan.existed) await activities.finishKnowledgeDocument({ knowledgeBase, plan });
    return { ...summary, status: plan.existed ? 'replaced' : 'added' };
  });
  // Jobs recorded before index upkeep existed replay without it.
  if (documents.some((document) => document.status !== 'unchanged') && patched('knowledge-base-index-upkeep')) {
    // The documents are stored and searchable either way: the next job that writes tries again.
    await upkeepActivities.maintainKnowledgeBase({ knowledgeBase }).catch((error: unknown) => log.warn('knowledge base index upkeep failed', { knowledgeBase: knowledgeBase.name, error: String(error) }));
  }
  return {
    job_id: workflowInfo().workflowId,
    knowledge_base: knowledgeBase.name,
    documents,
    chunks: documents.reduce((total, document) => total + document.chunks, 0),
    embedded: totals.embedded,
    skipped: documents.filter((document) => document.status === 'unchanged').length,
    usage: { input_tokens: totals.inputTokens },
    cost_usd: Math.round(totals.costUsd * 1e12) / 1e12,
  };
}

export async function knowledgeSearchWorkflow(input: KnowledgeSearchInput): Promise<KnowledgeSearchResult> {
  countWaiters(input.waiter);
  const found = await searchActivities(input).searchKnowledge(input);
  return { job_id: workflowInfo().workflowId, ...found };
}
