// Retrieval-augmented generation: search the knowledge base, put the best chunks in the prompt with
// their ids, ask the model to cite them, and report which sources the answer cited.
import { ApplicationFailure, workflowInfo } from '@temporalio/workflow';
import { countWaiters } from './job-waiters.ts';
import type { KnowledgeHit, RagInput, RagResult } from '../core/knowledge/job-types.ts';
import { activitiesFor, callWithFallback, localActivitiesFor } from './call-with-fallback.ts';
import { searchActivities } from './knowledge.ts';

const RAG_SYSTEM =
  'Answer the question using only the numbered sources. After each claim, cite the sources it rests on by their id in square brackets, e.g. [handbook#0]. If the sources do not contain the answer, say so.';

function promptOf(question: string, hits: KnowledgeHit[]): string {
  const sources = hits.map((hit) => `[${hit.id}]\n${hit.text}`).join('\n\n');
  return `Sources:\n\n${sources}\n\nQuestion: ${question}`;
}

export async function ragWorkflow(input: RagInput): Promise<RagResult> {
  countWaiters(input.waiter);
  const found = await searchActivities(input.search).searchKnowledge(input.search);
  if (found.results.length === 0) {
    throw ApplicationFailure.nonRetryable(`knowledge base "${input.search.knowledgeBase.name}" has nothing matching the query${input.search.filter ? ' and filter' : ''}: add documents or relax the filter or min_score`, 'NoSources');
  }
  const request = { ...input.request, messages: [{ role: 'user' as const, content: promptOf(input.search.query, found.results) }], system: input.request.system ? `${RAG_SYSTEM}\n\n${input.request.system}` : RAG_SYSTEM };
  const proxy = input.activity === 'regular' ? activitiesFor : localActivitiesFor;
  const { result, fallback } = await callWithFallback(input.targets, (target) => proxy(target).callProvider({ ...request, provider: target.provider, model: target.model }));
  const cited = found.results.filter((hit) => result.text.includes(`[${hit.id}]`) || result.text.includes(hit.id));
  const usage = { ...result.usage, input_tokens: result.usage.input_tokens + found.usage.input_tokens, total_tokens: result.usage.total_tokens + found.usage.input_tokens };
  return {
    job_id: workflowInfo().workflowId,
    answer: result.text,
    sources: cited.map((hit) => ({ id: hit.id, document_id: hit.document_id, score: hit.score })),
    retrieved: found.results.length,
    provider: result.provider,
    model: result.model,
    usage,
    cost_usd: Math.round((result.cost_usd + found.cost_usd) * 1e12) / 1e12,
    ...(fallback ? { fallback } : {}),
  };
}
