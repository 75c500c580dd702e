// Assembles a gateway process from its parts for each CLI mode: embedded or external Temporal, an
// in-process worker, the MCP server over HTTP or stdio. Owns the shutdown order so the dev server
// child never outlives the gateway.
import type { NativeConnection } from '@temporalio/worker';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import { ConfigError, type GatewayConfig } from '../core/config.ts';
import { createResponseCache } from '../core/cache/create-response-cache.ts';
import { createDiskStore } from '../core/cache/disk-store.ts';
import { KnowledgeCatalog } from '../core/knowledge/catalog.ts';
import { createVectorStore } from '../core/vectors/create-vector-store.ts';
import { computeCost } from '../core/costs/compute-cost.ts';
import { createDiskBlobStore, createRedisBlobStore, type BlobStore } from '../core/documents/blob-store.ts';
import { createCodeSandbox } from '../core/sandbox/code-sandbox.ts';
import { createDiskTournamentStore, createRedisTournamentStore, type TournamentStore } from '../core/tournaments/tournament-store.ts';
import { InflightCalls } from '../core/jobs/inflight-calls.ts';
import { createModelRegistry } from '../core/models/registry.ts';
import { ProviderPool } from '../core/provider-pool.ts';
import { ProviderSlots } from '../core/provider-slots.ts';
import { configuredSecrets } from '../core/secrets/scrub-secrets.ts';
import { PROVIDER_IDS } from '../core/providers/types.ts';
import { UsageLedger, type CallRecord } from '../core/usage/usage-ledger.ts';
import { GatewayMetrics } from '../core/metrics/gateway-metrics.ts';
import { TokenCounter } from '../core/tokens/token-counter.ts';
import { superviseDevServer, type SupervisedDevServer } from '../core/temporal/dev-server-supervisor.ts';
import { TemporalStatus } from '../core/temporal/temporal-status.ts';
import { obtainTemporalCli } from '../core/temporal/obtain-temporal-cli.ts';
import type { HealthReport, McpDeps } from '../mcp/deps.ts';
import { startHttpServer, type RunningHttpServer } from '../mcp/http.ts';
import { JobService } from '../mcp/job-service.ts';
import { createServer } from '../mcp/server.ts';
import { connectStdio } from '../mcp/stdio.ts';
import { JobTaskStore } from '../mcp/tasks/job-task-store.ts';
import { createWorker } from '../worker/create-worker.ts';
import { createWorkflowSteps } from '../mcp/tools/workflow/step-runner.ts';
import type { WorkerGroup } from '../worker/worker-group.ts';
import { connectToTemporal, createTemporalClient, installTemporalRuntime, setNamespaceRetention } from '../worker/temporal-runtime.ts';
import { GatewayShutdown } from '../mcp/shutdown.ts';
import { waitForTemporalFrontend } from '../worker/wait-for-temporal.ts';

/** /healthz never waits longer than this for Temporal. */
const HEALTH_QUERY_MS = 3_000;

/** Knowledge-base embeddings kept by text (about 6 KB each at 1536 dimensions). */
const EMBEDDING_CACHE_ENTRIES = 200_000;

export type GatewayMode = 'start' | 'stdio' | 'worker' | 'serve';

export interface RunningGateway {
  http?: RunningHttpServer;
  temporalAddress: string;
  temporalUiUrl?: string;
  /** The Temporal client sharing the worker's connection (eager workflow start). */
  temporalClient: Client;
  /** What the MCP server is built from (absent in worker mode): lets tests and benchmarks attach more transports. */
  mcpDeps?: McpDeps;
  /** Resolves when the gateway should stop by itself (stdio closed, worker died). */
  finished: Promise<void>;
  /** Takes no new calls; running ones finish or get their job handle within SHUTDOWN_GRACE_SECONDS. */
  drain(): Promise<void>;
  /** Ends the grace period of a drain under way at once. */
  handOffNow(): void;
  stop(): Promise<void>;
}

export async function startGateway(mode: GatewayMode, config: GatewayConfig, logger: Logger): Promise<RunningGateway> {
  const started = performance.now();
  const registry = createModelRegistry();
  if (!registry.get(config.referenceModel)) {
    throw new ConfigError([`DELEGATION_REFERENCE_MODEL: unknown model "${config.referenceModel}"; use a model id from list_models, such as claude-sonnet-4-5 or gpt-4.1`]);
  }
  const stack: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stack.reverse().splice(0)) {
      await stop().catch((error: unknown) => logger.warn({ event: 'shutdown', error: String(error) }, 'error during shutdown'));
    }
  };
  try {
    installTemporalRuntime(logger);
    let devServer: SupervisedDevServer | undefined;
    const temporalStatus = new TemporalStatus();
    let address = config.temporal.address;
    if (!address) {
      if (mode === 'serve' || mode === 'worker') {
        logger.info({ event: 'temporal' }, 'TEMPORAL_ADDRESS is not set: starting the embedded Temporal dev server');
      }
      devServer = await superviseDevServer({
        // stderr, never stdout: in stdio mode stdout carries MCP.
        cliPath: await obtainTemporalCli({ configuredPath: config.temporal.cliPath, announce: (line) => process.stderr.write(`${line}\n`) }),
        dataDir: config.dataDir,
        port: config.temporal.port,
        uiPort: config.temporal.uiPort,
        namespace: config.temporal.namespace,
        logger,
        status: temporalStatus,
        waitUntilHealthy: (server) => waitForTemporalFrontend({ address: server.address, namespace: config.temporal.namespace, logFile: server.logFile, exited: server.exited }),
      });
      stack.push(() => devServer!.stop());
      address = devServer.address;
      await waitForTemporalFrontend({ address, namespace: config.temporal.namespace, logFile: devServer.logFile, exited: devServer.exited });
    }
    const connection: NativeConnection = await connectToTemporal(config.temporal, address);
    stack.push(() => connection.close());
    if (devServer?.owned) await setNamespaceRetention(connection, config.temporal.namespace, config.temporal.retentionDays);

    const ledger = new UsageLedger(
      path.join(config.dataDir, 'usage'),
      (error) => logger.error({ event: 'usage', error: String(error) }, 'a call could not be recorded in the usage ledger'),
      { retentionDays: config.usage.retentionDays },
    );
    stack.push(() => ledger.close());
    const providers = new ProviderPool(config.providers, { secrets: configuredSecrets(config), logger });
    const vectors = await createVectorStore(config);
    stack.push(() => vectors.close());
    const embeddingCache = createDiskStore({ directory: path.join(config.dataDir, 'embeddings'), maxEntries: EMBEDDING_CACHE_ENTRIES });
    stack.push(() => embeddingCache.close());
    let jobService: JobService | undefined;
    // The cache is made after the metrics (its embedding calls are measured too) and read at scrape time.
    const live: { cache?: Awaited<ReturnType<typeof createResponseCache>> } = {};
    const metrics = new GatewayMetrics({
      temporal: () => ({ up: temporalStatus.available, restarts: devServer?.restarts() ?? 0 }),
      runningJobs: async () => (jobService ? (await jobService.list({ status: 'running', limit: 1000 })).length : 0),
      cacheCounters: async () => {
        const counts = (await live.cache?.stats())?.since_start;
        return { exactHits: counts?.hits.exact ?? 0, semanticHits: counts?.hits.semantic ?? 0, exactMisses: counts?.misses.exact ?? 0, semanticMisses: counts?.misses.semantic ?? 0 };
      },
    });
    const measuredLedger = {
      record: (entry: CallRecord, at?: number) => {
        metrics.observeProviderCall(entry);
        ledger.record(entry, at);
      },
    };
    const cache = await createResponseCache({ config, providers, registry, logger, ledger: measuredLedger, vectors });
    if (cache) stack.push(() => cache.close());
    live.cache = cache;
    const blobs: BlobStore =
      config.documents.blobStore === 'redis'
        ? createRedisBlobStore(config.cache.redisUrl!, { retentionMs: config.documents.blobRetentionMs, onConnectionError: (error) => logger.warn({ event: 'blobs', error: error.message }, 'Redis connection problem') })
        : createDiskBlobStore(path.join(config.dataDir, 'blobs'), { retentionMs: config.documents.blobRetentionMs });
    stack.push(() => blobs.close());
    const tournaments: TournamentStore =
      config.documents.blobStore === 'redis'
        ? createRedisTournamentStore(config.cache.redisUrl!, { onConnectionError: (error) => logger.warn({ event: 'tournaments', error: error.message }, 'Redis connection problem') })
        : createDiskTournamentStore(path.join(config.dataDir, 'tournaments'));
    stack.push(() => tournaments.close());
    const sandbox = createCodeSandbox(config.sandbox);
    const client = createTemporalClient(connection, config.temporal.namespace);
    // Only a process that both serves MCP and runs the worker can abort its own calls on cancellation.
    const inflight = mode === 'start' || mode === 'stdio' ? new InflightCalls() : undefined;
    const signalWorkflow = async (workflowId: string, signal: string, argument: unknown) => {
      await client.workflow.getHandle(workflowId).signal(signal, argument);
    };
    const tokens = new TokenCounter();
    stack.push(() => tokens.close());
    let worker: WorkerGroup | undefined;
    let workerDone: Promise<void> = new Promise(() => undefined);
    let workerStopping = false;
    if (mode !== 'serve') {
      worker = await createWorker({
        connection,
        namespace: config.temporal.namespace,
        taskQueue: config.temporal.taskQueue,
        providers: config.providers,
        activityDeps: {
          providers, registry, computeCost, logger, signalWorkflow, ledger: measuredLedger, cache, blobs, inflight, sandbox, tournaments, vectors, embeddingCache,
          workflowSteps: createWorkflowSteps({
            config, logger, jobs: new JobService(client, config.temporal.taskQueue), registry, providers, ledger, cache, blobs, tokens, tournaments, vectors, knowledgeBases: new KnowledgeCatalog(vectors),
          }),
          slots: new ProviderSlots(config.providers),
        },
        logger,
      });
      const running = worker.run();
      workerDone = running.then(
        () => undefined,
        (error: unknown) =>
          workerStopping
            ? logger.warn({ event: 'worker', error: String(error) }, 'worker stopped with work in flight: its jobs go on when a worker is back')
            : logger.error({ event: 'worker', error: String(error) }, 'worker stopped with an error'),
      );
      stack.push(async () => {
        workerStopping = true;
        if (worker!.getState() === 'RUNNING') worker!.shutdown();
        await workerDone;
      });
      logger.info({ event: 'worker', task_queue: config.temporal.taskQueue }, 'worker running');
    }

    let http: RunningHttpServer | undefined;
    let mcpDeps: McpDeps | undefined;
    const shutdown = new GatewayShutdown();
    const drain = async () => {
      http?.refuseNewRequests();
      const outcome = await shutdown.drain(config.shutdownGraceMs);
      logger.info({ event: 'shutdown', ...outcome, grace_ms: config.shutdownGraceMs }, 'calls drained');
    };
    let finished: Promise<void> = workerDone;
    if (mode !== 'worker') {
      const health = async (): Promise<HealthReport> =>
        checkHealth({ config, address: address!, embedded: devServer !== undefined, connection, worker, status: temporalStatus });
      jobService = new JobService(client, config.temporal.taskQueue, inflight, temporalStatus);
      const deps: McpDeps = { config, logger, jobs: jobService, registry, providers, ledger, cache, blobs, tokens, tournaments, vectors, knowledgeBases: new KnowledgeCatalog(vectors), health, metrics, workerInProcess: worker !== undefined, shutdown };
      deps.tasks = new JobTaskStore(deps.jobs);
      mcpDeps = deps;
      if (mode === 'stdio') {
        const stdio = await connectStdio(createServer(deps));
        finished = Promise.race([stdio.closed, workerDone]);
      } else {
        http = await startHttpServer({ server: config.server, logger, createMcpServer: () => createServer(deps), health, metrics: () => metrics.text() });
        stack.push(() => http!.close());
      }
    }
    logger.info(
      { event: 'startup', mode, ms: Math.round(performance.now() - started), temporal: address, ui: devServer?.uiUrl, mcp: http?.mcpUrl },
      `gateway ready (${mode})`,
    );
    return { http, temporalAddress: address, temporalUiUrl: devServer?.uiUrl, temporalClient: client, ...(mcpDeps ? { mcpDeps } : {}), finished, drain, handOffNow: () => shutdown.handOffNow(), stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

async function checkHealth(options: {
  config: GatewayConfig;
  address: string;
  embedded: boolean;
  connection: NativeConnection;
  worker: WorkerGroup | undefined;
  status: TemporalStatus;
}): Promise<HealthReport> {
  const { config } = options;
  const providers = Object.fromEntries(PROVIDER_IDS.map((id) => [id, { configured: config.providers[id].configured }]));
  const temporal: HealthReport['temporal'] = { connected: false, address: options.address, namespace: config.temporal.namespace, embedded: options.embedded };
  let pollers = 0;
  const outage = options.status.outage;
  if (outage) {
    temporal.error = `${outage.reason} (for ${Math.round((Date.now() - outage.since) / 1000)} s)`;
  } else {
    try {
      let timer: ReturnType<typeof setTimeout> | undefined;
      let watch: ReturnType<typeof setInterval> | undefined;
      const tooLate = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`Temporal did not answer within ${HEALTH_QUERY_MS / 1000} s`)), HEALTH_QUERY_MS);
        // A server that dies while the query is under way answers now, not at the bound.
        watch = setInterval(() => options.status.outage && reject(new Error(options.status.outage.reason)), 100);
      });
      const query = options.connection.withDeadline(Date.now() + HEALTH_QUERY_MS, () =>
        options.connection.workflowService.describeTaskQueue({
          namespace: config.temporal.namespace,
          taskQueue: { name: config.temporal.taskQueue },
          taskQueueType: 1,
        }),
      );
      const response = await Promise.race([query, tooLate]).finally(() => {
        clearTimeout(timer);
        clearInterval(watch);
      });
      temporal.connected = true;
      pollers = response.pollers?.length ?? 0;
    } catch (error) {
      temporal.error = (error as Error).message;
    }
  }
  const inProcess = options.worker !== undefined;
  const workerRunning = inProcess ? options.worker!.getState() === 'RUNNING' : pollers > 0;
  return {
    status: temporal.connected && workerRunning ? 'ok' : 'unavailable',
    temporal,
    worker: { running: workerRunning, in_process: inProcess, task_queue: config.temporal.taskQueue, pollers },
    providers,
  };
}
