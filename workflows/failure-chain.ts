// How a failure chain (workflow failed → activity failed → application failure …) reads, decoded in
// one place: workflows use it to decide on fallbacks and report fan-out slots, the MCP layer to tell
// an agent why a job failed. Pure, so it runs inside the workflow sandbox and in Node alike.
import { ApplicationFailure, CancelledFailure, TerminatedFailure, TimeoutFailure } from '@temporalio/common';

export interface DecodedFailure {
  /** The innermost failure's type: an ApplicationFailure's type, Cancelled, Terminated, Timeout; undefined when unknown. */
  type: string | undefined;
  /** The innermost failure's own message. */
  message: string;
  /** true when retrying cannot help (marked non-retryable, or a type listed as such). */
  nonRetryable: boolean;
  /** The whole chain as an agent should read it: what failed, why, and whether it was retried. */
  description: string;
}

/** Wrappers whose own message only repeats what their cause says. */
function isWrapper(error: Error): boolean {
  return error.name === 'ActivityFailure' || error.name === 'WorkflowFailedError' || error.name === 'ChildWorkflowFailure';
}

export function decodeFailure(error: unknown, nonRetryableTypes: readonly string[] = []): DecodedFailure {
  const context: string[] = [];
  let current: unknown = error;
  while (current instanceof Error) {
    if (current instanceof ApplicationFailure) {
      const type = current.type ?? 'Error';
      const nonRetryable = current.nonRetryable || nonRetryableTypes.includes(type);
      return leaf(context, type, current.message, nonRetryable, `${current.message} [${type}${current.nonRetryable ? ', not retried' : ''}]`);
    }
    if (current instanceof CancelledFailure) return leaf(context, 'Cancelled', current.message, true, 'the job was cancelled');
    if (current instanceof TerminatedFailure) return leaf(context, 'Terminated', current.message, true, 'the job was terminated');
    if (current instanceof TimeoutFailure) {
      return leaf(context, 'Timeout', `timed out (${current.timeoutType})`, false, `the job timed out (${current.timeoutType})`);
    }
    if (!isWrapper(current) || current.cause === undefined) context.push(current.message);
    current = current.cause;
  }
  const message = context.at(-1) ?? String(error);
  return { type: undefined, message, nonRetryable: false, description: context.join(': ') || String(error) };
}

function leaf(context: string[], type: string, message: string, nonRetryable: boolean, description: string): DecodedFailure {
  return { type, message, nonRetryable, description: [...context, description].join(': ') };
}

/** A number an activity attached to its failure (the first application failure's details), by field. */
export function failureDetailNumber(error: unknown, field: string): number | undefined {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    if (current instanceof ApplicationFailure) {
      const value = (current.details?.[0] as Record<string, unknown> | undefined)?.[field];
      return typeof value === 'number' ? value : undefined;
    }
  }
  return undefined;
}
