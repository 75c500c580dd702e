// What the worker injects into activities: shared clients and stores, never module-level singletons.
import type { Logger } from 'pino';
import type { ProviderPool } from '../core/provider-pool.ts';
import type { ResponseCache } from '../core/cache/response-cache.ts';
import type { BlobStore } from '../core/documents/blob-store.ts';
import type { CacheStore } from '../core/cache/types.ts';
import type { VectorStore } from '../core/vectors/types.ts';
import type { InflightCalls } from '../core/jobs/inflight-calls.ts';
import type { ProviderSlots } from '../core/provider-slots.ts';
import type { UsageLedger } from '../core/usage/usage-ledger.ts';
import type { ModelRegistry, ModelEntry } from '../core/models/registry.ts';
import type { computeCost } from '../core/costs/compute-cost.ts';
import type { CodeSandbox } from '../core/sandbox/code-sandbox.ts';
import type { TournamentStore } from '../core/tournaments/tournament-store.ts';
import type { WorkflowStepRunner } from '../core/jobs/optimized-workflow-types.ts';

export interface ActivityDeps {
  providers: ProviderPool;
  registry: ModelRegistry;
  computeCost: typeof computeCost;
  ledger?: Pick<UsageLedger, 'record'>;
  /** Absent when CACHE_ENABLED=false. */
  cache?: ResponseCache | undefined;
  /** Document texts by document_id: workflows carry ids, activities read the texts. */
  blobs: BlobStore;
  /** Knowledge-base chunks and the semantic cache's index. */
  vectors: VectorStore;
  /** Knowledge-base embeddings by text; absent: every text is embedded. */
  embeddingCache?: CacheStore | undefined;
  /** Provider calls of this process by job, so a cancellation reaches them at once. */
  inflight?: InflightCalls;
  /** Each provider's MAX_CONCURRENCY in this process, local activities included; absent: no cap. */
  slots?: ProviderSlots;
  /** Sends a signal to a workflow (streamed text); absent where no client is available. */
  signalWorkflow?: (workflowId: string, signal: string, argument: unknown) => Promise<void>;
  /** Runs generated code in isolated child processes (code tournaments). */
  sandbox?: CodeSandbox;
  /** Tournament results, kept beyond the workflow's history. */
  tournaments?: TournamentStore;
  /** Readies and presents the steps of execute_optimized_workflow (absent: this worker cannot run such steps). */
  workflowSteps?: WorkflowStepRunner;
  logger: Logger;
}

export type { ModelEntry };
