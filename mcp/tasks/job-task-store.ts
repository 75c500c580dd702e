// MCP tasks (spec 2025-11-25) over Temporal: a task is a job, its id the job id, and its state and
// result are read from the workflow, so tasks/get, tasks/result, tasks/cancel and tasks/list work
// after a gateway restart and from any gateway on the same Temporal namespace. Only what never
// became a workflow (a refused request, an answer from the cache, the reply to a caller that did not
// ask for a task) is held in memory, briefly.
import { randomUUID } from 'node:crypto';
import type { CreateTaskOptions, TaskStore } from '@modelcontextprotocol/sdk/experimental/tasks/interfaces.js';
import type { CallToolResult, Request, RequestId, Result, Task } from '@modelcontextprotocol/sdk/types.js';
import { describeFailure, JobNotFoundError, type JobDescription, type JobService } from '../job-service.ts';
import { toolError, toolResult } from '../tool-result.ts';

export const TASK_POLL_INTERVAL_MS = 1_000;
const LIST_PAGE_SIZE = 50;
const MAX_HELD = 1_000;
/** How long tasks/cancel waits for the workflow to end before answering. */
const CANCEL_WAIT_MS = 10_000;

type Presenter = (result: never) => object;

interface HeldTask {
  task: Task;
  tool: string;
  /** The caller did not ask for a task: the SDK runs the call through the store and fetches the result once. */
  direct: boolean;
  result?: Result;
}

const JOB_TASK_STATUS: Record<JobDescription['status'], Task['status']> = {
  running: 'working',
  continued_as_new: 'working',
  unknown: 'working',
  completed: 'completed',
  failed: 'failed',
  terminated: 'failed',
  timed_out: 'failed',
  cancelled: 'cancelled',
};

function toTask(job: JobDescription): Task {
  const status = JOB_TASK_STATUS[job.status];
  return {
    taskId: job.job_id,
    status,
    // Jobs are kept for the Temporal namespace's retention period; the gateway sets no lifetime of its own.
    ttl: null,
    createdAt: job.started_at,
    lastUpdatedAt: job.closed_at ?? job.started_at,
    pollInterval: TASK_POLL_INTERVAL_MS,
    ...(status === 'failed' ? { statusMessage: `${job.tool} ${job.status.replace('_', ' ')}` } : {}),
  };
}

export class JobTaskStore implements TaskStore {
  private readonly held = new Map<string, HeldTask>();
  private readonly presenters = new Map<string, Presenter>();

  constructor(private readonly jobs: JobService) {}

  /** Registers how a tool's job result becomes its tool result (needed for tasks/result after a restart). */
  offer(tool: string, present: Presenter): void {
    this.presenters.set(tool, present);
  }

  async createTask(options: CreateTaskOptions, _requestId: RequestId, request: Request): Promise<Task> {
    const params = (request.params ?? {}) as { name?: unknown; task?: unknown };
    const tool = typeof params.name === 'string' ? params.name : 'task';
    const direct = params.task === undefined;
    const now = new Date().toISOString();
    const task: Task = {
      taskId: direct ? `direct-${randomUUID()}` : this.jobs.newJobId(tool),
      status: 'working',
      ttl: options.ttl ?? null,
      createdAt: now,
      lastUpdatedAt: now,
      pollInterval: TASK_POLL_INTERVAL_MS,
    };
    this.hold(task.taskId, { task, tool, direct });
    return task;
  }

  /** true: the caller did not ask for a task and waits for the tool result in its call. */
  isDirect(taskId: string): boolean {
    return this.held.get(taskId)?.direct === true;
  }

  /** The task's job has started: from now on Temporal holds its state. */
  jobStarted(taskId: string): void {
    this.held.delete(taskId);
  }

  /** A task that ended without a job (refused input, an answer from the cache, a direct call). */
  settle(taskId: string, result: CallToolResult): Task {
    const entry = this.held.get(taskId);
    if (!entry) throw new Error(`task ${taskId} is not held here`);
    entry.task = { ...entry.task, status: result.isError ? 'failed' : 'completed', lastUpdatedAt: new Date().toISOString() };
    entry.result = result;
    return entry.task;
  }

  forget(taskId: string): void {
    this.held.delete(taskId);
  }

  async getTask(taskId: string): Promise<Task | null> {
    const entry = this.held.get(taskId);
    if (entry) return entry.task;
    const job = await this.findJob(taskId);
    return job ? toTask(job) : null;
  }

  async getTaskResult(taskId: string): Promise<Result> {
    const entry = this.held.get(taskId);
    if (entry) {
      if (!entry.result) throw new Error(`task ${taskId} has no result yet`);
      if (entry.direct) this.held.delete(taskId);
      return entry.result;
    }
    const job = await this.findJob(taskId);
    if (!job) throw new Error(`no task with id ${taskId}`);
    try {
      const result = await this.jobs.result<never>(taskId);
      const present = this.presenters.get(job.tool);
      return toolResult(present ? present(result) : { ...(result as object), status: 'completed' });
    } catch (error) {
      return toolError(`${job.tool} failed (job_id ${taskId}): ${describeFailure(error)}`);
    }
  }

  async storeTaskResult(taskId: string, _status: 'completed' | 'failed', result: Result): Promise<void> {
    if (!this.held.has(taskId)) throw new Error(`task ${taskId} is a job: its result comes from its workflow`);
    this.settle(taskId, result as CallToolResult);
  }

  async updateTaskStatus(taskId: string, status: Task['status'], statusMessage?: string): Promise<void> {
    const entry = this.held.get(taskId);
    if (entry) {
      entry.task = { ...entry.task, status, lastUpdatedAt: new Date().toISOString(), ...(statusMessage ? { statusMessage } : {}) };
      return;
    }
    // A job's state is its workflow's; the one change a client can ask for is cancellation.
    if (status !== 'cancelled') return;
    await this.jobs.cancel(taskId);
    const deadline = Date.now() + CANCEL_WAIT_MS;
    while (Date.now() < deadline && (await this.jobs.describe(taskId)).status === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async listTasks(cursor?: string): Promise<{ tasks: Task[]; nextCursor?: string }> {
    if (cursor !== undefined && Number.isNaN(Date.parse(cursor))) throw new Error(`cursor "${cursor}" is not one tasks/list returned`);
    const jobs = await this.jobs.list({ limit: LIST_PAGE_SIZE + 1, ...(cursor ? { startedBefore: cursor } : {}) });
    const page = jobs.slice(0, LIST_PAGE_SIZE);
    const more = jobs.length > LIST_PAGE_SIZE;
    return { tasks: page.map(toTask), ...(more ? { nextCursor: page.at(-1)!.started_at } : {}) };
  }

  private hold(taskId: string, entry: HeldTask): void {
    if (this.held.size >= MAX_HELD) this.held.delete(this.held.keys().next().value!);
    this.held.set(taskId, entry);
  }

  private async findJob(taskId: string): Promise<JobDescription | undefined> {
    try {
      return await this.jobs.describe(taskId);
    } catch (error) {
      if (error instanceof JobNotFoundError) return undefined;
      throw error;
    }
  }
}
