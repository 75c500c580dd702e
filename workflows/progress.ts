// The `progress` query every long job answers ({phase, done, total}): get_job_status reports it, and
// waiting callers (or a caller handed the job's handle after JOB_WAIT_SECONDS) see how far it has got.
import { defineQuery, setHandler } from '@temporalio/workflow';
import type { JobProgress } from '../core/jobs/types.ts';

export type { JobProgress };

export const progressQuery = defineQuery<JobProgress>('progress');

/** Answers the query from `read`, which the workflow keeps current. */
export function reportProgress(read: () => JobProgress): void {
  setHandler(progressQuery, read);
}

/** Answers the progress query from the returned object, which the workflow updates as it goes. */
export function trackProgress(phase: string, total = 0): JobProgress {
  const progress: JobProgress = { phase, done: 0, total };
  reportProgress(() => ({ ...progress }));
  return progress;
}

export function enterPhase(progress: JobProgress, phase: string, total: number): void {
  progress.phase = phase;
  progress.done = 0;
  progress.total = total;
}
