// Added latency of a durable generate_completion (MCP over HTTP → workflow → activity → provider
// and back) over calling the provider SDK directly, at several concurrencies, and throughput. A
// trivial read-only tool (list_models) over the same MCP clients separates the MCP layer's share
// from Temporal's, and CPU time per completion shows which process the throughput is bound by.
import { randomUUID } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import OpenAI from 'openai';
import { processCpuMs, round, runLoad, startBenchGateway } from './support.ts';

export interface DurableCompletionFigures {
  concurrency: Array<{
    concurrency: number;
    requests: number;
    direct_p50_ms: number;
    direct_p99_ms: number;
    /** list_models over MCP: the HTTP transport and MCP session cost without Temporal or a provider. */
    mcp_only_p50_ms: number;
    mcp_only_p99_ms: number;
    durable_p50_ms: number;
    durable_p99_ms: number;
    added_p50_ms: number;
    added_p99_ms: number;
    /** What is left of the added latency once the MCP layer's share is taken out. */
    temporal_p50_ms: number;
    errors: number;
  }>;
  throughput: {
    concurrency: number;
    requests: number;
    per_second: number;
    errors: number;
    /** CPU milliseconds per completion; the benchmark's MCP clients share the gateway process. */
    cpu_ms_per_completion: { gateway_and_clients: number; temporal_server: number | null; simulator: number | null };
  };
}

const CONCURRENCY_LEVELS = [1, 16, 64];
const THROUGHPUT_CONCURRENCY = 64;

function cpuPerOperation(before: number | undefined, after: number | undefined, operations: number): number | null {
  return before === undefined || after === undefined || operations === 0 ? null : round((after - before) / operations);
}

export async function benchDurableCompletion(options: { requestsPerLevel: number; throughputRequests: number }): Promise<DurableCompletionFigures> {
  const bench = await startBenchGateway({ CACHE_ENABLED: 'false' });
  const { gateway, temporal, simulator } = bench;
  const clients: Client[] = [];
  const clientFor = async (lane: number) => {
    while (clients.length <= lane) {
      const client = new Client({ name: 'bench', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(gateway.http!.mcpUrl)));
      clients.push(client);
    }
    return clients[lane]!;
  };
  const direct = new OpenAI({ apiKey: 'sk-bench', baseURL: simulator.openaiBaseUrl, maxRetries: 0 });
  const durableCall = async (lane: number, index: number) => {
    const client = await clientFor(lane);
    const result = await client.callTool({ name: 'generate_completion', arguments: { prompt: `bench ${index} ${randomUUID()}`, model: 'gpt-4o-mini', fallback: false } });
    if (result.isError) throw new Error(JSON.stringify(result.content));
  };
  const mcpOnlyCall = async (lane: number) => {
    const client = await clientFor(lane);
    const result = await client.callTool({ name: 'list_models', arguments: {} });
    if (result.isError) throw new Error(JSON.stringify(result.content));
  };
  const directCall = async (_lane: number, index: number) => {
    await direct.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: `bench ${index}` }] });
  };
  try {
    // Warm-up: one MCP session per lane of the highest concurrency (so no timed call pays for an
    // initialize handshake), connections, workflow cache, JIT.
    for (let lane = 0; lane < Math.max(...CONCURRENCY_LEVELS); lane += 1) await clientFor(lane);
    await runLoad(200, 16, durableCall);
    await runLoad(200, 16, directCall);
    await runLoad(200, 16, mcpOnlyCall);
    const levels: DurableCompletionFigures['concurrency'] = [];
    for (const concurrency of CONCURRENCY_LEVELS) {
      const requests = concurrency === 1 ? Math.min(300, options.requestsPerLevel) : options.requestsPerLevel;
      const baseline = await runLoad(requests, concurrency, directCall);
      const mcpOnly = await runLoad(requests, concurrency, mcpOnlyCall);
      const durable = await runLoad(requests, concurrency, durableCall);
      levels.push({
        concurrency,
        requests,
        direct_p50_ms: round(baseline.p50),
        direct_p99_ms: round(baseline.p99),
        mcp_only_p50_ms: round(mcpOnly.p50),
        mcp_only_p99_ms: round(mcpOnly.p99),
        durable_p50_ms: round(durable.p50),
        durable_p99_ms: round(durable.p99),
        added_p50_ms: round(durable.p50 - baseline.p50),
        added_p99_ms: round(durable.p99 - baseline.p99),
        temporal_p50_ms: round(durable.p50 - baseline.p50 - mcpOnly.p50),
        errors: durable.errors + baseline.errors + mcpOnly.errors,
      });
    }
    const cpuBefore = { gateway: process.cpuUsage(), temporal: processCpuMs(temporal.pid), simulator: processCpuMs(simulator.child.pid!) };
    const load = await runLoad(options.throughputRequests, THROUGHPUT_CONCURRENCY, durableCall);
    const gatewayCpu = process.cpuUsage(cpuBefore.gateway);
    const completed = load.latenciesMs.length;
    return {
      concurrency: levels,
      throughput: {
        concurrency: THROUGHPUT_CONCURRENCY,
        requests: options.throughputRequests,
        per_second: round(load.perSecond, 1),
        errors: load.errors,
        cpu_ms_per_completion: {
          gateway_and_clients: cpuPerOperation(0, (gatewayCpu.user + gatewayCpu.system) / 1000, completed) ?? 0,
          temporal_server: cpuPerOperation(cpuBefore.temporal, processCpuMs(temporal.pid), completed),
          simulator: cpuPerOperation(cpuBefore.simulator, processCpuMs(simulator.child.pid!), completed),
        },
      },
    };
  } finally {
    for (const client of clients) await client.close().catch(() => undefined);
    await bench.stop();
  }
}
