// Extraction with a repair loop: each attempt is one activity (call + validate); an answer that is
// not JSON or fails the schema goes back to the model with the validator's errors, up to maxAttempts.
// Reusable as a child workflow: input and result types live in core/extraction/types.ts.
import { ApplicationFailure, workflowInfo } from '@temporalio/workflow';
import { countWaiters } from './job-waiters.ts';
import type { ExtractionAttemptResult, ExtractionJobInput, ExtractionJobResult, RejectedAnswer } from '../core/extraction/types.ts';
import type { UsageSummary } from '../core/jobs/types.ts';
import { activitiesFor, callWithFallback, localActivitiesFor } from './call-with-fallback.ts';

function addUsage(total: UsageSummary, usage: UsageSummary): UsageSummary {
  return {
    input_tokens: total.input_tokens + usage.input_tokens,
    output_tokens: total.output_tokens + usage.output_tokens,
    total_tokens: total.total_tokens + usage.total_tokens,
    cached_input_tokens: total.cached_input_tokens + (usage.cached_input_tokens ?? 0),
    cache_write_tokens: total.cache_write_tokens + (usage.cache_write_tokens ?? 0),
    reasoning_tokens: total.reasoning_tokens + (usage.reasoning_tokens ?? 0),
  };
}

export async function extractionWorkflow(input: ExtractionJobInput): Promise<ExtractionJobResult> {
  countWaiters(input.waiter);
  if (input.maxAttempts < 1) throw ApplicationFailure.nonRetryable('maxAttempts must be at least 1', 'InvalidJobInput');
  const proxy = input.activity === 'regular' ? activitiesFor : localActivitiesFor;
  let usage: UsageSummary = { input_tokens: 0, output_tokens: 0, total_tokens: 0, cached_input_tokens: 0, cache_write_tokens: 0, reasoning_tokens: 0 };
  let cost = 0;
  let latency = 0;
  let previous: RejectedAnswer | undefined;
  let last: ExtractionAttemptResult | undefined;
  for (let attempt = 1; attempt <= input.maxAttempts; attempt += 1) {
    const { result } = await callWithFallback(input.targets, (target) =>
      proxy(target).extractionAttempt({
        task: input.task,
        schema: input.schema,
        instructions: input.instructions,
        documentId: input.documentId,
        provider: target.provider,
        model: target.model,
        tool: input.tool,
        previous,
        maxTokens: input.maxTokens,
        temperature: input.temperature,
        cache: input.cache,
      }),
    );
    last = result;
    usage = addUsage(usage, result.usage);
    cost += result.cost_usd;
    latency += result.latency_ms;
    if (result.valid) {
      return {
        job_id: workflowInfo().workflowId,
        document_id: input.documentId,
        data: result.data,
        valid: true,
        attempts: attempt,
        provider: result.provider,
        model: result.model,
        usage,
        cost_usd: Math.round(cost * 1e12) / 1e12,
        latency_ms: latency,
      };
    }
    previous = { answer: result.answer, errors: result.errors };
  }
  throw ApplicationFailure.nonRetryable(
    `the answer was still invalid after ${input.maxAttempts} attempt${input.maxAttempts === 1 ? '' : 's'}: ${last!.errors.join('; ')}`,
    'ExtractionInvalid',
    { attempts: input.maxAttempts, errors: last!.errors, last_answer: last!.answer.slice(0, 2000), usage, cost_usd: cost },
  );
}
