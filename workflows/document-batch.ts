// process_document_batch: one operation over many documents, each as its own child job, at most
// maxConcurrency at a time. A document that fails (refused input, a provider that stays down) is
// reported in its slot; the others go on.
import { ActivityFailure, ApplicationFailure, ChildWorkflowFailure, executeChild, proxyLocalActivities, workflowInfo } from '@temporalio/workflow';
import { countWaiters } from './job-waiters.ts';
import type { GatewayActivities } from '../activities/index.ts';
import type { BatchItem, BatchItemResult, BatchJobInput, BatchJobResult } from '../core/jobs/document-types.ts';
import { documentExtractionWorkflow } from './document-extraction.ts';
import { extractionWorkflow } from './extraction.ts';
import { mapWithConcurrency } from './fan-out.ts';
import { trackProgress } from './progress.ts';
import { summarizeDocumentWorkflow } from './summarize-document.ts';

/** Local: chunking is short CPU work, so it runs beside the workflow without a trip through the task queue. */
const planning = proxyLocalActivities<GatewayActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { maximumAttempts: 3, nonRetryableErrorTypes: ['DocumentNotFound'] },
});

function messageOf(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  while (current instanceof Error) {
    if (!(current instanceof ChildWorkflowFailure) && !(current instanceof ActivityFailure)) {
      parts.push(current instanceof ApplicationFailure && current.type ? `${current.message} [${current.type}]` : current.message);
    }
    current = current.cause;
  }
  return parts.join(': ') || String(error);
}

async function runOne(input: BatchJobInput, item: BatchItem, index: number): Promise<object> {
  const documentId = item.documentId!;
  const workflowId = `${workflowInfo().workflowId}-${index + 1}`;
  switch (input.operation) {
    case 'summarize':
      return executeChild(summarizeDocumentWorkflow, { workflowId, args: [{ ...input.summarize!, documentId }], memo: { tool: input.summarize!.tool, description: `batch item ${item.id}`, document_id: documentId } });
    case 'extract_entities':
    case 'generate_qa_pairs':
      return executeChild(documentExtractionWorkflow, { workflowId, args: [{ ...input.extraction!, documentId }], memo: { tool: input.extraction!.tool, description: `batch item ${item.id}`, document_id: documentId } });
    case 'extract_json':
      return executeChild(extractionWorkflow, { workflowId, args: [{ ...input.extractJson!, documentId }], memo: { tool: input.extractJson!.tool, description: `batch item ${item.id}`, document_id: documentId } });
    case 'chunk': {
      const plan = await planning.planChunks({ ...input.chunking!, documentId });
      return { document_id: documentId, count: plan.chunks.length, total_tokens: plan.total_tokens, tokenizer: plan.tokenizer, chunks: plan.chunks };
    }
  }
}

export async function processDocumentBatchWorkflow(input: BatchJobInput): Promise<BatchJobResult> {
  countWaiters(input.waiter);
  const progress = trackProgress('document', input.items.length);
  const results = await mapWithConcurrency(input.items, input.maxConcurrency, async (item, index): Promise<BatchItemResult> => {
    const base = { id: item.id, ...(item.documentId ? { document_id: item.documentId } : {}) };
    try {
      if (item.error !== undefined) return { ...base, ok: false, error: item.error };
      return { ...base, ok: true, result: await runOne(input, item, index) };
    } catch (error) {
      return { ...base, ok: false, error: messageOf(error) };
    } finally {
      progress.done += 1;
    }
  });
  const succeeded = results.filter((result) => result.ok).length;
  return { job_id: workflowInfo().workflowId, operation: input.operation, succeeded, failed: results.length - succeeded, results };
}
