// clear_cache: removes cached answers, all or by kind, provider or age.
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { McpDeps } from '../../deps.ts';
import { parseDurationMs } from '../../duration.ts';
import { providerSchema } from '../../schemas.ts';
import { toolError, toolResult } from '../../tool-result.ts';


export function registerClearCacheTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'clear_cache',
    {
      title: 'Clear cache',
      description: 'Remove cached entries: all, or only of one kind, one provider, or older than an age.',
      inputSchema: {
        kind: z.enum(['exact', 'semantic', 'chunk', 'embedding']).optional().describe('Only entries of this kind'),
        provider: providerSchema.optional().describe('Only answers from this provider'),
        older_than: z.string().max(32).optional().describe('Only entries older than this, e.g. 30m, 12h, 7d'),
      },
      outputSchema: { removed: z.number().int() },
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    },
    async ({ kind, provider, older_than }) => {
      if (!deps.cache) return toolError('clear_cache: the cache is off (CACHE_ENABLED=false); there is nothing to clear');
      let olderThanMs: number | undefined;
      if (older_than !== undefined) {
        olderThanMs = parseDurationMs(older_than);
        if (olderThanMs === undefined) return toolError(`clear_cache: older_than "${older_than}" is not an age such as 90s, 30m, 12h or 7d`);
      }
      const removed = await deps.cache.clear({ ...(kind ? { kind } : {}), ...(provider ? { provider } : {}), ...(olderThanMs !== undefined ? { olderThanMs } : {}) });
      return toolResult({ removed });
    },
  );
}
