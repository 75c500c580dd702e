// Cache benchmarks: exact-hit latency through the MCP layer (in-process transport and Streamable
// HTTP on loopback), lookups per second for each store, and the hit rate of a skewed workload.
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createDiskStore } from '../core/cache/disk-store.ts';
import { createLayeredStore } from '../core/cache/layered-store.ts';
import { createMemoryStore } from '../core/cache/memory-store.ts';
import { createRedisStore } from '../core/cache/redis-store.ts';
import type { CacheStore } from '../core/cache/types.ts';
import { createServer } from '../mcp/server.ts';
import { startRedisServer } from '../test/support/redis-server.ts';
import { percentile, round, runLoad, startBenchGateway } from './support.ts';

export interface CacheFigures {
  exact_hit: Array<{ transport: string; calls: number; p50_ms: number; p99_ms: number; per_second: number }>;
  store_lookups: Array<{ store: string; entries: number; lookups: number; concurrency: number; lookups_per_second: number; p50_us: number; p99_us: number }>;
  workload: { requests: number; distinct_prompts: number; hits: number; misses: number; hit_rate: number; provider_calls: number; saved_usd: number };
}

async function timeHits(client: Client, calls: number, concurrency: number) {
  const load = await runLoad(calls, concurrency, async () => {
    const result = (await client.callTool({ name: 'generate_completion', arguments: { prompt: 'What is the capital of France?', model: 'gpt-4o-mini' } })) as CallToolResult;
    if ((result.structuredContent as { cached?: boolean } | undefined)?.cached !== true) throw new Error('expected a cache hit');
  });
  if (load.errors > 0) throw new Error(`${load.errors} calls were not cache hits`);
  return { p50_ms: round(load.p50, 3), p99_ms: round(load.p99, 3), per_second: round(load.perSecond, 0) };
}

async function storeLookups(name: string, store: CacheStore, entries: number, lookups: number, concurrency: number) {
  const now = Date.now();
  const value = { text: 'x'.repeat(600), usage: { input_tokens: 120, output_tokens: 150 } };
  for (let start = 0; start < entries; start += 500) {
    await Promise.all(
      Array.from({ length: Math.min(500, entries - start) }, (_, offset) =>
        store.set(`bench-${start + offset}`, { value, meta: { kind: 'exact', provider: 'openai' }, createdAt: now, expiresAt: now + 3_600_000 }),
      ),
    );
  }
  const timings: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < lookups) {
        const index = next++;
        const begin = performance.now();
        const entry = await store.get(`bench-${(index * 7919) % entries}`);
        timings.push(performance.now() - begin);
        if (!entry) throw new Error(`${name}: a stored entry was missing`);
      }
    }),
  );
  const wall = performance.now() - started;
  timings.sort((a, b) => a - b);
  return { store: name, entries, lookups, concurrency, lookups_per_second: round((lookups / wall) * 1000, 0), p50_us: round(percentile(timings, 0.5) * 1000, 1), p99_us: round(percentile(timings, 0.99) * 1000, 1) };
}

/** Zipf-like draw: prompt k is asked with weight 1/k, as real agents repeat a few prompts often. */
function skewedPrompts(requests: number, distinct: number): number[] {
  const weights = Array.from({ length: distinct }, (_, index) => 1 / (index + 1));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  let seed = 42;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  return Array.from({ length: requests }, () => {
    let draw = random() * total;
    for (let index = 0; index < distinct; index += 1) {
      draw -= weights[index]!;
      if (draw <= 0) return index;
    }
    return distinct - 1;
  });
}

export async function benchCache(options: { hitCalls: number; lookups: number }): Promise<CacheFigures> {
  const bench = await startBenchGateway({ CACHE_TYPE: 'disk', SEMANTIC_CACHE_ENABLED: 'false' });
  const { gateway, dataDir } = bench;
  const redis = await startRedisServer();
  const stores: CacheStore[] = [];
  const clients: Client[] = [];
  try {
    const http = new Client({ name: 'bench-http', version: '1.0.0' });
    await http.connect(new StreamableHTTPClientTransport(new URL(gateway.http!.mcpUrl)));
    const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
    await createServer(gateway.mcpDeps!).connect(serverTransport);
    const inProcess = new Client({ name: 'bench-in-process', version: '1.0.0' });
    await inProcess.connect(clientTransport);
    clients.push(http, inProcess);

    // The miss that fills the cache, then hits only.
    await http.callTool({ name: 'generate_completion', arguments: { prompt: 'What is the capital of France?', model: 'gpt-4o-mini' } });
    await timeHits(inProcess, 500, 1);
    await timeHits(http, 500, 1);
    const exactHit = [
      { transport: 'in-process', calls: options.hitCalls, ...(await timeHits(inProcess, options.hitCalls, 1)) },
      { transport: 'streamable-http', calls: options.hitCalls, ...(await timeHits(http, options.hitCalls, 1)) },
    ];

    const entries = 10_000;
    const memory = createMemoryStore({ maxEntries: entries * 2, maxBytes: 512 * 1024 * 1024 });
    const disk = createDiskStore({ directory: path.join(dataDir, 'bench-disk'), maxEntries: entries * 2 });
    const redisStore = await createRedisStore({ url: redis.url });
    const layered = createLayeredStore({ memory: createMemoryStore({ maxEntries: entries * 2, maxBytes: 512 * 1024 * 1024 }), backing: createDiskStore({ directory: path.join(dataDir, 'bench-layered'), maxEntries: entries * 2 }) });
    stores.push(memory, disk, redisStore, layered);
    const storeLookupFigures = [
      await storeLookups('memory', memory, entries, options.lookups, 1),
      await storeLookups('disk (lmdb)', disk, entries, options.lookups, 1),
      await storeLookups('redis', redisStore, entries, Math.min(options.lookups, 50_000), 1),
      await storeLookups('redis', redisStore, entries, Math.min(options.lookups, 50_000), 64),
      await storeLookups('layered memory+disk (warm)', layered, entries, options.lookups, 1),
    ];

    const requests = 1_000;
    const distinct = 200;
    const before = ((await http.callTool({ name: 'get_cache_stats', arguments: {} })).structuredContent as { since_start: { hits: { total: number }; misses: { exact: number }; saved_usd: number } }).since_start;
    const draws = skewedPrompts(requests, distinct);
    await runLoad(requests, 8, async (_lane, index) => {
      await http.callTool({ name: 'generate_completion', arguments: { prompt: `Workload prompt number ${draws[index]}`, model: 'gpt-4o-mini' } });
    });
    const after = ((await http.callTool({ name: 'get_cache_stats', arguments: {} })).structuredContent as { since_start: { hits: { total: number }; misses: { exact: number }; saved_usd: number } }).since_start;
    const hits = after.hits.total - before.hits.total;
    const misses = after.misses.exact - before.misses.exact;
    const report = (await http.callTool({ name: 'get_usage_report', arguments: { group_by: 'provider' } })).structuredContent as { totals: { calls: number } };
    return {
      exact_hit: exactHit,
      store_lookups: storeLookupFigures,
      workload: { requests, distinct_prompts: distinct, hits, misses, hit_rate: round(hits / (hits + misses), 4), provider_calls: report.totals.calls, saved_usd: round(after.saved_usd - before.saved_usd, 9) },
    };
  } finally {
    for (const client of clients) await client.close().catch(() => undefined);
    for (const store of stores) await store.close().catch(() => undefined);
    await redis.stop();
    await bench.stop();
  }
}
