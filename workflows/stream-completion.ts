// A streamed completion. The activity forwards text to the workflow in small signals as it arrives;
// the MCP layer reads it with the `readStream` update (which waits for new text), so tokens reach
// the agent as progress notifications even when the worker runs on another host.
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

export const streamDeltaSignal = defineSignal<[StreamDelta]>('streamDelta');
export const readStreamUpdate = defineUpdate<StreamRead, [{ offset: number; waitMs?: number }]>('readStream');

export async function streamCompletionWorkflow(input: StreamJobInput): Promise<StreamJobResult> {
  if (input.request.messages.length === 0) {
    throw ApplicationFailure.nonRetryable('a completion needs at least one message', 'InvalidJobInput');
  }
  countWaiters(input.waiter);
  let text = '';
  let done = false;
  setHandler(streamDeltaSignal, (delta) => {
    if (delta.offset === text.length) text += delta.text;
    else if (delta.offset < text.length && delta.offset + delta.text.length > text.length) text += delta.text.slice(text.length - delta.offset);
  });
  setHandler(readStreamUpdate, async ({ offset, waitMs }) => {
    // Only a stream that failed before its first token is retried or falls back, so text never
    // has to be taken back: readers only ever see it grow.
    await condition(() => text.length > offset || done, waitMs ?? 30_000);
    const start = Math.min(offset, text.length);
    return { text: text.slice(start), offset: start, done };
  });

  try {
    const { result, fallback } = await callWithFallback(input.targets, (target) =>
      activitiesFor(target).streamProvider({ ...input.request, provider: target.provider, model: target.model }, input.flushIntervalMs),
    );
    text = result.text;
    return { ...result, job_id: workflowInfo().workflowId, ...(fallback ? { fallback } : {}) };
  } finally {
    done = true;
    await condition(allHandlersFinished);
  }
}
