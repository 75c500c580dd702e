// get_cache_stats: is the cache paying? Entries, size, hits by kind, misses, hit rate, tokens and
// dollars saved, since this process started and all-time.
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { McpDeps } from '../../deps.ts';
import { toolResult } from '../../tool-result.ts';

const countersSchema = z.object({
  hits: z.object({ exact: z.number().int(), semantic: z.number().int(), total: z.number().int() }),
  misses: z.object({ exact: z.number().int(), semantic: z.number().int() }).describe('Lookups of each kind that found nothing; a semantic hit follows an exact miss'),
  hit_rate: z.number().nullable().describe('Share of cacheable requests answered from the cache; null before any'),
  tokens_saved: z.object({ input: z.number().int(), output: z.number().int() }),
  saved_usd: z.number(),
});

export function registerGetCacheStatsTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'get_cache_stats',
    {
      title: 'Cache statistics',
      description: 'Cache entries and size, hits by kind, misses, hit rate, tokens and dollars saved (since start and all-time).',
      inputSchema: {},
      outputSchema: {
        enabled: z.boolean(),
        store: z.string().nullable().describe('memory, disk or redis'),
        semantic_enabled: z.boolean(),
        entries: z.number().int(),
        size_bytes: z.number().int(),
        since_start: countersSchema.nullable(),
        all_time: countersSchema.nullable(),
      },
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async () => {
      if (!deps.cache) return toolResult({ enabled: false, store: null, semantic_enabled: false, entries: 0, size_bytes: 0, since_start: null, all_time: null });
      return toolResult({ enabled: true, ...(await deps.cache.stats()) });
    },
  );
}
