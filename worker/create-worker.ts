// Creates the Temporal workers of a worker process: the main worker (prebuilt workflow bundle, every
// activity, settings tuned for many short workflows) and one activity worker per configured
// provider, whose slots and task-queue rate limit are that provider's concurrency and rate limits.
import { NativeConnection, Worker } from '@temporalio/worker';
import type { Logger } from 'pino';
import { createActivities } from '../activities/index.ts';
import type { ActivityDeps } from '../activities/deps.ts';
import type { GatewayConfig } from '../core/config.ts';
import { PROVIDER_IDS } from '../core/providers/types.ts';
import { loadWorkflowBundle } from './workflow-bundle.ts';
import { WorkerGroup } from './worker-group.ts';

export interface CreateWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  /** Each configured provider (one with a task queue) gets its own worker. */
  providers: GatewayConfig['providers'];
  activityDeps: ActivityDeps;
  logger: Logger;
}

// shutdownForceTime: a local activity (a waiting caller's provider call) is not cancelled by shutdown;
// past this the worker stops anyway, and its workflow task runs again on the next worker.
const HEARTBEAT_OPTIONS = { defaultHeartbeatThrottleInterval: '500ms', maxHeartbeatThrottleInterval: '1s', shutdownGraceTime: '5s', shutdownForceTime: '8s' } as const;

export async function createWorker(options: CreateWorkerOptions): Promise<WorkerGroup> {
  const workflowBundle = await loadWorkflowBundle(options.logger);
  const activities = createActivities(options.activityDeps);
  const main = await Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowBundle,
    activities,
    maxConcurrentActivityTaskExecutions: 400,
    maxConcurrentWorkflowTaskExecutions: 200,
    maxConcurrentWorkflowTaskPolls: 20,
    maxConcurrentActivityTaskPolls: 20,
    maxCachedWorkflows: 1000,
    // A fan-out's first wave starts without a trip through matching (activities on this queue only).
    maxEagerActivityReservationsPerWorkflowTask: 64,
    ...HEARTBEAT_OPTIONS,
  });
  const providerWorkers: Worker[] = [];
  for (const provider of PROVIDER_IDS) {
    const settings = options.providers[provider];
    if (!settings.taskQueue) continue;
    providerWorkers.push(
      await Worker.create({
        connection: options.connection,
        namespace: options.namespace,
        taskQueue: settings.taskQueue,
        activities,
        maxConcurrentActivityTaskExecutions: settings.maxConcurrency,
        ...(settings.maxRps !== undefined ? { maxTaskQueueActivitiesPerSecond: settings.maxRps } : {}),
        ...HEARTBEAT_OPTIONS,
      }),
    );
    options.logger.debug({ event: 'worker', provider, task_queue: settings.taskQueue, max_concurrency: settings.maxConcurrency, max_rps: settings.maxRps ?? null }, 'polling the provider task queue');
  }
  return new WorkerGroup(main, providerWorkers);
}
