// Steps every document workflow shares: planning the chunks (brought by the job, or an activity
// reads and splits the stored text), one model call on a part of the document along the fallback
// chain, and the running totals of tokens, dollars and models a document job reports.
import { proxyLocalActivities, upsertMemo } from '@temporalio/workflow';
import type { GatewayActivities } from '../activities/index.ts';
import type { ChunkPlan, DocumentCallInput, DocumentCallResult, DocumentJobBase, DocumentJobTotals } from '../core/jobs/document-types.ts';
import type { ModelTarget } from '../core/jobs/types.ts';
import { activitiesFor, callWithFallback } from './call-with-fallback.ts';

/** Local: chunking is short CPU work, so it runs beside the workflow without a trip through the task queue. */
const planning = proxyLocalActivities<GatewayActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { maximumAttempts: 3, nonRetryableErrorTypes: ['DocumentNotFound'] },
});

export async function planChunks(job: DocumentJobBase): Promise<ChunkPlan> {
  const plan = job.plan ?? await planning.planChunks({
    documentId: job.documentId,
    strategy: job.strategy,
    chunkSize: job.chunkSize,
    chunkOverlap: job.chunkOverlap,
    tokenizer: job.tokenizer,
  });
  upsertMemo({ document_id: job.documentId, chunks: plan.chunks.length });
  return plan;
}

export class JobTotals {
  private inputTokens = 0;
  private outputTokens = 0;
  private cost = 0;
  private readonly models = new Set<string>();

  add(result: DocumentCallResult): DocumentCallResult {
    this.inputTokens += result.usage.input_tokens;
    this.outputTokens += result.usage.output_tokens;
    this.cost += result.cost_usd;
    this.models.add(`${result.provider}/${result.model}`);
    return result;
  }

  report(documentId: string, jobId: string, chunks: number, startedAt: number): DocumentJobTotals {
    return {
      document_id: documentId,
      job_id: jobId,
      chunks,
      usage: { input_tokens: this.inputTokens, output_tokens: this.outputTokens, total_tokens: this.inputTokens + this.outputTokens },
      cost_usd: Math.round(this.cost * 1e12) / 1e12,
      latency_ms: Date.now() - startedAt,
      models: [...this.models],
    };
  }
}

/** What every call of a job on one model sends besides its part of the document and its task. */
export function callBase(job: DocumentJobBase, target: ModelTarget): Omit<DocumentCallInput, 'span' | 'task'> {
  return {
    documentId: job.documentId,
    provider: target.provider,
    model: target.model,
    tool: job.tool,
    ...(job.cache ? { cache: job.cache } : {}),
    ...(job.temperature !== undefined ? { temperature: job.temperature } : {}),
  };
}

/**
 * One call on the document, moving along the fallback chain when a model stays down;
 * `firstAttemptFailure`: how its first attempt, made in a lane, failed.
 */
export async function askAlongChain(job: DocumentJobBase, call: Pick<DocumentCallInput, 'span' | 'task'>, firstAttemptFailure?: unknown): Promise<DocumentCallResult> {
  const { result } = await callWithFallback(
    job.targets,
    (target, attemptsMade) => activitiesFor(target, { attemptsMade }).callOnDocument({ ...call, ...callBase(job, target) }),
    firstAttemptFailure,
  );
  return result;
}

export async function callOnDocument(job: DocumentJobBase, totals: JobTotals, call: Pick<DocumentCallInput, 'span' | 'task'>): Promise<DocumentCallResult> {
  return totals.add(await askAlongChain(job, call));
}
