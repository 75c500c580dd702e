// The same request to several models at once, as a fan-out of provider-call activities. A model that
// fails is reported in its slot; the others still answer. compare-and-synthesise adds one more call
// that merges the answers.
import { ApplicationFailure, CancellationScope, isCancellation, sleep, workflowInfo } from '@temporalio/workflow';
import type { ModelAnswer, MultiCompletionInput, MultiCompletionResult, SynthesisInput, SynthesisResult, Totals } from '../core/jobs/types.ts';
import { activitiesFor } from './call-with-fallback.ts';
import { decodeFailure } from './failure-chain.ts';
import { mapWithConcurrency } from './fan-out.ts';
import { reportProgress } from './progress.ts';
import { countWaiters } from './job-waiters.ts';

function describe(error: unknown): { error: string; error_type: string } {
  const failure = decodeFailure(error);
  return { error: failure.message, error_type: failure.type ?? 'Error' };
}

function totalsOf(answers: Array<Pick<ModelAnswer, 'usage' | 'cost_usd'>>): Totals {
  const totals: Totals = { input_tokens: 0, output_tokens: 0, total_tokens: 0, cost_usd: 0 };
  for (const answer of answers) {
    totals.input_tokens += answer.usage?.input_tokens ?? 0;
    totals.output_tokens += answer.usage?.output_tokens ?? 0;
    totals.total_tokens += answer.usage?.total_tokens ?? 0;
    totals.cost_usd += answer.cost_usd;
  }
  totals.cost_usd = Math.round(totals.cost_usd * 1e12) / 1e12;
  return totals;
}

async function fanOut(input: MultiCompletionInput, phase = 'answering'): Promise<Omit<MultiCompletionResult, 'job_id'>> {
  const started = Date.now();
  let done = 0;
  reportProgress(() => ({ phase, done, total: input.targets.length }));
  const answers = await mapWithConcurrency(input.targets, input.maxConcurrency, async (target): Promise<ModelAnswer> => {
    try {
      const result = await activitiesFor(target).callProvider({ ...input.request, provider: target.provider, model: target.model }).finally(() => (done += 1));
      return { provider: target.provider, model: result.model, ok: true, text: result.text, usage: result.usage, cost_usd: result.cost_usd, latency_ms: result.latency_ms, ...(result.cached ? { cached: true } : {}) };
    } catch (error) {
      // A cancelled job ends cancelled; it does not report each model as failed and complete.
      if (isCancellation(error)) throw error;
      if (describe(error).error_type === 'ProviderCallCancelled') {
        // The gateway aborted the call because the job is being cancelled: wait for the request.
        await Promise.race([CancellationScope.current().cancelRequested, sleep('1 minute')]);
        throw error;
      }
      return { provider: target.provider, model: target.model, ok: false, cost_usd: 0, ...describe(error) };
    }
  });
  const succeeded = answers.filter((answer) => answer.ok).length;
  return { answers, succeeded, failed: answers.length - succeeded, totals: totalsOf(answers), latency_ms: Date.now() - started };
}

export async function multiCompletionWorkflow(input: MultiCompletionInput): Promise<MultiCompletionResult> {
  countWaiters(input.waiter);
  return { job_id: workflowInfo().workflowId, ...(await fanOut(input)) };
}

export async function compareAndSynthesizeWorkflow(input: SynthesisInput): Promise<SynthesisResult> {
  countWaiters(input.waiter);
  const multi = await fanOut(input);
  const usable = multi.answers.filter((answer) => answer.ok);
  if (usable.length === 0) {
    throw ApplicationFailure.nonRetryable(
      `no model answered: ${multi.answers.map((answer) => `${answer.provider}/${answer.model}: ${answer.error}`).join('; ')}`,
      'AllModelsFailed',
    );
  }
  const listing = usable.map((answer, index) => `### Answer ${index + 1} (${answer.provider}/${answer.model})\n${answer.text}`).join('\n\n');
  const prompt =
    `Question:\n${input.question}\n\n${listing}\n\n` +
    (input.instructions ?? 'Compare these answers: note where they agree and disagree, correct any errors, and write the single best answer.');
  const synthesizer = input.synthesizer;
  const merged = await activitiesFor(synthesizer).callProvider({
    messages: [{ role: 'user', content: prompt }],
    system: 'You synthesise several model answers into one accurate answer.',
    tool: input.request.tool,
    provider: synthesizer.provider,
    model: synthesizer.model,
    ...(input.request.maxTokens !== undefined ? { maxTokens: input.request.maxTokens } : {}),
  });
  const totals = totalsOf([...multi.answers, { usage: merged.usage, cost_usd: merged.cost_usd }]);
  return {
    job_id: workflowInfo().workflowId,
    ...multi,
    totals,
    synthesis: merged.text,
    synthesizer: { provider: synthesizer.provider, model: merged.model, cost_usd: merged.cost_usd, usage: merged.usage },
  };
}
