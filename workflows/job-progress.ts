// The `progress` query long jobs answer ({phase, done, total}): a caller handed the job's handle after
// JOB_WAIT_SECONDS sees how far it has got.
import { defineQuery, setHandler } from '@temporalio/workflow';
import type { JobProgress } from '../core/jobs/types.ts';

export const jobProgressQuery = defineQuery<JobProgress>('progress');

/** Answers the query from `read`, which the workflow keeps current. */
export function reportProgress(read: () => JobProgress): void {
  setHandler(jobProgressQuery, read);
}
