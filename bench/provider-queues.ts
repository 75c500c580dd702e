// Provider task queues under pressure: a 32-chunk summary on OpenAI (OPENAI_MAX_CONCURRENCY 8,
// 200 ms per call) through a 5 s storm of 429s with Retry-After 1 s, while a 4-chunk summary runs on
// Anthropic; then a Gemini summary at GEMINI_MAX_RPS 5. Reports wall times against the ideal, the
// most calls each provider saw at once, retries that came before Retry-After, and the rate reached.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { round, startBenchGateway } from './support.ts';

const LATENCY_MS = 200;
const CONCURRENCY = 8;
const STORM_MS = 5_000;
const RETRY_AFTER_SECONDS = 1;
const RPS = 5;

export interface ProviderQueueFigures {
  storm: {
    chunks: number;
    wall_ms: number;
    /** The storm, then waves of CONCURRENCY calls at LATENCY_MS for the chunks and the reduce call. */
    ideal_ms: number;
    rate_limited_calls: number;
    retries_before_retry_after: number;
    max_concurrent_openai: number;
    other_provider_wall_ms: number;
    /** The same Anthropic job with nothing else running, for comparison. */
    other_provider_alone_ms: number;
  };
  rate: { calls: number; wall_ms: number; calls_per_second: number; limit: number };
}

interface Traffic {
  max_concurrent: Record<string, number>;
  requests: Array<{ protocol: string; at: number; retryAfterMs?: number; conversation: string }>;
}

function documentOf(topic: string, paragraphs: number): string {
  return Array.from({ length: paragraphs }, (_, index) => `Paragraph ${index} about ${topic}: every provider has its own task queue, its own concurrency and its own rate limit.`).join('\n\n');
}

export async function benchProviderQueues(): Promise<ProviderQueueFigures> {
  const bench = await startBenchGateway(
    (simulator) => ({
      ANTHROPIC_API_KEY: 'sk-ant-bench-123456',
      ANTHROPIC_BASE_URL: simulator.url,
      GEMINI_API_KEY: 'gemini-bench-123456',
      GEMINI_BASE_URL: simulator.url,
      CACHE_ENABLED: 'false',
      OPENAI_MAX_CONCURRENCY: String(CONCURRENCY),
      OPENAI_MAX_RETRIES: '8',
      GEMINI_MAX_RPS: String(RPS),
      LOG_LEVEL: 'silent',
    }),
    { latencyMs: LATENCY_MS },
  );
  const simulatorUrl = bench.simulator.url;
  const control = async (path: string, body?: unknown) => {
    const response = await fetch(`${simulatorUrl}/_control/${path}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
    return (await response.json()) as unknown;
  };
  try {
    const client = new Client({ name: 'bench', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(bench.gateway.http!.mcpUrl)));
    const summarize = async (args: Record<string, unknown>) => {
      const started = performance.now();
      const result = await client.callTool({ name: 'summarize_document', arguments: { chunk_size: 48, ...args } }, undefined, { timeout: 300_000 });
      if (result.isError) throw new Error(`summarize_document failed: ${JSON.stringify(result.content)}`);
      return { wall: performance.now() - started, chunks: (result.structuredContent as { chunks: number }).chunks };
    };

    await control('reset', {});
    await control('storm', { durationMs: STORM_MS, retryAfterSeconds: RETRY_AFTER_SECONDS, providers: ['openai'] });
    const [flooded, other] = await Promise.all([
      summarize({ document: documentOf('storms', 64), provider: 'openai', model: 'gpt-4o-mini', max_concurrency: 64 }),
      summarize({ document: documentOf('other providers', 4), provider: 'anthropic', model: 'claude-haiku-4-5', max_concurrency: 4 }),
    ]);
    const traffic = (await control('traffic')) as Traffic;
    const openai = traffic.requests.filter((request) => request.protocol === 'openai');
    const refused = openai.filter((request) => request.retryAfterMs !== undefined);
    // A retry of a refused call is the next call of the same conversation.
    const early = refused.filter((request) => {
      const retry = openai.find((other) => other.at > request.at && other.conversation === request.conversation);
      return retry !== undefined && retry.at - request.at < request.retryAfterMs!;
    }).length;

    const alone = await summarize({ document: documentOf('other providers, alone', 4), provider: 'anthropic', model: 'claude-haiku-4-5', max_concurrency: 4 });

    await control('reset', {});
    const paced = await summarize({ document: documentOf('pacing', 29), provider: 'gemini', model: 'gemini-2.5-flash-lite', max_concurrency: 29 });
    const gemini = ((await control('traffic')) as Traffic).requests.filter((request) => request.protocol === 'gemini').map((request) => request.at);
    const span = Math.max(...gemini) - Math.min(...gemini);
    await client.close();
    return {
      storm: {
        chunks: flooded.chunks,
        wall_ms: Math.round(flooded.wall),
        ideal_ms: STORM_MS + (Math.ceil(flooded.chunks / CONCURRENCY) + 1) * LATENCY_MS,
        rate_limited_calls: refused.length,
        retries_before_retry_after: early,
        max_concurrent_openai: traffic.max_concurrent.openai ?? 0,
        other_provider_wall_ms: Math.round(other.wall),
        other_provider_alone_ms: Math.round(alone.wall),
      },
      rate: { calls: gemini.length, wall_ms: Math.round(paced.wall), calls_per_second: round((gemini.length - 1) / (span / 1000), 2), limit: RPS },
    };
  } finally {
    await bench.stop();
  }
}
