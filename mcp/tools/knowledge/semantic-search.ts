// semantic_search: the chunks of a knowledge base closest in meaning to a query.
import { knowledgeSearchWorkflow } from '../../../workflows/index.ts';
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { KnowledgeSearchInput, KnowledgeSearchResult } from '../../../core/knowledge/job-types.ts';
import type { McpDeps } from '../../deps.ts';
import { embeddingCostShape, hitSchema, loadKnowledgeBase, searchRequest, searchShape } from '../../knowledge-args.ts';
import { runJobTool } from '../../run-job-tool.ts';

const TOOL = 'semantic_search';

export function registerSemanticSearchTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    TOOL,
    {
      title: 'Semantic search',
      description: 'Find the chunks of a knowledge base closest in meaning to a query, optionally filtered by metadata.',
      inputSchema: searchShape,
      outputSchema: { job_id: z.string(), results: z.array(hitSchema), ...embeddingCostShape },
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    },
    async (args, extra) =>
      runJobTool<KnowledgeSearchInput, KnowledgeSearchResult>(deps, extra, {
        tool: TOOL,
        background: false,
        prepare: async () => {
          const record = await loadKnowledgeBase(deps, args.knowledge_base);
          return { workflow: knowledgeSearchWorkflow, description: `knowledge base ${record.name}`, promptPreview: args.query, input: searchRequest(deps, record, args, 'semantic', TOOL) };
        },
        present: (result) => result,
      }),
  );
}
