// The `progress` query every long document workflow answers: which phase it is in and how far along.
// get_job_status reports it, and waiting callers receive it as progress notifications.
import { defineQuery, setHandler } from '@temporalio/workflow';

export interface JobProgress {
  phase: string;
  done: number;
  total: number;
}

export const progressQuery = defineQuery<JobProgress>('progress');

/** Answers the progress query from the returned object, which the workflow updates as it goes. */
export function trackProgress(phase: string, total = 0): JobProgress {
  const progress: JobProgress = { phase, done: 0, total };
  setHandler(progressQuery, () => ({ ...progress }));
  return progress;
}

export function enterPhase(progress: JobProgress, phase: string, total: number): void {
  progress.phase = phase;
  progress.done = 0;
  progress.total = total;
}
