// hybrid_search: meaning and keywords together, so exact terms (error codes, names) are found even
// where the embedding misses them. Fusion: core/vectors/fusion.ts.
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { McpDeps } from '../../deps.ts';
import { embeddingCostShape, hitSchema, searchShape } from '../../knowledge-args.ts';
import { runKnowledgeSearch } from '../../knowledge-search-job.ts';
import { resultOrJobHandle } from '../../schemas.ts';

const TOOL = 'hybrid_search';

export function registerHybridSearchTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    TOOL,
    {
      title: 'Hybrid search',
      description: 'Search a knowledge base by meaning and keywords at once; score = semantic_weight × semantic_score + (1 − semantic_weight) × keyword_score.',
      inputSchema: {
        ...searchShape,
        semantic_weight: z.number().min(0).max(1).optional().describe('1: meaning only, 0: keywords only (default 0.5)'),
      },
      outputSchema: resultOrJobHandle({ job_id: z.string(), results: z.array(hitSchema), ...embeddingCostShape }),
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    },
    async (args, extra) => runKnowledgeSearch(deps, extra, { tool: TOOL, mode: 'hybrid', args: { ...args, semantic_weight: args.semantic_weight ?? 0.5 }, present: (result) => result }),
  );
}
