// Added latency of a durable generate_completion (MCP over HTTP → workflow → activity → provider
// and back) over calling the provider SDK directly, at several concurrencies, and throughput.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import OpenAI from 'openai';
import { startGateway } from '../cli/gateway-runtime.ts';
import { loadConfig } from '../core/config.ts';
import { createSilentLogger } from '../core/logger.ts';
import { startDevServer } from '../core/temporal/dev-server.ts';
import { findTemporalCli } from '../core/temporal/find-temporal-cli.ts';
import { freePort } from '../test/support/free-port.ts';
import { round, runLoad, startSimulatorProcess } from './support.ts';

export interface DurableCompletionFigures {
  concurrency: Array<{ concurrency: number; requests: number; direct_p50_ms: number; direct_p99_ms: number; durable_p50_ms: number; durable_p99_ms: number; added_p50_ms: number; added_p99_ms: number; errors: number }>;
  throughput: { concurrency: number; requests: number; per_second: number; errors: number };
}

export async function benchDurableCompletion(options: { requestsPerLevel: number; throughputRequests: number }): Promise<DurableCompletionFigures> {
  const simulator = await startSimulatorProcess();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gateway-bench-'));
  const logger = createSilentLogger();
  const temporal = await startDevServer({ cliPath: findTemporalCli({ configuredPath: process.env.TEMPORAL_CLI_PATH }), dataDir, port: await freePort(), uiPort: await freePort(), namespace: 'default', logger });
  const config = loadConfig(
    { TEMPORAL_ADDRESS: temporal.address, TEMPORAL_TASK_QUEUE: `bench-${randomUUID()}`, SERVER_PORT: '0', DATA_DIR: dataDir, OPENAI_API_KEY: 'sk-bench-123456', OPENAI_BASE_URL: simulator.openaiBaseUrl, CACHE_ENABLED: 'false' },
    path.join(dataDir, 'none.env'),
  );
  const gateway = await startGateway('start', config, logger);
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
  const directCall = async (_lane: number, index: number) => {
    await direct.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: `bench ${index}` }] });
  };
  try {
    // Warm-up: connections, workflow cache, JIT.
    await runLoad(200, 16, durableCall);
    await runLoad(200, 16, directCall);
    const levels: DurableCompletionFigures['concurrency'] = [];
    for (const concurrency of [1, 16, 64]) {
      const requests = concurrency === 1 ? Math.min(300, options.requestsPerLevel) : options.requestsPerLevel;
      const baseline = await runLoad(requests, concurrency, directCall);
      const durable = await runLoad(requests, concurrency, durableCall);
      levels.push({
        concurrency,
        requests,
        direct_p50_ms: round(baseline.p50),
        direct_p99_ms: round(baseline.p99),
        durable_p50_ms: round(durable.p50),
        durable_p99_ms: round(durable.p99),
        added_p50_ms: round(durable.p50 - baseline.p50),
        added_p99_ms: round(durable.p99 - baseline.p99),
        errors: durable.errors + baseline.errors,
      });
    }
    const load = await runLoad(options.throughputRequests, 64, durableCall);
    return { concurrency: levels, throughput: { concurrency: 64, requests: options.throughputRequests, per_second: round(load.perSecond, 1), errors: load.errors } };
  } finally {
    for (const client of clients) await client.close().catch(() => undefined);
    await gateway.stop();
    await temporal.stop();
    simulator.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
