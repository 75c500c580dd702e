// Jobs are Temporal workflows on the gateway's task queue. This module is the only place the MCP
// layer talks to Temporal: it starts jobs, reads their state and turns failure chains into messages
// an agent can act on.
import { randomUUID } from 'node:crypto';
import {
  ActivityFailure,
  ApplicationFailure,
  CancelledFailure,
  TerminatedFailure,
  TimeoutFailure,
  WorkflowFailedError,
  WorkflowNotFoundError,
  type Client,
  type WorkflowExecutionInfo,
} from '@temporalio/client';
import type { InflightCalls } from '../core/jobs/inflight-calls.ts';
import type { JobMemo, StreamRead } from '../core/jobs/types.ts';
import type { JobProgress } from '../workflows/progress.ts';

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
  let current: unknown = error instanceof WorkflowFailedError ? error.cause : error;
  const parts: string[] = [];
  while (current instanceof Error) {
    if (current instanceof ActivityFailure) {
      current = current.cause;
      continue;
    }
    if (current instanceof ApplicationFailure) {
      parts.push(`${current.message} [${current.type ?? 'Error'}${current.nonRetryable ? ', not retried' : ''}]`);
      break;
    }
    if (current instanceof CancelledFailure) {
      parts.push('the job was cancelled');
      break;
    }
    if (current instanceof TerminatedFailure) {
      parts.push('the job was terminated');
      break;
    }
    if (current instanceof TimeoutFailure) {
      parts.push(`the job timed out (${current.timeoutType})`);
      break;
    }
    parts.push(current.message);
    current = current.cause;
  }
  return parts.join(': ') || String(error);
}

export function failureType(error: unknown): string | undefined {
  let current: unknown = error;
  while (current instanceof Error) {
    if (current instanceof ApplicationFailure) return current.type ?? undefined;
    if (current instanceof CancelledFailure) return 'Cancelled';
    current = current.cause;
  }
  return undefined;
}

export class JobService {
  /** Callers in this process awaiting each job; coalesced requests share one job. */
  private readonly waiters = new Map<string, number>();

  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
    /** The in-process worker's provider calls, aborted at once on cancellation; absent in serve mode. */
    private readonly inflight?: InflightCalls,
  ) {}

  addWaiter(jobId: string): void {
    this.waiters.set(jobId, (this.waiters.get(jobId) ?? 0) + 1);
  }

  /** Returns how many callers still wait for the job. */
  removeWaiter(jobId: string): number {
    const remaining = Math.max(0, (this.waiters.get(jobId) ?? 1) - 1);
    if (remaining === 0) this.waiters.delete(jobId);
    else this.waiters.set(jobId, remaining);
    return remaining;
  }

  newJobId(tool: string): string {
    return `${tool.replaceAll('_', '-')}-${randomUUID()}`;
  }

  async start<Input, Result>(options: {
    workflow: string;
    jobId: string;
    input: Input;
    memo: JobMemo;
    /** true: when a job with this id is already running, join it instead of starting another. */
    joinExisting?: boolean;
  }): Promise<{ jobId: string; result: () => Promise<Result> }> {
    const handle = await this.client.workflow.start(options.workflow, {
      taskQueue: this.taskQueue,
      workflowId: options.jobId,
      args: [options.input],
      memo: { ...options.memo },
      requestEagerStart: true,
      ...(options.joinExisting ? { workflowIdConflictPolicy: 'USE_EXISTING' as const } : {}),
      workflowExecutionTimeout: '24h',
    });
    return { jobId: handle.workflowId, result: () => handle.result() as Promise<Result> };
  }

  /** Waits (up to waitMs) for streamed text past `offset` of a streaming job. */
  async readStream(jobId: string, offset: number, waitMs = 30_000): Promise<StreamRead> {
    return this.handle(jobId).executeUpdate<StreamRead, [{ offset: number; waitMs: number }]>('readStream', { args: [{ offset, waitMs }] });
  }

  private handle(jobId: string) {
    return this.client.workflow.getHandle(jobId);
  }

  private async execution(jobId: string) {
    try {
      return await this.handle(jobId).describe();
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw new JobNotFoundError(jobId);
      throw error;
    }
  }

  /** The job's answer to the `progress` query; undefined for jobs that do not report progress. */
  async progress(jobId: string): Promise<JobProgress | undefined> {
    try {
      return await this.handle(jobId).query<JobProgress>('progress');
    } catch {
      return undefined;
    }
  }

  async describe(jobId: string): Promise<JobDescription> {
    return toDescription(await this.execution(jobId));
  }

  /** The job's result; throws the failure chain when it failed. */
  async result<Result>(jobId: string): Promise<Result> {
    await this.describe(jobId);
    return (await this.handle(jobId).result()) as Result;
  }

  async cancel(jobId: string): Promise<JobDescription> {
    const execution = await this.execution(jobId);
    const before = toDescription(execution);
    if (before.status !== 'running') return before;
    await this.handle(jobId).cancel();
    this.inflight?.abort(jobId, execution.runId);
    return { ...before, status: 'running' };
  }

  async list(options: { status?: JobStatus | undefined; limit: number; startedBefore?: string | undefined }): Promise<JobDescription[]> {
    const clauses = [`TaskQueue = '${this.taskQueue}'`];
    if (options.status && options.status !== 'unknown') clauses.push(`ExecutionStatus = '${QUERY_STATUS[options.status]}'`);
    if (options.startedBefore) clauses.push(`StartTime < '${new Date(options.startedBefore).toISOString()}'`);
    const jobs: JobDescription[] = [];
    for await (const execution of this.client.workflow.list({ query: clauses.join(' AND '), pageSize: Math.min(options.limit, 1000) })) {
      jobs.push(toDescription(execution));
      if (jobs.length >= options.limit) break;
    }
    return jobs;
  }
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
