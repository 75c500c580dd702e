// What createServer needs, injected by whoever assembles the process (CLI, tests, benchmarks).
import type { Logger } from 'pino';
import type { GatewayConfig } from '../core/config.ts';
import type { ModelRegistry } from '../core/models/registry.ts';
import type { ProviderPool } from '../core/provider-pool.ts';
import type { ResponseCache } from '../core/cache/response-cache.ts';
import type { BlobStore } from '../core/documents/blob-store.ts';
import type { TokenCounter } from '../core/tokens/token-counter.ts';
import type { KnowledgeCatalog } from '../core/knowledge/catalog.ts';
import type { VectorStore } from '../core/vectors/types.ts';
import type { UsageLedger } from '../core/usage/usage-ledger.ts';
import type { JobService } from './job-service.ts';
import type { JobTaskStore } from './tasks/job-task-store.ts';
import type { TournamentStore } from '../core/tournaments/tournament-store.ts';
import type { GatewayMetrics } from '../core/metrics/gateway-metrics.ts';
import type { GatewayShutdown } from './shutdown.ts';

export interface HealthReport {
  status: 'ok' | 'unavailable' | 'shutting_down';
  temporal: { connected: boolean; address: string; namespace: string; embedded: boolean; error?: string };
  worker: { running: boolean; in_process: boolean; task_queue: string; pollers: number };
  providers: Record<string, { configured: boolean }>;
}

export interface McpDeps {
  config: GatewayConfig;
  logger: Logger;
  jobs: JobService;
  registry: ModelRegistry;
  providers: ProviderPool;
  ledger: UsageLedger;
  /** Absent when CACHE_ENABLED=false. */
  cache?: ResponseCache | undefined;
  /** Document texts by document_id (content-addressed). */
  blobs: BlobStore;
  /** Token counts, off the event loop for long texts. */
  tokens: TokenCounter;
  /** MCP tasks over jobs; absent: no tool offers tasks. */
  tasks?: JobTaskStore | undefined;
  /** Tournament results, kept beyond the workflow's history. */
  tournaments: TournamentStore;
  /** Knowledge-base chunks (LanceDB or Qdrant) and the catalogue of knowledge bases kept in it. */
  vectors: VectorStore;
  knowledgeBases: KnowledgeCatalog;
  health: () => Promise<HealthReport>;
  /** What /metrics exposes; absent: tool calls are not counted. */
  metrics?: GatewayMetrics | undefined;
  /**
   * A worker runs in this process, sharing the client's connection: eagerly started jobs run here,
   * so a waiting caller's provider call can be a local activity that a cancellation reaches at once.
   */
  workerInProcess: boolean;
  /** Graceful shutdown: refuses new calls, and tells waiting calls to answer with their job handle. */
  shutdown?: GatewayShutdown | undefined;
}
