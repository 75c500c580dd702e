// Creates the Temporal worker: prebuilt workflow bundle, activities from injected dependencies,
// and settings tuned for many short workflows.
import { NativeConnection, Worker } from '@temporalio/worker';
import type { Logger } from 'pino';
import { createActivities } from '../activities/index.ts';
import type { ActivityDeps } from '../activities/deps.ts';
import { loadWorkflowBundle } from './workflow-bundle.ts';

export interface CreateWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activityDeps: ActivityDeps;
  logger: Logger;
}

export async function createWorker(options: CreateWorkerOptions): Promise<Worker> {
  const workflowBundle = await loadWorkflowBundle(options.logger);
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowBundle,
    activities: createActivities(options.activityDeps),
    maxConcurrentActivityTaskExecutions: 400,
    maxConcurrentWorkflowTaskExecutions: 200,
    maxConcurrentWorkflowTaskPolls: 20,
    maxConcurrentActivityTaskPolls: 20,
    maxCachedWorkflows: 1000,
    defaultHeartbeatThrottleInterval: '500ms',
    maxHeartbeatThrottleInterval: '1s',
    shutdownGraceTime: '5s',
    // A local activity (a waiting caller's provider call) is not cancelled by shutdown: past this the
    // worker stops anyway, and its workflow task runs again on the next worker.
    shutdownForceTime: '8s',
  });
}
