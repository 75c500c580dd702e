// hybrid_search: meaning and keywords together, so exact terms (error codes, names) are found even
// where the embedding misses them. Fusion: core/vectors/fusion.ts.
import { knowledgeSearchWorkflow } from '../../../workflows/index.ts';
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { KnowledgeSearchInput, KnowledgeSearchResult } from '../../../core/knowledge/job-types.ts';
import type { McpDeps } from '../../deps.ts';
import { embeddingCostShape, hitSchema, loadKnowledgeBase, searchRequest, searchShape } from '../../knowledge-args.ts';
import { runJobTool } from '../../run-job-tool.ts';

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
      outputSchema: { job_id: z.string(), results: z.array(hitSchema), ...embeddingCostShape },
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    },
    async (args, extra) =>
      runJobTool<KnowledgeSearchInput, KnowledgeSearchResult>(deps, extra, {
        tool: TOOL,
        background: false,
        prepare: async () => {
          const record = await loadKnowledgeBase(deps, args.knowledge_base);
          return { workflow: knowledgeSearchWorkflow, description: `knowledge base ${record.name}`, promptPreview: args.query, input: searchRequest(deps, record, { ...args, semantic_weight: args.semantic_weight ?? 0.5 }, 'hybrid', TOOL) };
        },
        present: (result) => result,
      }),
  );
}
