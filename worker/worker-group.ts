// A worker process's Temporal workers run and stop as one: the main worker (workflows and activities
// that call no provider) and one activity worker per configured provider's task queue. A process
// that has stopped polling any of its queues must not look healthy, so one failure stops them all.
import type { State, Worker } from '@temporalio/worker';

export class WorkerGroup {
  constructor(
    readonly main: Worker,
    /** One per configured provider, on `<TEMPORAL_TASK_QUEUE>-provider-<provider>`. */
    readonly providerWorkers: Worker[],
  ) {}

  private get all(): Worker[] {
    return [this.main, ...this.providerWorkers];
  }

  /** Resolves when every worker has stopped; rejects with the first failure after stopping the rest. */
  async run(): Promise<void> {
    const outcomes = await Promise.allSettled(
      this.all.map((worker) =>
        worker.run().catch((error: unknown) => {
          this.shutdown();
          throw error;
        }),
      ),
    );
    const failed = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** RUNNING only while every worker runs; otherwise the state of the first one that does not. */
  getState(): State {
    return this.all.map((worker) => worker.getState()).find((state) => state !== 'RUNNING') ?? 'RUNNING';
  }

  shutdown(): void {
    for (const worker of this.all) {
      if (worker.getState() === 'RUNNING') worker.shutdown();
    }
  }
}
