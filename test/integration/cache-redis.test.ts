// Two gateway processes (this one and a spawned `gateway start`) sharing one real Redis cache.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { freePort } from '../support/free-port.ts';
import { startRedisServer, type TestRedisServer } from '../support/redis-server.ts';
import { startTestGateway, type TestGateway } from '../support/gateway-harness.ts';
import { useIntegrationSuite } from '../support/integration-suite.ts';

const GATEWAY_BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/gateway.js');

const suite = useIntegrationSuite('cache-redis');

function providerEnvironment(): Record<string, string> {
  return { OPENAI_API_KEY: 'sk-cache-test-123456', OPENAI_BASE_URL: suite.simulator.openaiBaseUrl, PROVIDER_MAX_RETRIES: '1' };
}

describe('Redis cache shared by two gateway processes', () => {
  let redis: TestRedisServer;
  let local: TestGateway;
  let other: ChildProcess | undefined;
  let otherClient: Client | undefined;

  before(async () => {
    redis = await startRedisServer();
    const environment = { ...providerEnvironment(), CACHE_ENABLED: 'true', CACHE_TYPE: 'redis', REDIS_URL: redis.url, SEMANTIC_CACHE_ENABLED: 'false' };
    local = await startTestGateway({ temporalAddress: suite.temporal.address, environment });
    const port = await freePort();
    other = spawn(process.execPath, [GATEWAY_BIN, 'start'], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        ...environment,
        TEMPORAL_ADDRESS: suite.temporal.address,
        TEMPORAL_TASK_QUEUE: `redis-other-${randomUUID()}`,
        SERVER_PORT: String(port),
        DATA_DIR: suite.temporaryDirectory(),
        LOG_FORMAT: 'json',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const deadline = Date.now() + 60_000;
    for (;;) {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
      if (response?.status === 200) break;
      if (Date.now() > deadline || other.exitCode !== null) throw new Error('the second gateway process did not become healthy');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    otherClient = new Client({ name: 'cache-test-other', version: '1.0.0' });
    await otherClient.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`)));
  });

  after(async () => {
    await otherClient?.close().catch(() => undefined);
    if (other && other.exitCode === null) {
      const exited = new Promise((resolve) => other!.once('exit', resolve));
      other.kill('SIGTERM');
      await exited;
    }
    await local?.close();
    await redis?.stop();
  });

  it('serves in one process what the other process paid for', async () => {
    suite.simulator.reset();
    suite.simulator.script({ text: 'computed once, shared everywhere', usage: { inputTokens: 300, outputTokens: 30 } });
    const first = await local.call('generate_completion', { prompt: 'Shared across hosts', model: 'gpt-4o-mini' });
    assert.equal(first.isError, false, first.text);
    assert.equal(first.structured.cached, false);

    const remote = (await otherClient!.callTool({ name: 'generate_completion', arguments: { prompt: 'Shared across hosts', model: 'gpt-4o-mini' } })) as CallToolResult;
    const structured = remote.structuredContent as { cached: boolean; text: string; saved_cost_usd: number };
    assert.notEqual(remote.isError, true, JSON.stringify(remote.content));
    assert.equal(structured.cached, true);
    assert.equal(structured.text, 'computed once, shared everywhere');
    // 300 × 0.15 + 30 × 0.60 = 45 + 18 = 63 → $0.000063
    assert.ok(Math.abs(structured.saved_cost_usd - 63e-6) < 1e-12);
    assert.equal(suite.chatCalls(), 1);

    const remoteStats = (await otherClient!.callTool({ name: 'get_cache_stats', arguments: {} })) as CallToolResult;
    const stats = remoteStats.structuredContent as { store: string; all_time: { hits: { exact: number }; misses: { exact: number } } };
    assert.equal(stats.store, 'redis');
    assert.equal(stats.all_time.hits.exact, 1, 'all-time counters are shared through Redis');
    assert.equal(stats.all_time.misses.exact, 1);
  });
});
