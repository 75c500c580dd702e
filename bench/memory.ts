// Memory over a long run: a mix of calls (durable completions on distinct prompts, so the cache keeps
// taking entries; local tools; new MCP sessions opened and closed; JSON Schemas never seen before)
// repeated against an all-in-one gateway. Heap and RSS are read after a full garbage collection once
// warmed up, then after each fifth of the run: growth per thousand calls over the whole run and over
// its second half tells a leak (steady growth) from caches filling up to their bounds (growth that
// stops).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { validateAgainst } from '../core/extraction/json-schema-validator.ts';
import { round, rssMb, runLoad, startBenchGateway } from './support.ts';

export interface MemoryBench {
  calls: number;
  errors: number;
  heap_used_mb: { warm: number; end: number };
  rss_mb: { warm: number; end: number };
  heap_growth_kb_per_1000_calls: number;
  rss_growth_kb_per_1000_calls: number;
  /** Over the second half of the run only. */
  rss_growth_kb_per_1000_calls_second_half: number;
  /** After each fifth of the run: calls so far, heap and RSS in MB, and the dev server's RSS. */
  checkpoints: Array<{ calls: number; heap_mb: number; rss_mb: number; dev_server_rss_mb: number }>;
  cache_entries: number;
}

const CHECKPOINTS = 5;

const CONCURRENCY = 8;
const SESSION_EVERY = 50;

function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

async function settle(): Promise<{ heap: number; rss: number }> {
  for (let round_ = 0; round_ < 3; round_ += 1) {
    collectGarbage();
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const usage = process.memoryUsage();
  return { heap: usage.heapUsed / 1e6, rss: usage.rss / 1e6 };
}

export async function benchMemory(options: { calls: number; warmupCalls: number }): Promise<MemoryBench> {
  const bench = await startBenchGateway({ CACHE_TYPE: 'memory', CACHE_MAX_SIZE: '1000', LOG_LEVEL: 'silent' });
  const url = new URL(bench.gateway.http!.mcpUrl);
  const clients = await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      const client = new Client({ name: 'bench-memory', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(url));
      return client;
    }),
  );
  let sequence = 0;
  const call = async (lane: number) => {
    const index = sequence++;
    const client = clients[lane]!;
    const kind = index % 4;
    let result: CallToolResult;
    if (kind === 0 || kind === 1) {
      result = (await client.callTool({ name: 'generate_completion', arguments: { prompt: `Long-run prompt number ${index}`, model: 'gpt-4o-mini' } })) as CallToolResult;
    } else if (kind === 2) {
      result = (await client.callTool({ name: 'text_stats', arguments: { text: `Sentence ${index}. Another one here.` } })) as CallToolResult;
    } else {
      result = (await client.callTool({ name: 'chunk_document', arguments: { document: `# Part ${index}\n\n${'Words in a paragraph. '.repeat(40)}`, chunk_size: 50 } })) as CallToolResult;
    }
    if (result.isError) throw new Error(JSON.stringify(result.content));
    validateAgainst({ type: 'object', properties: { [`field_${index}`]: { type: 'integer' } }, required: [`field_${index}`] }, { [`field_${index}`]: index });
    if (index % SESSION_EVERY === 0) {
      const passing = new Client({ name: 'bench-memory-session', version: '1.0.0' });
      const transport = new StreamableHTTPClientTransport(url);
      await passing.connect(transport);
      await passing.listTools();
      await transport.terminateSession();
      await passing.close();
    }
  };
  try {
    await runLoad(options.warmupCalls, CONCURRENCY, call);
    const warm = await settle();
    const devServer = () => rssMb(bench.temporal.pid);
    const checkpoints: MemoryBench['checkpoints'] = [{ calls: 0, heap_mb: round(warm.heap, 1), rss_mb: round(warm.rss, 1), dev_server_rss_mb: devServer() }];
    let errors = 0;
    for (let part = 1; part <= CHECKPOINTS; part += 1) {
      errors += (await runLoad(options.calls / CHECKPOINTS, CONCURRENCY, call)).errors;
      const now = await settle();
      checkpoints.push({ calls: (options.calls * part) / CHECKPOINTS, heap_mb: round(now.heap, 1), rss_mb: round(now.rss, 1), dev_server_rss_mb: devServer() });
    }
    const end = { heap: checkpoints.at(-1)!.heap_mb, rss: checkpoints.at(-1)!.rss_mb };
    const middle = checkpoints[Math.floor(CHECKPOINTS / 2)]!;
    const stats = (await clients[0]!.callTool({ name: 'get_cache_stats', arguments: {} })).structuredContent as { entries?: number };
    const perThousand = (megabytes: number) => round((megabytes * 1000 * 1000) / options.calls, 1);
    return {
      calls: options.calls,
      errors,
      heap_used_mb: { warm: round(warm.heap, 1), end: round(end.heap, 1) },
      rss_mb: { warm: round(warm.rss, 1), end: round(end.rss, 1) },
      heap_growth_kb_per_1000_calls: perThousand(end.heap - warm.heap),
      rss_growth_kb_per_1000_calls: perThousand(end.rss - warm.rss),
      rss_growth_kb_per_1000_calls_second_half: round(((end.rss - middle.rss_mb) * 1000 * 1000) / (options.calls - middle.calls), 1),
      checkpoints,
      cache_entries: stats.entries ?? 0,
    };
  } finally {
    for (const client of clients) await client.close().catch(() => undefined);
    await bench.stop();
  }
}
