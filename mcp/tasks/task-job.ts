// How a task-mode call tells runJobTool which job id to use (the task's) and learns whether the job
// started: a marker carried on the request's extra, so tool handlers need no change.
import type { ToolExtra } from '../run-job-tool.ts';

export interface TaskJob {
  jobId: string;
  started: boolean;
}

const TASK_JOB = Symbol('taskJob');

export function withTaskJob(extra: ToolExtra, job: TaskJob): ToolExtra {
  return { ...extra, [TASK_JOB]: job } as ToolExtra;
}

export function taskJobOf(extra: ToolExtra): TaskJob | undefined {
  return (extra as ToolExtra & { [TASK_JOB]?: TaskJob })[TASK_JOB];
}
