// What /metrics exposes, in Prometheus text format: tool calls and their latency, provider calls with
// their tokens and cost, cache hits and misses, and running jobs. One registry per gateway (never the
// library's global one), fed by a tool-call hook, by the usage ledger's records, and at scrape time.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CallRecord } from '../usage/usage-ledger.ts';

export type ToolOutcome = 'success' | 'error' | 'exception';

export interface MetricSources {
  /** Cache lookups since this process started; absent when the cache is off. */
  cacheCounters?: () => Promise<{ exactHits: number; semanticHits: number; exactMisses: number; semanticMisses: number }>;
  /** Jobs of this gateway now running. */
  runningJobs?: () => Promise<number>;
  /** Whether Temporal is reachable now, and how often the embedded server was restarted after dying. */
  temporal?: () => { up: boolean; restarts: number };
}

const LATENCY_BUCKETS = [0.005, 0.025, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly toolCalls = new Counter({ name: 'gateway_tool_calls_total', help: 'MCP tool calls by tool and outcome', labelNames: ['tool', 'outcome'], registers: [this.registry] });
  private readonly toolLatency = new Histogram({ name: 'gateway_tool_call_duration_seconds', help: 'MCP tool call latency', labelNames: ['tool'], buckets: LATENCY_BUCKETS, registers: [this.registry] });
  private readonly providerCalls = new Counter({ name: 'gateway_provider_calls_total', help: 'Provider calls made by this process, by provider, model and outcome', labelNames: ['provider', 'model', 'outcome'], registers: [this.registry] });
  private readonly providerLatency = new Histogram({ name: 'gateway_provider_call_duration_seconds', help: 'Provider call latency', labelNames: ['provider', 'model'], buckets: LATENCY_BUCKETS, registers: [this.registry] });
  private readonly tokens = new Counter({ name: 'gateway_tokens_total', help: 'Tokens used by provider, model and direction', labelNames: ['provider', 'model', 'direction'], registers: [this.registry] });
  private readonly cost = new Counter({ name: 'gateway_cost_usd_total', help: 'Dollars spent by provider and model', labelNames: ['provider', 'model'], registers: [this.registry] });

  constructor(sources: MetricSources = {}) {
    const seen = new Map<string, number>();
    const cacheCounters = sources.cacheCounters;
    new Counter({
      name: 'gateway_cache_lookups_total',
      help: 'Response-cache lookups by kind (exact, semantic) and result (hit, miss)',
      labelNames: ['kind', 'result'],
      registers: [this.registry],
      // The cache keeps its own monotonic counts; each scrape adds what is new since the last one.
      async collect() {
        if (!cacheCounters) return;
        const counts = await cacheCounters();
        const current: Array<[string, string, number]> = [
          ['exact', 'hit', counts.exactHits],
          ['semantic', 'hit', counts.semanticHits],
          ['exact', 'miss', counts.exactMisses],
          ['semantic', 'miss', counts.semanticMisses],
        ];
        for (const [kind, result, value] of current) {
          const key = `${kind}:${result}`;
          const delta = value - (seen.get(key) ?? 0);
          this.inc({ kind, result }, Math.max(delta, 0));
          seen.set(key, Math.max(value, seen.get(key) ?? 0));
        }
      },
    });
    const temporal = sources.temporal;
    new Gauge({
      name: 'gateway_temporal_up',
      help: '1 while Temporal is reachable, 0 during an outage (the embedded server restarting)',
      registers: [this.registry],
      collect() {
        if (temporal) this.set(temporal().up ? 1 : 0);
      },
    });
    new Gauge({
      name: 'gateway_temporal_restarts',
      help: 'Times the embedded Temporal dev server was started again after dying',
      registers: [this.registry],
      collect() {
        if (temporal) this.set(temporal().restarts);
      },
    });
    const runningJobs = sources.runningJobs;
    new Gauge({
      name: 'gateway_jobs_running',
      help: 'Jobs of this gateway now running',
      registers: [this.registry],
      async collect() {
        if (runningJobs) this.set(await runningJobs().catch(() => 0));
      },
    });
  }

  observeToolCall(tool: string, outcome: ToolOutcome, seconds: number): void {
    this.toolCalls.inc({ tool, outcome });
    this.toolLatency.observe({ tool }, seconds);
  }

  observeProviderCall(record: CallRecord): void {
    const labels = { provider: record.provider, model: record.model };
    this.providerCalls.inc({ ...labels, outcome: record.outcome });
    this.providerLatency.observe(labels, record.latency_ms / 1000);
    if (record.usage) {
      this.tokens.inc({ ...labels, direction: 'input' }, record.usage.inputTokens);
      this.tokens.inc({ ...labels, direction: 'output' }, record.usage.outputTokens);
    }
    if (record.cost_usd > 0) this.cost.inc(labels, record.cost_usd);
  }

  async text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
