// A streamed completion. The activity forwards text to the workflow in small signals as it arrives;
// the MCP layer reads it with the `readStream` update (which waits for new text), so tokens reach
// the agent as progress notifications even when the worker runs on another host. A retried stream
// starts its text afresh (see stream-text.ts) and readers are told it restarted.
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  defineSignal,
  defineUpdate,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { StreamDelta, StreamJobInput, StreamJobResult, StreamRead } from '../core/jobs/types.ts';
import { activitiesFor, callWithFallback } from './call-with-fallback.ts';
import { countWaiters } from './job-waiters.ts';
import { StreamText } from './stream-text.ts';

export const streamDeltaSignal = defineSignal<[StreamDelta]>('streamDelta');
export const readStreamUpdate = defineUpdate<StreamRead, [{ offset: number; waitMs?: number; restarts?: number }]>('readStream');

export async function streamCompletionWorkflow(input: StreamJobInput): Promise<StreamJobResult> {
  if (input.request.messages.length === 0) {
    throw ApplicationFailure.nonRetryable('a completion needs at least one message', 'InvalidJobInput');
  }
  countWaiters(input.waiter);
  const stream = new StreamText();
  let done = false;
  setHandler(streamDeltaSignal, (delta) => stream.apply(delta));
  setHandler(readStreamUpdate, async ({ offset, waitMs, restarts }) => {
    // A reader that knows of fewer restarts than there were reads the new text from its start.
    const from = () => (restarts !== undefined && restarts !== stream.restarts ? 0 : offset);
    await condition(() => stream.text.length > from() || done, waitMs ?? 30_000);
    const start = Math.min(from(), stream.text.length);
    return { text: stream.text.slice(start), offset: start, done, restarts: stream.restarts };
  });

  try {
    const { result, fallback } = await callWithFallback(input.targets, (target) =>
      activitiesFor(target).streamProvider({ ...input.request, provider: target.provider, model: target.model }, input.flushIntervalMs, input.targets.indexOf(target)),
    );
    return { ...result, job_id: workflowInfo().workflowId, ...(fallback ? { fallback } : {}) };
  } finally {
    done = true;
    await condition(allHandlersFinished);
  }
}
