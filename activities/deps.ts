// What the worker injects into activities: shared clients and stores, never module-level singletons.
import type { Logger } from 'pino';
import type { ProviderPool } from '../core/provider-pool.ts';
import type { Usage } from '../core/providers/types.ts';
import type { ModelRegistry, ModelEntry } from '../core/models/registry.ts';
import type { computeCost } from '../core/costs/compute-cost.ts';

export interface CallRecord {
  provider: string;
  model: string;
  tool: string;
  job_id?: string;
  usage?: Usage;
  cost_usd: number;
  latency_ms: number;
  outcome: 'success' | 'error' | 'cached';
  error_type?: string;
}

export interface ActivityDeps {
  providers: ProviderPool;
  registry: ModelRegistry;
  computeCost: typeof computeCost;
  ledger?: { record(entry: CallRecord): void };
  /** Sends a signal to a workflow (streamed text); absent where no client is available. */
  signalWorkflow?: (workflowId: string, signal: string, argument: unknown) => Promise<void>;
  logger: Logger;
}

export type { ModelEntry };
