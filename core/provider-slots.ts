// Caps the calls one process has in flight to each provider at its MAX_CONCURRENCY, whichever way
// they arrive: activities from the provider's task queue (bounded by that worker's slots as well)
// and the local activities of waiting callers, which run beside their workflow and so never pass
// through a task queue. A call still waiting for a slot when its job is cancelled never starts.
import PQueue from 'p-queue';
import type { ProviderSettings } from './config.ts';
import type { ProviderId } from './providers/types.ts';

export class ProviderSlots {
  private readonly queues = new Map<ProviderId, PQueue>();

  constructor(private readonly providers: Record<ProviderId, Pick<ProviderSettings, 'maxConcurrency'>>) {}

  run<T>(provider: ProviderId, signal: AbortSignal, work: () => Promise<T>): Promise<T> {
    let queue = this.queues.get(provider);
    if (!queue) {
      queue = new PQueue({ concurrency: this.providers[provider].maxConcurrency });
      this.queues.set(provider, queue);
    }
    return queue.add(work, { signal });
  }
}
