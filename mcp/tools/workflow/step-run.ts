// How a workflow step runs a tool's own handler without an MCP request: a marker carried on the
// handler's extra tells runJobTool to hand back the job it would start (prepare) or to present a
// result the step's child workflow returned (present), so tool handlers need no change.
import type { ToolExtra } from '../../run-job-tool.ts';

export interface CapturedJob {
  /** The workflow function's name: its Temporal workflow type. */
  workflowType: string;
  input: unknown;
}

export type StepRun = { mode: 'prepare'; job?: CapturedJob } | { mode: 'present'; result: unknown };

const STEP_RUN = Symbol('stepRun');

/** A stand-in for a request's extra: nobody listens for notifications and nothing cancels it. */
export function stepExtra(run: StepRun): ToolExtra {
  const extra = {
    signal: new AbortController().signal,
    requestId: 0,
    sendNotification: async () => undefined,
    sendRequest: async () => {
      throw new Error('a workflow step cannot send requests to a client');
    },
  };
  return { ...extra, [STEP_RUN]: run } as unknown as ToolExtra;
}

export function stepRunOf(extra: ToolExtra): StepRun | undefined {
  return (extra as ToolExtra & { [STEP_RUN]?: StepRun })[STEP_RUN];
}
