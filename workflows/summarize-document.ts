// summarize_document as a durable map-reduce: a document that fits is one call; a longer one is
// chunked, each chunk summarised in parallel (at most maxConcurrency calls in flight, in lanes), and
// the partial summaries reduced in rounds until one call holds them all. Finished calls are in the
// workflow's history, so a job resumed after a crash repeats only the calls that were in flight.
import { workflowInfo } from '@temporalio/workflow';
import { countWaiters } from './job-waiters.ts';
import type { SummarizeJobInput, SummarizeJobResult } from '../core/jobs/document-types.ts';
import { DocumentLanes } from './document-lanes.ts';
import { callOnDocument, JobTotals, planChunks } from './document-steps.ts';
import { enterPhase, trackProgress } from './progress.ts';

interface PartialSummary {
  text: string;
  tokens: number;
}

/** Consecutive partials grouped so each group's tokens stay within the budget (at least two per group). */
export function groupForReduction(partials: readonly PartialSummary[], budget: number): PartialSummary[][] {
  const groups: PartialSummary[][] = [];
  let current: PartialSummary[] = [];
  let tokens = 0;
  for (const partial of partials) {
    if (current.length >= 2 && tokens + partial.tokens > budget) {
      groups.push(current);
      current = [];
      tokens = 0;
    }
    current.push(partial);
    tokens += partial.tokens;
  }
  if (current.length === 1 && groups.length > 0) groups[groups.length - 1]!.push(current[0]!);
  else if (current.length > 0) groups.push(current);
  return groups;
}

export async function summarizeDocumentWorkflow(input: SummarizeJobInput): Promise<SummarizeJobResult> {
  countWaiters(input.waiter);
  const startedAt = Date.now();
  const jobId = workflowInfo().workflowId;
  const progress = trackProgress('chunking');
  const totals = new JobTotals();
  const lanes = new DocumentLanes(input, totals);
  const options = { format: input.format, ...(input.maxWords !== undefined ? { maxWords: input.maxWords } : {}), ...(input.focus !== undefined ? { focus: input.focus } : {}) };
  const plan = await planChunks(input);
  const count = plan.chunks.length;

  if (plan.total_tokens <= input.singleCallTokens || count <= 1) {
    enterPhase(progress, 'summary', 1);
    const whole = await callOnDocument(input, totals, { task: { kind: 'summary_whole', ...options } });
    progress.done = 1;
    return { summary: whole.text, rounds: 1, ...totals.report(input.documentId, jobId, count, startedAt) };
  }

  enterPhase(progress, 'chunk', count);
  const chunkCalls = plan.chunks.map((chunk) => ({
    span: { start: chunk.start, end: chunk.end, tokens: chunk.tokens },
    task: { kind: 'summary_chunk' as const, index: chunk.index, count, ...(input.focus !== undefined ? { focus: input.focus } : {}) },
  }));
  const answered = () => (progress.done += 1);
  let partials: PartialSummary[] = (await lanes.map(chunkCalls, answered)).map((result) => ({ text: result.text, tokens: result.usage.output_tokens }));

  let rounds = 1;
  for (;;) {
    const groups = groupForReduction(partials, input.chunkSize);
    const final = groups.length === 1;
    rounds += 1;
    enterPhase(progress, `reduce round ${rounds - 1}`, groups.length);
    const reduceCalls = groups.map((group) => ({ task: { kind: 'summary_reduce' as const, partials: group.map((partial) => partial.text), final, ...options } }));
    const reduced = await lanes.map(reduceCalls, answered);
    if (final) return { summary: reduced[0]!.text, rounds, ...totals.report(input.documentId, jobId, count, startedAt) };
    partials = reduced.map((result) => ({ text: result.text, tokens: result.usage.output_tokens }));
  }
}
