// Jobs are Temporal workflows on the gateway's task queue. This module is the only place the MCP
// layer talks to Temporal: it starts and joins jobs, tells a job who waits for it, reads the state
// of the gateway's own jobs (and nothing else of the namespace) and turns failures into messages.
import {
  WorkflowNotFoundError,
  type Client,
  type WorkflowExecutionInfo,
} from '@temporalio/client';
import type { InflightCalls } from '../core/jobs/inflight-calls.ts';
import type { TemporalStatus } from '../core/temporal/temporal-status.ts';
import { GATEWAY_MEMO_KEY, GATEWAY_MEMO_VALUE, type JobMemo, type JobProgress, type LeaveOutcome, type StreamRead, type WaitedJob } from '../core/jobs/types.ts';
import { decodeFailure } from '../workflows/failure-chain.ts';
import * as gatewayWorkflows from '../workflows/index.ts';
import { joinJobUpdate, leaveJobUpdate } from '../workflows/job-waiters.ts';
import { readStreamUpdate } from '../workflows/stream-completion.ts';

export type JobStatus = 'running' | 'completed' | 'failed' | 'cancelled' | 'terminated' | 'timed_out' | 'continued_as_new' | 'unknown';

const STATUS_NAMES: Record<string, JobStatus> = {
  RUNNING: 'running',
  COMPLETED: 'completed',
  FAILED: 'failed',
  CANCELLED: 'cancelled',
  TERMINATED: 'terminated',
  TIMED_OUT: 'timed_out',
  CONTINUED_AS_NEW: 'continued_as_new',
};

/** The workflow types the gateway's worker runs: a job of any other type is not the gateway's. */
export const GATEWAY_WORKFLOW_TYPES: readonly string[] = Object.entries(gatewayWorkflows)
  .filter(([, value]) => typeof value === 'function')
  .map(([name]) => name);

/** How long a progress query may take before a handle is returned without progress. */
const PROGRESS_QUERY_MS = 1_000;

export interface JobDescription {
  job_id: string;
  status: JobStatus;
  tool: string;
  description: string;
  workflow_type: string;
  started_at: string;
  closed_at: string | null;
}

export class JobNotFoundError extends Error {
  constructor(jobId: string) {
    super(`no job with job_id "${jobId}": it never existed on this gateway or its history has been deleted; list_jobs shows the known jobs`);
    this.name = 'JobNotFoundError';
  }
}

/** A job's failure as an agent should read it: what failed, why, and whether it was retried. */
export function describeFailure(error: unknown): string {
  return decodeFailure(error).description;
}

export function failureType(error: unknown): string | undefined {
  return decodeFailure(error).type;
}

/** A workflow function whose one argument is the job input. */
export type JobWorkflow<Input, Result> = (input: Input) => Promise<Result>;

export interface StartedJob<Result> {
  jobId: string;
  /** true when this call created the job; false when it joined one already running. */
  created: boolean;
  /** The job's result; with a deadline (epoch ms) the long poll behind it ends then at the latest. */
  result: (deadline?: number) => Promise<Result>;
}

export class JobService {
  /** get_job_result long-polls still open (each ends at its deadline or with the job). */
  private openPolls = 0;

  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
    /** The in-process worker's provider calls, aborted at once on cancellation; absent in serve mode. */
    private readonly inflight?: InflightCalls,
    /** While Temporal is unavailable every call is refused at once (TemporalUnavailableError). */
    private readonly status?: TemporalStatus,
  ) {}

  get openResultPolls(): number {
    return this.openPolls;
  }

  /**
   * Starts a job, or joins the one running under the same id. A waiting caller is counted in the
   * job: as its first waiter when the start created it, through a join signal otherwise.
   */
  async start<Input extends object, Result>(
    workflow: JobWorkflow<Input, Result>,
    options: { jobId: string; input: Input; memo: JobMemo; joinExisting?: boolean; waiter?: string | undefined },
  ): Promise<StartedJob<Result>> {
    this.status?.check();
    const input: Input & WaitedJob = options.waiter === undefined ? options.input : { ...options.input, waiter: options.waiter };
    const handle = await this.client.workflow.start(workflow, {
      taskQueue: this.taskQueue,
      workflowId: options.jobId,
      args: [input],
      memo: { ...options.memo, [GATEWAY_MEMO_KEY]: GATEWAY_MEMO_VALUE },
      requestEagerStart: true,
      ...(options.joinExisting ? { workflowIdConflictPolicy: 'USE_EXISTING' as const } : {}),
      workflowExecutionTimeout: '24h',
    });
    // A job that may already have been running (a shared id) and was not eagerly started by this
    // call may have ignored this input: a join makes sure the caller is counted (a waiter already in
    // the input is counted once). Not awaited: a job busy in a local activity takes the update only
    // when its workflow task ends, and one that ends first needs none.
    if (options.joinExisting && options.waiter !== undefined && !handle.eagerlyStarted) {
      handle.executeUpdate(joinJobUpdate, { args: [{ waiter: options.waiter }] }).catch(() => undefined);
    }
    return {
      jobId: handle.workflowId,
      created: handle.eagerlyStarted,
      result: (deadline) => (deadline === undefined ? handle.result() : this.client.withDeadline(deadline, () => handle.result())),
    };
  }

  /** Tells the job a caller stopped waiting; the outcome says whether that caller must cancel it. */
  async leave(jobId: string, waiter: string, keep: boolean): Promise<LeaveOutcome> {
    this.status?.check();
    return this.client.workflow.getHandle(jobId).executeUpdate(leaveJobUpdate, { args: [{ waiter, keep }] });
  }

  /** Waits (up to waitMs) for streamed text past `offset` of a streaming job. */
  async readStream(jobId: string, offset: number, waitMs = 30_000, restarts = 0): Promise<StreamRead> {
    this.status?.check();
    return this.client.workflow.getHandle(jobId).executeUpdate(readStreamUpdate, { args: [{ offset, waitMs, restarts }] });
  }

  /** The job's answer to its `progress` query, or undefined when it has none (or is too busy to say). */
  async progress(jobId: string): Promise<JobProgress | undefined> {
    if (this.status && !this.status.available) return undefined;
    // A job busy in a local activity answers queries only when its workflow task ends: do not wait for it.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tooLate = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), PROGRESS_QUERY_MS)));
    const query = this.client
      .withDeadline(Date.now() + PROGRESS_QUERY_MS, () => this.client.workflow.getHandle(jobId).query<unknown>('progress'))
      .then((answer) => (isJobProgress(answer) ? { phase: answer.phase, done: answer.done, total: answer.total } : undefined))
      .catch(() => undefined);
    try {
      return await Promise.race([query, tooLate]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async execution(jobId: string) {
    this.status?.check();
    let execution: Awaited<ReturnType<ReturnType<Client['workflow']['getHandle']>['describe']>>;
    try {
      execution = await this.client.workflow.getHandle(jobId).describe();
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw new JobNotFoundError(jobId);
      throw error;
    }
    if (!this.isGatewayJob(execution)) throw new JobNotFoundError(jobId);
    return execution;
  }

  /** A workflow is one of this gateway's jobs: its task queue, one of its workflow types, and its mark. */
  private isGatewayJob(execution: Pick<WorkflowExecutionInfo, 'taskQueue' | 'type' | 'memo'>): boolean {
    return execution.taskQueue === this.taskQueue && GATEWAY_WORKFLOW_TYPES.includes(execution.type) && execution.memo?.[GATEWAY_MEMO_KEY] === GATEWAY_MEMO_VALUE;
  }

  async describe(jobId: string): Promise<JobDescription> {
    return toDescription(await this.execution(jobId));
  }

  /** The job's result; throws the failure chain when it failed. */
  async result<Result>(jobId: string): Promise<Result> {
    const execution = await this.execution(jobId);
    return this.client.workflow.getHandle<JobWorkflow<unknown, Result>>(jobId, execution.runId).result();
  }

  /**
   * Waits up to waitMs for the job to end. The long poll behind it ends with the wait, whether the
   * deadline passes or the caller gives up: nothing stays open until the job ends.
   */
  async waitForEnd(jobId: string, waitMs: number, signal?: AbortSignal): Promise<'ended' | 'waiting'> {
    const execution = await this.execution(jobId);
    const handle = this.client.workflow.getHandle(jobId, execution.runId);
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const deadline = Date.now() + waitMs;
    this.openPolls += 1;
    try {
      await this.client.withDeadline(deadline, () => this.client.withAbortSignal(controller.signal, () => handle.result()));
      return 'ended';
    } catch (error) {
      if ((await this.describe(jobId)).status !== 'running') return 'ended';
      if (controller.signal.aborted || Date.now() >= deadline - 100) return 'waiting';
      throw error;
    } finally {
      this.openPolls -= 1;
      signal?.removeEventListener('abort', onAbort);
    }
  }

  async cancel(jobId: string): Promise<JobDescription> {
    const execution = await this.execution(jobId);
    const before = toDescription(execution);
    if (before.status !== 'running') return before;
    await this.client.workflow.getHandle(jobId, execution.runId).cancel();
    this.inflight?.abort(jobId, execution.runId);
    return { ...before, status: 'running' };
  }

  /** Asks a running job's workflow a query (such as a tournament's progress). */
  async query<Result>(jobId: string, name: string): Promise<Result> {
    await this.execution(jobId);
    return this.client.workflow.getHandle(jobId).query<Result>(name);
  }

  async list(options: { status?: JobStatus | undefined; limit: number; startedBefore?: string | undefined }): Promise<JobDescription[]> {
    this.status?.check();
    const types = GATEWAY_WORKFLOW_TYPES.map((type) => `'${type}'`).join(', ');
    const clauses = [`TaskQueue = '${this.taskQueue}'`, `WorkflowType IN (${types})`];
    if (options.status && options.status !== 'unknown') clauses.push(`ExecutionStatus = '${QUERY_STATUS[options.status]}'`);
    if (options.startedBefore) clauses.push(`StartTime < '${new Date(options.startedBefore).toISOString()}'`);
    const jobs: JobDescription[] = [];
    for await (const execution of this.client.workflow.list({ query: clauses.join(' AND '), pageSize: Math.min(options.limit, 1000) })) {
      if (!this.isGatewayJob(execution)) continue;
      jobs.push(toDescription(execution));
      if (jobs.length >= options.limit) break;
    }
    return jobs;
  }
}

function isJobProgress(value: unknown): value is JobProgress {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.phase === 'string' && typeof candidate.done === 'number' && typeof candidate.total === 'number';
}

/** Visibility-query spellings of each status. */
const QUERY_STATUS: Record<Exclude<JobStatus, 'unknown'>, string> = {
  running: 'Running',
  completed: 'Completed',
  failed: 'Failed',
  cancelled: 'Canceled',
  terminated: 'Terminated',
  timed_out: 'TimedOut',
  continued_as_new: 'ContinuedAsNew',
};

function toDescription(execution: Omit<WorkflowExecutionInfo, 'raw'>): JobDescription {
  const memo = (execution.memo ?? {}) as Partial<JobMemo>;
  return {
    job_id: execution.workflowId,
    status: STATUS_NAMES[execution.status.name] ?? 'unknown',
    tool: memo.tool ?? execution.type,
    description: memo.description ?? '',
    workflow_type: execution.type,
    started_at: execution.startTime.toISOString(),
    closed_at: execution.closeTime?.toISOString() ?? null,
  };
}
