// semantic_search: the chunks of a knowledge base closest in meaning to a query.
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { McpDeps } from '../../deps.ts';
import { embeddingCostShape, hitSchema, searchShape } from '../../knowledge-args.ts';
import { runKnowledgeSearch } from '../../knowledge-search-job.ts';
import { resultOrJobHandle } from '../../schemas.ts';

const TOOL = 'semantic_search';

export function registerSemanticSearchTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    TOOL,
    {
      title: 'Semantic search',
      description: 'Find the chunks of a knowledge base closest in meaning to a query, optionally filtered by metadata.',
      inputSchema: searchShape,
      outputSchema: resultOrJobHandle({ job_id: z.string(), results: z.array(hitSchema), ...embeddingCostShape }),
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    },
    async (args, extra) => runKnowledgeSearch(deps, extra, { tool: TOOL, mode: 'semantic', args, present: (result) => result }),
  );
}
