// Who waits for a job, counted in the job itself: gateways sharing a task queue (a `stdio` and a
// `start` on one DATA_DIR) join each other's coalesced jobs, so only the workflow knows whether a
// caller that gives up was the last one anywhere. The caller whose leaving empties the job, when its
// id was never handed out, is told to cancel it; a job handed out (a background job, a handle after
// JOB_WAIT_SECONDS, a caller that timed out) is kept for whoever fetches it, until cancel_job.
import { defineUpdate, setHandler } from '@temporalio/workflow';
import type { JoinRequest, LeaveOutcome, LeaveRequest } from '../core/jobs/types.ts';

// Updates rather than signals: a signal that arrives while a job's last workflow task runs fails that
// task, and a local activity's result dies with it (the provider would be paid twice).
export const joinJobUpdate = defineUpdate<void, [JoinRequest]>('joinJob');
export const leaveJobUpdate = defineUpdate<LeaveOutcome, [LeaveRequest]>('leaveJob');

/** Installs the handlers; `firstWaiter` is the caller that started the job and waits for it, if any. */
export function countWaiters(firstWaiter: string | undefined): void {
  const waiters = new Set<string>(firstWaiter === undefined ? [] : [firstWaiter]);
  const left = new Set<string>();
  let kept = firstWaiter === undefined;
  setHandler(joinJobUpdate, ({ waiter }) => {
    if (!left.has(waiter)) waiters.add(waiter);
  });
  setHandler(leaveJobUpdate, ({ waiter, keep }) => {
    // A leave can overtake its own join (the join is not awaited): remember it.
    left.add(waiter);
    const wasWaiting = waiters.delete(waiter);
    if (keep) kept = true;
    const cancel = wasWaiting && waiters.size === 0 && !kept;
    if (cancel) kept = true;
    return { remaining: waiters.size, cancel };
  });
}
