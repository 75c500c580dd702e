// The common path of every tool that runs LLM work: prepare (validate, resolve), start or join the
// workflow, then hand back the job handle (background jobs, or once JOB_WAIT_SECONDS passes) or the
// result. While a caller waits it gets keep-alive progress; a caller that stops waiting leaves the job
// (see job-wait.ts for when that cancels it).
import { randomUUID } from 'node:crypto';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { CallToolResult, ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import { newJobId } from '../core/jobs/job-policy.ts';
import { TemporalUnavailableError } from '../core/temporal/temporal-status.ts';
import type { JobMemo } from '../core/jobs/types.ts';
import type { McpDeps } from './deps.ts';
import { callerAskedToStop, keepAliveIntervalMs, keepAliveMessage } from './job-wait.ts';
import { describeFailure, type JobWorkflow } from './job-service.ts';
import { MAX_JOB_INPUT_BYTES } from './text-limits.ts';
import { taskJobOf } from './tasks/task-job.ts';
import { stepRunOf } from './tools/workflow/step-run.ts';
import { ToolInputError, toolError, toolResult } from './tool-result.ts';


/** How long the result's long poll outlives JOB_WAIT_SECONDS, so the handle, not a poll timeout, answers. */
const RESULT_POLL_MARGIN_MS = 2_000;

export type ToolExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

export interface PreparedJob<Input, Result> {
  workflow: JobWorkflow<Input, Result>;
  /** What the job is, shown by list_jobs: never prompt text (see promptPreview). */
  description: string;
  /** Prompt text, added to the job's memo only when JOB_MEMO_PROMPTS=true. */
  promptPreview?: string | undefined;
  input: Input;
  /** A ready answer (an exact cache hit): no job is started. */
  answer?: Result | undefined;
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
  prepare: () => PreparedJob<Input, Result> | Promise<PreparedJob<Input, Result>>;
  present: (result: Result) => object;
  /**
   * Runs beside the wait for the result (e.g. forwarding streamed text as progress); `stop` fires when
   * the caller is answered with the handle instead. Tools with their own progress get no keep-alive.
   */
  whileRunning?: (jobId: string, finished: Promise<Result | undefined>, stop: AbortSignal) => Promise<void>;
}

/** Memos are visible to every client of the Temporal namespace: prompt text only on request. */
const MEMO_PROMPT_CHARACTERS = 80;

export function memoDescription(deps: Pick<McpDeps, 'config'>, prepared: Pick<PreparedJob<unknown, unknown>, 'description' | 'promptPreview'>): string {
  if (!deps.config.jobMemoPrompts || !prepared.promptPreview) return prepared.description;
  return `${prepared.description}: ${prepared.promptPreview.slice(0, MEMO_PROMPT_CHARACTERS)}`;
}

type WaitOutcome<Result> = { kind: 'result'; result: Result } | { kind: 'failed'; error: unknown } | { kind: 'handle' } | { kind: 'left' };

export async function runJobTool<Input extends object, Result>(deps: McpDeps, extra: ToolExtra, spec: JobToolSpec<Input, Result>): Promise<CallToolResult> {
  const stepRun = stepRunOf(extra);
  if (stepRun?.mode === 'present') return toolResult(spec.present(stepRun.result as Result));
  let prepared: PreparedJob<Input, Result>;
  try {
    prepared = await spec.prepare();
  } catch (error) {
    if (error instanceof ToolInputError) return toolError(`${spec.tool}: ${error.message}`);
    throw error;
  }
  if (prepared.answer) return toolResult(spec.present(prepared.answer));
  const inputBytes = Buffer.byteLength(JSON.stringify(prepared.input));
  if (inputBytes > MAX_JOB_INPUT_BYTES) {
    return toolError(
      `${spec.tool}: the request is ${(inputBytes / 1e6).toFixed(1)} MB; a job's input can be at most ${MAX_JOB_INPUT_BYTES / 1e6} MB (Temporal's payload limit). Shorten the prompt, messages or input, or split the work.`,
    );
  }
  if (stepRun) {
    stepRun.job = { workflowType: prepared.workflow.name, input: prepared.input };
    return toolResult({});
  }
  // A client that asked for an MCP task gets the task's id as the job id, and does not wait here.
  const taskJob = taskJobOf(extra);
  const background = spec.background || taskJob !== undefined;
  const jobId = taskJob?.jobId ?? prepared.jobId ?? newJobId(spec.tool);
  // A waiting caller is counted in the job itself, so gateways sharing the task queue agree on
  // whether anybody still waits for a shared job.
  const waiter = background ? undefined : randomUUID();
  let job: Awaited<ReturnType<typeof deps.jobs.start<Input, Result>>>;
  try {
    job = await deps.jobs.start(prepared.workflow, {
      jobId,
      input: prepared.input,
      memo: { ...prepared.memo, tool: spec.tool, description: memoDescription(deps, prepared) },
      joinExisting: !taskJob && prepared.jobId !== undefined,
      waiter,
    });
  } catch (error) {
    if (error instanceof TemporalUnavailableError) return toolError(`${spec.tool}: ${error.message}`);
    deps.logger.warn({ event: 'job', tool: spec.tool, error: String(error) }, 'could not start job');
    return toolError(`${spec.tool}: the job could not be started (${(error as Error).message}); the gateway's Temporal server may be unavailable — see /healthz`);
  }
  deps.logger.debug({ event: 'job', job_id: jobId, tool: spec.tool, created: job.created }, 'job started');
  if (taskJob) taskJob.started = true;
  if (waiter === undefined) return toolResult({ job_id: jobId, status: 'running', ...prepared.handle });
  return waitForJob(deps, extra, spec, job, waiter, prepared.jobId !== undefined, prepared.handle);
}

async function waitForJob<Input, Result>(
  deps: McpDeps,
  extra: ToolExtra,
  spec: JobToolSpec<Input, Result>,
  job: { jobId: string; result: (deadline?: number) => Promise<Result> },
  waiter: string,
  shared: boolean,
  handle: object | undefined,
): Promise<CallToolResult> {
  const { jobId } = job;
  const started = Date.now();
  const stop = new AbortController();
  const timers: Array<ReturnType<typeof setTimeout>> = [];
  // Nobody else can join a job whose id is not derived from the request: its one caller decides at
  // once. A shared job asks the workflow, which knows every caller of every gateway.
  const leave = (keep: boolean) =>
    (shared ? deps.jobs.leave(jobId, waiter, keep) : Promise.resolve({ cancel: !keep }))
      .then(async (outcome) => {
        if (outcome.cancel) await deps.jobs.cancel(jobId);
      })
      .catch((error: unknown) => deps.logger.debug({ event: 'job', job_id: jobId, error: String(error) }, 'could not leave the job (it may have ended)'));

  const waitMs = deps.config.jobs.waitSeconds * 1000;
  // The long poll for the result ends soon after the caller is answered with the handle, never
  // staying open for the rest of a long job.
  const finished = job.result(started + waitMs + RESULT_POLL_MARGIN_MS).then(
    (result): WaitOutcome<Result> => ({ kind: 'result', result }),
    (error: unknown): WaitOutcome<Result> => ({ kind: 'failed', error }),
  );
  const handedOut = new Promise<WaitOutcome<Result>>((resolve) => timers.push(setTimeout(() => resolve({ kind: 'handle' }), waitMs)));
  // At the end of a shutdown's grace period the caller gets the handle; the job goes on.
  const shutdown = deps.shutdown?.handOff;
  let onShutdown: (() => void) | undefined;
  const handedBack = new Promise<WaitOutcome<Result>>((resolve) => {
    onShutdown = () => resolve({ kind: 'handle' });
    if (shutdown?.aborted) onShutdown();
    else shutdown?.addEventListener('abort', onShutdown, { once: true });
  });
  const left = new Promise<WaitOutcome<Result>>((resolve) => {
    const onAbort = () => resolve({ kind: 'left' });
    if (extra.signal.aborted) onAbort();
    else extra.signal.addEventListener('abort', onAbort, { once: true });
  });
  const progressToken = extra._meta?.progressToken;
  if (progressToken !== undefined && !spec.whileRunning) {
    let count = 0;
    const interval = setInterval(() => {
      void deps.jobs.progress(jobId).then((progress) => {
        if (stop.signal.aborted) return;
        count += 1;
        return extra.sendNotification({ method: 'notifications/progress', params: { progressToken, progress: count, message: keepAliveMessage(jobId, Date.now() - started, progress) } });
      }).catch(() => undefined);
    }, keepAliveIntervalMs(deps.config.jobs.waitSeconds));
    timers.push(interval);
  }
  const sideWork = spec
    .whileRunning?.(jobId, finished.then((outcome) => (outcome.kind === 'result' ? outcome.result : undefined)), stop.signal)
    .catch((error: unknown) => deps.logger.debug({ event: 'job', job_id: jobId, error: String(error) }, 'side work ended with an error'));

  try {
    let outcome = await Promise.race([finished, handedOut, left, handedBack]);
    // A poll that ended at its deadline on a busy machine means the job is still running, not failed.
    if (outcome.kind === 'failed' && Date.now() - started >= waitMs) outcome = { kind: 'handle' };
    if (outcome.kind === 'left') {
      void leave(!callerAskedToStop(extra.signal.reason));
      return toolError(`${spec.tool}: the request was cancelled (job_id ${jobId})`);
    }
    if (outcome.kind === 'handle') {
      // The caller now holds the job: it is never cancelled because a caller stops waiting.
      if (shared) void leave(true);
      const progress = await deps.jobs.progress(jobId);
      deps.logger.debug({ event: 'job', job_id: jobId, tool: spec.tool }, 'answered with the job handle');
      return toolResult({ job_id: jobId, status: 'running', ...handle, ...(progress ? { progress } : {}) });
    }
    await sideWork;
    if (outcome.kind === 'result') return toolResult(spec.present(outcome.result));
    deps.logger.info({ event: 'job', job_id: jobId, tool: spec.tool, error: describeFailure(outcome.error) }, 'job failed');
    return toolError(`${spec.tool} failed (job_id ${jobId}): ${describeFailure(outcome.error)}`);
  } finally {
    if (onShutdown) shutdown?.removeEventListener('abort', onShutdown);
    stop.abort();
    for (const timer of timers) clearTimeout(timer);
  }
}
