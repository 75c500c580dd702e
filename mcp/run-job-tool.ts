// The common path of every tool that runs LLM work: prepare (validate, resolve), start the workflow,
// then either hand back the job handle or await the result, cancelling the job if the client cancels.
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { CallToolResult, ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import type { JobMemo } from '../core/jobs/types.ts';
import type { McpDeps } from './deps.ts';
import { describeFailure } from './job-service.ts';
import { taskJobOf } from './tasks/task-job.ts';
import { ToolInputError, toolError, toolResult } from './tool-result.ts';

/** Temporal refuses payloads over 2 MB; leave room for the memo and the envelope. */
const MAX_JOB_INPUT_BYTES = 1_900_000;

export type ToolExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

export interface PreparedJob<Input> {
  workflow: string;
  description: string;
  input: Input;
  /** A ready answer (an exact cache hit): no job is started. */
  answer?: object | undefined;
  /** A job id derived from the request, joined when already running (coalescing). */
  jobId?: string | undefined;
  /** Memo fields besides tool and description (document jobs: document_id). */
  memo?: Partial<JobMemo> | undefined;
  /** Fields a background job's handle carries besides job_id and status (document jobs: document_id). */
  handle?: object | undefined;
}

export interface JobToolSpec<Input, Result> {
  tool: string;
  background: boolean;
  prepare: () => PreparedJob<Input> | Promise<PreparedJob<Input>>;
  present: (result: Result) => object;
  /** Runs beside the wait for the result (e.g. forwarding streamed text as progress). */
  whileRunning?: (jobId: string, finished: Promise<unknown>) => Promise<void>;
}

export async function runJobTool<Input, Result>(deps: McpDeps, extra: ToolExtra, spec: JobToolSpec<Input, Result>): Promise<CallToolResult> {
  let prepared: Awaited<ReturnType<JobToolSpec<Input, Result>['prepare']>>;
  try {
    prepared = await spec.prepare();
  } catch (error) {
    if (error instanceof ToolInputError) return toolError(`${spec.tool}: ${error.message}`);
    throw error;
  }
  if (prepared.answer) return toolResult(spec.present(prepared.answer as Result));
  const inputBytes = Buffer.byteLength(JSON.stringify(prepared.input));
  if (inputBytes > MAX_JOB_INPUT_BYTES) {
    return toolError(
      `${spec.tool}: the request is ${(inputBytes / 1e6).toFixed(1)} MB; a job's input can be at most ${MAX_JOB_INPUT_BYTES / 1e6} MB (Temporal's payload limit). Shorten the prompt, messages or input, or split the work.`,
    );
  }
  // A client that asked for an MCP task gets the task's id as the job id, and does not wait here.
  const taskJob = taskJobOf(extra);
  const background = spec.background || taskJob !== undefined;
  const jobId = taskJob?.jobId ?? prepared.jobId ?? deps.jobs.newJobId(spec.tool);
  // A coalesced job may have other callers waiting on it: one caller giving up cancels the job only
  // when nobody else here still waits for it (its answer is cached either way). Counted before the
  // start, so a caller still joining is never left out.
  const waits = !background;
  if (waits) deps.jobs.addWaiter(jobId);
  let job: Awaited<ReturnType<typeof deps.jobs.start<Input, Result>>>;
  try {
    job = await deps.jobs.start<Input, Result>({
      workflow: prepared.workflow,
      jobId,
      input: prepared.input,
      memo: { ...prepared.memo, tool: spec.tool, description: prepared.description },
      joinExisting: !taskJob && prepared.jobId !== undefined,
    });
  } catch (error) {
    if (waits) deps.jobs.removeWaiter(jobId);
    deps.logger.warn({ event: 'job', tool: spec.tool, error: String(error) }, 'could not start job');
    return toolError(`${spec.tool}: the job could not be started (${(error as Error).message}); the gateway's Temporal server may be unavailable — see /healthz`);
  }
  deps.logger.debug({ event: 'job', job_id: jobId, tool: spec.tool }, 'job started');
  if (taskJob) taskJob.started = true;
  if (background) return toolResult({ job_id: jobId, status: 'running', ...prepared.handle });

  let waiting = true;
  const onAbort = () => {
    if (!waiting) return;
    waiting = false;
    if (deps.jobs.removeWaiter(jobId) > 0) return;
    deps.jobs.cancel(jobId).catch((error: unknown) => deps.logger.warn({ event: 'job', job_id: jobId, error: String(error) }, 'could not cancel job'));
  };
  extra.signal.addEventListener('abort', onAbort, { once: true });
  if (extra.signal.aborted) onAbort();
  try {
    const finished = job.result();
    const sideWork = spec
      .whileRunning?.(jobId, finished.catch(() => undefined))
      .catch((error: unknown) => deps.logger.debug({ event: 'job', job_id: jobId, error: String(error) }, 'side work ended with an error'));
    const result = await finished;
    await sideWork;
    return toolResult(spec.present(result));
  } catch (error) {
    deps.logger.info({ event: 'job', job_id: jobId, tool: spec.tool, error: describeFailure(error) }, 'job failed');
    return toolError(`${spec.tool} failed (job_id ${jobId}): ${describeFailure(error)}`);
  } finally {
    extra.signal.removeEventListener('abort', onAbort);
    if (waiting) deps.jobs.removeWaiter(jobId);
  }
}
