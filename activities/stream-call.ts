// The streaming provider activity. Text is forwarded to the workflow in small signals while it
// arrives. A stream that fails before its first token throws (so it is retried or falls back like
// any call); one that fails later returns what arrived, marked partial, because a retry would pay
// again for text the agent has already seen.
import { Context } from '@temporalio/activity';
import type { ProviderCallInput, StreamCallResult } from '../core/jobs/types.ts';
import { ProviderError } from '../core/providers/provider-error.ts';
import type { GenerateResult, Usage } from '../core/providers/types.ts';
import { DeltaForwarder } from './delta-forwarder.ts';
import type { ActivityDeps } from './deps.ts';
import { ignoredParametersOf, storeInCache, summarizeUsage, throwIfCancelled, toApplicationFailure, withHeartbeat } from './provider-call.ts';
import { costOfStream } from './stream-cost.ts';

export function createStreamCallActivity(deps: ActivityDeps) {
  return async function streamProvider(input: ProviderCallInput, flushIntervalMs: number, stream = 0): Promise<StreamCallResult> {
    const started = performance.now();
    const model = deps.registry.resolve({ provider: input.provider, model: input.model });
    const info = Context.current().info;
    const workflowId = info.workflowExecution?.workflowId;
    let text = '';
    let final: GenerateResult | undefined;
    // Deltas carry this attempt's tag, so a retry's text replaces this one's instead of extending it.
    const forwarder =
      workflowId && deps.signalWorkflow
        ? new DeltaForwarder((delta) => deps.signalWorkflow!(workflowId, 'streamDelta', delta), { stream, attempt: info.attempt }, {
            onError: (error) => deps.logger.debug({ event: 'stream', job_id: workflowId, error: String(error) }, 'could not forward streamed text; retrying'),
          })
        : undefined;
    const flush = () => forwarder?.flush() ?? Promise.resolve();
    let reported: Usage | undefined;
    const timer = setInterval(() => void flush(), flushIntervalMs);
    let failure: unknown;
    try {
      await withHeartbeat(deps, input.provider, async (signal) => {
        for await (const event of deps.providers.get(input.provider).stream(
          { model: model.id, messages: input.messages, system: input.system, maxTokens: input.maxTokens, temperature: input.temperature, responseFormat: input.responseFormat },
          { signal },
        )) {
          if (event.type === 'delta') {
            text += event.text;
            forwarder?.append(event.text);
          } else if (event.type === 'usage') reported = event.usage;
          else final = event.result;
        }
        // Some SDKs end a stream quietly when it is aborted: that is a cancellation, not an answer.
        if (!final) throwIfCancelled(signal, input.provider);
      });
    } catch (error) {
      failure = error;
    } finally {
      clearInterval(timer);
    }
    await flush();
    const latency = Math.round(performance.now() - started);
    // Broken and cancelled streams are paid for too: what the provider reported, the rest counted.
    const { usage, cost_usd: cost, cost_estimated: estimated } = costOfStream(deps, model, input, { text, reported, final });
    const spent = { usage, cost_usd: cost, ...(estimated ? { cost_estimated: true } : {}) };
    if (failure instanceof ProviderError && failure.kind === 'cancelled') {
      deps.ledger?.record({ provider: input.provider, model: model.id, tool: input.tool, job_id: workflowId, ...spent, latency_ms: latency, outcome: 'cancelled', error_type: failure.failureType });
      throw toApplicationFailure(failure);
    }
    if (failure !== undefined && text.length === 0) {
      deps.ledger?.record({ provider: input.provider, model: model.id, tool: input.tool, job_id: workflowId, ...spent, latency_ms: latency, outcome: 'error', error_type: failure instanceof ProviderError ? failure.failureType : 'UnexpectedError' });
      throw toApplicationFailure(failure);
    }
    deps.ledger?.record({ provider: input.provider, model: model.id, tool: input.tool, job_id: workflowId, ...spent, latency_ms: latency, outcome: failure ? 'error' : 'success', ...(failure ? { error_type: 'StreamInterrupted' } : {}) });
    const result: StreamCallResult = {
      text,
      provider: input.provider,
      model: model.id,
      finish_reason: final?.finishReason ?? 'error',
      usage: summarizeUsage(usage),
      cost_usd: cost,
      ...(estimated ? { cost_estimated: true } : {}),
      latency_ms: latency,
      ...ignoredParametersOf(input),
      partial: failure !== undefined,
      ...(deps.cache && input.cache ? { cached: false } : {}),
      ...(failure !== undefined ? { error: `the stream broke after ${text.length} characters: ${(failure as Error).message}` } : {}),
    };
    // Only a whole answer is worth keeping; a partial one is returned but never cached.
    if (!result.partial) {
      const { partial: _partial, ...answer } = result;
      await storeInCache(deps, input, answer, workflowId);
    }
    return result;
  };
}
